"""The search box is Gongkai's own: the header partial is Material's with one marked change."""

from __future__ import annotations

from pathlib import Path

import material

from generator.engine.plugin import THEME

MATERIAL_SEARCH = '''    {% if "material/search" in config.plugins %}
      {% set search = config.plugins["material/search"] | attr("config") %}
      {% if search.enabled %}
        <label class="md-header__button md-icon" for="__search">
          {% set icon = config.theme.icon.search or "material/magnify" %}
          {% include ".icons/" ~ icon ~ ".svg" %}
        </label>
        {% include "partials/search.html" %}
      {% endif %}
    {% endif %}
'''


def test_header_is_materials_own_but_for_the_search_box() -> None:
    """Fails when Material's header changes: then copy it again and repeat the one change."""
    ours = (THEME / "partials" / "header.html").read_text(encoding="utf-8")
    theirs = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text(encoding="utf-8")
    body = ours.split("-#}\n", 1)[1]  # our heading comment replaces Material's "generated" comment
    start = body.index("    {#- gongkai:")
    end = body.index("\n", body.index('{% include "partials/gongkai-search.html" %}')) + 1
    restored = body[:start] + MATERIAL_SEARCH + body[end:]
    assert restored == theirs.split("-#}\n", 1)[1]
