"""The hand-off from redaction to the site: what of a published report the public may read.

``PublicReport`` is frozen and holds public data only — the allow-listed, redacted front
matter, the sanitized public HTML with its table of contents, the images published beside
the page, and how many passages of each category were withheld.  The source text, its
tokens, the private front matter, the withheld strings and the audit trail stay in the
pipeline's ``ReportState``: the site (``generator/site/``) is handed ``PublicReport``s
only, so nothing private can be reached from what it renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .schema import CATEGORY_TABLE, ReportSchema

PUBLIC_KEYS = frozenset(ReportSchema.public_keys())


@dataclass(frozen=True, slots=True)
class PublicReport:
    """One published report as the site shows it."""

    year: str
    name: str
    meta: Mapping[str, Any]  # public front matter only (read-only view)
    html: str  # the sanitized public body; "" when the page is not rendered in this run
    toc: tuple[Mapping[str, Any], ...] = ()
    assets: tuple[tuple[str, bytes], ...] = ()  # (file name below the page, bytes)
    withheld: tuple[tuple[str, int], ...] = ()  # (category, passages withheld in the body), table order

    @classmethod
    def of(cls, year: str, name: str, meta: Mapping[str, Any], html: str, toc: list[dict[str, Any]],
           assets: list[tuple[str, bytes]], withheld_categories: list[str]) -> PublicReport:
        """Build one, applying the allow-list to ``meta`` once more (the type's promise)."""
        counts = {c.name: withheld_categories.count(c.name) for c in CATEGORY_TABLE}
        return cls(year, name, MappingProxyType({k: v for k, v in meta.items() if k in PUBLIC_KEYS}), html,
                   tuple(toc), tuple(assets), tuple((c, n) for c, n in counts.items() if n))

    @property
    def slug(self) -> str:
        """Site path of the report page, e.g. ``reports/2023/tingche``."""
        return f"reports/{self.year}/{self.name}"

    @property
    def withheld_count(self) -> int:
        return sum(n for _, n in self.withheld)
