"""Validation of a report against contract §2 (front matter) and §3 (body sections)."""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from typing import Any

from markdown_it.token import Token

from .problems import Problems
from .schema import SECTIONS, Date, ReportSchema
from .source import Source, nfkc

DATE_ORDER = ("司法审核日期", "政府审定日期", "发布日期")


def check_meta(source: Source, file: str, problems: Problems) -> None:
    """Every key known, every required key present, every value of the right kind."""
    meta, lines = source.meta, source.meta_lines
    known = [f.key for f in ReportSchema.fields()]
    for key in meta:
        if ReportSchema.field(key) is None:
            hint = difflib.get_close_matches(key, known, n=1, cutoff=0.4)
            guess = f"是否想写「{hint[0]}」？" if hint else "可用的键见报告格式说明。"
            problems.error(file, lines.get(key, 1), f"「{key}」不是已知的元数据键（{guess}）"
                           "未知的键不会被静默丢弃，请改正或删除。")
    for f in ReportSchema.fields():
        value = meta.get(f.key)
        if value is None:
            if f.required:
                problems.error(file, 2 if not lines else min(lines.values()),
                               f"缺失：这是必填项，应为{f.expected()}。", f.key)
            continue
        if isinstance(f, Date) and isinstance(value, str):
            value = _lenient_date(value)
            if value is not None:
                meta[f.key] = value
        reason = f.check(meta[f.key])
        if reason:
            found = "" if reason.startswith("中") else f"「{_show(meta[f.key])}」"
            problems.error(file, lines.get(f.key), f"{found}{reason}", f.key)
    _check_entrusted(meta, lines, file, problems)
    _check_date_order(meta, lines, file, problems)


def _lenient_date(value: str) -> _dt.date | None:
    """Dates typed as text (quoted, or with full-width digits) are still dates."""
    text = nfkc(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            return None
    return None


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _check_entrusted(meta: dict[str, Any], lines: dict[str, int], file: str, problems: Problems) -> None:
    entrusted = meta.get("评估方式") == "委托评估"
    has_agency = bool(meta.get("受托机构"))
    if entrusted and not has_agency:
        problems.error(file, lines.get("评估方式"), "缺失：评估方式为「委托评估」时必须填写受托机构（第二十条）。",
                       "受托机构")
    if has_agency and meta.get("评估方式") == "自行评估":
        problems.error(file, lines.get("受托机构"),
                       "只在评估方式为「委托评估」时填写；本报告为「自行评估」，请删除受托机构或改正评估方式。",
                       "受托机构")


def _check_date_order(meta: dict[str, Any], lines: dict[str, int], file: str, problems: Problems) -> None:
    dates = [(k, meta.get(k)) for k in DATE_ORDER if isinstance(meta.get(k), _dt.date)]
    for (k1, d1), (k2, d2) in zip(dates, dates[1:]):
        if d1 > d2:  # type: ignore[operator]
            problems.error(file, lines.get(k2),
                           f"「{d2}」早于{k1}「{d1}」。日期顺序应为：司法审核日期 ≤ 政府审定日期 ≤ 发布日期。",
                           k2)


_SECTION_NUMBER = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）]?\s*[、.．:：]?|第[一二三四五六七八九十\d]+(?:部分|章|节)?[、.．:：]?)\s*")


def section_name(heading_text: str) -> str:
    """A heading's text without a leading number such as 一、 or 1. or （一）."""
    text = nfkc(heading_text).strip()
    return _SECTION_NUMBER.sub("", text, count=1).replace(" ", "")


def check_sections(tokens: list[Token], file: str, line_offset: int, problems: Problems) -> None:
    """The four Art. 14 sections, as level-2 headings, in order."""
    found: list[tuple[str, int]] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and i + 1 < len(tokens):
            line = line_offset + (token.map[0] if token.map else 0)
            found.append((section_name(tokens[i + 1].content), line))
    names = [name for name, _ in found]
    expected = "、".join(f"「## {s}」" for s in SECTIONS)
    last_line = line_offset
    position = -1
    for section in SECTIONS:
        if section not in names:
            problems.error(file, last_line, f"缺少第十四条要求的二级标题「## {section}」。"
                           f"报告正文应依次包含：{expected}。", "正文")
            continue
        index = names.index(section)
        line = found[index][1]
        if index < position:
            problems.error(file, line, f"二级标题「{section}」的顺序不对。应依次为：{expected}。", "正文")
        position = max(position, index)
        last_line = line
