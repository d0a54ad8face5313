/* Gongkai reading options: larger text and high contrast, remembered on this device. */
(function () {
  "use strict";
  var KEY = "gongkai.reading";
  var CLASSES = { large: "gk-large", contrast: "gk-contrast" };

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
  }

  function save(options) {
    try { localStorage.setItem(KEY, JSON.stringify(options)); } catch (e) { /* private mode: this page only */ }
  }

  function apply(options) {
    Object.keys(CLASSES).forEach(function (name) {
      document.documentElement.classList.toggle(CLASSES[name], !!options[name]);
      document.querySelectorAll('[data-gk-option="' + name + '"]').forEach(function (button) {
        button.setAttribute("aria-pressed", options[name] ? "true" : "false");
      });
    });
  }

  var options = load();
  apply(options);
  document.querySelectorAll("[data-gk-option]").forEach(function (button) {
    button.addEventListener("click", function () {
      var name = button.getAttribute("data-gk-option");
      options[name] = !options[name];
      save(options);
      apply(options);
    });
  });
})();
