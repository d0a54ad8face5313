"""Charts drawn at build time as inline SVG: no chart library, no script, no external file.

Each chart is a ``<figure>`` whose SVG is one labelled image (``role="img"``) for screen
readers, followed by the same numbers as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# Each bar sits under its own label across the whole width, so that a phone, which shrinks the
# drawing to about 350 px, still shows labels at about 14 px (a label column beside the bars
# would leave them at 7 px).
CHART_WIDTH, FONT, BAR_HEIGHT, VALUE_WIDTH = 400, 16, 20, 48
ROW = FONT + 6 + BAR_HEIGHT + 14  # label, gap, bar, space before the next label
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


def _open(ident: str, title: str, rows: list[tuple[str, int]], height: int) -> list[str]:
    return [f'<svg viewBox="0 0 {CHART_WIDTH} {height}" width="100%" role="img" font-size="{FONT}" '
            f'aria-labelledby="{ident}-t {ident}-d" class="gk-chart" preserveAspectRatio="xMinYMin meet">',
            f'<title id="{ident}-t">{escape(title)}</title>',
            f'<desc id="{ident}-d">{escape(_description(rows))}</desc>']


def bar_chart(ident: str, title: str, rows: list[tuple[str, int]], label: str, unit: str) -> Figure:
    """Horizontal bars, one per row under its label, longest for the largest count; the count at the end."""
    biggest = max((n for _, n in rows), default=0) or 1
    bar_space = CHART_WIDTH - VALUE_WIDTH
    height = max(1, len(rows)) * ROW
    parts = _open(ident, title, rows, height)
    for i, (name, count) in enumerate(rows):
        top = i * ROW
        bar_top = top + FONT + 6
        width = round(bar_space * count / biggest, 1)
        parts.append(f'<text x="0" y="{top + FONT - 2}" class="gk-chart__label">{escape(name)}</text>')
        parts.append(f'<rect x="0" y="{bar_top}" width="{width}" height="{BAR_HEIGHT}" '
                     f'fill="{COLOURS[0]}" class="gk-chart__bar"/>')
        parts.append(f'<text x="{width + 6:.1f}" y="{bar_top + BAR_HEIGHT - 4}" '
                     f'class="gk-chart__value">{count}</text>')
    parts.append("</svg>")
    return Figure(ident, title, "".join(parts), rows, label, unit)


def share_chart(ident: str, title: str, rows: list[tuple[str, int]], label: str, unit: str) -> Figure:
    """One stacked bar of 100 %, a segment per row, with a legend giving count and share."""
    total = sum(n for _, n in rows) or 1
    height = 40 + 30 * len(rows)
    parts = _open(ident, title, rows, height)
    x = 0.0
    for i, (name, count) in enumerate(rows):
        width = CHART_WIDTH * count / total
        parts.append(f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="28" fill="{COLOURS[i % len(COLOURS)]}"/>')
        x += width
    for i, (name, count) in enumerate(rows):
        y = 40 + 30 * i
        parts.append(f'<rect x="0" y="{y}" width="20" height="20" fill="{COLOURS[i % len(COLOURS)]}"/>')
        parts.append(f'<text x="30" y="{y + 16}" class="gk-chart__label">'
                     f'{escape(name)}：{count}（{100 * count / total:.0f}%）</text>')
    parts.append("</svg>")
    return Figure(ident, title, "".join(parts), rows, label, unit)
