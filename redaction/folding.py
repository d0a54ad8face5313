"""Folded text: the one spelling that redactor, detectors and leak guard compare text in.

NFKC + casefold; traditional characters as simplified ones (張三豐 is 张三丰 to a reader;
OpenCC's character table, one character for one; the leak guard looks for the traditional
spellings of each withheld string instead); and every character a reader does not
see removed (``IGNORABLE``: format characters such as the zero-width space and soft hyphen,
Unicode's other default-ignorable code points such as the Hangul filler and variation
selectors, combining marks, the blank braille pattern): 「张\u200b建华」 is 张建华 on the page.
White space is kept or dropped by the caller (detectors need it to tell numbers apart; term
lists match across it), and every Unicode white space counts (tab, line break, U+3000 …).
``Folded`` keeps a map back to the original characters, so the redactor can cut the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

NON_SPACE = re.compile(r"\S+")


def _ignorable_ranges() -> str:
    """``IGNORABLE`` as a regex class body, from Python's Unicode tables."""
    extra = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0, *range(0x180B, 0x1810),
             *range(0xFE00, 0xFE10), *range(0xFFF0, 0xFFF9), *range(0xE0000, 0xE1000)}
    codes = [c for c in (*range(0x30000), *range(0xE0000, 0xE1000))
             if c in extra or unicodedata.category(chr(c)) in ("Cf", "Mn", "Me")]
    ranges: list[tuple[int, int]] = []
    for c in codes:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


IGNORABLE_CHARS = _ignorable_ranges()
"""Characters a reader does not see, as a regex class body (for text not folded character by
character: the leak guard's pages, the detectors' views): categories Cf (format), Mn and Me
(combining marks), the other default-ignorable code points (Hangul fillers U+115F, U+1160,
U+3164, U+FFA0; variation selectors; U+034F), and the blank braille pattern U+2800."""
IGNORABLE = re.compile(f"[{IGNORABLE_CHARS}]")


@lru_cache(maxsize=1)
def t2s() -> dict[int, str]:
    """Traditional → simplified, character for character (OpenCC's table; a ``str.translate`` table)."""
    import opencc

    chars = "".join(chr(c) for c in range(0x3400, 0xA000)) + "".join(chr(c) for c in range(0xF900, 0xFB00))
    simplified = opencc.OpenCC("t2s").convert(chars)
    if len(simplified) != len(chars):  # a table that is not one for one would shift every offset
        raise RuntimeError("OpenCC 的繁简对照不是逐字对应的，无法用于比对")
    return {ord(a): b for a, b in zip(chars, simplified) if a != b and len(b) == 1}


def fold_char(ch: str) -> str:
    """One character as compared: NFKC, casefolded, simplified; what a reader does not see vanishes."""
    if IGNORABLE.match(ch):
        return ""
    return IGNORABLE.sub("", unicodedata.normalize("NFKC", ch).casefold()).translate(t2s())


_UNUSUAL = re.compile(r"[^\x00-\x7e\u4e00-\u9fff\u3001-\u303f\uff01-\uff9f]+")
"""Runs of characters outside ASCII, CJK and its punctuation: the only places an ignorable one can be
(a simple class is read many times faster than ``IGNORABLE``'s thousand ranges)."""


def without_ignorable(text: str) -> str:
    """``text`` without what a reader does not see, for text folded as a whole (the leak guard's)."""
    return _UNUSUAL.sub(lambda m: IGNORABLE.sub("", m.group()), text)


@lru_cache(maxsize=1)
def _s2t() -> dict[str, str]:
    out: dict[str, str] = {}
    for traditional, simplified in t2s().items():
        out[simplified] = out.get(simplified, simplified) + chr(traditional)
    return out


def traditional_variants(text: str, limit: int = 64) -> list[str]:
    """``text`` (simplified) and the ways it can be written with traditional characters, up to ``limit``
    (张三丰 → 張三豐 …): the leak guard looks for each, instead of simplifying every page it reads."""
    table = _s2t()
    variants = [""]
    for ch in text:
        forms = table.get(ch, ch)
        if len(variants) * len(forms) > limit:
            return [text]
        variants = [v + f for v in variants for f in forms]
    return variants


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
