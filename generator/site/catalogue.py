"""Catalogue data: one entry per published report (public fields only), facets and pages.

The disclosure catalogue (公开目录) lists every published evaluation newest first; the
same entries are browsed by executing unit, by year, by conclusion and by evaluation type.
Every listing is cut into pages of a fixed size, so that no page grows with the corpus.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from redaction.public import PublicReport
from redaction.schema import ReportSchema

PAGE_SIZE = 20
"""Reports per catalogue page."""

LISTING_COLUMNS = tuple(ReportSchema.listed_keys())
"""The columns of a catalogue listing, in the order a disclosure catalogue uses (the schema's ``listed``)."""


@dataclass(frozen=True)
class Entry:
    """One published report as the catalogue lists it."""

    url: str  # relative to the site root, e.g. reports/2023/tingche/
    meta: dict[str, Any]  # the report's public metadata (allow-list applied, redacted)
    withheld: int = 0  # how many passages were withheld (the count is public, the text is not)

    def __getitem__(self, key: str) -> Any:
        return self.meta.get(key, "")

    @property
    def published(self) -> _dt.date:
        return self.meta["发布日期"]

    @cached_property
    def digest(self) -> bytes:
        """Of everything a listing shows of the entry (listings are re-rendered when it changes)."""
        return hashlib.blake2b(repr((self.url, sorted(self.meta.items()), self.withheld)).encode(),
                               digest_size=16).digest()


def lazy_pinyin(*args: Any, **kwargs: Any) -> list[str]:
    """pypinyin's, imported when first needed (its dictionaries take half a second to load)."""
    from pypinyin import lazy_pinyin as convert

    return convert(*args, **kwargs)


def slug(name: str, fixed: dict[str, str] | None = None) -> str:
    """A stable URL segment for a Chinese name: configured, or its pinyin (城市管理局 → cheng-shi-guan-li-ju)."""
    if fixed and name in fixed:
        return fixed[name]
    syllables = [s for s in lazy_pinyin(name, errors=lambda chars: [c for c in chars if c.isalnum()]) if s]
    text = "-".join(syllables).lower()
    safe = "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in text).strip("-")
    return safe or hashlib.sha256(name.encode()).hexdigest()[:10]


def entries(reports: Iterable[PublicReport]) -> list[Entry]:
    """Published reports, newest 发布日期 first, then by address for a stable order."""
    out = [Entry(f"{r.slug}/", dict(r.meta), r.withheld_count) for r in reports]
    return sorted(out, key=lambda e: (-e.published.toordinal(), e.url))


@dataclass(frozen=True)
class Facet:
    """A way of browsing the catalogue: its name, where it lives, and how to read an entry's value."""

    key: str  # e.g. "unit"
    title: str  # e.g. "按执行单位"
    label: str  # e.g. "执行单位"
    value: Callable[[Entry], str]
    order: Callable[[str], Any] = lambda v: v  # order of the groups on the facet's index page


FACETS = (
    Facet("unit", "按执行单位浏览", "执行单位", lambda e: str(e["执行单位"]), order=lambda v: lazy_pinyin(v)),
    Facet("year", "按年度浏览", "发布年度", lambda e: str(e.published.year), order=lambda v: -int(v)),
    Facet("conclusion", "按评估结论浏览", "评估结论", lambda e: str(e["评估结论"]),
          order=lambda v: ReportSchema.评估结论.choices.index(v)),
    Facet("type", "按评估类型浏览", "评估类型", lambda e: str(e["评估类型"]),
          order=lambda v: ReportSchema.评估类型.choices.index(v)),
)


@dataclass
class Group:
    """The entries of one value of a facet, e.g. every report of one executing unit."""

    facet: Facet
    value: str
    slug: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"catalogue/{self.facet.key}/{self.slug}/"


def groups(facet: Facet, all_entries: list[Entry], fixed_slugs: dict[str, str] | None = None) -> list[Group]:
    """The facet's groups in display order; entries keep the catalogue's order."""
    by_value: dict[str, Group] = {}
    for entry in all_entries:
        value = facet.value(entry)
        if value not in by_value:
            by_value[value] = Group(facet, value, value if facet.key == "year" else slug(value, fixed_slugs))
        by_value[value].entries.append(entry)
    _disambiguate(by_value.values())
    return sorted(by_value.values(), key=lambda g: facet.order(g.value))


def _disambiguate(items: Iterable[Group]) -> None:
    """Two names with the same pinyin get a short, stable suffix derived from the name."""
    seen: dict[str, Group] = {}
    for group in sorted(items, key=lambda g: g.value):
        if group.slug in seen:
            group.slug = f"{group.slug}-{hashlib.sha256(group.value.encode()).hexdigest()[:6]}"
        seen[group.slug] = group


@dataclass(frozen=True)
class Page:
    """One page of a paginated listing: the listing's first page (number 0, its newest
    reports) or one of its archive pages, numbered from the oldest (1, 2, …)."""

    number: int  # 0: the first page; 1..count: archive pages, 1 the oldest
    count: int  # number of archive pages
    entries: list[Entry]  # newest first
    base: str  # the listing's first page, e.g. catalogue/

    def url_of(self, number: int) -> str:
        return self.base if number == 0 else f"{self.base}page/{number}/"

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def newer(self) -> int | None:
        """The page of the next newer reports (0 is the first page)."""
        if self.number == 0:
            return None
        return 0 if self.number == self.count else self.number + 1

    @property
    def older(self) -> int | None:
        if self.number == 0:
            return self.count or None
        return self.number - 1 or None

    def numbered(self, around: int = 2) -> list[int]:
        """Archive pages the page bar names: this page's neighbours and the oldest, newest first."""
        centre = self.count + 1 if self.number == 0 else self.number
        near = {n for n in range(centre - around, centre + around + 1) if 1 <= n <= self.count}
        return sorted(near | ({1} if self.count else set()), reverse=True)


def paginate(all_entries: list[Entry], base: str, size: int = PAGE_SIZE) -> list[Page]:
    """The listing cut into pages that keep their address and content as reports are added.

    Reports are cut into chunks of ``size`` from the oldest.  The first page shows the
    newest chunk, and the one before it too while the newest holds fewer than ``size // 2``
    (so it shows between ``size // 2`` and ``size + size // 2 - 1`` reports); every older chunk is an
    archive page ``page/N/``, N counted from the oldest.  A new report changes the first
    page, and every ``size`` reports one chunk moves on to a new archive page; no other
    page's address or list changes.
    """
    chunks = -(-len(all_entries) // size)
    newest = len(all_entries) - (chunks - 1) * size if chunks else 0
    archived = max(0, chunks - (2 if newest < size // 2 else 1))
    oldest_first = all_entries[::-1]
    first = all_entries[:len(all_entries) - archived * size]
    pages = [Page(0, archived, first, base)]
    for n in range(1, archived + 1):
        pages.append(Page(n, archived, oldest_first[(n - 1) * size:n * size][::-1], base))
    return pages
