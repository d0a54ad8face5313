"""The public site as a reader, a feed reader and a data user get it (no browser).

Three builds, run in parallel once for the module: the sample reports; 300 generated reports
(pagination at scale, open data at scale); and the first 20 of those (the catalogue page must
not grow with the corpus). Every build is the real `gongkai build` with SOURCE_DATE_EPOCH fixed.
"""

from __future__ import annotations

import csv
import datetime as _dt
import html
import io
import json
import os
import posixpath
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from tests.conftest import (
    SOURCE_DATE_EPOCH,
    copy_config,
    make_project,
    report_text,
    source_build_date,
    tiny_png,
    write_report,
)
from tests.generator.test_build import SAMPLES

# The sample project is built without the sign-off requirement (its tests live elsewhere):
# what reaches the site is every sample that is neither a draft nor dated after the build.
PUBLISHED = [s for s in SAMPLES if not s.meta.get("草稿") and s.meta["发布日期"] <= source_build_date()]
UNPUBLISHED = [s for s in SAMPLES if s not in PUBLISHED]
HELD_BACK = [s for s in UNPUBLISHED if not s.meta.get("草稿")]

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLIC_FIELDS = ("标题", "决策名称", "决策文号", "执行单位", "评估类型", "评估范围", "评估程序", "评估方式", "受托机构",
                 "启动情形", "评估结论", "结论摘要", "司法审核日期", "政府审定日期", "发布日期", "索引号", "关键词")
"""The public keys of the contract (report-format.md §2), in its order."""
PRIVATE_FIELDS = ("评估小组", "联系人", "联系电话", "不予公开", "草稿")
PAGE_SIZE = 20
CONFIG = yaml.safe_load((Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8")
                        .replace("!!python/object/apply:pymdownx.slugs.slugify", ""))
SITE_URL = CONFIG["site_url"]
FOOTER = next(p["gongkai"] for p in CONFIG["plugins"] if isinstance(p, dict) and "gongkai" in p)["footer"]
CJK = re.compile(r"[\u4e00-\u9fff]")


# ---------------------------------------------------------------- a small HTML tree


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        def ok(n: Node) -> bool:
            for k, v in attrs.items():
                k = k.rstrip("_").replace("_", "-")
                if k == "class":
                    if v not in n.attrs.get("class", "").split():
                        return False
                elif n.attrs.get(k) != v:
                    return False
            return True
        return [n for n in self.iter() if n.tag == tag and ok(n)]

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}> in the page"
        return found[0]


class _Tree(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(text: str) -> Node:
    tree = _Tree()
    tree.feed(text)
    tree.close()
    return tree.root


# ---------------------------------------------------------------- builds


@dataclass
class Built:
    project: Path
    site: Path

    def html(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def tree(self, url: str) -> Node:
        return parse(self.html(url))

    def article(self, url: str) -> Node:
        return self.tree(url).find("article")

    def resolve(self, page_url: str, href: str) -> str:
        """The site-relative URL an ``href`` on the page at ``page_url`` points to."""
        path = urlparse(href).path
        joined = posixpath.normpath(posixpath.join("/" + page_url, path))
        return joined.lstrip("/") + ("/" if path.endswith("/") and joined != "/" else "")

    def exists(self, url: str) -> bool:
        target = self.site / unquote(url)
        return (target / "index.html").is_file() if url.endswith("/") or url == "" else target.is_file()

    def html_files(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))


UNITS = ("息县城市管理局", "息县教育体育局", "息县水利局", "息县民政局", "息县交通运输局", "息县农业农村局")
CONCLUSIONS = ("继续执行", "修改完善", "暂缓执行", "停止执行")
BIG = 300


def write_generated(project: Path, count: int) -> dict[str, dict]:
    """``count`` short reports over six units and five years, each with a distinct 发布日期 and private fields."""
    made = {}
    for n in range(count):
        day = _dt.date(2021, 3, 1) + _dt.timedelta(days=(n * 37) % 1900)  # 37 and 1900 coprime: distinct days
        meta = {"标题": f"关于《息县第{n}号管理办法》实施情况的后评估报告", "执行单位": UNITS[n % len(UNITS)],
                "评估结论": CONCLUSIONS[n % 4], "评估方式": "自行评估",
                "司法审核日期": (day - _dt.timedelta(days=20)).isoformat(),
                "政府审定日期": (day - _dt.timedelta(days=10)).isoformat(), "发布日期": day.isoformat(),
                "索引号": f"11411528MB1D03217P/{day.year}-{n:05d}"}
        write_report(project, f"r{n:03d}", report_text(**meta, 评估小组=[f"组员甲{n}号"], 联系人=f"联系人乙{n}号"),
                     year=str(day.year))
        made[f"reports/{day.year}/r{n:03d}/"] = {**meta, "发布日期": day}
    return made


MARK = "assets/dzjg.png"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """The three projects, built concurrently (each build is a separate `gongkai build`)."""
    root = tmp_path_factory.mktemp("site")
    projects = {"sample": make_project(root / "sample", sample_reports=True),
                "big": make_project(root / "big"), "small": make_project(root / "small")}
    copy_config(projects["sample"], require_signoff=False)
    write_generated(projects["big"], BIG)
    write_generated(projects["small"], PAGE_SIZE)
    # the big project also fills the 党政机关网站标识 slot of the footer
    config = projects["big"] / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "        公安机关备案号:", f"        党政机关网站标识链接: https://bszs.conac.cn/sitename?method=show&id=1\n"
        f"        党政机关网站标识图片: {MARK}\n        公安机关备案号:"), encoding="utf-8")
    tiny_png(projects["big"] / "content" / MARK)
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONIOENCODING": "utf-8"}
    running = {name: subprocess.Popen([sys.executable, "-m", "generator.cli", "build"], cwd=path, env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
               for name, path in projects.items()}
    for name, process in running.items():
        out, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"{name} build failed:\n{out}"
    return {name: Built(path, path / "site") for name, path in projects.items()}


@pytest.fixture(scope="module")
def sample(builds: dict[str, Built]) -> Built:
    return builds["sample"]


@pytest.fixture(scope="module")
def big(builds: dict[str, Built]) -> Built:
    return builds["big"]


# ---------------------------------------------------------------- catalogue pages


@dataclass
class Row:
    url: str  # the report, relative to the site root
    cells: dict[str, str]  # column label -> text shown


def rows(built: Built, url: str) -> list[Row]:
    """The catalogue table's rows on the listing page at ``url``."""
    table = built.article(url).find("div", class_="gk-catalogue").find("table")
    out = []
    for tr in table.find("tbody").find_all("tr"):
        title = tr.find("th", scope="row")
        cells = {td.attrs["data-label"]: td.text().strip() for td in tr.find_all("td")}
        cells["标题"] = title.find("a").text().strip()
        out.append(Row(built.resolve(url, title.find("a").attrs["href"]), cells))
    return out


def listing(built: Built, base: str) -> list[tuple[str, list[Row]]]:
    """Every page of a paginated listing, following its 较早的报告 links from ``base``."""
    pages, url = [], base
    while True:
        pages.append((url, rows(built, url)))
        nxt = [a for a in built.article(url).find_all("a", rel="next")]
        if not nxt:
            return pages
        url = built.resolve(url, nxt[0].attrs["href"])
        assert url not in [u for u, _ in pages], f"较早的报告 loops back to {url}"


def archived(total: int) -> int:
    """Archive pages of a listing of ``total`` reports: all chunks of 20 from the oldest but the newest
    (and the one before it while the newest holds fewer than 10)."""
    chunks = -(-total // PAGE_SIZE)
    newest = total - (chunks - 1) * PAGE_SIZE
    return max(0, chunks - (2 if newest < PAGE_SIZE // 2 else 1))


def cn_date(text: str) -> _dt.date:
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    assert match, f"not a date as the catalogue shows it: {text!r}"
    return _dt.date(*map(int, match.groups()))


def test_catalogue_shows_every_column_of_a_disclosure_catalogue(sample: Built) -> None:
    article = sample.article("catalogue/")
    heads = [th.text().strip() for th in article.find("thead").find_all("th")]
    assert heads == ["索引号", "标题", "执行单位", "评估类型", "评估范围", "评估程序", "评估方式", "评估结论", "发布日期"]
    shown = {r.url: r for r in rows(sample, "catalogue/")}
    for s in PUBLISHED:
        row = shown[f"{s.slug}/"]
        for key in ("执行单位", "评估类型", "评估范围", "评估程序", "评估方式", "评估结论"):
            assert row.cells[key] == s.meta[key], (s.slug, key)
        assert row.cells["索引号"] == str(s.meta.get("索引号", ""))
        assert cn_date(row.cells["发布日期"]) == s.meta["发布日期"]
    summaries = article.find_all("details", class_="gk-row-summary")
    assert len(summaries) == len(PUBLISHED)
    assert all(d.find("summary").text().strip() == "结论摘要" for d in summaries)


def test_every_report_appears_once_across_the_catalogue_pages_newest_first(big: Built) -> None:
    pages = listing(big, "catalogue/")
    count = archived(BIG)
    assert len(pages) == count + 1
    # the first page, then the archive pages from the newest (highest number) to page 1, the oldest
    assert [u for u, _ in pages] == ["catalogue/"] + [f"catalogue/page/{n}/" for n in range(count, 0, -1)]
    assert all(len(r) == PAGE_SIZE for _, r in pages[1:])
    assert PAGE_SIZE // 2 <= len(pages[0][1]) < PAGE_SIZE + PAGE_SIZE // 2
    urls = [row.url for _, r in pages for row in r]
    assert len(urls) == BIG and len(set(urls)) == BIG
    assert all(big.exists(u) for u in urls)
    dates = [cn_date(row.cells["发布日期"]) for _, r in pages for row in r]
    assert dates == sorted(dates, reverse=True)


def test_page_links_resolve_and_stay_few(big: Built) -> None:
    pages = listing(big, "catalogue/")
    count = archived(BIG)
    for url, _ in pages:
        nav = big.article(url).find("nav", class_="gk-pages")
        links = {a.text().strip(): big.resolve(url, a.attrs["href"]) for a in nav.find_all("a")}
        assert all(big.exists(u) for u in links.values()), links
        current = nav.find("span", **{"aria-current": "page"}).text().strip()
        number = 0 if url == "catalogue/" else int(url.split("/")[-2])
        assert current == ("最新" if number == 0 else f"第 {number} 页")
        newer = None if number == 0 else ("catalogue/" if number == count else f"catalogue/page/{number + 1}/")
        older = (f"catalogue/page/{count}/" if number == 0 else
                 f"catalogue/page/{number - 1}/" if number > 1 else None)
        assert links.get("较新的报告") == newer and links.get("较早的报告") == older, (url, links)
        assert links.get("最新", url) == "catalogue/"
        assert links.get("第 1 页", url) == "catalogue/page/1/"
        numbered = [k for k in links if k.startswith("第 ")]
        assert len(numbered) <= 6, f"{url}: {len(numbered)} page links; the bar must not grow with the corpus"


def test_archive_pages_keep_their_address_and_content_as_reports_are_added(big: Built) -> None:
    """A new disclosure changes the first page; page N still lists the same 20 reports."""
    from generator.site.catalogue import Entry, paginate

    def entry(n: int) -> Entry:
        return Entry(f"reports/r{n:04d}/", {"发布日期": _dt.date(2020, 1, 1) + _dt.timedelta(days=n)})

    before = {p.url: p for p in paginate([entry(n) for n in range(BIG - 1, -1, -1)], "catalogue/")}
    for added in range(1, 2 * PAGE_SIZE + 1):
        after = {p.url: p for p in paginate([entry(n) for n in range(BIG + added - 1, -1, -1)], "catalogue/")}
        changed = [u for u, p in before.items() if u != "catalogue/" and
                   (after[u].entries, after[u].newer, after[u].older, after[u].numbered())
                   != (p.entries, p.newer, p.older, p.numbered())]
        assert len(changed) <= 3, (added, changed)  # only pages next to the newest archive page, when one is added
        assert set(before) <= set(after)


def test_unit_pages_paginate_and_list_only_their_unit(big: Built) -> None:
    index = big.article("catalogue/unit/")
    units = {a.text().strip(): big.resolve("catalogue/unit/", a.attrs["href"])
             for a in index.find("tbody").find_all("a") if not a.attrs["href"].endswith("feed.xml")}
    assert set(units) == set(UNITS)
    seen: list[str] = []
    for unit, url in units.items():
        pages = listing(big, url)
        expected = archived(sum(1 for n in range(BIG) if UNITS[n % len(UNITS)] == unit)) + 1
        assert len(pages) == expected, unit
        unit_rows = [row for _, r in pages for row in r]
        assert all(len(r) == PAGE_SIZE for _, r in pages[1:])
        assert {row.cells["执行单位"] for row in unit_rows} == {unit}
        dates = [cn_date(row.cells["发布日期"]) for row in unit_rows]
        assert dates == sorted(dates, reverse=True)
        seen += [row.url for row in unit_rows]
    assert len(seen) == len(set(seen)) == BIG


@pytest.mark.parametrize("facet", ["year", "conclusion", "type"])
def test_other_facets_cover_the_catalogue_once(big: Built, facet: str) -> None:
    base = f"catalogue/{facet}/"
    groups = [big.resolve(base, a.attrs["href"]) for a in big.article(base).find("tbody").find_all("a")]
    assert groups and all(u.startswith(base) for u in groups)
    seen = [row.url for g in groups for _, r in listing(big, g) for row in r]
    assert len(seen) == len(set(seen)) == BIG


def test_year_pages_have_stable_addresses(sample: Built) -> None:
    for year in {str(s.meta["发布日期"].year) for s in PUBLISHED}:
        listed = {r.url for r in rows(sample, f"catalogue/year/{year}/")}
        assert listed == {f"{s.slug}/" for s in PUBLISHED if str(s.meta["发布日期"].year) == year}


def test_catalogue_page_does_not_grow_with_the_corpus(builds: dict[str, Built]) -> None:
    small = (builds["small"].site / "catalogue" / "index.html").stat().st_size
    large = (builds["big"].site / "catalogue" / "index.html").stat().st_size
    middle = (builds["big"].site / "catalogue" / "page" / "8" / "index.html").stat().st_size
    print(f"catalogue page 1: {small} bytes at {PAGE_SIZE} reports, {large} bytes at {BIG}; page 8: {middle}")
    assert large < small * 1.15, (small, large)
    assert middle < small * 1.15, (small, middle)
    home_small = (builds["small"].site / "index.html").stat().st_size
    home_large = (builds["big"].site / "index.html").stat().st_size
    assert home_large < home_small * 1.15, (home_small, home_large)


def test_home_shows_latest_disclosures_and_counts(sample: Built) -> None:
    article = sample.article("")
    latest = [sample.resolve("", a.attrs["href"]) for a in article.find("ul", class_="gk-latest").find_all("a")]
    expected = sorted(PUBLISHED, key=lambda s: (s.meta["发布日期"], s.slug), reverse=True)
    assert latest == [f"{s.slug}/" for s in expected][:len(latest)] and len(latest) >= min(5, len(PUBLISHED))
    counts = article.find("p", class_="gk-counts").text()
    assert f"已公开评估报告 {len(PUBLISHED)} 份" in " ".join(counts.split())
    assert f"执行单位 {len({s.meta['执行单位'] for s in PUBLISHED})} 个" in " ".join(counts.split())


# ---------------------------------------------------------------- feeds


def feed(built: Built, path: str) -> ET.Element:
    root = ET.fromstring((built.site / path).read_bytes())
    assert root.tag == f"{ATOM}feed", path
    return root


def check_feed(built: Built, root: ET.Element, path: str) -> list[ET.Element]:
    """Atom's required elements (RFC 4287 §4.1.1, §4.1.2); each entry's link opens a report page of the site."""
    for tag in ("id", "title", "updated"):
        element = root.find(f"{ATOM}{tag}")
        assert element is not None and (element.text or "").strip(), f"{path}: no <{tag}>"
    _dt.datetime.fromisoformat(root.findtext(f"{ATOM}updated"))
    self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link and self_link[0].get("href") == SITE_URL + path
    entries = root.findall(f"{ATOM}entry")
    assert entries, f"{path}: no entries"
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{tag}") or "").strip(), f"{path}: an entry without <{tag}>"
        _dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith(SITE_URL), href
        assert href.removeprefix(SITE_URL).startswith("reports/") and built.exists(href.removeprefix(SITE_URL)), href
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True), f"{path}: entries are not newest first"
    assert root.findtext(f"{ATOM}updated") == updated[0]
    return entries


def test_site_feed_is_valid_atom_with_every_published_report(sample: Built) -> None:
    entries = check_feed(sample, feed(sample, "feed.xml"), "feed.xml")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    assert {i.removeprefix(SITE_URL) for i in ids} == {f"{s.slug}/" for s in PUBLISHED}
    assert 'type="application/atom+xml"' in sample.html("")


def test_one_feed_per_unit_listed_on_the_unit_index(sample: Built) -> None:
    index = sample.article("catalogue/unit/")
    feeds = {}
    for tr in index.find("tbody").find_all("tr"):
        unit = tr.find("th").text().strip()
        feeds[unit] = [sample.resolve("catalogue/unit/", a.attrs["href"]) for a in tr.find_all("a")
                       if a.attrs["href"].endswith("feed.xml")]
    assert set(feeds) == {s.meta["执行单位"] for s in PUBLISHED}
    for unit, (path,) in feeds.items():
        root = feed(sample, path)
        entries = check_feed(sample, root, path)
        assert unit in root.findtext(f"{ATOM}title")
        assert {e.findtext(f"{ATOM}author/{ATOM}name") for e in entries} == {unit}
        assert {e.findtext(f"{ATOM}id").removeprefix(SITE_URL) for e in entries} == \
            {f"{s.slug}/" for s in PUBLISHED if s.meta["执行单位"] == unit}
        listing_page = path.removesuffix("feed.xml")
        head = sample.tree(listing_page).find("head")
        alternates = [sample.resolve(listing_page, link.attrs["href"]) for link in head.find_all("link", rel="alternate")]
        assert path in alternates, f"{listing_page} does not announce its feed"
        visible = [sample.resolve(listing_page, a.attrs["href"]) for a in sample.article(listing_page).find_all("a")]
        assert path in visible, f"{listing_page} has no visible subscribe link"


def test_unit_feeds_at_scale_hold_only_their_unit(big: Built) -> None:
    for path in sorted(big.site.glob("catalogue/unit/*/feed.xml")):
        rel = path.relative_to(big.site).as_posix()
        entries = check_feed(big, feed(big, rel), rel)
        assert len({e.findtext(f"{ATOM}author/{ATOM}name") for e in entries}) == 1, rel


# ---------------------------------------------------------------- open data


def catalogue_json(built: Built) -> dict:
    return json.loads((built.site / "data" / "catalogue.json").read_bytes().decode("utf-8"))


def catalogue_csv(built: Built) -> list[dict[str, str]]:
    data = (built.site / "data" / "catalogue.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "the CSV must start with the UTF-8 BOM (Excel)"
    reader = csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline=""))
    out = list(reader)
    assert tuple(reader.fieldnames or ()) == (*PUBLIC_FIELDS, "网址")
    return out


def test_json_holds_every_published_report_with_public_fields_only(sample: Built) -> None:
    document = catalogue_json(sample)
    records = document["报告"]
    assert len(records) == len(PUBLISHED)
    by_url = {r["网址"].removeprefix(SITE_URL): r for r in records}
    for s in PUBLISHED:
        record = by_url[f"{s.slug}/"]
        assert set(record) <= {*PUBLIC_FIELDS, "网址"}
        assert not set(record) & set(PRIVATE_FIELDS)
        for key in ("标题", "执行单位", "评估结论", "评估方式"):
            assert record[key] == s.meta[key]
        assert record["发布日期"] == s.meta["发布日期"].isoformat()
        assert record["启动情形"] == s.meta["启动情形"]
        assert sample.exists(f"{s.slug}/")


def test_csv_is_excel_ready_and_matches_the_json(sample: Built, big: Built) -> None:
    for built, count in ((sample, len(PUBLISHED)), (big, BIG)):
        records = catalogue_csv(built)
        assert len(records) == count
        json_records = catalogue_json(built)["报告"]
        assert [r["网址"] for r in records] == [r["网址"] for r in json_records]
        for row, record in zip(records, json_records):
            assert row["标题"] == record["标题"] and row["发布日期"] == record["发布日期"]
            assert row["启动情形"] == "；".join(record["启动情形"])
            assert built.exists(row["网址"].removeprefix(SITE_URL))


def test_nothing_private_in_feeds_or_data(sample: Built, big: Built) -> None:
    for built, secrets in ((sample, [t for s in SAMPLES for t in s.secrets()]),
                           (big, [f"组员甲{n}号" for n in range(BIG)] + [f"联系人乙{n}号" for n in range(BIG)])):
        files = ["feed.xml", "data/catalogue.json", "data/catalogue.csv",
                 *(p.relative_to(built.site).as_posix() for p in built.site.glob("catalogue/unit/*/feed.xml"))]
        for rel in files:
            text = html.unescape((built.site / rel).read_text(encoding="utf-8-sig"))
            squashed = "".join(text.split())
            leaks = [s for s in secrets if "".join(s.split()) in squashed]
            assert leaks == [], f"{rel} holds withheld text: {leaks[:5]}"
            for key in ("评估小组", "联系人", "联系电话"):
                assert key not in text, f"{rel} names the private field {key}"
    assert len([t for s in SAMPLES for t in s.secrets()]) > 40
    # unpublished reports stay out of the data entirely
    text = (sample.site / "data" / "catalogue.json").read_text(encoding="utf-8")
    for s in UNPUBLISHED:
        assert s.meta["标题"] not in text and s.slug not in text


def test_data_page_documents_every_column(sample: Built) -> None:
    article = sample.article("data/")
    documented = {th.text().strip(): th for th in article.find("tbody").find_all("th", scope="row")}
    assert set(documented) == {*PUBLIC_FIELDS, "网址"}
    for table_row in article.find("tbody").find_all("tr"):
        cells = [td.text().strip() for td in table_row.find_all("td")]
        assert cells[0] and cells[2], f"{table_row.find('th').text()}: no type or description"
    hrefs = {sample.resolve("data/", a.attrs["href"]) for a in article.find_all("a")}
    assert {"data/catalogue.json", "data/catalogue.csv", "feed.xml"} <= hrefs
    assert all(sample.exists(h) for h in hrefs)


# ---------------------------------------------------------------- government-site conventions


def test_footer_carries_the_configured_values(sample: Built, big: Built) -> None:
    for url in ("", "catalogue/", f"{PUBLISHED[0].slug}/", "statistics/"):
        footer = sample.tree(url).find("footer")
        text = footer.text()
        for key in ("主办单位", "承办单位", "网站标识码", "ICP备案号", "公安机关备案号", "联系电话", "电子邮箱"):
            assert str(FOOTER[key]) in text, f"{url or 'home'}: the footer lacks {key}"
    mark = big.tree("").find("footer").find("img", alt="党政机关网站标识")
    assert big.exists(big.resolve("", mark.attrs["src"]))
    assert not sample.tree("").find("footer").find_all("img")  # the slot stays empty when not configured


def test_no_made_with_credit_anywhere(sample: Built) -> None:
    for path in sample.html_files():
        text = path.read_text(encoding="utf-8").lower()
        assert "made with" not in text and "material for mkdocs" not in text, path


def test_titles_and_descriptions_are_chinese_and_public(sample: Built) -> None:
    secrets = [t for s in SAMPLES for t in s.secrets()]
    for path in sample.html_files():
        head = parse(path.read_text(encoding="utf-8")).find("head")
        title = head.find("title").text()
        description = head.find("meta", name="description").attrs["content"]
        assert CJK.search(title) and CJK.search(description), path
        assert [s for s in secrets if s in title or s in description] == [], path
    for s in PUBLISHED:
        head = sample.tree(f"{s.slug}/").find("head")
        assert head.find("title").text().startswith(s.meta["标题"])
        description = head.find("meta", name="description").attrs["content"]
        assert s.meta["执行单位"] in description and s.meta["评估结论"] in description


def test_404_page_is_chinese(sample: Built) -> None:
    page = parse((sample.site / "404.html").read_text(encoding="utf-8"))
    assert page.find("html").attrs["lang"].startswith("zh")
    assert "找不到" in page.find("title").text()
    text = page.find("article").text()
    assert "找不到页面" in text and "返回首页" in text


def test_sitemap_lists_published_reports_only(sample: Built) -> None:
    root = ET.fromstring((sample.site / "sitemap.xml").read_bytes())
    locations = [loc.text or "" for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert all(loc.startswith(SITE_URL) for loc in locations)
    listed = {loc.removeprefix(SITE_URL) for loc in locations}
    assert {f"{s.slug}/" for s in PUBLISHED} <= listed
    assert {"", "catalogue/", "statistics/", "data/", "catalogue/unit/"} <= listed
    for s in UNPUBLISHED:
        assert not [u for u in listed if s.slug in u], s.slug
    assert HELD_BACK  # the samples hold a future-dated report
    assert all(sample.exists(u) for u in listed)


# ---------------------------------------------------------------- the report page


def test_report_panel_follows_the_catalogue_order(sample: Built) -> None:
    for s in PUBLISHED:
        panel = sample.article(f"{s.slug}/").find("section", class_="gk-meta")
        labels = [dt.text().strip() for dt in panel.find_all("dt")]
        values = {dt.text().strip(): dd.text().strip() for dt, dd in zip(panel.find_all("dt"), panel.find_all("dd"))}
        head = ["索引号", "发布机构（执行单位）", "审定日期", "发布日期", "决策文号", "主题词"]
        present = [h for h, key in zip(head, ("索引号", "执行单位", "政府审定日期", "发布日期", "决策文号", "关键词"))
                   if s.meta.get(key)]
        assert labels[:len(present)] == present, (s.slug, labels)
        assert values["发布机构（执行单位）"] == s.meta["执行单位"]
        assert cn_date(values["发布日期"]) == s.meta["发布日期"]
        assert cn_date(values["审定日期"]) == s.meta["政府审定日期"]
        assert not set(labels) & set(PRIVATE_FIELDS)


def test_report_page_highlights_conclusion_and_explains_withholding(sample: Built) -> None:
    for s in PUBLISHED:
        article = sample.article(f"{s.slug}/")
        conclusion = article.find("p", class_="gk-conclusion")
        assert s.meta["评估结论"] in conclusion.find("strong").text()
        categories = {c for c, _ in s.marked()}
        if not categories:
            continue
        note = article.find("aside", class_="gk-withheld-note").text()
        for category in categories:
            assert category in note, (s.slug, category)
            assert {"个人隐私": "第十七条", "商业秘密": "第十七条", "国家秘密": "第十七条",
                    "工作秘密": "第二十二条"}[category] in note


# ---------------------------------------------------------------- statistics


def expected_statistics() -> dict[str, dict[str, int]]:
    """The five charts' numbers, counted from the sample reports' front matter."""
    return {
        "chart-year": dict(Counter(str(s.meta["发布日期"].year) for s in PUBLISHED)),
        "chart-unit": dict(Counter(s.meta["执行单位"] for s in PUBLISHED)),
        "chart-conclusion": {c: sum(1 for s in PUBLISHED if s.meta["评估结论"] == c) for c in CONCLUSIONS},
        "chart-trigger": {t: sum(1 for s in PUBLISHED if t in s.meta["启动情形"])
                          for t in ("依据变化", "未达预期", "公众意见较多", "执行单位申请", "县政府认为必要")},
        "chart-method": {m: sum(1 for s in PUBLISHED if s.meta["评估方式"] == m) for m in ("自行评估", "委托评估")},
    }


def test_statistics_charts_are_inline_svg_with_their_numbers_as_tables(sample: Built) -> None:
    article = sample.article("statistics/")
    figures = article.find_all("figure")
    assert [f.attrs.get("id") for f in figures] == list(expected_statistics())
    for figure, (ident, numbers) in zip(figures, expected_statistics().items()):
        elements = [c for c in figure.children if isinstance(c, Node)]
        svg_at = [i for i, e in enumerate(elements) if e.tag == "svg"]
        assert len(svg_at) == 1, ident
        svg = elements[svg_at[0]]
        assert svg.attrs.get("role") == "img", ident
        label_ids = svg.attrs.get("aria-labelledby", "").split()
        assert label_ids, f"{ident}: the SVG has no accessible name"
        named = {e.attrs.get("id"): e.text().strip() for e in svg.iter()}
        assert all(named.get(i) for i in label_ids), ident
        assert svg.find("title").text().strip() == figure.find("h2").text().strip(), ident
        for element in svg.iter():  # nothing drawn from outside the page
            assert not {"href", "xlink:href", "src"} & set(element.attrs), (ident, element.tag)
        table = elements[svg_at[0] + 1]
        assert table.tag == "table", f"{ident}: the SVG is not followed by its table"
        shown = {tr.find("th").text().strip(): int(tr.find("td").text()) for tr in table.find("tbody").find_all("tr")}
        assert shown == numbers, ident
        # the bars say the same as the table: every count is written in the SVG
        values = [t.text().strip() for t in svg.find_all("text")]
        for name, count in shown.items():
            assert any(name in v for v in values), (ident, name)
            assert any(str(count) in v for v in values), (ident, count)
    assert sum(expected_statistics()["chart-method"].values()) == len(PUBLISHED)


def test_statistics_page_has_no_script_of_its_own(sample: Built) -> None:
    def scripts(url: str) -> list[str]:
        return [s.attrs.get("src", "").rsplit("/", 1)[-1] or s.text().strip()[:40]
                for s in sample.tree(url).find_all("script")]
    assert not sample.article("statistics/").find_all("script")
    assert scripts("statistics/") == scripts("about/")
    assert not list(sample.site.glob("statistics/*.js")) and not list(sample.site.glob("statistics/*.svg"))
