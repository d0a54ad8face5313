"""The leak guard: proof, after every build, that nothing withheld reached the site.

Every file under the built site (and every file and folder name) is read in each
spelling the output can use — as written, with HTML entities decoded, with tags removed
(text split by tags), with %-escapes and JSON ``\\uXXXX`` escapes decoded, gzip
unpacked — folded (NFKC, case, white space and zero-width characters removed) and
matched against every withheld string at once with an Aho-Corasick automaton.
"""

from __future__ import annotations

import gzip
import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import ahocorasick

from redaction.schema import CATEGORIES, notice

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
TAG = re.compile(r"<[^>]*>")
JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
NOTICES = [notice(c) for c in CATEGORIES]


@dataclass(frozen=True)
class Finding:
    """A withheld string found in the output."""

    path: str  # relative to the site root
    where: str  # line, or which decoded view of the file
    origin: str  # where the string was withheld, "file:line"

    def __str__(self) -> str:
        return f"{self.path}（{self.where}）含有在 {self.origin} 处被隐去的内容"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(INVISIBLE)
    return "".join(text.split())


def guarded(secrets: dict[str, str]) -> dict[str, str]:
    """Secrets long enough to mean something: two or more CJK characters, or six characters."""
    out: dict[str, str] = {}
    for secret, origin in secrets.items():
        folded = fold(secret)
        cjk = sum(1 for ch in folded if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
        if cjk >= 2 or len(folded) >= 6:
            out.setdefault(folded, origin)
    return out


def _automaton(secrets: dict[str, str]) -> ahocorasick.Automaton | None:
    if not secrets:
        return None
    automaton = ahocorasick.Automaton()
    for secret, origin in secrets.items():
        automaton.add_word(secret, origin)
    automaton.make_automaton()
    return automaton


def views(text: str) -> list[tuple[str, str]]:
    """(name, text) for each spelling a withheld string could take in this text."""
    unescaped = html.unescape(text)
    json_decoded = JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    out = [
        ("原文", text),
        ("HTML 实体解码后", unescaped),
        ("去掉标签后", TAG.sub("", unescaped)),
        ("URL 解码后", unquote(unescaped)),
        ("JSON 转义解码后", html.unescape(TAG.sub("", json_decoded))),
    ]
    return out


def _without_notices(folded: str) -> str:
    for n in NOTICES:
        folded = folded.replace(fold(n), "\x00")
    return folded


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def scan(site: Path, secrets: dict[str, str]) -> list[Finding]:
    """Every place under ``site`` where a withheld string appears, in any spelling."""
    automaton = _automaton(guarded(secrets))
    if automaton is None:
        return []
    findings: list[Finding] = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        name_view = _without_notices(fold(unquote(rel)))
        hit = next(automaton.iter(name_view), None)
        if hit is not None:
            findings.append(Finding(rel, "文件名或文件夹名", hit[1]))
        if not path.is_file():
            continue
        text = read_text(path)
        for view_name, view in views(text):
            origin = _first_hit(automaton, view)
            if origin:
                findings.append(Finding(rel, _locate(automaton, text) or view_name, origin))
                break
    return findings


def _first_hit(automaton: ahocorasick.Automaton, text: str) -> str | None:
    hit = next(automaton.iter(_without_notices(fold(text))), None)
    return hit[1] if hit is not None else None


def _locate(automaton: ahocorasick.Automaton, text: str) -> str | None:
    for number, line in enumerate(text.splitlines(), 1):
        if _first_hit(automaton, line):
            return f"第 {number} 行"
    return None
