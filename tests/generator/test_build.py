"""`gongkai build` end to end: the public site as a visitor, a crawler and an auditor see it.

Every build runs the real command in a subprocess with SOURCE_DATE_EPOCH fixed. Builds
take seconds, so each module-scoped fixture builds once and several tests read the result.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import struct
import subprocess
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from tests.conftest import (
    BODY,
    ROOT,
    gongkai,
    make_project,
    report_text,
    source_build_date,
    write_report,
)

CATEGORIES = {"国家秘密": "第十七条", "商业秘密": "第十七条", "工作秘密": "第二十二条", "个人隐私": "第十七条"}
PRIVATE_KEYS = ("评估小组", "联系人", "联系电话")


def notice(category: str) -> str:
    """The fixed text a visitor sees in place of a redaction (contract §4)."""
    return f"此处涉及{category}，依据《办法》{CATEGORIES[category]}不予公开"


# ---------------------------------------------------------------- reading a built site

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
TAG = re.compile(r"<[^>]*>")


def squash(text: str) -> str:
    """Text as compared: NFKC, zero-width characters (jieba's \\u200b) and white space removed."""
    return "".join(unicodedata.normalize("NFKC", text).translate(ZERO_WIDTH).split())


def read(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def json_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *json_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def spellings(path: Path, rel: str) -> str:
    """Every way a string can be written in this file, squashed and joined."""
    text = read(path)
    unescaped = html.unescape(text)
    views = [unquote(rel), text, unescaped, TAG.sub("", unescaped), unquote(unescaped)]
    if path.name.endswith((".json", ".json.gz")):
        for s in json_strings(json.loads(text)):
            views += [s, TAG.sub("", html.unescape(s)), unquote(s)]
    return "\x00".join(squash(v) for v in views)


@dataclass
class Site:
    """A built site folder, read once."""

    root: Path
    texts: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root).as_posix()
            self.texts[rel] = spellings(path, rel) if path.is_file() else squash(unquote(rel))

    def where(self, secret: str) -> list[str]:
        """Files (or folder names) under the site that hold ``secret`` in any spelling."""
        needle = squash(secret)
        return [rel for rel, text in self.texts.items() if needle in text]

    def page(self, slug: str) -> str:
        return (self.root / slug / "index.html").read_text(encoding="utf-8")

    def search_docs(self) -> list[dict]:
        """Every page in the search index (Pagefind's fragments): location, title and text."""
        docs = []
        for fragment in sorted((self.root / "pagefind" / "fragment").glob("*.pf_fragment")):
            raw = gzip.decompress(fragment.read_bytes()).decode("utf-8")
            data = json.loads(raw[raw.index("{"):])  # after Pagefind's "pagefind_dcd" signature
            docs.append({"location": data["url"].lstrip("/"), "title": data["meta"].get("title", ""),
                         "text": data["content"].replace("\u200b", "")})  # Pagefind's word boundaries
        return docs

    def sitemap_locations(self) -> list[str]:
        return re.findall(r"<loc>([^<]*)</loc>", read(self.root / "sitemap.xml"))


class Element(HTMLParser):
    """Tags, attributes, text and comments inside the first element ``match`` accepts."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self, match: Callable[[str, dict[str, str]], bool]) -> None:
        super().__init__(convert_charrefs=True)
        self.match = match
        self.depth = 0  # > 0 while inside the element
        self.done = False
        self.found = False
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if self.done:
            return
        if self.depth == 0 and self.match(tag, values):
            self.found = True
            self.depth = 1
            return
        if self.depth:
            self.tags.append((tag, values))
            if tag not in self.VOID:
                self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth and not self.done:
            self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if self.depth and not self.done and tag not in self.VOID:
            self.depth -= 1
            if self.depth == 0:
                self.done = True

    def handle_data(self, data: str) -> None:
        if self.depth and not self.done:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        if self.depth and not self.done:
            self.comments.append(data)

    @classmethod
    def of(cls, page_html: str, match: Callable[[str, dict[str, str]], bool]) -> "Element":
        parser = cls(match)
        parser.feed(page_html)
        parser.close()
        assert parser.found, "the element was not found in the page"
        return parser

    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.tags if t == "a" and "href" in a]

    def all_text(self) -> str:
        return "".join(self.text)


def article(page_html: str) -> Element:
    """The report body as Material shows it: the page's <article>."""
    return Element.of(page_html, lambda tag, attrs: tag == "article")


def primary_nav(page_html: str) -> Element:
    return Element.of(page_html, lambda tag, attrs: tag == "nav"
                      and "md-nav--primary" in attrs.get("class", "").split())


def toc_nav(page_html: str) -> Element:
    return Element.of(page_html, lambda tag, attrs: tag == "nav"
                      and "md-nav--secondary" in attrs.get("class", "").split())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_built(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"


# ---------------------------------------------------------------- the sample reports

SPAN = re.compile(r"\[([^\]\n]+)\]\{(?:\.(?P<cls>\S+?)|custom-style=\"(?P<style>[^\"]+)\")\}")
DIV_OPEN = re.compile(r"^:::+\s*(?:\{custom-style=\"(?P<style>[^\"]+)\"\}|(?P<cls>\S+))\s*$")
DIV_CLOSE = re.compile(r"^:::+\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


@dataclass
class Sample:
    """One sample report as its author wrote it."""

    path: Path
    meta: dict
    body: str

    @property
    def slug(self) -> str:
        return f"reports/{self.path.parent.name}/{self.path.stem}"

    @property
    def file(self) -> str:
        return f"reports/{self.path.parent.name}/{self.path.name}"

    def terms(self) -> dict[str, list[str]]:
        return {c: [str(t) for t in items] for c, items in (self.meta.get("不予公开") or {}).items()}

    def private_values(self) -> list[str]:
        out: list[str] = []
        for key in PRIVATE_KEYS:
            value = self.meta.get(key)
            out += [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
        return out

    def marked(self) -> list[tuple[str, str]]:
        """(category, text) of every marked span and of every line of every marked block."""
        out = [(m.group("cls") or m.group("style"), m.group(1)) for m in SPAN.finditer(self.body)]
        category = None
        lines = self.body.split("\n")
        for line, after in zip(lines, lines[1:] + [""]):
            if category is None:
                opening = DIV_OPEN.match(line)
                if opening:
                    category = opening.group("style") or opening.group("cls")
                continue
            if DIV_CLOSE.match(line):
                category = None
                continue
            text = LIST_MARK.sub("", line).replace("**", "").strip()
            if line.lstrip().startswith("|"):
                if TABLE_RULE.match(line) or TABLE_RULE.match(after):
                    continue  # the rule, and the heading row (占比 is no secret)
                cells = [c.strip() for c in text.strip("|").split("|")]
                out += [(category, c) for c in cells if len(c) >= 6]
            elif text:
                out.append((category, text))
        return out

    def secrets(self) -> list[str]:
        return ([t for items in self.terms().values() for t in items] + self.private_values()
                + [text for _, text in self.marked()])

    def categories_in_body(self) -> set[str]:
        """Categories a visitor must see a notice for on this report's page."""
        plain = self.body.replace("**", "")
        found = {c for c, _ in self.marked()}
        found |= {c for c, items in self.terms().items() if any(t in plain for t in items)}
        return found


def load_samples() -> list[Sample]:
    samples = []
    for path in sorted((ROOT / "reports").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        samples.append(Sample(path, yaml.safe_load(front), body))
    return samples


SAMPLES = load_samples()
BUILD_DATE = source_build_date()
PUBLISHED = [s for s in SAMPLES if not s.meta.get("草稿") and s.meta["发布日期"] <= BUILD_DATE]
UNPUBLISHED = [s for s in SAMPLES if s not in PUBLISHED]
HELD_BACK = [s for s in UNPUBLISHED if not s.meta.get("草稿")]


def test_the_samples_cover_what_these_tests_claim() -> None:
    """The sample set must hold a draft and the future-dated report, or the tests below prove little."""
    names = {s.slug for s in UNPUBLISHED}
    assert "reports/2026/jiating-yisheng" in names
    assert any(s.meta.get("草稿") for s in SAMPLES)
    assert len(PUBLISHED) >= 5
    assert all(s.marked() for s in PUBLISHED)


@dataclass
class Built:
    """A project after one successful `gongkai build`."""

    project: Path
    result: subprocess.CompletedProcess
    site: Site
    sources: dict[str, bytes]  # the bytes of every report before the build


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real sample reports, built once."""
    project = make_project(tmp_path_factory.mktemp("sample"), sample_reports=True)
    sources = snapshot(project / "reports")
    result = gongkai(project, "build")
    assert_built(result)
    return Built(project, result, Site(project / "site"), sources)


def test_sample_build_reports_what_was_held_back(sample: Built) -> None:
    lines = sample.result.stdout.splitlines()
    for s in UNPUBLISHED:
        why = "暂不发布" if s in HELD_BACK else "草稿"
        assert [line for line in lines if s.file in line and why in line], \
            f"the build summary does not say that {s.file} is {why}:\n{sample.result.stdout}"


def test_every_published_report_has_a_page(sample: Built) -> None:
    site = sample.site
    for s in PUBLISHED:
        page = site.page(s.slug)
        assert s.meta["标题"] in html.unescape(page)
        assert s.meta["评估结论"] in article(page).all_text()


def test_search_index_holds_each_report_once_and_no_listings(sample: Built) -> None:
    """A report is found on its own page, not again on every catalogue page that lists it."""
    locations = sorted(d["location"] for d in sample.site.search_docs())
    reports = sorted(f"{s.slug}/" for s in PUBLISHED)
    assert [loc for loc in locations if loc.startswith("reports/")] == reports
    assert sorted(loc for loc in locations if not loc.startswith("reports/")) == ["about/", "format/", "guide/"]
    titles = {d["location"]: d["title"] for d in sample.site.search_docs()}
    assert all(titles[f"{s.slug}/"] == s.meta["标题"] for s in PUBLISHED)


@pytest.mark.parametrize("report", UNPUBLISHED, ids=lambda s: s.slug)
def test_drafts_and_future_reports_are_nowhere(sample: Built, report: Sample) -> None:
    site = sample.site
    assert not (site.root / report.slug).exists()
    catalogue = html.unescape(site.page("catalogue"))
    assert report.slug not in catalogue
    assert report.meta["标题"] not in catalogue
    assert not [d for d in site.search_docs() if d["location"].startswith(report.slug)]
    assert not [loc for loc in site.sitemap_locations() if report.slug in loc]
    assert site.where(report.meta["标题"]) == []
    assert site.where(report.meta["结论摘要"]) == []


def test_catalogue_lists_every_published_report_newest_first(sample: Built) -> None:
    site = sample.site
    catalogue = article(site.page("catalogue"))
    links = [h.split("reports/", 1)[1] for h in catalogue.hrefs() if "reports/" in h]
    expected = sorted(PUBLISHED, key=lambda s: (s.meta["发布日期"], s.slug), reverse=True)
    assert links == [s.slug.removeprefix("reports/") + "/" for s in expected]
    text = html.unescape(site.page("catalogue"))
    positions = [text.index(f"{s.slug}/") for s in expected] + [len(text)]
    for s, start, end in zip(expected, positions, positions[1:]):
        entry = text[start:end]
        date = s.meta["发布日期"]
        for shown in (s.meta["标题"], s.meta["执行单位"], s.meta["评估类型"], s.meta["评估结论"],
                      s.meta["结论摘要"], f"{date.year}年{date.month}月{date.day}日"):
            assert shown in entry, f"{s.slug}: the catalogue entry does not show {shown!r}"


def test_nothing_withheld_in_a_sample_report_reaches_the_site(sample: Built) -> None:
    site = sample.site
    leaks = {(s.file, secret): site.where(secret) for s in SAMPLES for secret in s.secrets()}
    assert len(leaks) > 40  # the samples hold that many withheld strings
    assert {k: v for k, v in leaks.items() if v} == {}


def test_each_redaction_shows_its_notice(sample: Built) -> None:
    site = sample.site
    for s in PUBLISHED:
        body = article(site.page(s.slug)).all_text()
        for category in s.categories_in_body():
            assert notice(category) in body, f"{s.slug}: no notice for {category}"


def test_sources_are_never_modified(sample: Built) -> None:
    project = sample.project
    sources = sample.sources
    assert snapshot(project / "reports") == sources


def test_audit_log_is_private_and_complete(sample: Built) -> None:
    project = sample.project
    site = sample.site
    log_file = project / "build" / "redaction-log.json"
    assert log_file.is_file()
    assert not [p for p in site.root.rglob("*") if "redaction-log" in p.name]
    text = log_file.read_text(encoding="utf-8")
    records = json.loads(text)["redactions"]
    assert records
    for record in records:
        assert {"file", "line", "category", "rule"} <= set(record), record
        assert record["category"] in CATEGORIES
        assert record["rule"]
    logged = {r["file"] for r in records}
    assert logged == {s.file for s in PUBLISHED}
    by_file = {s.file: s for s in SAMPLES}
    for record in records:  # the line points at what was withheld
        source = by_file[record["file"]].path.read_text(encoding="utf-8").split("\n")
        line = source[record["line"] - 1]
        if record["rule"].endswith(".span"):
            assert "]{" in line, record
        elif record["rule"].endswith(".div"):
            assert line.startswith(":::"), record
    for s in SAMPLES:
        for secret in s.secrets():
            assert squash(secret) not in squash(text), f"the audit log holds {secret!r}"


def test_reports_stay_out_of_the_nav(sample: Built) -> None:
    site = sample.site
    for page in ("", "catalogue", PUBLISHED[0].slug):
        nav = primary_nav(site.page(page))
        assert "报告目录" in nav.all_text()
        assert [h for h in nav.hrefs() if "reports/" in h] == []


LOADING = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
           "video": "src", "audio": "src", "embed": "src", "object": "data"}
OUTSIDE = ("fonts.googleapis", "fonts.gstatic", "googletagmanager", "google-analytics", "cdn.",
           "api.github.com")


def test_the_site_loads_nothing_from_outside(sample: Built) -> None:
    project = sample.project
    site = sample.site
    site_url = re.search(r"^site_url:\s*(\S+)", (project / "mkdocs.yml").read_text("utf-8"), re.M)
    own = urlparse(site_url.group(1)).netloc  # type: ignore[union-attr]
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > len(PUBLISHED)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        doc = Element.of(text, lambda tag, attrs: tag == "html")
        for tag, attrs in doc.tags:
            url = attrs.get(LOADING.get(tag, ""), "")
            if url.startswith(("http:", "https:", "//")):
                assert urlparse(url).netloc == own, f"{page}: <{tag}> loads {url}"
        assert not [o for o in OUTSIDE if o in text], page
        assert 'data-md-component="source"' not in text  # a repo link makes Material call GitHub
    for sheet in site.root.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        assert not [o for o in OUTSIDE if o in text], sheet
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text):
            assert not url.startswith(("http:", "https:", "//")), f"{sheet} loads {url}"


def test_same_inputs_give_a_byte_identical_site(sample: Built, tmp_path: Path) -> None:
    project = sample.project
    site = sample.site
    result = gongkai(project, "build", "--site", str(tmp_path / "again"))
    assert_built(result)
    first, second = snapshot(site.root), snapshot(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [f for f in first if first[f] != second[f]] == []


# ---------------------------------------------------------------- redaction constructs

def body_with(extra: str) -> str:
    return BODY.replace("执行总体顺畅。", "执行总体顺畅。\n\n" + extra + "\n")


def png() -> bytes:
    """A valid 1×1 PNG: reports may only show images handed in beside them."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


@dataclass
class Case:
    name: str
    markdown: str
    secrets: list[str]
    category: str
    front: dict = field(default_factory=dict)


CASES = [
    Case("inline-span", "受访者[密文甲一]{.个人隐私}反映了情况。", ["密文甲一"], "个人隐私"),
    Case("style-span", "受访者[密文甲二]{custom-style=\"个人隐私\"}反映了情况。", ["密文甲二"], "个人隐私"),
    Case("fenced-div",
         "::: 商业秘密\n第一段写的是密文甲三甲的内容。\n\n第二段写的是密文甲三乙的内容。\n\n"
         "- 列表项密文甲三丙\n- 第二项\n\n| 项目 | 金额 |\n|---|---|\n| 密文甲三丁 | 12.5 |\n:::",
         ["密文甲三甲", "密文甲三乙", "密文甲三丙", "密文甲三丁"], "商业秘密"),
    Case("style-div", "::: {custom-style=\"工作秘密\"}\n考核方案密文甲四尚未确定。\n:::", ["密文甲四"], "工作秘密"),
    Case("heading", "### 关于密文甲五反映问题的核查\n\n核查属实。", ["密文甲五"], "个人隐私",
         {"不予公开": {"个人隐私": ["密文甲五"]}}),
    Case("emphasis", "商户代表**密文**甲六等人联名来信。", ["密文甲六"], "个人隐私",
         {"不予公开": {"个人隐私": ["密文甲六"]}}),
    Case("table-cell", "| 项目 | 数额 |\n|---|---|\n| 保本价 | 密文甲七 |", ["密文甲七"], "商业秘密",
         {"不予公开": {"商业秘密": ["密文甲七"]}}),
    Case("link-text", "详见[密文甲八的来信](https://example.com/letter)。", ["密文甲八"], "个人隐私",
         {"不予公开": {"个人隐私": ["密文甲八"]}}),
    Case("link-url", "详见[来信](https://example.com/密文甲九/letter)。", ["密文甲九"], "个人隐私",
         {"不予公开": {"个人隐私": ["密文甲九"]}}),
    Case("image-alt", "![密文甲十的照片](photo.png)", ["密文甲十"], "个人隐私",
         {"不予公开": {"个人隐私": ["密文甲十"]}}),
    Case("footnote", "运营成本较高[^1]。\n\n[^1]: 企业报价为密文乙一。", ["密文乙一"], "商业秘密",
         {"不予公开": {"商业秘密": ["密文乙一"]}}),
    Case("code", "代码 `密文乙二` 如下：\n\n```\n价格 = 密文乙二\n```", ["密文乙二"], "商业秘密",
         {"不予公开": {"商业秘密": ["密文乙二"]}}),
    Case("public-fields", "本报告涉及密文乙三反映的问题。", ["密文乙三"], "个人隐私",
         {"不予公开": {"个人隐私": ["密文乙三"]}, "标题": "关于密文乙三反映问题的后评估报告",
          "结论摘要": "密文乙三反映的问题已经解决，建议继续执行。",
          "决策名称": "息县密文乙三问题处理办法", "关键词": ["密文乙三", "测试"]}),
    Case("private-fields", "评估小组由密文乙四、密文乙五组成，联系人为密文乙六。",
         ["密文乙四", "密文乙五", "密文乙六", "0376-7654321"], "个人隐私",
         {"评估小组": ["密文乙四", "密文乙五"], "联系人": "密文乙六", "联系电话": "0376-7654321"}),
]

# Raw HTML a report may hold, and the text around it that must survive
SANITIZE = {
    "script": ("前文<script>alert('x1')</script>后文。\n\n<script>\nalert('x2')\n</script>", "前文"),
    "onclick": ('<a href="#top" onclick="alert(1)">点击这里</a>和<span onmouseover="alert(2)">悬停</span>',
                "点击这里"),
    "javascript-url": ('[链接甲](javascript:alert(1)) <a href="javascript:alert(2)">链接乙</a> '
                       '<a href=" JaVaScRiPt:alert(3)">链接丙</a> <a href="java&#x09;script:alert(4)">链接丁</a>',
                       "链接乙"),
    "iframe": ('<iframe src="https://evil.example.com/"></iframe>\n\n正文<iframe src="x"></iframe>', "正文"),
    "style-attribute": ('<p style="color:red">红色文字</p>\n\n行内<span style="display:none">隐藏文字</span>',
                        "红色文字"),
    "comment": ("可见文字<!-- 内部备注 -->继续\n\n<!--\n多行备注\n-->", "可见文字"),
    "img-onerror": ('<img src=x onerror="alert(1)">图片之后', "图片之后"),
    "style-block": ("<style>body{display:none}</style>\n\n样式之后", "样式之后"),
}


@pytest.fixture(scope="module")
def constructs(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """One project, one build: every redaction construct and every piece of raw HTML."""
    project = make_project(tmp_path_factory.mktemp("constructs"))
    for case in CASES:
        write_report(project, case.name, report_text(body=body_with(case.markdown), **case.front))
    (project / "reports" / "2023" / "photo.png").write_bytes(png())
    for name, (markdown, _kept) in SANITIZE.items():
        write_report(project, f"html-{name}", report_text(body=body_with(markdown)), year="2022")
    result = gongkai(project, "build")
    assert_built(result)
    return Site(project / "site")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_withheld_text_is_nowhere_on_the_site(constructs: Site, case: Case) -> None:
    assert (constructs.root / "reports" / "2023" / case.name / "index.html").is_file()
    for secret in case.secrets:
        assert constructs.where(secret) == [], f"{secret} reached the site"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_construct_shows_its_notice(constructs: Site, case: Case) -> None:
    page = constructs.page(f"reports/2023/{case.name}")
    body = article(page)
    shown = body.all_text() + " ".join(a.get("alt", "") for _, a in body.tags)
    assert notice(case.category) in shown


def test_a_withheld_link_target_leaves_the_link_text(constructs: Site) -> None:
    body = article(constructs.page("reports/2023/link-url"))
    assert "来信" in body.all_text()
    assert not [a for t, a in body.tags if t == "a" and "example.com" in a.get("href", "")]


def test_a_withheld_heading_keeps_its_anchor_and_toc_clean(constructs: Site) -> None:
    page = constructs.page("reports/2023/heading")
    ids = [a["id"] for t, a in article(page).tags if re.fullmatch(r"h[1-6]", t) and "id" in a]
    assert any(i.startswith("关于") for i in ids)
    assert not [i for i in ids if "密文" in unquote(i)]
    toc = toc_nav(page)
    assert "关于" in toc.all_text() and "密文" not in toc.all_text()
    assert not [h for h in toc.hrefs() if "密文" in unquote(h)]
    assert squash(notice("个人隐私")) in squash(toc.all_text())


def test_withheld_terms_in_public_fields_are_replaced_everywhere_shown(constructs: Site) -> None:
    page = html.unescape(constructs.page("reports/2023/public-fields"))
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)  # type: ignore[union-attr]
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)  # type: ignore[union-attr]
    assert title.startswith("关于" + notice("个人隐私"))
    assert notice("个人隐私") in description and "评估结论：继续执行" in description
    catalogue = html.unescape(constructs.page("catalogue"))
    entry = catalogue[catalogue.index("reports/2023/public-fields/"):]
    assert f"关于{notice('个人隐私')}反映问题的后评估报告" in entry
    assert f"{notice('个人隐私')}反映的问题已经解决" in entry
    docs = [d for d in constructs.search_docs() if d["location"] == "reports/2023/public-fields/"]
    assert docs and squash(notice("个人隐私")) in squash(docs[0]["title"])


# ---------------------------------------------------------------- sanitization

def _dangerous(tags: list[tuple[str, dict[str, str]]], comments: list[str]) -> list[str]:
    found = [f"<{t}>" for t, _ in tags if t in ("script", "iframe", "style", "object", "embed", "frame")]
    for tag, attrs in tags:
        for key, value in attrs.items():
            if key.startswith("on") or key == "style":
                found.append(f"<{tag} {key}=…>")
            scheme = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
            if key in ("href", "src", "action", "formaction", "data") and scheme.startswith(
                    ("javascript:", "vbscript:", "data:text/html")):
                found.append(f"<{tag} {key}={value}>")
    return found + [f"<!--{c}-->" for c in comments]


@pytest.mark.parametrize("name", SANITIZE)
def test_raw_html_is_sanitized_in_the_report_body(constructs: Site, name: str) -> None:
    body = article(constructs.page(f"reports/2022/html-{name}"))
    assert _dangerous(body.tags, body.comments) == []
    assert SANITIZE[name][1] in body.all_text()  # the report's own text survives


@pytest.mark.parametrize("name", SANITIZE)
def test_raw_html_is_sanitized_in_the_search_index(constructs: Site, name: str) -> None:
    """Search results are built from the index: it must be as clean as the page."""
    docs = [d for d in constructs.search_docs() if d["location"].startswith(f"reports/2022/html-{name}/")]
    assert docs
    for doc in docs:
        fragment = Element.of(f"<div>{doc['text']}</div>", lambda tag, attrs: tag == "div")
        assert _dangerous(fragment.tags, fragment.comments) == []


# ---------------------------------------------------------------- terms in attributes

@pytest.mark.parametrize("markdown", [
    pytest.param("![照片](密文丙一.png)", id="image-file-name"),
    pytest.param("![照片](photo.png \"密文丙一的照片\")", id="image-title"),
    pytest.param("```密文丙一\n代码\n```", id="code-fence-info"),
])
def test_terms_in_urls_and_attributes_are_redacted(tmp_path: Path, markdown: str) -> None:
    project = make_project(tmp_path)
    write_report(project, "attrs", report_text(body=body_with(markdown),
                                               不予公开={"个人隐私": ["密文丙一"]}))
    for image in ("密文丙一.png", "photo.png"):
        (project / "reports" / "2023" / image).write_bytes(png())
    result = gongkai(project, "build")
    assert_built(result)
    site = Site(project / "site")
    assert site.where("密文丙一") == []
    body = article(site.page("reports/2023/attrs"))
    shown = body.all_text() + "".join(a.get("title", "") + a.get("alt", "") for _, a in body.tags)
    if "```" in markdown:  # a fence's language name is no text: it is dropped, and counted
        assert "个人隐私 1 处，依据《办法》第十七条" in body.all_text()
    else:
        assert notice("个人隐私") in shown


# ---------------------------------------------------------------- failing builds

@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A site built from one good report, and the bytes of every file in it."""
    project = make_project(tmp_path_factory.mktemp("published"))
    write_report(project, "good", report_text())
    assert_built(gongkai(project, "build"))
    return project, snapshot(project / "site")


@pytest.fixture
def extra_report(published: tuple[Path, dict[str, bytes]]) -> Iterator[Callable[[str, str], Path]]:
    """Add one report to the published project for one test, then take it away again."""
    project, _before = published
    added: list[Path] = []

    def add(name: str, text: str) -> Path:
        added.append(write_report(project, name, text))
        return added[-1]

    yield add
    for path in added:
        path.unlink()


def _untouched(project: Path, before: dict[str, bytes]) -> None:
    after = snapshot(project / "site")
    assert sorted(after) == sorted(before)
    assert [f for f in before if before[f] != after[f]] == []
    # no staging folder left behind (the previous site, kept as the spare for a republish, may be)
    assert [p.name for p in project.iterdir() if p.name.startswith(".site") and p.name != ".site.spare"] == []


def test_an_invalid_report_leaves_the_site_as_it_was(published: tuple[Path, dict[str, bytes]],
                                                     extra_report: Callable[[str, str], Path]) -> None:
    project, before = published
    extra_report("broken", report_text(评估结论="继续"))
    result = gongkai(project, "build")
    assert result.returncode == 1
    assert "reports/2023/broken.md" in result.stderr
    _untouched(project, before)


def test_a_failed_leak_check_leaves_the_site_as_it_was(published: tuple[Path, dict[str, bytes]],
                                                       extra_report: Callable[[str, str], Path]) -> None:
    project, before = published
    extra_report("leak", report_text(body=body_with(  # marked once, written again unmarked: the guard finds it
        "中标价为[每吨三百八十元]{.商业秘密}。\n\n会后核实，每吨三百八十元的价格高于周边县。")))
    result = gongkai(project, "build")
    assert result.returncode == 1, result.stdout
    assert "reports/2023/leak.md" in result.stderr
    _untouched(project, before)
    assert not (project / "site" / "reports" / "2023" / "leak").exists()
