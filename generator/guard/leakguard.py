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

A theme file that is byte-for-byte the theme's own packaged copy, and a Pagefind runtime
file (script, WebAssembly) that is byte-for-byte what this Pagefind writes for any site, is
verified by that comparison instead of being read: nothing of a report can be in it (and
minified code is full of digit runs).  Pagefind's index and fragments are gzip files under
other names: every file that starts with the gzip header is unpacked before it is read.

The guard reads output, it does not decide what is published: it reads *more* than a
parser would (every tag's attributes, comments, scripts), so plain regular expressions
over the HTML are the right tool here, and cheaper than a parser on every page.
"""

from __future__ import annotations

import gc
import gzip
import html
import json
import multiprocessing
import os
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from urllib.parse import unquote

import ahocorasick

from generator.search import chunks as pagefind_index
from generator.search import pagefind as search
from redaction.detectors import DASHES, GROUP_MARKS, DetectorFinder
from redaction.folding import t2s, traditional_variants, without_ignorable
from redaction.schema import CATEGORIES, notice

DIGIT_SEPARATORS = re.compile(rf"(?<=\d)[{DASHES}{GROUP_MARKS}]+(?=\d)")  # the detectors' separators
PERCENT_ESCAPES = re.compile(r"(?:%[0-9a-fA-F]{2})+")
TAG = re.compile(r"<[^>]*>")
INLINE_TAG = re.compile(r"</?(?:a|abbr|b|code|del|em|i|mark|s|small|span|strong|sub|sup|u|wbr)\b[^>]*>", re.I)
LINE_BREAK_TAG = re.compile(r"<br\b[^>]*>", re.I)
APART = "\n\x00\n"
"""Between texts a reader sees apart (table cells, blocks, attributes, JSON values): detectors join digits
across white space (a number broken over lines), but never across this."""
SKIP_ATTRIBUTES = ("class", "id", "d", "viewbox", "style", "for", "name", "type", "rel", "tabindex", "role",
                   "width", "height", "fill", "xmlns", "lang", "dir", "charset", "data-md-component")
# attribute values, except those that hold no text (SVG path data would read as digit runs)
ATTRIBUTE = re.compile(r"""\s(?!(?:%s)\s*=)[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"""
                       % "|".join(SKIP_ATTRIBUTES))
JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
NOTICES = [notice(c) for c in CATEGORIES]
PREVIEW_MARK = 'name="gongkai-preview"'  # every page of the reviewers' preview carries it

@dataclass(frozen=True)
class Finding:
    """A withheld string, or unlisted personal data, found in the output."""

    path: str  # relative to the site root
    where: str  # line, or which decoded view of the file
    origin: str = ""  # where the string was withheld, "file:line"
    detected: str = ""  # or: what a detector found, masked
    found: str = field(default="", repr=False)  # the withheld string or identifier as compared; never shown
    page: str = ""  # for a search index finding: the page whose words these are (its address)

    def __str__(self) -> str:
        if self.detected:
            return f"{self.path}（{self.where}）含有未标记的{self.detected}"
        return f"{self.path}（{self.where}）含有在 {self.origin} 处被隐去的内容"


def _squeezed(norm: str) -> str:
    """Normalized text without white space and separators between digits."""
    return DIGIT_SEPARATORS.sub("", "".join(norm.split()))


def canon(text: str) -> str:
    """The one spelling secrets and output are compared in."""
    return _squeezed(without_ignorable(unicodedata.normalize("NFKC", text).casefold()))


CANON_NOTICES = [canon(n) for n in NOTICES]


def _without_notices(text: str) -> str:
    for n in CANON_NOTICES:
        text = text.replace(n, "\x00")
    return text


def guarded(secrets: dict[str, str]) -> dict[str, str]:
    """Secrets long enough to mean something: two or more CJK characters, or six characters; each
    also in its traditional spellings when it is short (a name: 张三丰 is 張三豐 to a reader)."""
    out: dict[str, str] = {}
    for secret, origin in secrets.items():
        folded = canon(secret)
        cjk = sum(1 for ch in folded if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
        if cjk >= 2 or len(folded) >= 6:
            spellings = {folded}
            if cjk and len(folded) <= SHORT:
                spellings.update(traditional_variants(folded.translate(t2s())))
            for spelling in sorted(spellings):
                out.setdefault(spelling, origin)
    return out


SHORT = 12
"""Characters up to which a withheld string is also looked for in traditional spellings."""


def automaton_of(canonical: dict[str, str]) -> ahocorasick.Automaton | None:
    """The automaton ``scan`` matches ``guarded`` secrets with (it pickles: a cache can keep it)."""
    return _automaton(canonical)


def _automaton(secrets: dict[str, str]) -> ahocorasick.Automaton | None:
    if not secrets:
        return None
    automaton = ahocorasick.Automaton()
    for secret, origin in secrets.items():
        automaton.add_word(secret, (secret, origin))
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
            return APART.join(_json_strings(json.loads(text)))
        except ValueError:
            pass
    if "\\u" not in text:
        return text
    return JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def decoded(text: str) -> str:
    """Escapes of every kind the output uses, undone: JSON, then HTML entities, then %-escapes."""
    text = html.unescape(_json_decoded(text))
    return PERCENT_ESCAPES.sub(lambda m: unquote(m.group(0)), text) if "%" in text else text


def normalized(text: str) -> str:
    """Decoded, NFKC-folded and case-folded, format characters removed (``redaction.folding``'s
    rule: a reader never sees one); white space kept (detectors need it)."""
    return without_ignorable(unicodedata.normalize("NFKC", decoded(text)).casefold())


def views(norm: str) -> list[tuple[str, str]]:
    """(name, canonical text) for each way a withheld string could be read in ``normalized`` text."""
    with_tags = _without_notices(_squeezed(norm))
    return [("解码后", with_tags), ("去掉标签后", TAG.sub("", with_tags))]


GZIP_MAGIC = b"\x1f\x8b"


def read_text(path: Path) -> str:
    """The file's text; gzip is unpacked whatever the name (Pagefind's index files are gzip)."""
    data = path.read_bytes()
    if data.startswith(GZIP_MAGIC):
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


@dataclass
class Kept:
    """What a later republish needs of the scanned files to check them for strings withheld
    later: each file's canonical text without tags, and every distinct tag (with its
    attributes) of them all, with a file that holds it.  Every match ``scan`` could make lies
    in one of the two (a withheld string holds no ``<`` or ``>``)."""

    texts: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    def update(self, other: "Kept") -> None:
        self.texts.update(other.texts)
        for tag, rel in other.tags.items():
            self.tags.setdefault(tag, rel)


def scan(site: Path, secrets: dict[str, str], detectors: DetectorFinder | None = None,
         vendor: list[Path] | None = None, workers: int | None = None,
         only: list[Path] | None = None, keep: Kept | None = None,
         canonical: dict[str, str] | None = None, automaton: ahocorasick.Automaton | None = None) -> list[Finding]:
    """Every place under ``site`` where a withheld string or unlisted personal data appears.

    ``vendor``: the theme's folders, in the order the theme looks them up.  The files are
    shared out over ``workers`` processes (default: one per core).  ``only``: just these
    files (a republish; see ``scan_kept`` for the others).  ``keep``: filled with the views
    of the files read.  ``canonical``: ``guarded(secrets)``, when the caller has it already;
    ``automaton``: its automaton (``automaton_of``), for a scan in one process.
    """
    checked = canonical if canonical is not None else guarded(secrets)
    paths = sorted(site.rglob("*")) if only is None else sorted(only)
    if (site / search.FOLDER).is_dir():
        search.runtime()  # once, before the workers start
    if workers is None:  # a small site is not worth starting processes for
        workers = (os.cpu_count() or 1) if len(paths) >= 400 else 1
    want = keep is not None
    if workers == 1:
        findings, kept = _scan_paths(site, paths, checked, detectors, vendor or [], want, automaton)
    else:
        chunks = [paths[i::workers] for i in range(workers)]
        gc.freeze()  # the forked workers inherit a large heap: keep their collector (and copy-on-write) off it
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                parts = list(pool.map(_scan_paths, repeat(site), chunks, repeat(checked),
                                      repeat(detectors), repeat(vendor or []), repeat(want)))
        finally:
            gc.unfreeze()
        findings = sorted(chain.from_iterable(f for f, _ in parts), key=lambda f: (f.path, f.where))
        kept = Kept()
        for _, part in parts:
            kept.update(part)
    if keep is not None:
        keep.update(kept)
    rels = {p.relative_to(site).as_posix() for p in paths}
    written = sorted({site / pagefind_index.bundle_of(r) for r in rels if pagefind_index.is_index_file(r)})
    return findings + scan_bundles(site, written, checked)


WORD = re.compile(r"[\w\x00]+")


def _words_only(text: str) -> str:
    """What of a canonical string Pagefind indexes: letters, digits and ``_`` (no punctuation; the
    ``\x00`` of ``_rejoined`` kept)."""
    return "".join(WORD.findall(text))


def _rejoined(words: list[str]) -> str:
    """A page's words as one text: Chinese words joined as the segmenter split them (王 + 秀英), but
    words of letters or digits kept apart, as the punctuation Pagefind dropped kept them (138、1234)."""
    out: list[str] = []
    for word in words:
        if out and out[-1] and word and (out[-1][-1].isascii() or word[0].isascii()):
            out.append("\x00")
        out.append(word)
    return "".join(out)


def scan_bundles(site: Path, bundles: list[Path], secrets: dict[str, str]) -> list[Finding]:
    """Pagefind's index chunks, read as each page's words in order (``pagefind_index``): a name
    segmented into several words is one string again.  ``secrets``: ``guarded`` secrets.

    The detectors are not run here: the chunks hold the words of pages the guard reads in full,
    without their punctuation, and a list of numbers (138、1234、5678) would read as one number."""
    if not bundles:
        return []
    stripped = {w: o for s, o in secrets.items() if len(w := _words_only(s)) >= 2}
    automaton = _automaton(stripped)
    findings: list[Finding] = []
    for bundle in bundles:
        rel = bundle.relative_to(site).as_posix()
        try:
            pages = pagefind_index.page_words(bundle)
        except pagefind_index.IndexFormatError as exc:
            findings.append(Finding(rel, "搜索索引", detected=f"无法读取的搜索索引（{exc}），不能证明其中没有不予公开的内容"))
            continue
        for key, words in pages.items():
            where = f"搜索索引中 {key} 的词语"
            hit = _first_hit(automaton, _words_only(canon(_rejoined(words)))) if automaton is not None else None
            if hit:
                page = key.partition(" ")[0].strip("/")  # "/reports/2023/a/ (meta title)" → reports/2023/a
                findings.append(Finding(f"{rel}/index", where, hit[1], found=hit[0], page=page))
    return findings


def scan_kept(kept: Kept, names: list[str], secrets: dict[str, str]) -> list[Finding]:
    """Files published before, unchanged since, checked for ``secrets`` withheld after they were
    scanned: their kept views and their names, matched as ``scan`` would match them."""
    automaton = _automaton(guarded(secrets))
    if automaton is None:
        return []
    findings: list[Finding] = []
    for rel in names:
        hit = _first_hit(automaton, _without_notices(canon(unquote(rel))))
        if hit:
            findings.append(Finding(rel, "文件名或文件夹名", hit[1], found=hit[0]))
    for rel, text in kept.texts.items():
        hit = _first_hit(automaton, text)
        if hit:
            findings.append(Finding(rel, "已发布的文件", hit[1], found=hit[0]))
    for tag, rel in kept.tags.items():
        hit = _first_hit(automaton, tag)
        if hit:
            findings.append(Finding(rel, "已发布的文件（标签属性）", hit[1], found=hit[0]))
    return sorted(findings, key=lambda f: (f.path, f.where))


def _scan_paths(site: Path, paths: list[Path], secrets: dict[str, str], detectors: DetectorFinder | None,
                vendor: list[Path], want: bool = False,
                automaton: ahocorasick.Automaton | None = None) -> tuple[list[Finding], Kept]:
    automaton = automaton if automaton is not None else _automaton(secrets)
    findings: list[Finding] = []
    kept = Kept()
    for path in paths:
        rel = path.relative_to(site).as_posix()
        name = unquote(rel)
        if automaton is not None:
            hit = _first_hit(automaton, _without_notices(canon(name)))
            if hit:
                findings.append(Finding(rel, "文件名或文件夹名", hit[1], found=hit[0]))
        if detectors is not None:
            findings.extend(Finding(rel, "文件名或文件夹名", detected=label, found=value) for label, value in
                            _detected(name, detectors))
        if not path.is_file() or _is_vendor(path, rel, vendor) or search.is_runtime(rel, path):
            continue
        text = read_text(path)
        if PREVIEW_MARK in text:
            findings.append(Finding(rel, "页面头部", detected="内部预览页面（含不予公开的原文，绝不能放进公开网站）"))
        norm = normalized(text)
        file_views = views(norm)
        if want:
            kept.texts[rel] = file_views[1][1]
            for tag in TAG.findall(file_views[0][1]):
                kept.tags.setdefault(tag, rel)
        if automaton is not None:
            for view_name, view in file_views:
                hit = _first_hit(automaton, view)
                if hit:
                    findings.append(Finding(rel, _locate(automaton, text) or view_name, hit[1], found=hit[0]))
                    break
        if detectors is not None and not pagefind_index.is_index_file(rel):  # CBOR: read by scan_bundles
            for label, value in _detected(detector_text(path, norm), detectors):
                findings.append(Finding(rel, "正文或属性", detected=label, found=value))
    return findings, kept


def _first_hit(automaton: ahocorasick.Automaton, canonical: str) -> tuple[str, str] | None:
    """(withheld string, where it was withheld) of the first match in ``canonical`` text."""
    hit = next(automaton.iter(canonical), None)
    return hit[1] if hit is not None else None


def _locate(automaton: ahocorasick.Automaton, text: str) -> str | None:
    for number, line in enumerate(text.splitlines(), 1):
        if any(_first_hit(automaton, view) for _, view in views(normalized(line))):
            return f"第 {number} 行"
    return None


def _is_vendor(path: Path, rel: str, vendor: list[Path]) -> bool:
    """The file is, byte for byte, the theme's own copy of it."""
    for root in vendor:
        original = root / rel
        if original.is_file():
            return original.read_bytes() == path.read_bytes()
    return False


FOLDED_NOTICES = [unicodedata.normalize("NFKC", n).casefold() for n in NOTICES]


def _detected(norm: str, detectors: DetectorFinder) -> list[tuple[str, str]]:
    """(what was found, masked; its canonical value) of each detector hit in ``normalized`` text."""
    for n in FOLDED_NOTICES:
        norm = norm.replace(n, " ")
    return sorted({(f"{d.label}（{mask(value)}）", value) for _, _, d, value in detectors.scan(norm)})


def mask(value: str) -> str:
    """Enough of an identifier to find it in the report, not enough to publish it."""
    if len(value) <= 4:
        return "*" * len(value)
    keep = max(1, len(value) // 4)
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


def detector_text(path: Path, norm: str) -> str:
    """The ``normalized`` text of a file as the detectors read it."""
    suffix = path.suffix if path.suffix != ".gz" else Path(path.stem).suffix
    if suffix in (".html", ".htm", ".xml", ".atom", ".rss", ".svg"):
        attributes = [a or b or c for a, b, c in ATTRIBUTE.findall(norm)]
        # a line break inside a paragraph keeps a number together (138<br>1234 5678), a block ends it
        body = TAG.sub(APART, LINE_BREAK_TAG.sub("\n", INLINE_TAG.sub("", norm)))
        return body + APART + APART.join(attributes)
    return norm
