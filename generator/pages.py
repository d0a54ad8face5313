"""The HTML of generated pages (report pages, the catalogue), rendered with Jinja2.

Every value placed in a page comes from a report's public, redacted metadata or its
sanitized HTML; Jinja2's autoescaping covers the rest.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2

from redaction.pipeline import ReportState
from redaction.schema import CATEGORIES, ReportSchema

from .catalogue import Entry, catalogue_entries


@dataclass
class GeneratedPage:
    """A page the generator writes: where it lives, its title, description and HTML."""

    src_uri: str
    title: str
    description: str
    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    assets: list[tuple[str, bytes]] = field(default_factory=list)  # (path below the page, bytes)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["cn_date"] = cn_date
    return env


def cn_date(value: Any) -> str:
    if isinstance(value, _dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def withheld_summary(report: ReportState) -> list[dict[str, Any]]:
    """How many passages were withheld, per category, with the article each rests on."""
    counts = Counter(r.category for r in report.records if not r.place.startswith("元数据"))
    return [{"category": c, "count": counts[c], "article": CATEGORIES[c]}
            for c in CATEGORIES if counts[c]]


def report_page(report: ReportState) -> GeneratedPage:
    meta = report.public_meta
    fields = [(f.key, meta[f.key]) for f in ReportSchema.fields()
              if f.public and f.key in meta and f.key not in ("标题", "结论摘要")]
    html = environment().get_template("report.html").render(
        meta=meta, fields=fields, body=report.html, withheld=withheld_summary(report),
    )
    return GeneratedPage(
        src_uri=f"{report.slug}.md",
        title=str(meta["标题"]),
        description=str(meta["结论摘要"]),
        html=html,
        toc=report.toc,
        assets=[(a.name, a.data) for a in report.assets],
    )


def catalogue_page(reports: list[ReportState]) -> GeneratedPage:
    entries: list[Entry] = catalogue_entries(reports)
    columns = [k for k in ReportSchema.listed_keys() if k not in ("标题", "结论摘要")]
    html = environment().get_template("catalogue.html").render(entries=entries, columns=columns)
    return GeneratedPage(
        src_uri="catalogue/index.md",
        title="评估报告目录",
        description="息县重大行政决策跟踪反馈和后评估报告目录，按发布日期从新到旧排列。",
        html=html,
    )


def generated_pages(reports: list[ReportState]) -> list[GeneratedPage]:
    """Every generated page of the site, in a stable order."""
    published = sorted(reports, key=lambda r: r.slug)
    return [catalogue_page(published)] + [report_page(r) for r in published]
