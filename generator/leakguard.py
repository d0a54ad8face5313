"""The leak guard: proof, after every build, that nothing withheld reached the site.

Two checks over every file under the built site, and over every file and folder name:

1. **Withheld strings.** Each file is read in every spelling the output can use — as
   written, with HTML entities decoded, with tags removed (text split by tags), with
   %-escapes and JSON ``\\uXXXX`` escapes decoded, gzip unpacked — folded (NFKC, case,
   white space and zero-width characters removed) and matched against every string
   withheld in this build at once, with an Aho-Corasick automaton.
2. **Detectors.** The text of each file (HTML text and attribute values, JSON string
   values, XML/CSV/plain text; scripts and styles as written) is run through the
   personal-data detectors; any hit not on the public contact list is a finding.
   Theme files that are byte-for-byte the theme's own packaged assets are exempt from
   (minified code is full of digit runs).

A theme file that is byte-for-byte the theme's own packaged copy is verified by that
comparison instead of being read: nothing of a report can be in it.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import ahocorasick

from redaction.detectors import DetectorFinder
from redaction.schema import CATEGORIES, notice

INVISIBLE_OR_SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
TAG = re.compile(r"<[^>]*>")
JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
DIGIT_SEPARATORS = re.compile(r"(?<=\d)[\-.·_/()\u2010-\u2015]+(?=\d)")
NOTICES = [notice(c) for c in CATEGORIES]


@dataclass(frozen=True)
class Finding:
    """A withheld string, or unlisted personal data, found in the output."""

    path: str  # relative to the site root
    where: str  # line, or which decoded view of the file
    origin: str = ""  # where the string was withheld, "file:line"
    detected: str = ""  # or: what a detector found, masked

    def __str__(self) -> str:
        if self.detected:
            return f"{self.path}（{self.where}）含有未标记的{self.detected}"
        return f"{self.path}（{self.where}）含有在 {self.origin} 处被隐去的内容"


def fold(text: str) -> str:
    return INVISIBLE_OR_SPACE.sub("", unicodedata.normalize("NFKC", text).casefold())


def guarded(secrets: dict[str, str]) -> dict[str, str]:
    """Secrets long enough to mean something: two or more CJK characters, or six characters."""
    out: dict[str, str] = {}
    for secret, origin in secrets.items():
        folded = fold(secret)
        cjk = sum(1 for ch in folded if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
        if cjk >= 2 or len(folded) >= 6:
            out.setdefault(folded, origin)
            if sum(ch.isdigit() for ch in folded) >= 7:  # a number may come out as 0376-1234567 or 03761234567
                out.setdefault(DIGIT_SEPARATORS.sub("", folded), origin)
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
        ("去掉数字分隔符后", DIGIT_SEPARATORS.sub("", unicodedata.normalize("NFKC", TAG.sub("", unescaped)))),
    ]
    seen: set[str] = set()
    unique = []
    for name, view in out:
        if view not in seen:
            seen.add(view)
            unique.append((name, view))
    return unique


FOLDED_NOTICES = [fold(n) for n in NOTICES]


def _without_notices(folded: str) -> str:
    for n in FOLDED_NOTICES:
        folded = folded.replace(n, "\x00")
    return folded


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def scan(site: Path, secrets: dict[str, str], detectors: DetectorFinder | None = None,
         vendor: list[Path] | None = None) -> list[Finding]:
    """Every place under ``site`` where a withheld string or unlisted personal data appears.

    ``vendor``: the theme's folders, in the order the theme looks them up.
    """
    automaton = _automaton(guarded(secrets))
    vendor = vendor or []
    findings: list[Finding] = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        name = unquote(rel)
        if automaton is not None:
            hit = next(automaton.iter(_without_notices(fold(name))), None)
            if hit is not None:
                findings.append(Finding(rel, "文件名或文件夹名", hit[1]))
        if detectors is not None:
            findings.extend(Finding(rel, "文件名或文件夹名", detected=label) for label in
                            _detected(name, detectors))
        if not path.is_file() or _is_vendor(path, rel, vendor):
            continue
        text = read_text(path)
        if automaton is not None:
            for view_name, view in views(text):
                origin = _first_hit(automaton, view)
                if origin:
                    findings.append(Finding(rel, _locate(automaton, text) or view_name, origin))
                    break
        if detectors is not None:
            for label in _detected(detector_text(path, text), detectors):
                findings.append(Finding(rel, "正文或属性", detected=label))
    return findings


def _is_vendor(path: Path, rel: str, vendor: list[Path]) -> bool:
    """The file is, byte for byte, the theme's own copy of it."""
    for root in vendor:
        original = root / rel
        if original.is_file():
            return original.read_bytes() == path.read_bytes()
    return False


def _detected(text: str, detectors: DetectorFinder) -> list[str]:
    folded = unicodedata.normalize("NFKC", _without_notice_text(text)).casefold()
    return sorted({f"{d.label}（{mask(value)}）" for _, _, d, value in detectors.scan(folded)})


def _without_notice_text(text: str) -> str:
    for n in NOTICES:
        text = text.replace(n, " ")
    return text


def mask(value: str) -> str:
    """Enough of an identifier to find it in the report, not enough to publish it."""
    if len(value) <= 4:
        return "*" * len(value)
    keep = max(1, len(value) // 4)
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


class _TextAndAttributes(HTMLParser):
    """HTML as a reader and a crawler see it: text, and the values of attributes."""

    SKIP_ATTRIBUTES = {"class", "id", "d", "viewbox", "style", "for", "name", "type", "rel",
                       "tabindex", "role", "method", "width", "height", "fill", "xmlns", "lang",
                       "dir", "charset", "data-md-component", "data-md-state", "data-md-color-scheme",
                       "data-md-color-primary", "data-md-color-accent", "aria-hidden", "hidden",
                       "autocomplete", "autocorrect", "autocapitalize", "spellcheck", "required"}

    INLINE = {"a", "abbr", "b", "code", "del", "em", "i", "mark", "s", "small", "span", "strong", "sub",
              "sup", "u"}  # text on both sides of these reads as one run: 1381234<b>5678</b>

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.INLINE:
            self.parts.append("\n")
        for key, value in attrs:
            if value and key.lower() not in self.SKIP_ATTRIBUTES:
                self.attributes.append(unquote(value))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.INLINE:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _json_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _json_strings(k) + _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def detector_text(path: Path, text: str) -> str:
    """The text of a file as the detectors read it."""
    suffix = path.suffix if path.suffix != ".gz" else Path(path.stem).suffix
    if suffix in (".html", ".htm", ".xml", ".atom", ".rss", ".svg"):
        parser = _TextAndAttributes()
        parser.feed(text)
        parser.close()
        return "".join(parser.parts) + "\n" + "\n".join(parser.attributes)
    if suffix == ".json":
        try:
            return "\n".join(_json_strings(json.loads(text)))
        except ValueError:
            return text
    return text


def _first_hit(automaton: ahocorasick.Automaton, text: str) -> str | None:
    hit = next(automaton.iter(_without_notices(fold(text))), None)
    return hit[1] if hit is not None else None


def _locate(automaton: ahocorasick.Automaton, text: str) -> str | None:
    for number, line in enumerate(text.splitlines(), 1):
        if _first_hit(automaton, line):
            return f"第 {number} 行"
    return None
