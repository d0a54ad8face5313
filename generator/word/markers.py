"""The four category styles of Arts. 17/22: only they become 不予公开 markers."""

from __future__ import annotations

import unicodedata
from typing import Any

from generator.word.pandoc import FORMATTING, plain_text, rewrite, rewrite_inlines, str_node, visit_all
from generator.word.state import ImportState, Node
from redaction.schema import CATEGORIES


def style_category(style: str) -> str | None:
    """The category a Word style name stands for, or None for every other style.

    The template's styles are linked styles: one entry 个人隐私 in Word's gallery, stored as
    a paragraph style 个人隐私 and a character style 个人隐私 Char (Chinese Word: 个人隐私 字符),
    which is the name pandoc reports for a run.  A plain character style named 个人隐私
    (WPS, or made by hand) counts as well.
    """
    name = unicodedata.normalize("NFKC", style).strip()
    for suffix in (" Char", "Char", " 字符", "字符"):
        if name.endswith(suffix) and name[: -len(suffix)].strip() in CATEGORIES:
            return name[: -len(suffix)].strip()
    return name if name in CATEGORIES else None


def _attr_category(attr: list[Any]) -> str | None:
    styles = [v for k, v in attr[2] if k == "custom-style"]
    return style_category(styles[0]) if styles else None


def marker_attr(category: str) -> list[Any]:
    return ["", [], [["custom-style", category]]]


def category_of(node: Node) -> str | None:
    """The category of a marker span or div as ``markers`` leaves them, else None."""
    if node["t"] in ("Span", "Div"):
        pairs = node["c"][0][2]
        if len(pairs) == 1 and pairs[0][0] == "custom-style" and pairs[0][1] in CATEGORIES:
            return pairs[0][1]
    return None


def withheld_inline(node: Node) -> list[Node] | None:
    """Inside a marker: only text. Nothing in there is published, so formatting, notes,
    nested markers and raw HTML would only be noise for the redactor and the leak guard."""
    t = node["t"]
    if t in ("Note", "RawInline"):
        return []
    if t in ("LineBreak", "SoftBreak"):
        return [{"t": "Space"}]
    if t in (*FORMATTING, "Span", "Quoted", "Cite", "Link"):
        inner = node["c"] if t in FORMATTING else node["c"][1]
        if t == "Quoted":
            return [str_node(plain_text(node))]
        return rewrite_inlines(inner, on_inline=withheld_inline)
    return None


def _withheld_block(node: Node) -> list[Node] | None:
    if node["t"] == "Div":
        return rewrite(node["c"][1], _withheld_block, withheld_inline)
    if node["t"] == "RawBlock":
        return []
    return None


def _markers_inline(node: Node) -> list[Node] | None:
    if node["t"] != "Span":
        return None
    category = _attr_category(node["c"][0])
    if category is None:
        # any other span (a bookmark, a highlight, another character style): its text only
        return rewrite_inlines(node["c"][1], _markers_block, _markers_inline)
    inner = rewrite_inlines(node["c"][1], on_inline=withheld_inline)
    if not plain_text(inner).strip():
        return inner  # a styled space withholds nothing
    return [{"t": "Span", "c": [marker_attr(category), inner]}]


def _markers_block(node: Node) -> list[Node] | None:
    if node["t"] != "Div":
        return None
    category = _attr_category(node["c"][0])
    if category is None:
        # pandoc wraps every paragraph of a non-default style ("Body Text", "Compact", …)
        return rewrite(node["c"][1], _markers_block, _markers_inline)
    inner = rewrite(node["c"][1], _withheld_block, withheld_inline)
    if not plain_text(inner).strip() and not _has(inner, ("Image", "Table")):
        return []
    return [{"t": "Div", "c": [marker_attr(category), inner]}]


def _has(blocks: list[Node], types: tuple[str, ...]) -> bool:
    found: list[Node] = []
    visit_all(blocks, lambda node: found.append(node) if node["t"] in types else None)
    return bool(found)


def _merge_adjacent(nodes: list[Node]) -> list[Node]:
    """Neighbouring markers of one category become one (Word splits runs at will)."""
    out: list[Node] = []
    for node in nodes:
        category = category_of(node)
        if out and category and category_of(out[-1]) == category and out[-1]["t"] == node["t"]:
            out[-1] = {"t": node["t"], "c": [out[-1]["c"][0], out[-1]["c"][1] + node["c"][1]]}
        else:
            out.append(node)
    return out


def step_markers(s: ImportState) -> None:
    """The four category styles become markers; every other style is unwrapped."""
    blocks = rewrite(s.blocks, _markers_block, _markers_inline)
    s.blocks = rewrite(blocks, each_list=_merge_adjacent)
    visit_all(s.blocks, lambda node: s.markers.update(c for c in [category_of(node)] if c))
