"""Pandoc: the document (without its properties) into pandoc's JSON AST, and the walkers that
rewrite that AST."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.word.state import PRIVATE_PARTS, SAVE_AS_DOCX, ImportState, Node, contents


def step_pandoc(s: ImportState) -> None:
    """The document, without its properties, as pandoc's JSON AST; images extracted."""
    import pypandoc

    copy = s.workdir / "document.docx"
    with zipfile.ZipFile(s.docx) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if not item.filename.startswith(PRIVATE_PARTS):
                target.writestr(item, source.read(item))
    try:
        output = pypandoc.convert_file(str(copy), "json", format="docx+styles",
                                       extra_args=[f"--extract-media={s.workdir / 'media'}"])
    except (RuntimeError, OSError) as exc:
        s.error(f"无法转换（pandoc：{str(exc).strip()[:300]}）。{SAVE_AS_DOCX}")
        return
    doc = json.loads(output)
    s.api_version = doc["pandoc-api-version"]
    s.blocks = doc["blocks"]
    # With the properties gone, pandoc's metadata holds only paragraphs in Word's
    # title-page styles; the title may stand in for an empty 标题, the rest is reported.
    meta = doc.get("meta", {})
    s.title = plain_text(meta["title"]).strip() if "title" in meta else ""
    dropped = {"subtitle": "副标题", "author": "作者", "date": "日期", "abstract": "摘要"}
    for key, style in dropped.items():
        if key in meta:
            s.warning(f"用了 Word 的「{style}」样式的段落不会导入正文。如果需要公开，请改用「正文」样式。")


Visit = Callable[[Node], "list[Node] | None"]


def _keep(_node: Node) -> None:
    return None


def _same(nodes: list[Node]) -> list[Node]:
    return nodes


def rewrite(blocks: list[Node], on_block: Visit = _keep, on_inline: Visit = _keep,
            each_list: Callable[[list[Node]], list[Node]] = _same) -> list[Node]:
    """Rewrite a list of blocks top-down.

    Each callback returns None to keep its node (and go on into its children), or the
    nodes to put in its place (not visited again: call ``rewrite`` on them if needed).
    ``each_list`` finishes every list of blocks or inlines once its members are done.
    """
    return _Walk(on_block, on_inline, each_list).blocks(blocks)


def rewrite_inlines(inlines: list[Node], on_block: Visit = _keep, on_inline: Visit = _keep) -> list[Node]:
    """``rewrite`` for a list of inlines."""
    return _Walk(on_block, on_inline, _same).inlines(inlines)


def visit_all(blocks: list[Node], see: Callable[[Node], None]) -> None:
    """Call ``see`` on every block and inline, outermost first."""

    def look(node: Node) -> None:
        see(node)

    rewrite(blocks, look, look)


@dataclass
class _Walk:
    on_block: Visit
    on_inline: Visit
    each_list: Callable[[list[Node]], list[Node]]

    def blocks(self, nodes: list[Node]) -> list[Node]:
        return self._list(nodes, self.on_block)

    def inlines(self, nodes: list[Node]) -> list[Node]:
        return self._list(nodes, self.on_inline)

    def _list(self, nodes: list[Node], visit: Visit) -> list[Node]:
        out: list[Node] = []
        for node in nodes:
            replaced = visit(node)
            out.extend(replaced if replaced is not None else [self.descend(node)])
        return self.each_list(out)

    def descend(self, node: Node) -> Node:
        t, c = node["t"], contents(node)
        B, I = self.blocks, self.inlines  # noqa: E741
        if t in ("Para", "Plain", *FORMATTING):
            c = I(c)
        elif t == "LineBlock":
            c = [I(line) for line in c]
        elif t in ("BlockQuote", "Note"):
            c = B(c)
        elif t == "OrderedList":
            c = [c[0], [B(item) for item in c[1]]]
        elif t == "BulletList":
            c = [B(item) for item in c]
        elif t == "DefinitionList":
            c = [[I(term), [B(d) for d in defs]] for term, defs in c]
        elif t == "Header":
            c = [c[0], c[1], I(c[2])]
        elif t == "Div":
            c = [c[0], B(c[1])]
        elif t in ("Span", "Quoted", "Cite"):
            c = [c[0], I(c[1])]
        elif t in ("Link", "Image"):
            c = [c[0], I(c[1]), c[2]]
        elif t == "Figure":
            c = [c[0], self.caption(c[1]), B(c[2])]
        elif t == "Table":
            attr, caption, specs, head, bodies, foot = c
            c = [attr, self.caption(caption), specs, [head[0], self.rows(head[1])],
                 [[b[0], b[1], self.rows(b[2]), self.rows(b[3])] for b in bodies],
                 [foot[0], self.rows(foot[1])]]
        else:
            return node
        return {"t": t, "c": c}

    def caption(self, caption: list[Any]) -> list[Any]:
        short, blocks = caption
        return [self.inlines(short) if short else short, self.blocks(blocks)]

    def rows(self, rows: list[Any]) -> list[Any]:
        return [[attr, [[ca, al, rs, cs, self.blocks(bl)] for ca, al, rs, cs, bl in cells]]
                for attr, cells in rows]


FORMATTING = ("Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps")
HTML_TAGS = {"Emph": "em", "Underline": "u", "Strong": "strong", "Strikeout": "del",
             "Superscript": "sup", "Subscript": "sub"}
BLOCK_TYPES = {"Plain", "Para", "LineBlock", "CodeBlock", "RawBlock", "BlockQuote", "OrderedList",
               "BulletList", "DefinitionList", "Header", "HorizontalRule", "Table", "Figure", "Div"}
NO_ATTR: list[Any] = ["", [], []]


def plain_text(node: Node | list[Node]) -> str:
    """The visible text of a node or list of nodes: blocks on lines of their own, no notes."""
    if isinstance(node, list):
        if node and node[0].get("t") in BLOCK_TYPES:
            return "\n".join(text for text in map(plain_text, node) if text)
        return "".join(map(plain_text, node))
    t, c = node["t"], contents(node)
    if t in ("Str", "MetaString"):
        return c
    if t in ("Space", "SoftBreak"):
        return " "
    if t == "LineBreak":
        return "\n"
    if t in ("Code", "Math", "CodeBlock"):
        return c[1]
    if t in ("Para", "Plain", "BlockQuote", "MetaInlines", "MetaBlocks", *FORMATTING):
        return plain_text(c)
    if t in ("Span", "Cite", "Link", "Div"):
        return plain_text(c[1])
    if t == "Quoted":
        left, right = ("‘", "’") if c[0]["t"] == "SingleQuote" else ("“", "”")
        return left + plain_text(c[1]) + right
    if t == "Header":
        return plain_text(c[2])
    if t in ("LineBlock", "BulletList"):
        return "\n".join(map(plain_text, c))
    if t == "OrderedList":
        return "\n".join(map(plain_text, c[1]))
    if t == "DefinitionList":
        return "\n".join(plain_text(term) + "\n" + "\n".join(map(plain_text, defs)) for term, defs in c)
    if t == "Figure":
        return plain_text(c[2])
    if t == "Table":
        return "\n".join(" ".join(map(plain_text, row)) for row in table_rows(node))
    return ""  # Note, Image, RawInline, RawBlock, HorizontalRule


def str_node(text: str) -> Node:
    return {"t": "Str", "c": text}


def raw_node(html: str) -> Node:
    return {"t": "RawInline", "c": ["html", html]}


def table_rows(table: Node) -> list[list[list[Node]]]:
    """Every row of a table (head, bodies, foot) as a list of cells' blocks."""
    _attr, _caption, _specs, head, bodies, foot = table["c"]
    rows = head[1] + [r for b in bodies for r in b[2] + b[3]] + foot[1]
    return [[cell[4] for cell in row[1]] for row in rows]
