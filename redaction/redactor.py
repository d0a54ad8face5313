"""Applying redactions to a report's markdown-it-py token stream.

Finders (marked spans and divs, the 不予公开 term lists, later the detectors) say *what*
to withhold; this module cuts it out of the tokens, puts a ``redaction`` token with
the category in its place and writes one audit record per redaction.  The original
text is kept only in ``secrets`` (for the leak guard), never in a record.
"""

from __future__ import annotations

import difflib
import html
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown_it.token import Token
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs

from .folding import Folded, fold_term
from .problems import Problems
from .schema import CATEGORIES, notice

TEXT_CHILDREN = ("text", "code_inline")
BLOCK_PIECE_MIN = 8  # characters: shorter pieces of a withheld block are not guarded on their own
LINE_BREAKS = ("softbreak", "hardbreak")

RULE_LABELS = {
    "marker.span": "行内标记",
    "marker.div": "块标记",
    "style.span": "Word 字符样式",
    "style.div": "Word 段落样式",
    "terms": "不予公开词语",
    "private-field": "不公开字段的值",
}


@dataclass(frozen=True)
class AuditRecord:
    """One redaction: what kind, by which rule, where. Never the original text."""

    file: str
    line: int
    category: str
    rule: str
    place: str = "正文"
    label: str = ""  # for a detector: what it found, e.g. 手机号码

    def as_dict(self) -> dict[str, str | int]:
        out: dict[str, str | int] = {"file": self.file, "line": self.line, "category": self.category,
                                     "rule": self.rule, "place": self.place}
        if self.label:
            out["label"] = self.label
        return out

    @property
    def rule_label(self) -> str:
        """The rule in words: 行内标记, 不予公开词语, 自动识别：手机号码 …"""
        if self.rule.startswith("detector."):
            return f"自动识别：{self.label or self.rule[9:]}"
        return RULE_LABELS.get(self.rule, self.rule)


@dataclass
class Redactor:
    """Redaction state of one report."""

    file: str
    line_offset: int  # add to a token's 0-based body line to get the file's 1-based line
    problems: Problems
    records: list[AuditRecord] = field(default_factory=list)
    secrets: dict[str, str] = field(default_factory=dict)  # withheld text → "file:line"
    originals: list[str] = field(default_factory=list)  # what each record withheld: reviewers' preview only

    def record(self, line: int, category: str, rule: str, place: str = "正文",
               original: Iterable[str] = (), min_length: int = 0, label: str = "") -> int:
        """Write an audit record; keep the original text only for the leak guard.

        ``min_length`` leaves out short pieces (a table heading such as 占比 inside a
        withheld block is not itself a secret, and would collide with public text).
        Returns the record's number, which the notice token carries for the preview.
        """
        pieces = [o for o in original if o and o.strip()]
        self.records.append(AuditRecord(self.file, line, category, rule, place, label))
        self.originals.append(max(pieces, key=len) if pieces else "")
        self.secret(line, pieces, min_length)
        return len(self.records)

    def secret(self, line: int, original: Iterable[str], min_length: int = 0) -> None:
        for text in original:
            text = (text or "").strip()
            if text and len("".join(text.split())) >= min_length:
                self.secrets.setdefault(text, f"{self.file}:{line}")

    def line_of(self, token: Token | None, extra: int = 0) -> int:
        if token is None or token.map is None:
            return self.line_offset + extra
        return self.line_offset + token.map[0] + extra


# ---------------------------------------------------------------- tokens


def redaction_token(category: str, rule: str, block: bool = False, *, number: int = 0,
                    original: str = "", children: list[Token] | None = None) -> Token:
    """The notice that stands where something was withheld.

    It keeps what it replaced (``original``, ``children``) and the audit record's ``number``
    for the reviewers' preview; the public renderer writes only the notice.
    """
    token = Token("redaction_block" if block else "redaction", "div" if block else "span", 0)
    token.block = block
    token.meta = {"category": category, "rule": rule, "number": number, "original": original}
    token.content = notice(category)
    token.children = children
    return token


def walk(tokens: list[Token]) -> Iterator[tuple[Token, Token | None]]:
    """Every token with the nearest block token that has a line map."""
    current: Token | None = None
    for token in tokens:
        if token.map is not None:
            current = token
        yield token, current
        for child in token.children or []:
            yield child, current
            for grandchild in child.children or []:
                yield grandchild, current


def withheld_tokens(tokens: Iterable[Token]) -> Iterator[Token]:
    """Every token kept inside a redaction notice (for the reviewers' preview, never published)."""
    for token in tokens:
        inside = token.type in ("redaction", "redaction_block")
        for child in token.children or []:
            if inside:
                yield child
                yield from _descendants(child)
            else:
                yield from withheld_tokens([child])


def _descendants(token: Token) -> Iterator[Token]:
    for child in token.children or []:
        yield child
        yield from _descendants(child)


def text_of(tokens: Iterable[Token], images: bool = True) -> list[str]:
    """All text a run of tokens holds, piece by piece (for the leak guard); ``images`` off: not
    what an image holds (its description and address, see ``image_text``)."""
    out: list[str] = []
    for token in tokens:
        if token.type == "image" and not images:
            continue
        if token.type in ("text", "code_inline", "code_block", "fence", "html_inline", "html_block"):
            out.append(token.content)
        for attr in ("href", "src", "title"):
            value = token.attrGet(attr) if token.attrs else None
            if value:
                out.append(str(value))
        if token.children:
            out.extend(text_of(token.children, images))
            if token.type == "inline":
                joined = "".join(c.content for c in token.children if c.type in TEXT_CHILDREN)
                out.append(joined)
    return out


def image_text(tokens: Iterable[Token]) -> list[str]:
    """The descriptions and addresses of the images in a run of tokens."""
    return [piece for token in tokens for t in (token, *_descendants(token)) if t.type == "image"
            for piece in text_of([t])]


# ---------------------------------------------------------------- marked spans and divs


def _category_of(attrs: dict[str, str]) -> tuple[str | None, str, str]:
    """(category or None, rule, what was found) from a span's or div's attributes."""
    classes = [c for c in attrs.get("class", "").split() if c]
    style = attrs.get("custom-style")
    other = sorted(k for k in attrs if k not in ("class", "custom-style"))
    found = " ".join([f".{c}" for c in classes] + ([f'custom-style="{style}"'] if style else [])
                     + other)
    names = classes + ([style] if style else [])
    if other or len(names) != 1:
        return None, "", found or "（空）"
    name = names[0]
    rule = "style" if style else "marker"
    return (name if name in CATEGORIES else None), rule, name


def _closest_category(found: str) -> str | None:
    """The category the writer most likely meant (a shared beginning counts extra: 个人秘密 → 个人隐私)."""

    def score(category: str) -> float:
        prefix = len(os.path.commonprefix([found, category]))
        return difflib.SequenceMatcher(None, found, category).ratio() + 0.1 * prefix

    best = max(CATEGORIES, key=score)
    return best if score(best) >= 0.4 else None


def _unknown_category(found: str) -> str:
    hint = _closest_category(found)
    guess = f"（是否想写「{hint}」？）" if hint else ""
    return (f"标记「{found}」不是已知类别{guess}。"
            f"可用的类别：{'、'.join(CATEGORIES)}，写法如 [张三]{{.个人隐私}}。")


def _div_attrs(info: str) -> dict[str, str] | None:
    info = info.strip()
    if info.startswith("{"):
        try:
            end, attrs = parse_attrs(info)
        except ParseError:
            return None
        return attrs if not info[end + 1:].strip() else None
    words = info.split()
    return {"class": words[0]} if len(words) == 1 else None


def _matching_close(tokens: list[Token], start: int, kinds: tuple[str, str]) -> int:
    """Index of the token that closes the one opened at ``start`` (nesting counted)."""
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting if tokens[j].type in kinds else 0
        if depth == 0:
            return j
    return len(tokens) - 1


def redact_marked_blocks(tokens: list[Token], r: Redactor) -> list[Token]:
    """Replace every fenced div ``::: 类别`` … ``:::`` by one block notice."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "fenced_div_stray":
            r.problems.error(r.file, r.line_of(token), "多余的「:::」：它没有对应的开始行。"
                             "块标记写作「::: 个人隐私」开始、「:::」结束。")
            i += 1
            continue
        if token.type != "fenced_div_open":
            out.append(token)
            i += 1
            continue
        j = _matching_close(tokens, i, ("fenced_div_open", "fenced_div_close"))
        inner = tokens[i + 1:j]
        attrs = _div_attrs(token.info)
        category, rule, found = _category_of(attrs) if attrs is not None else (None, "", token.info)
        if category is None:
            r.problems.error(r.file, r.line_of(token), _unknown_category(found))
        else:
            rule_id = f"{rule}.div"
            number = r.record(r.line_of(token), category, rule_id, original=text_of(inner),
                              min_length=BLOCK_PIECE_MIN)
            notice_token = redaction_token(category, rule_id, block=True, number=number, children=inner)
            notice_token.map = token.map
            out.append(notice_token)
        i = j + 1
    return out


def redact_marked_spans(tokens: list[Token], r: Redactor) -> None:
    """Replace every ``[text]{.类别}`` span (and its pandoc custom-style form) by a notice."""
    for token, block in walk(tokens):
        if not token.children:
            continue
        children: list[Token] = []
        i = 0
        kids = token.children
        while i < len(kids):
            child = kids[i]
            if child.type != "span_open":
                children.append(child)
                i += 1
                continue
            j = _matching_close(kids, i, ("span_open", "span_close"))
            line = r.line_of(block, _breaks_before(kids, i))
            category, rule, found = _category_of({k: str(v) for k, v in child.attrs.items()})
            if category is None:
                r.problems.error(r.file, line, _unknown_category(found))
                children.extend(kids[i + 1:j])  # keep parsing sane; the run fails anyway
            else:
                rule_id = f"{rule}.span"
                number = r.record(line, category, rule_id, original=text_of(kids[i + 1:j], images=False))
                # a withheld image's description is guarded only when it says something (现场照片 does not)
                r.secret(line, image_text(kids[i + 1:j]), min_length=BLOCK_PIECE_MIN)
                children.append(redaction_token(category, rule_id, number=number, children=kids[i + 1:j]))
            i = j + 1
        token.children = children
        if token.type == "inline":
            token.content = _visible_text(children)


def _breaks_before(children: list[Token], index: int) -> int:
    return sum(1 for c in children[:index] if c.type in LINE_BREAKS)


def _visible_text(children: list[Token]) -> str:
    """What an inline token's ``content`` becomes once redacted: no stale source text."""
    parts = []
    for c in children:
        if c.type in TEXT_CHILDREN:
            parts.append(c.content)
        elif c.type in LINE_BREAKS:
            parts.append("\n")
        elif c.type == "redaction":
            parts.append(c.content)
    return "".join(parts)


# ---------------------------------------------------------------- finders over text


@dataclass(frozen=True)
class Hit:
    """A span of folded text to withhold."""

    start: int
    end: int
    category: str
    rule: str
    label: str = ""


Finder = Callable[[Folded], list[Hit]]


@dataclass
class TermFinder:
    """The 不予公开 lists (and private field values): each term, wherever it appears."""

    terms: list[tuple[str, str, str]]  # (folded term, category, rule)

    @classmethod
    def from_map(cls, mapping: dict[str, list[str]], rule: str = "terms") -> "TermFinder":
        terms = []
        for category, items in mapping.items():
            for item in items:
                folded = fold_term(str(item))
                if folded:
                    terms.append((folded, category, rule))
        return cls(terms)

    def extend(self, other: "TermFinder") -> None:
        self.terms.extend(other.terms)

    def __call__(self, folded: Folded) -> list[Hit]:
        hits: list[Hit] = []
        text = folded.text
        for term, category, rule in self.terms:
            start = text.find(term)
            while start != -1:
                hits.append(Hit(start, start + len(term), category, rule))
                start = text.find(term, start + 1)
        return hits

    def found_in(self, value: str) -> bool:
        folded = fold_term(value)
        return any(term in folded for term, _, _ in self.terms)


def choose(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits, leftmost first, the longest at each start; overlaps merge."""
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if chosen and hit.start < chosen[-1].end:
            last = chosen[-1]
            if hit.end > last.end:  # overlapping hits become one redaction
                chosen[-1] = Hit(last.start, hit.end, last.category, last.rule, last.label)
            continue
        chosen.append(hit)
    return chosen


def _cut(pieces: list[str], folded: Folded, hits: list[Hit]) -> list[list[tuple[str, Hit | None]]]:
    """For each piece, its kept text runs and the notices that start inside it."""
    remove: list[list[tuple[int, int, Hit]]] = [[] for _ in pieces]
    for hit in hits:
        first = folded.origin[hit.start]
        last = folded.origin[hit.end - 1]
        for p in range(first[0], last[0] + 1):
            lo = first[1] if p == first[0] else 0
            hi = last[1] + 1 if p == last[0] else len(pieces[p])
            remove[p].append((lo, hi, hit if p == first[0] else None))  # type: ignore[arg-type]
    out: list[list[tuple[str, Hit | None]]] = []
    for p, piece in enumerate(pieces):
        runs: list[tuple[str, Hit | None]] = []
        pos = 0
        for lo, hi, hit in sorted(remove[p], key=lambda t: t[0]):
            if lo > pos:
                runs.append((piece[pos:lo], None))
            if hit is not None:
                runs.append(("", hit))
            pos = max(pos, hi)
        if pos < len(piece):
            runs.append((piece[pos:], None))
        out.append(runs)
    return out


def replace_in_string(value: str, finder: Finder, keep_space: bool) -> tuple[str, list[Hit], list[str]]:
    """Replace each hit in a plain string by its notice; return the new string, hits, originals."""
    folded = Folded.build([value], keep_space=keep_space)
    hits = choose(finder(folded))
    if not hits:
        return value, [], []
    originals = [_original(value, folded, h) for h in hits]
    runs = _cut([value], folded, hits)[0]
    return "".join(text if hit is None else notice(hit.category) for text, hit in runs), hits, originals


def _original(value: str, folded: Folded, hit: Hit) -> str:
    lo = folded.origin[hit.start][1]
    hi = folded.origin[hit.end - 1][1] + 1
    return value[lo:hi]


def redact_children(children: list[Token], finder: Finder, r: Redactor, block: Token | None,
                    keep_space: bool, place: str = "正文") -> list[Token]:
    """Apply ``finder`` to the text of an inline run (matches may cross emphasis and links)."""
    pieces, owners = [], []
    for idx, child in enumerate(children):
        if child.type in TEXT_CHILDREN:
            pieces.append(child.content)
            owners.append(idx)
        elif child.type in LINE_BREAKS and keep_space:
            pieces.append("\n")
            owners.append(idx)
    folded = Folded.build(pieces, keep_space=keep_space)
    hits = choose(finder(folded)) if folded.text else []
    cuts = _cut(pieces, folded, hits) if hits else None
    out: list[Token] = []
    piece_of = {owner: p for p, owner in enumerate(owners)}
    withheld_url: Hit | None = None
    for idx, child in enumerate(children):
        if child.type == "image":
            src = str(child.attrGet("src") or "")
            src_folded = Folded.build([_url_forms(src)], keep_space=keep_space)
            src_hits = choose(finder(src_folded))
            if src_hits:  # an image whose address names something withheld is withheld whole
                src_hit = src_hits[0]
                # the secrets are what was withheld: the address and what the finder found in it
                # and in the alt text, never the alt text as such (「现场照片」 is ordinary words:
                # as a secret, the leak guard would refuse the site wherever else they appear)
                found = [_original(_url_forms(src), src_folded, h) for h in src_hits]
                alt = [c.content for c in child.children or [] if c.type in TEXT_CHILDREN]
                alt_folded = Folded.build(alt, keep_space=keep_space)
                if alt_folded.text:
                    found += [_original_multi(alt, alt_folded, h) for h in choose(finder(alt_folded))]
                number = r.record(r.line_of(block, _breaks_before(children, idx)), src_hit.category, src_hit.rule,
                                  "图片地址", original=[src, _url_forms(src), *found], label=src_hit.label)
                out.append(redaction_token(src_hit.category, src_hit.rule, number=number,
                                           original=f"图片 {_url_forms(src)}"))
                continue
        if child.type == "image":
            _redact_attrs(child, finder, r, block, _breaks_before(children, idx), keep_space)  # title
            alt_tokens = redact_children(child.children or [], finder, r, block, keep_space, "图片说明")
            child.children = [_as_text(t) for t in alt_tokens]  # alt text is plain text: the notice as words
            child.content = _visible_text(child.children)
        elif child.type == "link_open":
            withheld_url = (_redact_attrs(child, finder, r, block, _breaks_before(children, idx), keep_space)
                            or withheld_url)
        elif child.type == "link_close" and withheld_url is not None:
            out.append(child)
            out.append(redaction_token(withheld_url.category, withheld_url.rule, number=len(r.records),
                                       original=f"链接地址 {withheld_url.label}"))
            withheld_url = None
            continue
        if cuts is None or idx not in piece_of:
            out.append(child)
            continue
        p = piece_of[idx]
        for text, hit in cuts[p]:
            if hit is None:
                if child.type in LINE_BREAKS:
                    out.append(child)
                else:
                    piece = Token(child.type, child.tag, child.nesting)
                    piece.content, piece.markup = text, child.markup
                    out.append(piece)
            else:
                line = r.line_of(block, _breaks_before(children, idx))
                original = _original_multi(pieces, folded, hit)
                number = r.record(line, hit.category, hit.rule, place, original=[original], label=hit.label)
                out.append(redaction_token(hit.category, hit.rule, number=number, original=original))
    return out


def _original_multi(pieces: list[str], folded: Folded, hit: Hit) -> str:
    first, last = folded.origin[hit.start], folded.origin[hit.end - 1]
    if first[0] == last[0]:
        return pieces[first[0]][first[1]:last[1] + 1]
    parts = [pieces[first[0]][first[1]:]]
    parts += [pieces[p] for p in range(first[0] + 1, last[0])]
    parts.append(pieces[last[0]][: last[1] + 1])
    return "".join(parts)


def _as_text(token: Token) -> Token:
    if token.type != "redaction":
        return token
    text = Token("text", "", 0)
    text.content = token.content
    return text


def _url_forms(value: str) -> str:
    return html.unescape(unquote(value))


def _redact_attrs(token: Token, finder: Finder, r: Redactor, block: Token | None, extra: int,
                  keep_space: bool) -> Hit | None:
    """A link whose URL holds something to withhold loses its URL (returns the hit, so a
    notice can follow the link); in a title, the withheld words become notices."""
    withheld = None
    href = token.attrGet("href")
    if href:
        hits = choose(finder(Folded.build([_url_forms(str(href))], keep_space=keep_space)))
        if hits:
            r.record(r.line_of(block, extra), hits[0].category, hits[0].rule, "链接地址",
                     original=[str(href), _url_forms(str(href))], label=hits[0].label)
            del token.attrs["href"]
            withheld = Hit(hits[0].start, hits[0].end, hits[0].category, hits[0].rule, _url_forms(str(href)))
    title = token.attrGet("title")
    if title:
        new, hits, originals = replace_in_string(str(title), finder, keep_space)
        if not hits and _url_forms(str(title)) != str(title):
            new, hits, originals = replace_in_string(_url_forms(str(title)), finder, keep_space)
        for hit, original in zip(hits, originals):
            r.record(r.line_of(block, extra), hit.category, hit.rule, "标题属性", original=[original],
                     label=hit.label)
        if hits:
            token.attrSet("title", new)
    return withheld


def redact_text(tokens: list[Token], finder: Finder, r: Redactor, keep_space: bool) -> list[Token]:
    """Apply ``finder`` everywhere text can be: inline runs, code, raw HTML, images, links."""
    out: list[Token] = []
    for token in tokens:
        block = token if token.map is not None else None
        if token.type == "inline" and token.children is not None:
            token.children = redact_children(token.children, finder, r, token, keep_space)
            token.content = _visible_text(token.children)
        elif token.type in ("code_block", "fence", "html_block"):
            if token.info:  # a fence's info string becomes a class name: withheld text never may
                info, info_hits, info_originals = replace_in_string(token.info, finder, keep_space)
                for hit, original in zip(info_hits, info_originals):
                    r.record(r.line_of(block), hit.category, hit.rule, "代码块语言标记", original=[original],
                             label=hit.label)
                token.info = "" if info_hits else token.info
            new, hits, originals = replace_in_string(token.content, finder, keep_space)
            if token.type == "html_block" and not hits:
                _refuse_encoded(token.content, finder, r, block, keep_space)
            for hit, original in zip(hits, originals):
                r.record(r.line_of(block), hit.category, hit.rule,
                         "代码" if token.type != "html_block" else "HTML", original=[original], label=hit.label)
            token.content = new
        out.append(token)
    for token in out:
        for child in token.children or []:
            if child.type == "html_inline":
                new, hits, originals = replace_in_string(child.content, finder, keep_space)
                for hit, original in zip(hits, originals):
                    r.record(r.line_of(token), hit.category, hit.rule, "HTML", original=[original], label=hit.label)
                if not hits:
                    _refuse_encoded(child.content, finder, r, token, keep_space)
                child.content = new
    return out


def _refuse_encoded(raw: str, finder: Finder, r: Redactor, block: Token | None, keep_space: bool) -> None:
    """Withheld text hidden behind entities or %-escapes in raw HTML: refuse, never guess."""
    decoded = _url_forms(raw)
    if decoded != raw and choose(finder(Folded.build([decoded], keep_space=keep_space))):
        r.problems.error(r.file, r.line_of(block), "这段 HTML 以编码形式（实体或 %xx）含有不予公开的内容，"
                         "无法可靠地替换。请删除这段 HTML，改用普通文字并加标记。")


# ---------------------------------------------------------------- what must not be left behind

MARKER_LIKE = re.compile(
    r"\]\s*\{[^{}\n]*\}?"           # [text]{...} that did not parse as a span
    r"|\{\s*[.#][^{}\n]*\}"          # {.class} after something that takes no attributes
    r"|custom-style"
    r"|^[ \t]*:{3,}",                # a fence line that did not open a div
    re.M,
)
CATEGORY_IN_TAG = re.compile(r"<[^>]*(?:" + "|".join(CATEGORIES) + r")[^>]*>")
CATEGORY_AS_MARKER = re.compile(r"[{.]\s*(?:" + "|".join(CATEGORIES) + r")|:{3}\s*(?:" + "|".join(CATEGORIES) + ")")
"""A category written as a marker's class or fence (.个人隐私, {个人隐私, ::: 个人隐私), in an address or title."""

FULL_WIDTH_MARKUP = "［］｛｝．："
"""Full-width forms of a marker's brackets, braces, dot and colon: they fold to marker syntax, yet never mark."""

URL_ATTRS = (("href", "链接地址"), ("src", "图片地址"), ("title", "标题"))


def check_leftover_markers(tokens: list[Token], r: Redactor) -> None:
    """Marker syntax that survived parsing means the redactor cannot be sure: an error."""
    for token, block in walk(tokens):
        if token.attrs:
            _check_marker_in_attrs(token, r, block)
        if token.type in ("text", "code_inline", "code_block", "fence"):
            folded = Folded.build([token.content], keep_space=True)
            match = MARKER_LIKE.search(folded.text)
            if match:
                where = "代码中" if token.type != "text" else ""
                written = _written(token.content, folded, match)
                how = "标记写作 [文字]{.个人隐私} 或「::: 个人隐私」…「:::」"
                if any(c in FULL_WIDTH_MARKUP for c in written):  # typed with the Chinese input method on
                    how = ("标记的方括号、花括号、点和冒号必须是半角（英文输入法下输入）：写作 [张三]{.个人隐私}，"
                           "不能写成［张三］｛．个人隐私｝；块标记写作「::: 个人隐私」…「:::」，不能用全角的「：：：」")
                r.problems.error(
                    r.file, r.line_of(block),
                    f"{where}有类似标记的文字「{written.strip()[:40]}」，但它没有被识别为标记。{how}；"
                    "如果确实要公开这段文字，请改写，避免与标记混淆。")
        elif token.type in ("html_inline", "html_block"):
            text = Folded.build([token.content], keep_space=True).text
            match = MARKER_LIKE.search(text) or CATEGORY_IN_TAG.search(text)
            if match:
                r.problems.error(
                    r.file, r.line_of(block),
                    "HTML 标签中出现了类别名或样式标记，HTML 不能用来标记不予公开的内容。"
                    "请改用 [文字]{.个人隐私} 或「::: 个人隐私」…「:::」。")


def _written(original: str, folded: Folded, match: re.Match[str]) -> str:
    """The original characters a match over folded text came from (full-width forms as typed)."""
    if match.end() <= match.start():
        return match.group(0)
    lo = folded.origin[match.start()][1]
    hi = folded.origin[match.end() - 1][1] + 1
    return original[lo:hi]


def _check_marker_in_attrs(token: Token, r: Redactor, block: Token | None) -> None:
    """A marker in a link's or image's address or title is published as written: refuse it.

    These places hold no notice, so nothing there can be withheld in part (a reference
    definition「[名称]: 网址 "标题"」lends its address and title to every link that uses it).
    """
    for attr, place in URL_ATTRS:
        value = token.attrGet(attr)
        if not value:
            continue
        folded = Folded.build([_url_forms(str(value))], keep_space=True).text
        match = MARKER_LIKE.search(folded) or CATEGORY_AS_MARKER.search(folded)
        if not match:
            continue
        where = f"{'图片' if token.type == 'image' else '链接'}的{place}" if attr == "title" else place
        r.problems.error(
            r.file, r.line_of(block),
            f"{where}中有标记「{match.group(0).strip()[:40]}」：链接地址、图片地址和标题中不能写标记，"
            "那里放不下「此处涉及…不予公开」的说明，标记会原样公开"
            "（用「[名称]: 网址 \"标题\"」定义的链接也一样）。"
            "请标记整个链接或图片，如 [[文字](网址)]{.个人隐私}，或把要隐去的词列入元数据「不予公开」。")
