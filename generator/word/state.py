"""What the import knows of one Word document as it moves through the steps, and the facts about
Word files the steps share."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from redaction.problems import Problems
from redaction.suspects import SuspectedName

Node = dict[str, Any]
"""One element of pandoc's JSON AST: ``{"t": type, "c": contents}``."""


def contents(node: Node) -> Any:
    """A node's ``c`` (its shape depends on its type; absent for e.g. ``Space``)."""
    return node.get("c")

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
    suspects: list[SuspectedName] = field(default_factory=list)  # names nobody marked (redaction/suspects.py)
    skeleton: list[str] = field(default_factory=list)  # no metadata table: the fields left to fill in a draft
    written: bool = False

    def error(self, message: str, what: str | None = None) -> None:
        self.problems.error(self.shown, None, message, what)

    def warning(self, message: str, what: str | None = None) -> None:
        self.problems.warning(self.shown, None, message, what)


def shown_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
