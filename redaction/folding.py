"""Folded text: the one spelling that redactor, detectors and leak guard compare text in.

NFKC + casefold, and every *format* character (Unicode category Cf: zero-width space,
soft hyphen, word joiner, BOM, direction marks …) removed, since a reader never sees one:
「张\u200b建华」 is 张建华 on the page.  White space is kept or dropped by the caller
(detectors need it to tell numbers apart; term lists match across it), and every Unicode
white space counts (tab, line break, U+3000 ideographic space, no-break space …).
``Folded`` keeps a map back to the original characters, so the redactor can cut the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import repeat

NON_SPACE = re.compile(r"\S+")


def fold_char(ch: str) -> str:
    """One character as compared: NFKC, casefolded; format characters vanish."""
    if unicodedata.category(ch) == "Cf":
        return ""
    return unicodedata.normalize("NFKC", ch).casefold()


IRREGULAR: set[str] = set()
"""Characters met so far that fold to other than exactly one character."""


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds each character, filled as characters are met."""

    def __missing__(self, key: int) -> str:
        value = fold_char(chr(key))
        if len(value) != 1:
            IRREGULAR.add(chr(key))
        self[key] = value
        return value


FOLD = _FoldTable()


FORMAT_CHARS = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
                "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
                "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
"""Unicode category Cf as a regex class body (Python's Unicode tables; a test compares them), for
text that is not folded character by character: the leak guard's pages, the detectors' views."""
FORMAT = re.compile(f"[{FORMAT_CHARS}]")


def without_format(text: str) -> str:
    """``text`` without format characters: what ``fold`` drops, for text folded by other means."""
    return FORMAT.sub("", text)


def fold(text: str) -> str:
    """``text`` folded character by character (white space kept)."""
    return text.translate(FOLD)


@dataclass
class Folded:
    """``text`` is the folded string; ``origin[i]`` is the (piece, offset) it came from."""

    text: str = ""
    origin: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def build(cls, pieces: list[str], keep_space: bool) -> "Folded":
        out: list[str] = []
        origin: list[tuple[int, int]] = []
        for p, piece in enumerate(pieces):
            folded = piece.translate(FOLD)
            if len(folded) == len(piece) and IRREGULAR.isdisjoint(piece):  # one for one: offsets carry over
                offsets: list[int] = list(range(len(piece)))
            else:
                offsets = [k for k, ch in enumerate(piece) for _ in FOLD[ord(ch)]]
            if keep_space:
                out.append(folded)
                origin.extend(zip(repeat(p), offsets))
                continue
            for match in NON_SPACE.finditer(folded):
                out.append(match.group())
                origin.extend(zip(repeat(p), offsets[match.start():match.end()]))
        return cls("".join(out), origin)


def fold_term(term: str) -> str:
    """A term as the matcher sees it: folded, with all white space removed."""
    return "".join(term.translate(FOLD).split())
