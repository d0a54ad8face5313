/* The search page: Pagefind's index (generator/search/pagefind.py), fetched one query at a time.
   Results are built as DOM nodes; of Pagefind's excerpt HTML only the text and <mark> are kept. */
const SITE = new URL("../../", import.meta.url);
const PAGE_SIZE = 10;
const form = document.querySelector("[data-gk-search]");
const input = document.getElementById("gk-search-q");
const status = document.getElementById("gk-search-status");
const list = document.getElementById("gk-search-results");
const more = document.getElementById("gk-search-more");
let engine = null;
let results = [];
let shown = 0;
let latest = 0;

async function pagefind() {
  if (!engine) {
    engine = await import(new URL("pagefind/pagefind.js", SITE).href);
    await engine.options({ baseUrl: SITE.pathname, excerptLength: 40 });
    /* after a republish that added reports: they are in a second bundle */
    const delta = await fetch(new URL("pagefind-delta/bundle.json", SITE)).catch(() => null);
    if (delta && delta.ok) {
      const state = await delta.json();
      if (state.bundle) await engine.mergeIndex(new URL("pagefind-delta/", SITE).pathname);
    }
  }
  return engine;
}

function excerpt(htmlText) {
  const out = document.createElement("p");
  out.className = "gk-search__excerpt";
  const parsed = new DOMParser().parseFromString(htmlText, "text/html");
  parsed.body.childNodes.forEach((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  });
  return out;
}

function item(data) {
  const li = document.createElement("li");
  li.className = "gk-search__result";
  const heading = document.createElement("h2");
  heading.className = "gk-search__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  heading.append(link);
  li.append(heading);
  const facts = [data.meta && data.meta.unit, data.meta && data.meta.date].filter(Boolean);
  if (facts.length) {
    const meta = document.createElement("p");
    meta.className = "gk-search__meta";
    meta.textContent = facts.join(" · ");
    li.append(meta);
  }
  li.append(excerpt(data.excerpt || ""));
  return li;
}

async function showMore(run) {
  const next = results.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(next.map((r) => r.data()));
  if (run !== latest) return;
  data.forEach((d) => list.append(item(d)));
  shown += next.length;
  more.hidden = shown >= results.length;
}

async function search(query) {
  const run = ++latest;
  list.replaceChildren();
  more.hidden = true;
  results = [];
  shown = 0;
  if (!query) {
    status.textContent = "请输入要搜索的词语。";
    return;
  }
  status.textContent = "正在搜索……";
  let found;
  try {
    found = await (await pagefind()).search(query);
  } catch (error) {
    status.textContent = "搜索暂时无法使用，请稍后再试，或在报告目录中浏览。";
    throw error;
  }
  if (run !== latest) return;
  results = (found && found.results) || [];
  if (!results.length) {
    status.textContent = `没有找到与“${query}”相关的内容。可以换一个词，或在报告目录中按单位、年度浏览。`;
    return;
  }
  await showMore(run);
  if (run === latest) status.textContent = `找到 ${results.length} 个与“${query}”相关的页面。`;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value.trim();
  const address = new URL(location.href);
  address.searchParams.set("q", query);
  history.replaceState(null, "", address);
  search(query);
});
more.addEventListener("click", () => showMore(latest));

const initial = (new URLSearchParams(location.search).get("q") || "").trim();
input.value = initial;
if (initial) {
  search(initial);
} else {
  input.focus();
}
