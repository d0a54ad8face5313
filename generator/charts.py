"""Charts drawn at build time as inline SVG: no chart library, no script, no external file.

Each chart is a ``<figure>`` whose SVG is one labelled image (``role="img"``) for screen
readers, followed by the same numbers as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH, VALUE_WIDTH = 26, 10, 230, 640, 60
COLOURS = ("#b71c1c", "#1f5f99", "#2e7d32", "#8d6e00", "#6a1b9a")


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    svg: str
    rows: list[tuple[str, int]]
    label: str  # the table's first column
    unit: str  # the table's second column

    @property
    def total(self) -> int:
        return sum(n for _, n in self.rows)


def _description(rows: list[tuple[str, int]]) -> str:
    return "；".join(f"{name} {count}" for name, count in rows)


def bar_chart(ident: str, title: str, rows: list[tuple[str, int]], label: str, unit: str) -> Figure:
    """Horizontal bars, one per row, longest for the largest count; the count written at the end."""
    biggest = max((n for _, n in rows), default=0) or 1
    bar_space = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(1, len(rows)) * (BAR_HEIGHT + GAP) + GAP
    parts = [f'<svg viewBox="0 0 {CHART_WIDTH} {height}" width="100%" role="img" '
             f'aria-labelledby="{ident}-t {ident}-d" class="gk-chart" preserveAspectRatio="xMinYMin meet">',
             f'<title id="{ident}-t">{escape(title)}</title>',
             f'<desc id="{ident}-d">{escape(_description(rows))}</desc>']
    for i, (name, count) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = round(bar_space * count / biggest, 1)
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.7:.1f}" text-anchor="end" '
                     f'class="gk-chart__label">{escape(name)}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
                     f'fill="{COLOURS[0]}" class="gk-chart__bar"/>')
        parts.append(f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + BAR_HEIGHT * 0.7:.1f}" '
                     f'class="gk-chart__value">{count}</text>')
    parts.append("</svg>")
    return Figure(ident, title, "".join(parts), rows, label, unit)


def share_chart(ident: str, title: str, rows: list[tuple[str, int]], label: str, unit: str) -> Figure:
    """One stacked bar of 100 %, a segment per row, with a legend giving count and share."""
    total = sum(n for _, n in rows) or 1
    height = 40 + 34 * len(rows)
    parts = [f'<svg viewBox="0 0 {CHART_WIDTH} {height}" width="100%" role="img" '
             f'aria-labelledby="{ident}-t {ident}-d" class="gk-chart" preserveAspectRatio="xMinYMin meet">',
             f'<title id="{ident}-t">{escape(title)}</title>',
             f'<desc id="{ident}-d">{escape(_description(rows))}</desc>']
    x = 0.0
    for i, (name, count) in enumerate(rows):
        width = CHART_WIDTH * count / total
        parts.append(f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="28" fill="{COLOURS[i % len(COLOURS)]}"/>')
        x += width
    for i, (name, count) in enumerate(rows):
        y = 40 + 34 * i
        parts.append(f'<rect x="0" y="{y}" width="22" height="22" fill="{COLOURS[i % len(COLOURS)]}"/>')
        parts.append(f'<text x="32" y="{y + 17}" class="gk-chart__label">'
                     f'{escape(name)}：{count}（{100 * count / total:.0f}%）</text>')
    parts.append("</svg>")
    return Figure(ident, title, "".join(parts), rows, label, unit)
