"""The metadata table at the top of the template: it becomes the report's front matter; and the
template's 填写提示 paragraphs, which must be gone."""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import unicodedata
from typing import Any

from generator.word.markers import category_of
from generator.word.pandoc import plain_text, table_rows, visit_all
from generator.word.state import HINT, ImportState, Node
from redaction.schema import CATEGORIES, Date, Flag, ReportSchema, TermMap, TextList


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


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().rstrip(":：*").strip()


def _is_meta_table(node: Node) -> bool:
    if node["t"] != "Table":
        return False
    keys = [_key(plain_text(row[0])) for row in table_rows(node) if row]
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
    if index is None:  # not written in the template: the body comes through, as a draft to complete
        skeleton: dict[str, Any] = {"草稿": True}
        for f in ReportSchema.fields():
            if f.required:
                skeleton[f.key] = s.title if f.key == "标题" and s.title and not s.title.startswith(HINT) else ""
        s.meta = skeleton
        s.skeleton = [k for k, v in skeleton.items() if v == ""]
        return
    table = s.blocks.pop(index)
    known = [f.key for f in ReportSchema.fields()]
    found: dict[str, Any] = {}
    seen: set[str] = set()
    styled: dict[str, list[str]] = {}
    for number, row in enumerate(table_rows(table), 1):
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
    given = found.get("不予公开")
    terms: dict[str, list[str]] = given if isinstance(given, dict) else {}
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
