"""What CommonMark reads back exactly: Word's formatting, tables and blocks that markdown-it would
read otherwise are made plain."""

from __future__ import annotations

import re
from typing import Any

from generator.word.markers import category_of, marker_attr, withheld_inline
from generator.word.pandoc import FORMATTING, HTML_TAGS, NO_ATTR, plain_text, raw_node, rewrite, rewrite_inlines, str_node
from generator.word.state import ImportState, Node, contents


def _formatting_inline(node: Node) -> list[Node] | None:
    t, c = node["t"], contents(node)
    if category_of(node):
        return [node]  # already plain inside
    if t in HTML_TAGS:
        # raw tags, not **…**: CommonMark's delimiter rules leave **“重要”**的 unparsed
        tag = HTML_TAGS[t]
        inner = rewrite_inlines(c, _formatting_block, _formatting_inline)
        if t in ("Superscript", "Subscript") and all(n["t"] == "Note" for n in inner):
            return inner  # a footnote mark Word raised itself
        return [raw_node(f"<{tag}>"), *inner, raw_node(f"</{tag}>")] if plain_text(inner).strip() else inner
    if t in ("SmallCaps", "Cite", "Span"):
        return rewrite_inlines(c if t == "SmallCaps" else c[1], _formatting_block, _formatting_inline)
    if t == "Quoted":
        left, right = ("‘", "’") if c[0]["t"] == "SingleQuote" else ("“", "”")
        return [str_node(left), *rewrite_inlines(c[1], _formatting_block, _formatting_inline), str_node(right)]
    if t == "RawInline":
        return []
    if t == "Math":
        return [{"t": "Code", "c": [NO_ATTR, c[1]]}]
    if t == "Code":
        return [{"t": "Code", "c": [NO_ATTR, c[1]]}]
    if t == "Link":
        url = c[2][0]
        inner = rewrite_inlines(c[1], _formatting_block, _formatting_inline)
        if not re.match(r"(?i)(https?:|mailto:)", url):
            return inner  # bookmarks inside the document, file:///C:/Users/… paths
        return [{"t": "Link", "c": [NO_ATTR, inner, [url, ""]]}]
    if t == "Image":
        alt = rewrite_inlines(c[1], _formatting_block, withheld_inline)
        if re.search(r"[\\/]|\.(?:jpe?g|png|gif|bmp|tiff?|emf|wmf)\s*$", plain_text(alt), re.I):
            alt = [str_node("图片")]  # older Word stores the inserted file's path as its description
        return [{"t": "Image", "c": [NO_ATTR, alt, [c[2][0], ""]]}]
    return None


def _unformatted_inline(node: Node) -> list[Node] | None:
    if node["t"] in FORMATTING:
        return rewrite_inlines(node["c"], _formatting_block, _unformatted_inline)
    return _formatting_inline(node)


def _formatting_block(node: Node) -> list[Node] | None:
    if category_of(node):
        return [node]
    if node["t"] == "RawBlock":
        return []
    if node["t"] == "Header":
        # a bold heading is Word's look, not its text (and the sections are found by their text)
        level, _attr, inlines = node["c"]
        return [{"t": "Header", "c": [level, NO_ATTR, rewrite_inlines(inlines, _formatting_block,
                                                                      _unformatted_inline)]}]
    return None


def step_formatting(s: ImportState) -> None:
    """Emphasis as raw tags, quotes as characters, links only to the web, no attributes or ids."""
    s.blocks = rewrite(s.blocks, _formatting_block, _formatting_inline)


def _cell_inlines(blocks: list[Node]) -> list[Node]:
    """A table cell's blocks as one line of inlines (a pipe table cell holds no blocks)."""
    out: list[Node] = []

    def add(inlines: list[Node]) -> None:
        if out and inlines:
            out.append({"t": "Space"})
        out.extend({"t": "Space"} if n["t"] in ("LineBreak", "SoftBreak") else n for n in inlines)

    for block in blocks:
        t, c = block["t"], contents(block)
        category = category_of(block)
        if t in ("Para", "Plain"):
            add(c)
        elif t == "Header":
            add(c[2])
        elif category:
            add([{"t": "Span", "c": [marker_attr(category), _cell_inlines(c[1])]}])
        elif t == "Div":
            add(_cell_inlines(c[1]))
        elif t in ("BulletList", "OrderedList"):
            for item in c if t == "BulletList" else c[1]:
                add(_cell_inlines(item))
        elif t == "LineBlock":
            for line in c:
                add(line)
        elif t == "CodeBlock":
            add([{"t": "Code", "c": [NO_ATTR, " ".join(c[1].split())]}])
        elif t == "Figure":
            add(_cell_inlines(c[2]))
        else:
            text = " ".join(plain_text(block).split())
            if text:
                add([str_node(text)])
    return out


def _cell(inlines: list[Node], align: Any) -> list[Any]:
    return [NO_ATTR, align, 1, 1, [{"t": "Plain", "c": inlines}] if inlines else []]


def simple_table(table: Node) -> list[Node]:
    """A table GFM can write: one heading row, one line per cell, no merged cells, no caption."""
    _attr, caption, specs, head, bodies, foot = table["c"]
    columns = len(specs)
    rows = head[1] + [r for b in bodies for r in b[2] + b[3]] + foot[1]
    if not rows or not columns:
        return []
    grid: list[list[list[Node] | None]] = [[None] * columns for _ in rows]
    for r, (_row_attr, cells) in enumerate(rows):
        col = 0
        for _cell_attr, _align, row_span, col_span, blocks in cells:
            while col < columns and grid[r][col] is not None:
                col += 1  # covered by a cell merged from a row above
            if col >= columns:
                break
            for dr in range(max(row_span, 1)):
                for dc in range(max(col_span, 1)):
                    if r + dr < len(rows) and col + dc < columns:
                        grid[r + dr][col + dc] = []
            grid[r][col] = _cell_inlines(blocks)
            col += max(col_span, 1)
    aligns = [spec[0] for spec in specs]
    made = [[NO_ATTR, [_cell(cell or [], aligns[i]) for i, cell in enumerate(row)]] for row in grid]
    new = {"t": "Table", "c": [NO_ATTR, [None, []], [[a, {"t": "ColWidthDefault"}] for a in aligns],
                               [NO_ATTR, made[:1]], [[NO_ATTR, 0, [], made[1:]]], [NO_ATTR, []]]}
    captions = [{"t": "Para", "c": b["c"]} if b["t"] == "Plain" else b for b in caption[1]]
    return [*captions, new]


def step_tables(s: ImportState) -> None:
    """Every table as a GFM pipe table (pandoc would fall back to raw HTML for anything more)."""

    def visit(node: Node) -> list[Node] | None:
        if node["t"] == "Table":
            return simple_table(node)
        return None

    s.blocks = rewrite(s.blocks, on_block=visit)


def _blocks_block(node: Node) -> list[Node] | None:
    t, c = node["t"], contents(node)
    if t == "Figure":
        captions = [{"t": "Para", "c": b["c"]} if b["t"] == "Plain" else b for b in c[1][1]]
        return rewrite(c[2], on_block=_blocks_block) + rewrite(captions, on_block=_blocks_block)
    if t == "DefinitionList":
        out: list[Node] = []
        for term, definitions in c:
            out.append({"t": "Para", "c": term})
            for d in definitions:
                out.extend(rewrite(d, on_block=_blocks_block))
        return out
    if t == "LineBlock":
        inlines: list[Node] = []
        for line in c:
            inlines.extend([*([{"t": "LineBreak"}] if inlines else []), *line])
        return [{"t": "Para", "c": inlines}]
    if t == "OrderedList":
        # markdown-it numbers lists 1. 2. 3. only; Word's 一、 (1) a) become that
        attrs = [c[0][0], {"t": "Decimal"}, {"t": "Period"}]
        return [{"t": "OrderedList", "c": [attrs, _tight([rewrite(i, on_block=_blocks_block) for i in c[1]])]}]
    if t == "BulletList":
        return [{"t": "BulletList", "c": _tight([rewrite(i, on_block=_blocks_block) for i in c])}]
    if t == "CodeBlock":
        return [{"t": "CodeBlock", "c": [NO_ATTR, c[1]]}]
    return None


def _tight(items: list[list[Node]]) -> list[list[Node]]:
    """Items of one paragraph each (every Word list) as a tight list, without blank lines."""
    if all(len(item) == 1 and item[0]["t"] in ("Para", "Plain") for item in items):
        return [[{"t": "Plain", "c": item[0]["c"]}] for item in items]
    return items


def step_blocks(s: ImportState) -> None:
    """Figures as paragraphs, Word's lists as tight lists numbered 1. 2. 3."""
    s.blocks = rewrite(s.blocks, on_block=_blocks_block)
