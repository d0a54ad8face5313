"""Folded text: NFKC + casefold, with a map back to the original characters.

Term lists and detectors match on the folded form (so full-width digits, letters and
punctuation count), and the redactor uses the map to cut the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import repeat

NON_SPACE = re.compile(r"\S+")


def fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).casefold()


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds each character, filled as characters are met."""

    def __missing__(self, key: int) -> str:
        value = fold_char(chr(key))
        self[key] = value
        return value


FOLD = _FoldTable()


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
            if len(folded) == len(piece):  # no character folded to several: offsets carry over
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
