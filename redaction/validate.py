"""Validation of a report against contract §2 (front matter) and §3 (body sections)."""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass
from typing import Any

from markdown_it.token import Token

from .problems import Problems
from .schema import SECTIONS, Date, Field, Flag, ReportSchema
from .source import Source, nfkc

DATE_ORDER = ("司法审核日期", "政府审定日期", "发布日期")


def check_meta(source: Source, file: str, problems: Problems) -> None:
    """Every key known, every required key present, every value of the right kind.

    The front matter arrives as text (see ``source.split``); a valid date becomes a
    ``datetime.date`` and a valid flag a ``bool`` here, in ``source.meta`` itself.
    """
    meta, lines = source.meta, source.meta_lines
    known = [f.key for f in ReportSchema.fields()]
    for key in lines:  # every key written, also one whose value was left empty
        if ReportSchema.field(key) is None:
            hint = difflib.get_close_matches(key, known, n=1, cutoff=0.4)
            guess = f"是否想写「{hint[0]}」？" if hint else "可用的键见报告格式说明。"
            problems.error(file, lines.get(key, 1), f"「{key}」不是已知的元数据键（{guess}）"
                           "未知的键不会被静默丢弃，请改正或删除。")
    for f in ReportSchema.fields():
        value = meta.get(f.key)
        if value is None:
            if f.required and f.key in lines:
                problems.error(file, lines[f.key], f"缺失：这是必填项，冒号后没有填写值。应为{f.expected()}。", f.key)
            elif f.required:
                problems.error(file, 2 if not lines else min(lines.values()),
                               f"缺失：这是必填项，应为{f.expected()}。", f.key)
            continue
        typed = _typed(f, value)
        if typed is not None:
            meta[f.key] = value = typed
        reason = f.check(value)
        if reason:
            found = "" if reason.startswith("中") else f"「{_show(value)}」"
            problems.error(file, lines.get(f.key), f"{found}{reason}", f.key)
    _check_entrusted(meta, lines, file, problems)
    _check_date_order(meta, lines, file, problems)


def _typed(f: Field, value: Any) -> Any:
    """A date's or a flag's text as a date or a bool, or None when it is not one (or no text)."""
    if not isinstance(value, str):
        return None
    if isinstance(f, Date):
        return _lenient_date(value)
    if isinstance(f, Flag):
        return flag_value(value)
    return None


_QUOTES = "\"'“”‘’「」『』"


def _lenient_date(value: str) -> _dt.date | None:
    """Dates typed as text (quoted, or with full-width digits) are still dates; YYYY-MM-DD only."""
    text = nfkc(value).strip().strip(_QUOTES).strip()
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:  # 2023-02-30
            return None
    return None


def flag_value(value: Any) -> bool | None:
    """A 草稿-style flag: True or False for the spellings ``schema.Flag`` accepts, else None."""
    if isinstance(value, bool):
        return value
    if not isinstance(value, str):
        return None
    text = nfkc(value).strip().strip(_QUOTES).strip().casefold()
    if text in Flag.TRUE:
        return True
    if text in Flag.FALSE:
        return False
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


@dataclass(frozen=True)
class _Heading:
    level: int
    text: str  # as written, without the 「#」s
    name: str  # without a leading number (see section_name)
    line: int


SECTION_CLOSENESS = 0.6
"""How like a required section a heading must be to be taken for it (基本情況 → 基本情况 is 0.75;
执行分析 → 内容分析 is 0.5: a different section, so the section counts as missing)."""


def check_sections(tokens: list[Token], file: str, line_offset: int, problems: Problems) -> None:
    """The four Art. 14 sections, as level-2 headings, in order.

    A heading that is nearly one of them (another character, a trailing colon, the wrong
    number of 「#」) is reported at its own line with what it should be.
    """
    headings = [_Heading(int(token.tag[1:]), tokens[i + 1].content.strip(), section_name(tokens[i + 1].content),
                         line_offset + (token.map[0] if token.map else 0))
                for i, token in enumerate(tokens)
                if token.type == "heading_open" and i + 1 < len(tokens) and tokens[i + 1].type == "inline"]
    found = [h for h in headings if h.level == 2 and h.name in SECTIONS]
    names = [h.name for h in found]
    expected = "、".join(f"「## {s}」" for s in SECTIONS)
    taken: set[int] = {id(h) for h in found}
    last_line = line_offset
    position = -1
    for section in SECTIONS:
        if section not in names:
            near = _nearest(section, [h for h in headings if id(h) not in taken])
            if near is not None:
                taken.add(id(near))
                problems.error(file, near.line, _near_miss(near, section), "正文")
                last_line = near.line
                continue
            problems.error(file, last_line, f"缺少第十四条要求的二级标题「## {section}」。"
                           f"报告正文应依次包含：{expected}。", "正文")
            continue
        index = names.index(section)
        line = found[index].line
        if index < position:
            problems.error(file, line, f"二级标题「{section}」的顺序不对。应依次为：{expected}。", "正文")
        position = max(position, index)
        last_line = line


def _nearest(section: str, headings: list[_Heading]) -> _Heading | None:
    """The heading most like ``section`` (difflib), if it is like enough to be meant for it."""
    def closeness(h: _Heading) -> float:
        return difflib.SequenceMatcher(None, h.name, section).ratio()

    candidates = [h for h in headings if closeness(h) >= SECTION_CLOSENESS]
    return max(candidates, key=closeness) if candidates else None


def _near_miss(heading: _Heading, section: str) -> str:
    """What is wrong with a heading meant as ``section``, and the heading to write instead."""
    written = f"{'#' * heading.level} {heading.text}"
    number = heading.text[: len(heading.text) - len(_SECTION_NUMBER.sub("", heading.text, count=1))]
    fix = f"## {number}{section}"
    reasons = []
    if heading.name != section:
        reasons.append(_differences(heading.text[len(number):].replace(" ", ""), section))
    if heading.level != 2:
        reasons.append(f"它是{_LEVELS.get(heading.level, str(heading.level))}级标题（{heading.level} 个「#」），"
                       "应为二级标题（2 个「#」）")
    return (f"标题「{written}」应改为「{fix}」：{'；'.join(reasons)}。"
            f"否则报告缺少第十四条要求的二级标题「## {section}」。")


_LEVELS = {1: "一", 3: "三", 4: "四", 5: "五", 6: "六"}


def _differences(name: str, section: str) -> str:
    """How ``name`` differs from ``section``, character by character (基本情況: 「況」应为「况」)."""
    parts = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, name, section).get_opcodes():
        if op == "replace":
            parts.append(f"「{name[a0:a1]}」应为「{section[b0:b1]}」")
        elif op == "delete":
            parts.append(f"多了「{name[a0:a1]}」")
        elif op == "insert":
            parts.append(f"少了「{section[b0:b1]}」")
    hint = "（繁体字应改为简体字）" if _is_traditional(name, section) else ""
    return "、".join(parts) + hint


def _is_traditional(name: str, section: str) -> bool:
    """Whether some character differs only as the traditional form of the section's character."""
    return any(_TRADITIONAL.get(a) == b for a, b in zip(name, section) if a != b)


_TRADITIONAL = {"況": "况", "內": "内", "結": "结", "論": "论", "議": "议", "說": "说", "問": "问", "題": "题"}
"""Traditional characters the four section names are typed with (a WPS or IME set to 繁體)."""
