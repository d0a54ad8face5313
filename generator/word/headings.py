"""Heading levels as the writer chose them in Word, made the report's: the four sections at level 2.

Writers type the four sections of Art. 14 in whatever heading style they like — 标题 1 under a
标题 (the report's title), 标题 2 as the template does, sometimes 标题 3.  The report needs them at
level 2, so each section heading is set to level 2 and every heading under it moves by the
same amount (a 标题 2 under a 标题 1 section becomes level 3), never above level 3 nor past 6.
Headings before the first section are left as they are.  The messages the import prints
about headings speak of Word's styles, never of Markdown's 「#」 (``word_terms``).
"""

from __future__ import annotations

import re

from generator.word.pandoc import plain_text
from generator.word.state import ImportState, Node, contents
from redaction.schema import SECTIONS
from redaction.validate import section_name


def _is_section(node: Node) -> bool:
    return node["t"] == "Header" and section_name(plain_text(contents(node)[2])) in SECTIONS


def step_headings(s: ImportState) -> None:
    """The four sections at level 2, the headings under each moved with it."""
    section_level: int | None = None
    out: list[Node] = []
    for node in s.blocks:
        if node["t"] == "Header":
            level, attr, inlines = contents(node)
            if _is_section(node):
                section_level, level = level, 2
            elif section_level is not None:
                level = min(6, max(3, level - section_level + 2))
            node = {"t": "Header", "c": [level, attr, inlines]}
        out.append(node)
    s.blocks = out


SAME_STYLE = "它的标题样式与其他几节不同，请改为与它们相同的标题样式"
NEW_SECTION = (r"一节「\1」（在 Word 中另起一段写这一节的标题，如「一、基本情况」，"
               "在「开始」→「样式」中设为与其他几节相同的标题样式，如「标题 2」）")
_REWRITES = (
    (re.compile(r"标题「#+ (.+?)」应改为「## (.+?)」"), r"标题「\1」应改为「\2」"),
    (re.compile(r"它是.级标题（\d+ 个「#」），应为二级标题（2 个「#」）"), SAME_STYLE),
    (re.compile(r"二级标题「## (.+?)」"), NEW_SECTION),
    (re.compile(r"「## (.+?)」"), r"「\1」"),
)


def word_terms(message: str) -> str:
    """A report-format message about headings, in the words of someone who wrote it in Word."""
    for pattern, replacement in _REWRITES:
        message = pattern.sub(replacement, message)
    return message
