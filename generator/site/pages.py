"""The generated part of the site: report pages, the catalogue, browsing, statistics, data.

Everything is rendered with Jinja2 (autoescaping on) from ``PublicReport``s
(``redaction/public.py``: the reports' public, redacted metadata and their sanitized HTML,
nothing private); nothing here imports MkDocs.  ``site_content()``
returns every generated page and file; the MkDocs binding only hands them over.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2

from generator.site import charts, feeds, opendata
from generator.site.catalogue import FACETS, LISTING_COLUMNS, Entry, Group, entries, groups, paginate
from redaction.public import PublicReport
from redaction.schema import CATEGORIES, TRIGGERS, ReportSchema

REPORT_PANEL_ORDER = ("索引号", "执行单位", "政府审定日期", "发布日期", "决策文号", "关键词",
                      "决策名称", "评估类型", "评估范围", "评估程序", "评估方式", "受托机构", "启动情形",
                      "司法审核日期")
"""The report page's metadata panel, in the order a disclosure catalogue uses
(索引号, 发布机构, 成文/审定日期, 发布日期, 文号, 主题词), then the evaluation's particulars."""

PANEL_LABELS = {"执行单位": "发布机构（执行单位）", "政府审定日期": "审定日期", "关键词": "主题词"}
LATEST = 8  # reports on the home page


@dataclass
class GeneratedPage:
    """A page the generator writes: where it lives, its title, description and HTML."""

    src_uri: str
    title: str
    description: str
    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    assets: list[tuple[str, bytes]] = field(default_factory=list)  # (path below the page, bytes)
    meta: dict[str, Any] = field(default_factory=dict)  # more front matter for the theme
    digest: str = ""  # of what the page is rendered from (listings), when known before rendering

    @property
    def url(self) -> str:
        """The page's address relative to the site root (directory URLs)."""
        stem = self.src_uri[:-3]
        return "" if stem == "index" else (stem[:-5] if stem.endswith("/index") else stem + "/")


@dataclass
class GeneratedFile:
    """A data file the generator writes (feed, JSON, CSV)."""

    src_uri: str
    data: bytes


@dataclass(frozen=True)
class SiteContent:
    """The site model: every generated page and file, handed to the engine as it is (frozen)."""

    pages: list[GeneratedPage]
    files: list[GeneratedFile]
    home_html: str  # appended to the authored home page
    urls: list[str] = field(default_factory=list)  # every generated page's address, rendered here or not
    unchanged: dict[str, str] = field(default_factory=dict)  # listing pages not rendered: src_uri → digest


GENERIC_MEASURES = "重大行政决策跟踪反馈和后评估办法"
"""What the legal-basis sentences cite where no Measures are configured (tests, tools)."""


@dataclass(frozen=True)
class SiteSettings:
    """What the generated pages need from the site's configuration."""

    site_name: str = ""
    site_url: str = ""
    unit_slugs: dict[str, str] = field(default_factory=dict)
    build_date: _dt.date = _dt.date(2000, 1, 1)
    measures: str = GENERIC_MEASURES  # the Measures' full title (mkdocs.yml jurisdiction.办法)


@lru_cache(maxsize=2)
def environment(package: str = "generator.site") -> jinja2.Environment:
    """The Jinja2 environment of a package's ``templates/`` (the site's; the preview's in generator/review)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cn_date"] = cn_date
    env.filters["show"] = show
    return env


def cn_date(value: Any) -> str:
    if isinstance(value, _dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def show(value: Any) -> str:
    """A metadata value as the public reads it."""
    if isinstance(value, _dt.date):
        return cn_date(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def root_of(url: str) -> str:
    """The relative way from a page at ``url`` back to the site root."""
    return "../" * url.count("/")


def render(template: str, url: str, **context: Any) -> str:
    context.setdefault("facets", FACETS)
    return environment().get_template(template).render(root=root_of(url), **context)


# ---------------------------------------------------------------- report pages


def withheld_summary(report: PublicReport) -> list[dict[str, Any]]:
    """How many passages were withheld, per category, with the article each rests on."""
    return [{"category": name, "count": count, "article": CATEGORIES[name].article} for name, count in report.withheld]


def report_page(report: PublicReport, links: dict[tuple[str, str], str], measures: str = GENERIC_MEASURES) -> GeneratedPage:
    meta = report.meta
    url = f"{report.slug}/"
    fields = [(k, PANEL_LABELS.get(k, k), meta[k], links.get((k, show(meta[k])))) for k in REPORT_PANEL_ORDER
              if k in meta]
    html = render("report.html", url, meta=meta, fields=fields, body=report.html, measures=measures,
                  withheld=withheld_summary(report), conclusion_link=links.get(("评估结论", meta["评估结论"])))
    return GeneratedPage(
        src_uri=f"{report.slug}.md",
        title=str(meta["标题"]),
        description=f"{meta['执行单位']}，{show(meta['发布日期'])}发布，评估结论：{meta['评估结论']}。{meta['结论摘要']}",
        html=html,
        toc=[dict(entry) for entry in report.toc],
        assets=list(report.assets),
    )


# ---------------------------------------------------------------- listings


Skip = Callable[[str, str], bool]
"""(src_uri, digest) → the page is published already as it would be rendered now."""


def listing_digest(*parts: Any, entries: list[Entry]) -> str:
    h = hashlib.blake2b(repr(parts).encode(), digest_size=20)
    for e in entries:
        h.update(e.digest)
    return h.hexdigest()


def listing_pages(title: str, intro: str, all_entries: list[Entry], base: str, *,
                  feed: str | None = None, crumbs: list[tuple[str, str]] | None = None,
                  skip: Skip | None = None, unchanged: dict[str, str] | None = None) -> list[GeneratedPage]:
    """A paginated listing at ``base`` (its first page) and ``base``page/N/.

    ``skip``: later pages (page/N/) it accepts are not rendered, only noted in ``unchanged``.
    """
    pages = []
    for page in paginate(all_entries, base):
        heading = title if page.number == 0 else f"{title}（第 {page.number} 页）"
        # an archive page says nothing that changes as reports are added (no totals)
        shown_intro = intro if page.number == 0 else f"{title}中较早的报告，按发布时间从早到晚编页。"
        digest = listing_digest(heading, shown_intro, feed, crumbs, page.number, page.newer, page.older,
                                page.numbered(), entries=page.entries)
        src_uri = f"{page.url}index.md"
        if skip is not None and page.number > 0 and skip(src_uri, digest):
            if unchanged is not None:
                unchanged[src_uri] = digest
            continue
        html = render("listing.html", page.url, title=heading, intro=shown_intro, page=page, columns=LISTING_COLUMNS,
                      feed=feed, crumbs=crumbs or [])
        description = shown_intro if page.number == 0 else (
            f"{shown_intro}第 {page.number} 页：{cn_date(page.entries[-1].published)}至"
            f"{cn_date(page.entries[0].published)}发布的 {len(page.entries)} 份。")
        pages.append(GeneratedPage(src_uri=src_uri, title=heading, description=description, html=html, digest=digest))
    return pages


def facet_pages(all_entries: list[Entry], settings: SiteSettings, skip: Skip | None = None,
                unchanged: dict[str, str] | None = None) -> tuple[list[GeneratedPage], dict, list[Group]]:
    """Each facet's index page and one paginated listing per value; and the links to them."""
    pages: list[GeneratedPage] = []
    links: dict[tuple[str, str], str] = {}
    unit_groups: list[Group] = []
    for facet in FACETS:
        facet_groups = groups(facet, all_entries, settings.unit_slugs if facet.key == "unit" else None)
        if facet.key == "unit":
            unit_groups = facet_groups
        index_url = f"catalogue/{facet.key}/"
        pages.append(GeneratedPage(
            src_uri=f"{index_url}index.md", title=facet.title,
            description=f"评估报告{facet.title}：共 {len(facet_groups)} 项。",
            html=render("facet.html", index_url, facet=facet, groups=facet_groups)))
        for group in facet_groups:
            links[(facet.label, group.value)] = group.url
            feed = f"{group.url}feed.xml" if facet.key == "unit" else None
            pages.extend(listing_pages(
                f"{facet.label}：{group.value}", f"{facet.label}为「{group.value}」的评估报告共 {len(group.entries)} 份。",
                group.entries, group.url, feed=feed,
                crumbs=[("评估报告目录", "catalogue/"), (facet.title, index_url)], skip=skip, unchanged=unchanged))
    for group in unit_groups:  # the report panel links its fields to the matching listing
        links[("执行单位", group.value)] = group.url
    year_links = {v: u for (label, v), u in links.items() if label == "发布年度"}
    for entry in all_entries:
        year = str(entry.published.year)
        links[("发布日期", show(entry.published))] = year_links[year]
    return pages, links, unit_groups


# ---------------------------------------------------------------- home, statistics, data


def home_html(all_entries: list[Entry], site_name: str) -> str:
    conclusions = Counter(e["评估结论"] for e in all_entries)
    return render("home.html", "", site_name=site_name, latest=all_entries[:LATEST], total=len(all_entries),
                  units=len({e["执行单位"] for e in all_entries}),
                  conclusions=[(c, conclusions[c]) for c in ReportSchema.评估结论.choices])


def statistics_page(all_entries: list[Entry]) -> GeneratedPage:
    url = "statistics/"
    years = Counter(str(e.published.year) for e in all_entries)
    units = Counter(str(e["执行单位"]) for e in all_entries)
    conclusion = Counter(str(e["评估结论"]) for e in all_entries)
    triggers = Counter(t for e in all_entries for t in e["启动情形"] or [])
    method = Counter(str(e["评估方式"]) for e in all_entries)
    figures = [
        charts.bar_chart("chart-year", "各年度公开的评估报告数量", [(y, years[y]) for y in sorted(years)],
                         "年度", "报告数（份）"),
        charts.bar_chart("chart-unit", "各执行单位的评估报告数量", sorted(units.items(), key=lambda kv: (-kv[1], kv[0])),
                         "执行单位", "报告数（份）"),
        charts.bar_chart("chart-conclusion", "评估结论分布（第十六条）",
                         [(c, conclusion[c]) for c in ReportSchema.评估结论.choices],
                         "评估结论", "报告数（份）"),
        charts.bar_chart("chart-trigger", "启动评估的情形（第九条，一份报告可有多种情形）",
                         [(t, triggers[t]) for t in TRIGGERS], "启动情形", "报告数（份）"),
        charts.share_chart("chart-method", "自行评估与委托评估（第二十条）",
                           [(m, method[m]) for m in ReportSchema.评估方式.choices],
                           "评估方式", "报告数（份）"),
    ]
    html = render("statistics.html", url, figures=figures, total=len(all_entries))
    return GeneratedPage(src_uri=f"{url}index.md", title="统计",
                         description=f"评估报告统计：共 {len(all_entries)} 份，按年度、执行单位、评估结论、启动情形和评估方式统计。",  # noqa: E501
                         html=html)


def data_page() -> GeneratedPage:
    url = "data/"
    html = render("data.html", url, fields=opendata.schema(), columns=opendata.COLUMNS)
    return GeneratedPage(src_uri=f"{url}index.md", title="开放数据",
                         description="评估报告目录的开放数据（JSON、CSV）及字段说明。", html=html)


def search_page() -> GeneratedPage:
    url = "search/"
    return GeneratedPage(src_uri=f"{url}index.md", title="搜索", description="在已公开的评估报告中搜索。",
                         html=render("search.html", url), meta={"gongkai_search": True})


def site_content(reports: list[PublicReport], settings: SiteSettings,
                 report_pages: set[str] | None = None, skip: Skip | None = None) -> SiteContent:
    """Every generated page and file of the site, in a stable order.

    ``report_pages``: render only the pages of these reports (by slug); the others are
    unchanged since the last build (``generator/publish/``) and still counted in ``urls``;
    ``skip``: the same for the listings' later pages, by the digest of what they show.
    """
    all_entries = entries(reports)
    unchanged: dict[str, str] = {}
    facet_listings, links, unit_groups = facet_pages(all_entries, settings, skip, unchanged)
    pages = [
        *listing_pages("评估报告目录", f"已公开的评估报告共 {len(all_entries)} 份，按发布日期从新到旧排列。",
                       all_entries, "catalogue/", feed="feed.xml", skip=skip, unchanged=unchanged),
        *facet_listings,
        statistics_page(all_entries),
        data_page(),
        search_page(),
        *(report_page(r, links, settings.measures) for r in sorted(reports, key=lambda r: r.slug)
          if report_pages is None or r.slug in report_pages),
    ]
    urls = sorted({p.url for p in pages if not p.meta.get("gongkai_search")} | {f"{r.slug}/" for r in reports}
                  | {uri.removesuffix("index.md") for uri in unchanged})
    files = [
        GeneratedFile("feed.xml", feeds.atom(settings.site_name, "feed.xml", all_entries, settings.site_url)),
        *(GeneratedFile(f"{g.url}feed.xml", feeds.atom(f"{g.value} · {settings.site_name}", f"{g.url}feed.xml",
                                                       g.entries, settings.site_url))
          for g in unit_groups),
        GeneratedFile("data/catalogue.json", opendata.as_json(all_entries, settings.site_url, settings.site_name)),
        GeneratedFile("data/catalogue.csv", opendata.as_csv(all_entries, settings.site_url)),
    ]
    return SiteContent(pages, files, home_html(all_entries, settings.site_name), urls, unchanged)
