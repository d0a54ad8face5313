"""The leak guard: proof, after every build, that nothing withheld reached the site.

Two checks over every file under the built site, and over every file and folder name:

1. **Withheld strings.** Each file is decoded the way a browser or a reader could decode
   it — JSON ``\\uXXXX`` escapes, HTML entities, %-escapes, gzip — and read twice, with
   tags and without them (text split by tags: ``张<b>建</b>华``), folded (NFKC, case,
   white space, zero-width characters and separators between digits removed) and matched
   against every string withheld in this build at once, with an Aho-Corasick automaton.
2. **Detectors.** The text of each file (HTML text and attribute values, JSON string
   values, XML/CSV/plain text, scripts and styles as written) is run through the
   personal-data detectors; any hit not on the public contact list is a finding.

A theme file that is byte-for-byte the theme's own packaged copy is verified by that
comparison instead of being read: nothing of a report can be in it (and minified code is
full of digit runs).

The guard reads output, it does not decide what is published: it reads *more* than a
parser would (every tag's attributes, comments, scripts), so plain regular expressions
over the HTML are the right tool here, and cheaper than a parser on every page.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import ahocorasick

from redaction.detectors import DetectorFinder
from redaction.schema import CATEGORIES, notice

INVISIBLE_OR_SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
DIGIT_SEPARATORS = re.compile(r"(?<=\d)[\-.·_/()\u2010-\u2015]+(?=\d)")
TAG = re.compile(r"<[^>]*>")
INLINE_TAG = re.compile(r"</?(?:a|abbr|b|code|del|em|i|mark|s|small|span|strong|sub|sup|u)\b[^>]*>", re.I)
ATTRIBUTE = re.compile(r"""\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
SKIP_ATTRIBUTES = {"class", "id", "d", "viewbox", "style", "for", "name", "type", "rel", "tabindex", "role",
                   "width", "height", "fill", "xmlns", "lang", "dir", "charset", "data-md-component"}
JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
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


def canon(text: str) -> str:
    """The one spelling secrets and output are compared in."""
    folded = INVISIBLE_OR_SPACE.sub("", unicodedata.normalize("NFKC", text).casefold())
    return DIGIT_SEPARATORS.sub("", folded)


CANON_NOTICES = [canon(n) for n in NOTICES]


def _without_notices(text: str) -> str:
    for n in CANON_NOTICES:
        text = text.replace(n, "\x00")
    return text


def guarded(secrets: dict[str, str]) -> dict[str, str]:
    """Secrets long enough to mean something: two or more CJK characters, or six characters."""
    out: dict[str, str] = {}
    for secret, origin in secrets.items():
        folded = canon(secret)
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


def _json_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _json_strings(k) + _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def _json_decoded(text: str) -> str:
    if text.lstrip().startswith(("{", "[")):
        try:
            return "\n".join(_json_strings(json.loads(text)))
        except ValueError:
            pass
    if "\\u" not in text:
        return text
    return JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def decoded(text: str) -> str:
    """Escapes of every kind the output uses, undone: JSON, then HTML entities, then %-escapes."""
    return unquote(html.unescape(_json_decoded(text)))


def views(text: str) -> list[tuple[str, str]]:
    """(name, canonical text) for each way a withheld string could be read in this text."""
    with_tags = _without_notices(canon(decoded(text)))
    return [("解码后", with_tags), ("去掉标签后", TAG.sub("", with_tags))]


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
            hit = _first_hit(automaton, _without_notices(canon(name)))
            if hit:
                findings.append(Finding(rel, "文件名或文件夹名", hit))
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


def _first_hit(automaton: ahocorasick.Automaton, canonical: str) -> str | None:
    hit = next(automaton.iter(canonical), None)
    return hit[1] if hit is not None else None


def _locate(automaton: ahocorasick.Automaton, text: str) -> str | None:
    for number, line in enumerate(text.splitlines(), 1):
        if any(_first_hit(automaton, view) for _, view in views(line)):
            return f"第 {number} 行"
    return None


def _is_vendor(path: Path, rel: str, vendor: list[Path]) -> bool:
    """The file is, byte for byte, the theme's own copy of it."""
    for root in vendor:
        original = root / rel
        if original.is_file():
            return original.read_bytes() == path.read_bytes()
    return False


def _detected(text: str, detectors: DetectorFinder) -> list[str]:
    for n in NOTICES:
        text = text.replace(n, " ")
    folded = unicodedata.normalize("NFKC", text).casefold()
    return sorted({f"{d.label}（{mask(value)}）" for _, _, d, value in detectors.scan(folded)})


def mask(value: str) -> str:
    """Enough of an identifier to find it in the report, not enough to publish it."""
    if len(value) <= 4:
        return "*" * len(value)
    keep = max(1, len(value) // 4)
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


def detector_text(path: Path, text: str) -> str:
    """The text of a file as the detectors read it."""
    suffix = path.suffix if path.suffix != ".gz" else Path(path.stem).suffix
    if suffix in (".html", ".htm", ".xml", ".atom", ".rss", ".svg"):
        attributes = [a or b or c for tag in TAG.findall(text)
                      for key, a, b, c in ATTRIBUTE.findall(tag) if key.lower() not in SKIP_ATTRIBUTES]
        # inline tags join the text on both sides (1381234<b>5678</b>); block tags separate it
        body = TAG.sub("\n", INLINE_TAG.sub("", text))
        return html.unescape(body + "\n" + "\n".join(unquote(a) for a in attributes))
    if suffix == ".json":
        return _json_decoded(text)
    return text
