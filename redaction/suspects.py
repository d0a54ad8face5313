"""Names nobody marked: where the name detector reads a report, and what a reviewer decided.

The name detector (``redaction/names.py``) suspects; it withholds nothing.  This module runs it
over what would be published — every text of the token stream after the markers, the
不予公开 terms and the identifier detectors have done their work (paragraphs, headings,
table cells, list items, image descriptions), and the public front-matter values — and turns
each hit into a ``SuspectedName`` with its line, its sentence and why it was suspected.

A suspect ranked *public* (an official's title next to it, a configured public name) is
listed for the reviewer and needs nothing more.  Every other one holds the report back
until a reviewer decides, with ``gongkai approve``: ``--private 张三`` makes it a 不予公开
term of that report (recorded in the sign-off register beside the report, so no source is
modified; the leak guard then guards it like every other withheld string), ``--public
李明=理由`` accepts it as public with the reason.  The decisions are part of the sign-off; a
new suspect after an edit holds the report back again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from markdown_it.token import Token

from .folding import Folded
from .redactor import LINE_BREAKS, TEXT_CHILDREN

if TYPE_CHECKING:
    from .names import LacTagger, NameDetector

LineOf = Callable[[Token, int], int]
"""``Redactor.line_of``: (block token, line breaks before) → line in the file."""

BREAK = "｜"
"""Stands where a withheld passage or a cell boundary was: a name never runs across it."""
SENTENCE_END = re.compile(r"[。！？；!?;\n]")
SENTENCE_MAX = 60


@dataclass(frozen=True)
class SuspectedName:
    """One suspected name in a report, as the reviewer sees it."""

    name: str
    line: int
    sentence: str  # the sentence around it, as written (for the reviewer only: never published)
    rank: str  # "private", "unsure" or "public" (redaction/names.py)
    reasons: tuple[str, ...]
    place: str = "正文"  # or "元数据：<key>"

    @property
    def needs_decision(self) -> bool:
        return self.rank != "public"

    @property
    def why(self) -> str:
        return "；".join(self.reasons)


@lru_cache(maxsize=8)
def detector(public_names: frozenset[str] = frozenset()) -> NameDetector:
    """One name detector per process and set of public names (the model is loaded on first use)."""
    from .names import NameDetector

    return NameDetector(_tagger(), public_names=public_names)


@lru_cache(maxsize=1)
def _tagger() -> LacTagger:
    from .names import LacTagger

    return LacTagger()


def texts_of(tokens: list[Token]) -> Iterator[tuple[Token, str]]:
    """Each inline token with the text the public reads of it: a line break for each soft or hard
    break (a name may run across one), ``BREAK`` where a passage was withheld or an image begins or ends."""
    for token in tokens:
        if token.type != "inline" or token.children is None:
            continue
        pieces: list[str] = []
        for child in _flat(token.children):
            if child.type in TEXT_CHILDREN:
                pieces.append(child.content)
            elif child.type in LINE_BREAKS:
                pieces.append("\n")
            elif child.type in ("redaction", "image_open", "image_close"):
                pieces.append(BREAK)
        yield token, "".join(pieces)


def _flat(children: Iterable[Token]) -> Iterator[Token]:
    for child in children:
        if child.type == "image":  # its description is text the public reads
            yield Token("image_open", "", 0)
            yield from _flat(child.children or [])
            yield Token("image_close", "", 0)
        else:
            yield child


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around [start, end), at most ``SENTENCE_MAX`` characters."""
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    match = SENTENCE_END.search(text, end)
    right = match.end() if match else len(text)
    left, right = max(left, start - SENTENCE_MAX // 2), min(right, end + SENTENCE_MAX // 2)
    return text[left:right].replace("\n", "").replace(BREAK, "［不予公开］").strip()


def scan_text(text: str, public_names: frozenset[str]) -> list[tuple[int, int, str, str, tuple[str, ...]]]:
    """(start, end, name, rank, reasons) of each suspect in plain written text (folded for the detector)."""
    folded = Folded.build([text], keep_space=True)
    out: list[tuple[int, int, str, str, tuple[str, ...]]] = []
    for s in detector(public_names).scan(folded.text):
        start, end = folded.origin[s.start][1], folded.origin[s.end - 1][1] + 1
        out.append((start, end, s.name, s.rank, s.reasons))
    return out


SEGMENT_BREAK = f"{BREAK}\n\n{BREAK}"
"""Between two texts scanned together: a paragraph's end and a break, which no name runs across."""


def suspected(tokens: list[Token], line_of: LineOf, values: dict[str, str | list[str]], lines: dict[str, int],
              public_names: frozenset[str]) -> list[SuspectedName]:
    """Every suspect in the public front-matter values and in the token stream's visible text.

    All of a report's texts are scanned as one (joined by ``SEGMENT_BREAK``): the model then
    reads the report's windows in a few batches instead of a few per paragraph."""
    segments: list[tuple[str, str, Token | None, str]] = []  # (text, place, block token, key)
    for key, value in values.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and text.strip():
                segments.append((text, f"元数据：{key}", None, key))
    for token, text in texts_of(tokens):
        if text.strip():
            segments.append((text, "正文", token, ""))
    if not segments:
        return []
    starts, at = [], 0
    for text, *_ in segments:
        starts.append(at)
        at += len(text) + len(SEGMENT_BREAK)
    found: list[SuspectedName] = []
    for start, end, name, rank, reasons in scan_text(SEGMENT_BREAK.join(s[0] for s in segments), public_names):
        k = bisect_right(starts, start) - 1
        text, place, block, key = segments[k]
        start, end = start - starts[k], end - starts[k]
        if end > len(text):  # cannot happen (BREAK ends every name), but never report a span past its text
            end = len(text)
        line = lines.get(key, 1) if block is None else line_of(block, text.count("\n", 0, start))
        found.append(SuspectedName(name, line, sentence_at(text, start, end), rank, reasons, place))
    return found
