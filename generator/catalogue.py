"""Catalogue data: one row per published report, public fields only, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redaction.pipeline import ReportState
from redaction.schema import ReportSchema


@dataclass(frozen=True)
class Entry:
    """One published report as the catalogue lists it."""

    url: str  # relative to the site root, e.g. reports/2023/tingche/
    meta: dict[str, Any]  # the report's public metadata (allow-list applied, redacted)

    def __getitem__(self, key: str) -> Any:
        return self.meta.get(key, "")


def catalogue_entries(reports: list[ReportState]) -> list[Entry]:
    """Published reports, newest 发布日期 first, then by title for a stable order."""
    public = set(ReportSchema.public_keys())
    entries = [Entry(f"{r.slug}/", {k: v for k, v in r.public_meta.items() if k in public})
               for r in reports]
    return sorted(entries, key=lambda e: (-e["发布日期"].toordinal(), e.url))
