"""Folded text: NFKC + casefold, with a map back to the original characters.

Term lists and detectors match on the folded form (so full-width digits, letters and
punctuation count), and the redactor uses the map to cut the original.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


def fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).casefold()


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
            for k, ch in enumerate(piece):
                folded = fold_char(ch)
                if not keep_space:
                    folded = "".join(c for c in folded if not c.isspace())
                for c in folded:
                    out.append(c)
                    origin.append((p, k))
        return cls("".join(out), origin)


def fold_term(term: str) -> str:
    """A term as the matcher sees it: folded, with all white space removed."""
    folded = "".join(fold_char(ch) for ch in term)
    return "".join(c for c in folded if not c.isspace())
