"""Word (.docx) reports into the report format: ``gongkai import`` (contract §5).

The pipeline is a list of named steps over one ``ImportState``:

    open → revisions → comments → hidden_text → pandoc → markers → meta_table → hints →
    formatting → tables → blocks → images → markdown → write → check

The first four read the .docx as a zip and refuse what Word carries inside a file but
does not show (tracked changes, comments, hidden text).  ``pandoc`` reads a copy without
the document properties (author, company, last modified by) into pandoc's JSON AST with
``docx+styles``; the next steps rewrite that AST: only the four category styles of Arts.
17/22 become markers, the metadata table becomes the front matter, and everything that
markdown-it (CommonMark) cannot read back exactly is made plain.  Pandoc's
``commonmark_x`` writer then writes the body, and the finished report is run through the
redaction pipeline so the writer hears about every problem at once.

Exit codes: 0 ok; 1 the document has problems (nothing, or a report with problems, was
written); 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import difflib
import json
import re
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import yaml

from generator.exits import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from redaction import images
from redaction.problems import Problems
from redaction.schema import CATEGORIES, Date, Flag, ReportSchema, TermMap, TextList

Node = dict[str, Any]
"""One element of pandoc's JSON AST: ``{"t": type, "c": contents}``."""

HINT = "【填写提示】"
"""Paragraphs of the template that start with this must be deleted before importing."""

SAVE_AS_DOCX = "请在 Word/WPS 中打开它，点「文件」→「另存为」，文件类型选「Word 文档（*.docx）」，再导入 .docx 文件。"

OLD_FORMATS = {
    ".doc": "旧版 Word 格式（.doc）",
    ".dot": "旧版 Word 模板格式（.dot）",
    ".wps": "WPS 文字格式（.wps）",
    ".wpt": "WPS 模板格式（.wpt）",
    ".rtf": "RTF 格式",
    ".odt": "OpenDocument 格式（.odt）",
}

WORD_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict Open XML"
)

REVISIONS = {
    "ins": "插入", "del": "删除", "moveFrom": "移动", "moveTo": "移动",
    "cellIns": "插入", "cellDel": "删除", "cellMerge": "格式修改",
    "rPrChange": "格式修改", "pPrChange": "格式修改", "sectPrChange": "格式修改",
    "tblPrChange": "格式修改", "tblPrExChange": "格式修改", "trPrChange": "格式修改",
    "tcPrChange": "格式修改", "tblGridChange": "格式修改", "numberingChange": "格式修改",
}
"""Elements of a tracked change (ECMA-376 §17.13.5), each with the kind Word calls it."""

PRIVATE_PARTS = ("docProps/", "customXml/", "word/comments", "word/people.xml")
"""Parts pandoc never gets to see: document properties, custom data, comments and their authors."""


@dataclass
class ImportState:
    """Everything known about one Word document as it moves through the import."""

    docx: Path
    out: Path
    shown: str  # the Word file as named in messages
    workdir: Path
    problems: Problems = field(default_factory=Problems)
    parts: dict[str, bytes] = field(default_factory=dict)  # the XML parts under word/
    roots: list[tuple[str, ElementTree.Element]] | None = None  # the same, parsed
    api_version: list[int] = field(default_factory=list)
    blocks: list[Node] = field(default_factory=list)
    title: str = ""  # the text of a paragraph in Word's "Title" style
    meta: dict[str, Any] = field(default_factory=dict)
    markers: Counter[str] = field(default_factory=Counter)
    images: dict[Path, bytes] = field(default_factory=dict)  # where to write → cleaned image
    markdown: str = ""
    written: bool = False

    def error(self, message: str, what: str | None = None) -> None:
        self.problems.error(self.shown, None, message, what)

    def warning(self, message: str, what: str | None = None) -> None:
        self.problems.warning(self.shown, None, message, what)


# ---------------------------------------------------------------- the .docx as a zip


def step_open(s: ImportState) -> None:
    """A .docx that exists and is a zip holding a Word document; anything else says what to do."""
    suffix = s.docx.suffix.lower()
    if suffix in OLD_FORMATS:
        s.error(f"是{OLD_FORMATS[suffix]}，无法导入。{SAVE_AS_DOCX}")
        return
    if not s.docx.is_file():
        s.error("找不到这个文件。请检查文件名和路径。")
        return
    if suffix not in (".docx", ".docm", ".dotx"):
        s.error(f"不是 Word 文档（扩展名「{s.docx.suffix or '无'}」）。只能导入 .docx 文件。")
        return
    head = s.docx.read_bytes()[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        s.error("实际上不是 .docx 文件：它是旧版 .doc 格式（只是扩展名改成了 .docx），"
                f"或者设置了打开密码。请取消密码，{SAVE_AS_DOCX}")
        return
    try:
        with zipfile.ZipFile(s.docx) as archive:
            s.parts = {name: archive.read(name) for name in archive.namelist()
                       if name.startswith("word/") and name.endswith(".xml")}
    except (zipfile.BadZipFile, OSError) as exc:
        s.error(f"不是有效的 .docx 文件（无法按 zip 读取：{exc}）。文件可能已损坏，{SAVE_AS_DOCX}")
        return
    if "word/document.xml" not in s.parts:
        s.error(f"不是 Word 文档（缺少 word/document.xml）。{SAVE_AS_DOCX}")


def _word_elements(s: ImportState) -> list[tuple[str, ElementTree.Element]]:
    """Every (part, root) of the document's XML parts, parsed once."""
    if s.roots is not None:
        return s.roots
    roots: list[tuple[str, ElementTree.Element]] = []
    for name, data in sorted(s.parts.items()):
        try:
            roots.append((name, ElementTree.fromstring(data)))
        except ElementTree.ParseError as exc:
            s.error(f"的内部文件 {name} 已损坏（{exc}）。{SAVE_AS_DOCX}")
    s.roots = roots
    return roots


def _local(tag: str) -> str | None:
    """The local name of a WordprocessingML element, or None for other namespaces."""
    namespace, _, name = tag[1:].partition("}")
    return name if namespace in WORD_NAMESPACES else None


def step_revisions(s: ImportState) -> None:
    """Unaccepted tracked changes carry deleted text inside the file: refuse them."""
    kinds: Counter[str] = Counter()
    for _name, root in _word_elements(s):
        for element in root.iter():
            name = _local(element.tag)
            if name in REVISIONS:
                kinds[REVISIONS[name]] += 1
    if kinds:
        found = "、".join(f"{kind} {n} 处" for kind, n in sorted(kinds.items()))
        s.error(f"有未接受的修订（{found}）。删除的文字和修订记录都保存在文件里，导入后可能被公开。"
                "请在 Word 中点「审阅」→「接受」→「接受所有修订」（或「拒绝」→「拒绝所有修订」），"
                "再点「修订」关闭修订，保存后重新导入。")


def step_comments(s: ImportState) -> None:
    """Comments travel inside the file with their authors' names: refuse them."""
    comments = anchors = 0
    for _name, root in _word_elements(s):
        for element in root.iter():
            name = _local(element.tag)
            if name == "comment":
                comments += 1
            elif name in ("commentRangeStart", "commentReference"):
                anchors += 1
    if comments or anchors:
        count = f" {comments} 条" if comments else ""
        s.error(f"有批注{count}。批注和批注人姓名都保存在文件里，导入后可能被公开。"
                "请在 Word 中点「审阅」→「删除」→「删除文档中的所有批注」，保存后重新导入。")


def _is_on(element: ElementTree.Element | None) -> bool:
    """A Word on/off property (w:vanish): present and not switched off."""
    if element is None:
        return False
    value = _value(element) or "true"
    return value.lower() not in ("0", "false", "off")


def step_hidden_text(s: ImportState) -> None:
    """Hidden text (font effect 隐藏) is invisible in Word but travels with the file: refuse it."""
    roots = dict(_word_elements(s))
    hidden_styles: set[str] = set()
    if "word/styles.xml" in roots:
        for style in roots["word/styles.xml"].iter():
            if _local(style.tag) == "style" and _is_on(_property(style, "rPr", "vanish")):
                hidden_styles.update(v for k, v in style.attrib.items() if k.endswith("}styleId"))
    count = 0
    for name, root in roots.items():
        if name == "word/styles.xml":
            continue
        parents = {child: parent for parent in root.iter() for child in parent}
        for run in root.iter():
            if _local(run.tag) != "r" or not _run_text(run):
                continue
            paragraph: ElementTree.Element | None = run
            while paragraph is not None and _local(paragraph.tag) != "p":
                paragraph = parents.get(paragraph)  # through hyperlinks, fields, content controls
            vanish = _property(run, "rPr", "vanish")
            if vanish is not None:
                count += _is_on(vanish)
            elif _value(_property(run, "rPr", "rStyle")) in hidden_styles or (
                    paragraph is not None and _value(_property(paragraph, "pPr", "pStyle")) in hidden_styles):
                count += 1
    if count:
        s.error(f"有隐藏文字 {count} 处（字体效果「隐藏」）。Word 平时不显示它们，但它们保存在文件里，"
                "导入后会被公开。请点「开始」→「显示/隐藏编辑标记」（¶），找到带虚线下划线的文字，"
                "删除它们或取消「隐藏」，保存后重新导入。")


def _property(element: ElementTree.Element, group: str, name: str) -> ElementTree.Element | None:
    """A formatting property of a run or paragraph, e.g. (run, "rPr", "vanish")."""
    for child in element:
        if _local(child.tag) == group:
            return next((c for c in child if _local(c.tag) == name), None)
    return None


def _value(element: ElementTree.Element | None) -> str | None:
    if element is None:
        return None
    return next((v for k, v in element.attrib.items() if k.endswith("}val")), None)


def _run_text(run: ElementTree.Element) -> str:
    """The run's own text (a text box inside it has paragraphs and runs of its own)."""
    return "".join(t.text or "" for t in run if _local(t.tag) == "t").strip()


# ---------------------------------------------------------------- pandoc


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


# ---------------------------------------------------------------- walking pandoc's AST

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
        t, c = node["t"], node.get("c")
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
    t, c = node["t"], node.get("c")
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
        return "\n".join(" ".join(map(plain_text, row)) for row in _table_rows(node))
    return ""  # Note, Image, RawInline, RawBlock, HorizontalRule


def _str(text: str) -> Node:
    return {"t": "Str", "c": text}


def _raw(html: str) -> Node:
    return {"t": "RawInline", "c": ["html", html]}


# ---------------------------------------------------------------- the four category styles


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


def _marker_attr(category: str) -> list[Any]:
    return ["", [], [["custom-style", category]]]


def category_of(node: Node) -> str | None:
    """The category of a marker span or div as ``markers`` leaves them, else None."""
    if node["t"] in ("Span", "Div"):
        pairs = node["c"][0][2]
        if len(pairs) == 1 and pairs[0][0] == "custom-style" and pairs[0][1] in CATEGORIES:
            return pairs[0][1]
    return None


def _withheld_inline(node: Node) -> list[Node] | None:
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
            return [_str(plain_text(node))]
        return rewrite_inlines(inner, on_inline=_withheld_inline)
    return None


def _withheld_block(node: Node) -> list[Node] | None:
    if node["t"] == "Div":
        return rewrite(node["c"][1], _withheld_block, _withheld_inline)
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
    inner = rewrite_inlines(node["c"][1], on_inline=_withheld_inline)
    if not plain_text(inner).strip():
        return inner  # a styled space withholds nothing
    return [{"t": "Span", "c": [_marker_attr(category), inner]}]


def _markers_block(node: Node) -> list[Node] | None:
    if node["t"] != "Div":
        return None
    category = _attr_category(node["c"][0])
    if category is None:
        # pandoc wraps every paragraph of a non-default style ("Body Text", "Compact", …)
        return rewrite(node["c"][1], _markers_block, _markers_inline)
    inner = rewrite(node["c"][1], _withheld_block, _withheld_inline)
    if not plain_text(inner).strip() and not _has(inner, ("Image", "Table")):
        return []
    return [{"t": "Div", "c": [_marker_attr(category), inner]}]


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
    visit_all(s.blocks, lambda node: s.markers.update([category_of(node)] if category_of(node) else []))


# ---------------------------------------------------------------- the metadata table


def _cell_lines(blocks: list[Node], terms: dict[str, list[str]]) -> list[str]:
    """A cell's text, one entry per line; the text of markers is also noted under its category."""

    def note(node: Node) -> None:
        category = category_of(node)
        for line in plain_text(node["c"][1]).split("\n") if category else []:
            listed = terms.setdefault(category, [])  # type: ignore[arg-type]
            if line.strip() and line.strip() not in listed:
                listed.append(line.strip())

    visit_all(blocks, note)
    lines: list[str] = []
    for block in blocks:
        if block["t"] in ("BulletList", "OrderedList"):
            items = block["c"] if block["t"] == "BulletList" else block["c"][1]
            lines.extend(line for item in items for line in plain_text(item).split("\n"))
        else:
            lines.extend(plain_text(block).split("\n"))
    return [" ".join(line.split()) for line in lines if line.strip()]


def _table_rows(table: Node) -> list[list[list[Node]]]:
    """Every row of a table (head, bodies, foot) as a list of cells' blocks."""
    _attr, _caption, _specs, head, bodies, foot = table["c"]
    rows = head[1] + [r for b in bodies for r in b[2] + b[3]] + foot[1]
    return [[cell[4] for cell in row[1]] for row in rows]


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().rstrip(":：*").strip()


def _is_meta_table(node: Node) -> bool:
    if node["t"] != "Table":
        return False
    keys = [_key(plain_text(row[0])) for row in _table_rows(node) if row]
    return sum(ReportSchema.field(k) is not None for k in keys) >= 2


DATE = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")
LIST_SEPARATORS = re.compile(r"[、，,；;]|\s+")
TRUE_WORDS, FALSE_WORDS = {"是", "true", "yes", "√"}, {"否", "false", "no"}


def parse_date(text: str) -> _dt.date | str:
    """2023年5月26日, 2023-5-26, 2023.05.26 (full-width digits too) → a date; else the text."""
    match = DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match:
        try:
            return _dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    return text


def split_list(lines: list[str]) -> list[str]:
    """A list typed in one cell: items separated by 、，；, spaces or new lines."""
    items: list[str] = []
    for line in lines:
        for item in LIST_SEPARATORS.split(line):
            item = item.strip().lstrip("-•·●").strip()
            if item:
                items.append(item)
    return items


def _join(lines: list[str]) -> str:
    """Lines of one text value; a space only where two words of Latin script meet."""
    text = ""
    for line in lines:
        if text and text[-1].isascii() and text[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            text += " "
        text += line
    return text


def parse_terms(lines: list[str], s: ImportState) -> dict[str, list[str]]:
    """不予公开, one category a line: 个人隐私：张三、李四."""
    terms: dict[str, list[str]] = {}
    for line in lines:
        category, colon, rest = re.split(r"([:：])", line, maxsplit=1) if re.search(r"[:：]", line) \
            else (line, "", "")
        if not colon:
            s.error(f"的这一行「{line}」应写作「类别：词语、词语」，如「个人隐私：张三、李四」，"
                    f"类别为{'、'.join(CATEGORIES)}之一。", "元数据表格 不予公开")
            continue
        items = terms.setdefault(_key(category), [])
        items.extend(i for i in split_list([rest]) if i not in items)
    return terms


def meta_value(key: str, lines: list[str], s: ImportState) -> Any:
    """A metadata cell's lines as the front-matter value of ``key``."""
    f = ReportSchema.field(key)
    if isinstance(f, TextList):
        return split_list(lines)
    if isinstance(f, TermMap):
        return parse_terms(lines, s)
    text = _join(lines)
    if isinstance(f, Date):
        return parse_date(text)
    if isinstance(f, Flag):
        word = text.strip().lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else text
    return text


def step_meta_table(s: ImportState) -> None:
    """The metadata table (key | value | hint) becomes the front matter and leaves the body."""
    index = next((i for i, b in enumerate(s.blocks) if _is_meta_table(b)), None)
    if index is None:
        s.error("中没有找到元数据表格（第一列依次为「标题」「决策名称」「执行单位」等的表格）。"
                "请用模板 templates/评估报告模板.docx 撰写报告，并保留其中的元数据表格。")
        return
    table = s.blocks.pop(index)
    known = [f.key for f in ReportSchema.fields()]
    found: dict[str, Any] = {}
    seen: set[str] = set()
    styled: dict[str, list[str]] = {}
    for number, row in enumerate(_table_rows(table), 1):
        key = _key(plain_text(row[0])) if row else ""
        lines = _cell_lines(row[1], styled) if len(row) > 1 else []
        if ReportSchema.field(key) is None:
            if number == 1 or (not key and not lines):
                continue  # the heading row (项目 | 内容 | 填写说明), or an empty row
            hint = difflib.get_close_matches(key, known, n=1, cutoff=0.4)
            guess = f"是否想写「{hint[0]}」？" if hint else "可用的项目见模板。"
            s.error(f"第 {number} 行的「{key}」不是已知的项目（{guess}）请改正或删除这一行。", "元数据表格")
            continue
        if key in seen:
            s.error(f"第 {number} 行「{key}」重复出现。请删除其中一行。", "元数据表格")
            continue
        seen.add(key)
        if lines:
            found[key] = meta_value(key, lines, s)
    if "标题" not in found and s.title and not s.title.startswith(HINT):
        found["标题"] = s.title
    terms = found.get("不予公开") if isinstance(found.get("不予公开"), dict) else {}
    for category, items in styled.items():
        # a styled word in a metadata cell is withheld wherever it appears
        merged = terms.setdefault(category, [])
        merged.extend(i for i in items if i not in merged)
    if terms:
        found["不予公开"] = terms
    s.meta = {k: found[k] for k in known if k in found}


def step_hints(s: ImportState) -> None:
    """The template's 【填写提示】 paragraphs are for the writer, never for the public."""
    left: list[str] = []

    def look(node: Node) -> None:
        if node["t"] in ("Para", "Plain", "Header") and plain_text(node).lstrip().startswith(HINT):
            left.append(plain_text(node).strip())

    visit_all(s.blocks, look)
    for text in left:
        shown = text if len(text) <= 30 else text[:30] + "……"
        s.error(f"模板中的填写提示「{shown}」还没有删除。请删除所有以「{HINT}」开头的段落，保存后重新导入。")


# ---------------------------------------------------------------- what CommonMark reads back exactly


def _formatting_inline(node: Node) -> list[Node] | None:
    t, c = node["t"], node.get("c")
    if category_of(node):
        return [node]  # already plain inside
    if t in HTML_TAGS:
        # raw tags, not **…**: CommonMark's delimiter rules leave **“重要”**的 unparsed
        tag = HTML_TAGS[t]
        inner = rewrite_inlines(c, _formatting_block, _formatting_inline)
        if t in ("Superscript", "Subscript") and all(n["t"] == "Note" for n in inner):
            return inner  # a footnote mark Word raised itself
        return [_raw(f"<{tag}>"), *inner, _raw(f"</{tag}>")] if plain_text(inner).strip() else inner
    if t in ("SmallCaps", "Cite", "Span"):
        return rewrite_inlines(c if t == "SmallCaps" else c[1], _formatting_block, _formatting_inline)
    if t == "Quoted":
        left, right = ("‘", "’") if c[0]["t"] == "SingleQuote" else ("“", "”")
        return [_str(left), *rewrite_inlines(c[1], _formatting_block, _formatting_inline), _str(right)]
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
        alt = rewrite_inlines(c[1], _formatting_block, _withheld_inline)
        if re.search(r"[\\/]|\.(?:jpe?g|png|gif|bmp|tiff?|emf|wmf)\s*$", plain_text(alt), re.I):
            alt = [_str("图片")]  # older Word stores the inserted file's path as its description
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
        t, c = block["t"], block.get("c")
        category = category_of(block)
        if t in ("Para", "Plain"):
            add(c)
        elif t == "Header":
            add(c[2])
        elif category:
            add([{"t": "Span", "c": [_marker_attr(category), _cell_inlines(c[1])]}])
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
                add([_str(text)])
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
    t, c = node["t"], node.get("c")
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


# ---------------------------------------------------------------- images


def _publishable(path: Path, workdir: Path) -> images.Asset:
    """The image re-encoded without metadata; BMP and TIFF become PNG first."""
    if path.suffix.lower() not in images.ALLOWED:
        from PIL import Image, UnidentifiedImageError

        try:
            if path.stat().st_size > images.MAX_BYTES:
                raise ValueError(f"文件大于 {images.MAX_BYTES // 2**20} MB。{images.SHRINK}")
            with Image.open(path, formats=["BMP", "TIFF"]) as image:
                if image.width * image.height > images.MAX_PIXELS:  # before decoding: a bomb stops here
                    raise ValueError(f"{image.width}×{image.height} 像素，过大。{images.SHRINK}")
                image.load()
                converted = workdir / f"{path.stem}.png"
                image.save(converted, format="PNG")
        except ValueError:
            raise
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
            raise ValueError(f"格式「{path.suffix}」无法转换（{exc.__class__.__name__}）") from exc
        path = converted
    return images.clean(path)


def step_images(s: ImportState) -> None:
    """Images beside the report, re-encoded without EXIF/GPS, named by their content."""
    media = (s.workdir / "media").resolve()
    folder = s.out.parent / s.out.stem / "images"
    number = 0

    def visit(node: Node) -> list[Node] | None:
        nonlocal number
        if node["t"] != "Image":
            return None
        number += 1
        attr, alt, (url, title) = node["c"]
        path = Path(url)
        if not path.is_absolute() or not path.resolve().is_relative_to(media) or not path.is_file():
            s.error(f"的第 {number} 张图片是链接到外部文件的，没有保存在文档里。"
                    "请在 Word 中删除它，用「插入」→「图片」重新插入（不要选「链接到文件」）。")
            return []
        try:
            asset = _publishable(path, s.workdir)
        except ValueError as exc:
            s.error(f"的第 {number} 张图片无法使用：{exc}。请在 Word 中右键图片「另存为图片」"
                    "保存为 PNG 或 JPEG，删除原图后用「插入」→「图片」重新插入。")
            return []
        name = PurePosixPath(asset.name).name
        s.images[folder / name] = asset.data
        return [{"t": "Image", "c": [attr, alt, [f"{s.out.stem}/images/{name}", title]]}]

    s.blocks = rewrite(s.blocks, on_inline=visit)


# ---------------------------------------------------------------- writing


def front_matter(meta: dict[str, Any]) -> str:
    """The YAML block, keys in schema order, Chinese as it is."""
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000,
                          default_flow_style=False)
    return f"---\n{text}---\n"


def step_markdown(s: ImportState) -> None:
    """The body through pandoc's CommonMark writer; the front matter written here."""
    import pypandoc

    doc = {"pandoc-api-version": s.api_version, "meta": {}, "blocks": s.blocks}
    try:
        # -smart: keep “” —— … as typed (the writer would make them ASCII)
        body = pypandoc.convert_text(json.dumps(doc, ensure_ascii=False), "commonmark_x-smart-raw_attribute",
                                     format="json", extra_args=["--wrap=none"])
    except (RuntimeError, OSError) as exc:
        s.error(f"无法写出 Markdown（pandoc：{str(exc).strip()[:300]}）。")
        return
    body = body.replace("\r\n", "\n")
    if re.search(r"^ *<(?:table|figure|div)\b", body, re.I | re.M):
        # never expected: the steps above leave nothing that pandoc must write as an HTML block
        s.error("中有无法转换为 Markdown 的内容（转换结果含 HTML 表格或区块）。请简化其中的表格后重新导入。")
        return
    s.markdown = front_matter(s.meta) + "\n" + body.strip("\n") + "\n"


def step_write(s: ImportState) -> None:
    """The report and its images; nothing else is touched."""
    s.out.parent.mkdir(parents=True, exist_ok=True)
    for path, data in s.images.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    s.out.write_text(s.markdown, encoding="utf-8", newline="\n")
    s.written = True


def step_check(s: ImportState) -> None:
    """The report as ``gongkai check`` sees it: every problem now, not at build time."""
    from generator.dates import build_date
    from redaction.pipeline import ReportState, run

    shown = _shown(s.out)
    state = ReportState(path=s.out, file=shown, year=s.out.parent.name, name=s.out.stem,
                        build_date=build_date())
    state.raw = s.markdown.encode("utf-8")
    run(state)
    s.problems.extend(state.problems)
    if not (s.out.parent.name.isdigit() and len(s.out.parent.name) == 4):
        s.problems.warning(shown, None, "报告应放在「reports/年份/文件名.md」中（如 reports/2024/laojiu.md），"
                           "gongkai build 才会发布它；请移动文件（连同同名的图片文件夹），或用 --out 指定。")


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


Step = Callable[[ImportState], None]

STEPS: list[tuple[str, Step]] = [
    ("open", step_open),
    ("revisions", step_revisions),
    ("comments", step_comments),
    ("hidden_text", step_hidden_text),
    ("pandoc", step_pandoc),
    ("markers", step_markers),
    ("meta_table", step_meta_table),
    ("hints", step_hints),
    ("formatting", step_formatting),
    ("tables", step_tables),
    ("blocks", step_blocks),
    ("images", step_images),
    ("markdown", step_markdown),
    ("write", step_write),
    ("check", step_check),
]

CHECKPOINTS = {"open", "hidden_text", "pandoc", "hints", "markdown"}
"""After these, a document with errors goes no further: the zip checks all run first, so
one message lists every refusal; nothing is written while any error is known."""


def run(state: ImportState, steps: list[tuple[str, Step]] | None = None) -> ImportState:
    """Run the steps over one document, stopping at the first checkpoint with errors."""
    for name, step in steps or STEPS:
        step(state)
        if name in CHECKPOINTS and state.problems.errors:
            break
    return state


def convert(docx: Path, out: Path, shown: str | None = None) -> ImportState:
    """Import one Word document to ``out`` (a .md path); problems are in the state."""
    with tempfile.TemporaryDirectory(prefix="gongkai-import-") as work:
        return run(ImportState(docx=docx, out=out, shown=shown or docx.as_posix(), workdir=Path(work)))


# ---------------------------------------------------------------- the command


def _safe_name(name: str) -> bool:
    return bool(name) and all(c.isalnum() or c in "-_" for c in name)


def _targets(args: argparse.Namespace) -> list[tuple[Path, Path]] | str:
    """(Word file, report file) pairs, or why the arguments do not make sense."""
    files = [Path(f) for f in args.files]
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() == ".md":
        if len(files) > 1:
            return f"--out {args.out} 是一个文件，只能在转换一个 Word 文件时使用；转换多个文件时请给出目录。"
        return [(files[0], out)]
    return [(f, (out if out is not None else f.parent) / f"{f.stem}.md") for f in files]


def cmd_import(args: argparse.Namespace) -> int:
    """``gongkai import FILE.docx... [--out PATH]``: Word reports into the report format."""
    targets = _targets(args)
    if isinstance(targets, str):
        print(f"gongkai：参数有误：{targets}", file=sys.stderr)
        return EXIT_USAGE
    status = EXIT_OK
    for docx, out in targets:
        if docx.suffix.lower() not in OLD_FORMATS and not _safe_name(out.stem):
            print(f"{docx.as_posix()} 输出文件名「{out.stem}」会成为公开网址的一部分，只能包含文字、数字、「-」和「_」。"
                  f"请用 --out 指定，如：gongkai import {docx.as_posix()} --out reports/2024/laojiu.md",
                  file=sys.stderr)
            status = EXIT_INPUT
            continue
        if out.exists() and not args.replace:  # a report edited by hand after an earlier import is a source
            print(f"{_shown(out)} 已经存在，不会被覆盖。要用这份 Word 文件重新导入并替换它，请加 --replace；"
                  "或用 --out 写到另一个文件。", file=sys.stderr)
            status = EXIT_INPUT
            continue
        state = convert(docx, out)
        for problem in [*state.problems.warnings, *state.problems.errors]:
            print(problem, file=sys.stderr)
        if state.written:
            found = "、".join(f"{c} {n} 处" for c, n in sorted(state.markers.items())) or "无"
            print(f"已导入：{docx.as_posix()} → {_shown(out)}（不予公开标记：{found}；图片 {len(state.images)} 张）")
        if state.problems.errors:
            status = EXIT_INPUT
            if state.written:
                print(f"{_shown(out)} 已写出，但还有上述 {len(state.problems.errors)} 个问题。"
                      "请在 Word 中改正后重新导入（加 --replace 替换这次写出的文件）。", file=sys.stderr)
            else:
                print(f"{docx.as_posix()} 未导入，请按提示修改后重试。", file=sys.stderr)
    return status
