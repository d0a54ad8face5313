"""Detectors of personal data nobody marked: one small class per kind of identifier.

Each detector owns everything about its kind (Presidio's recognizers are the model): a
pattern over folded text (NFKC + casefold: full-width digits and letters are already ASCII,
upper case is lower case); its ``trigger``, the cheap pattern of where it may be, which
decides what text is read at all (``TRIGGER`` is every detector's, joined); a ``validate()``
that runs the checksum or plausibility check; and its ``canonical()`` form, compared with the
site's public contacts.  Detectors only *find*: they return hits; the redactor
applies them.  Adding a detector is adding a class here and a table of cases in
``tests/redaction/test_detectors.py``.

People write separators between an identifier's digits: a space, a tab, a line break,
U+3000, a dash or minus of any kind, or a mark such as ``·`` ``/`` ``.`` or brackets.  So
every detector also runs over two *compact* views in which such separators between digits
are removed (``compact``).  A number that is part of a longer run of digits is not a match
(digit look-arounds, never ``\\b``, which does not fire between a Chinese character and a digit).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from stdnum import luhn
from stdnum.iso7064 import mod_11_2

from .folding import IGNORABLE_CHARS, Folded
from .redactor import Hit

PRIVACY = "个人隐私"

# ---------------------------------------------------------------- separators between digits

DASHES = "\\-\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d\u2e3a\u2e3b\u30fc\uff70"
"""Hyphen-minus and what looks like it (class body).  NFKC already turns U+FE63 and U+FF0D into
``-``, U+FE58 into U+2014 and U+FF70 into U+30FC; they stay listed for text that was not folded."""
GROUP_MARKS = "·・･/_～~.()（）\\[\\]【】〔〕"
"""Visible marks typed between digit groups (class body).  They are also ordinary punctuation
between numbers (2023.05.26, 2023/05/26, 〔2019〕12号, 1.5~2.0), so they are removed only
between groups laid out as an identifier is written (``LAYOUTS``)."""
LIST_MARKS = "、,，"
"""List commas (class body): they separate the items of a list of numbers, and a list of
counts can be laid out exactly like a phone number (138、1234、5678) or a card number
(4656、5104、4408、6901 passes Luhn), whose checks are none or weak.  So they join only
groups laid out as a resident ID, whose birth date and check digit a list does not pass."""

MOBILE_LAYOUTS = {(3, 4, 4), (3, 8)}
LANDLINE_LAYOUTS = {(area, *local) for area in (3, 4) for local in ((7,), (8,), (3, 4), (4, 4))}
CARD_LAYOUTS = {(4, 4, 4, 4), (4, 4, 4, 4, 1), (4, 4, 4, 4, 2), (4, 4, 4, 4, 3)}
ID_LAYOUTS = {(6, 8, 4), (6, 4, 4, 4), (6, 6, 3)}
LAYOUTS = MOBILE_LAYOUTS | LANDLINE_LAYOUTS | CARD_LAYOUTS | ID_LAYOUTS
"""Digit-group lengths an identifier is written in, e.g. 138·1234·5678 is (3, 4, 4)."""
MAX_GROUPS = max(map(len, LAYOUTS))

MAX_RUN = 3  # separator characters between two digits (format characters not counted, but in TRIGGER)
MAX_LINE_BREAKS = 2  # a number split by <br> is "138\n\n1234" to the guard; a table cell boundary is three
MIN_LINE_GROUP = 3
"""A tab or line break also stands between table cells and between attribute values (the guard
reads a page's attributes one per line: SVG coordinates 0, 38, 0, 70 … join into 038070078358, a
landline), so it joins only digit groups of three or more, which every identifier's groups are."""

_SEPARATOR = rf"[\s\u3000{DASHES}{GROUP_MARKS}{LIST_MARKS}]"  # \s: every Unicode white space in a str pattern
_RUN = rf"(?:[{IGNORABLE_CHARS}]*(?:{_SEPARATOR}[{IGNORABLE_CHARS}]*){{1,{MAX_RUN}}}|[{IGNORABLE_CHARS}]+)"
_CHAIN = re.compile(rf"\d+(?:{_RUN}\d+)+")
_GAPS = re.compile(r"(\D+)")
_DIGIT = re.compile(r"\d")
_FORMAT = re.compile(f"[{IGNORABLE_CHARS}]+")
_FREE = re.compile(rf"[\s\u3000{DASHES}]+")
_NARROW = re.compile(rf"[ \u00a0\u3000{DASHES}]")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_TAB_OR_BREAK = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_LIST = re.compile(f"[{LIST_MARKS}]")


def _gap_kind(gap: str, wide: bool) -> str:
    """How the separators between two digit groups are treated (format characters do not count).

    ``free``: removed whatever the groups (spaces, dashes); ``line``: removed between groups of
    three or more digits; ``group`` / ``list``: removed only inside an identifier's layout;
    ``break``: never (a table cell or paragraph boundary).
    """
    gap = _FORMAT.sub("", gap)
    if not gap:
        return "free"
    if len(_LINE_BREAK.findall(gap)) > MAX_LINE_BREAKS:
        return "break"
    if _FREE.fullmatch(gap):
        if not wide:
            return "free" if _NARROW.fullmatch(gap) else "break"
        return "line" if _TAB_OR_BREAK.search(gap) else "free"
    return "list" if _LIST.search(gap) else "group"


def _removable(chain: re.Match[str], wide: bool) -> list[tuple[int, int]]:
    """The spans of separators to remove from one run of digit groups."""
    shape = _DIGIT.sub("0", chain.group())
    if chain.string[chain.end():chain.end() + 1] in ("x", "X"):
        shape += "0"  # a resident ID's check character: 411528·19900315·123X is laid out 6·8·4
    base = chain.start()
    return [(base + lo, base + hi) for lo, hi in _cuts(shape, wide)]


@lru_cache(maxsize=8192)
def _cuts(shape: str, wide: bool) -> tuple[tuple[int, int], ...]:
    """``_removable`` for a run whose digits are all 0: only the shape decides (and repeats: dates, sums)."""
    parts = _GAPS.split(shape)  # digits, gap, digits, …, digits
    pos = len(parts[0])
    out: list[tuple[int, int]] = []
    groups = [len(parts[0])]  # digits in each group; groups[k] and groups[k + 1] are separated by gaps[k]
    gaps: list[tuple[int, int, str]] = []
    for k in range(1, len(parts), 2):
        gap, digits = parts[k], parts[k + 1]
        kind = _gap_kind(gap, wide)
        if kind == "line":
            kind = "free" if min(len(parts[k - 1]), len(digits)) >= MIN_LINE_GROUP else "break"
        if kind == "free":
            out.append((pos, pos + len(gap)))
            groups[-1] += len(digits)
        else:
            gaps.append((pos, pos + len(gap), kind))
            groups.append(len(digits))
        pos += len(gap) + len(digits)
    i = 0
    while i < len(groups) - 1:  # the longest layout starting at group i, if any
        for j in range(min(len(groups) - 1, i + MAX_GROUPS - 1), i, -1):
            layout = tuple(groups[i:j + 1])
            if layout not in LAYOUTS:
                continue
            kinds = {kind for _, _, kind in gaps[i:j]}
            if "break" not in kinds and ("list" not in kinds or layout in ID_LAYOUTS):
                out.extend((lo, hi) for lo, hi, _ in gaps[i:j])
                i = j + 1
                break
        else:
            i += 1
    return tuple(out)


def compact(text: str, wide: bool = True) -> tuple[str, list[int]]:
    """``text`` without the separators between digits, and where each character came from.

    ``wide``: up to three separator characters (at most two line breaks) between any two
    digits; otherwise a single space or dash only.  Both views are read: joining across
    wider gaps can merge an identifier with a number beside it (a sequence number and a
    tab, a phone number on the next line), which the narrow view keeps apart.  Group marks
    and list commas are removed in both views, but only inside an identifier's layout.
    """
    return _squeeze(text, list(_CHAIN.finditer(text)), wide)


def _squeeze(text: str, chains: list[re.Match[str]], wide: bool) -> tuple[str, list[int]]:
    """``compact`` with the runs of digit groups (``_CHAIN``) already found."""
    cuts = [m.span() for m in _FORMAT.finditer(text)]
    for chain in chains:
        cuts.extend(_removable(chain, wide))
    if not cuts:
        return text, list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    last = 0
    for lo, hi in sorted(cuts):
        if lo > last:
            out.append(text[last:lo])
            origin.extend(range(last, lo))
        last = max(last, hi)
    out.append(text[last:])
    origin.extend(range(last, len(text)))
    return "".join(out), origin


def _plausible_date(year: int, month: int, day: int) -> bool:
    try:
        date = _dt.date(year, month, day)
    except ValueError:
        return False
    return _dt.date(1900, 1, 1) <= date <= _dt.date.today()


@lru_cache(maxsize=None)
def _context_pattern(words: tuple[str, ...], near: int) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})[\s:#()\[\]【】号码为是]{{0,{near}}}\Z")


# ---------------------------------------------------------------- detectors

NOT_AFTER = r"(?<![0-9a-z\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd])"
"""Start of a letter-prefixed identifier: not inside a word, nor right after a control or
replacement character.  The guard also reads binary files (Pagefind's CBOR index) decoded with
U+FFFD; there every 8-character word follows its array header and the byte 0x68, an ASCII h,
so 20221115 reads as h20221115, a home-return permit."""


DIGIT_RUN = rf"\d(?:[\s\u3000{DASHES}{GROUP_MARKS}{LIST_MARKS}{IGNORABLE_CHARS}]{{0,{MAX_RUN}}}\d){{6,}}"
"""Seven digits with separators between (as ``compact`` takes them): where every number detector looks."""


class Detector:
    """A kind of personal data: a pattern, and a check that a match really is one."""

    name: str = ""  # rule id, e.g. "resident-id" (audit record: detector.resident-id)
    label: str = ""  # what people call it
    pattern: re.Pattern[str]
    trigger: str = DIGIT_RUN  # where it may be (a regex): text without a trigger is not read (``DetectorFinder``)
    starts: str = r"\d"  # the characters a trigger starts with (a class body): one test rejects most text
    margin: int = 8  # characters read around a trigger: +86, a passport's letter, an area code's bracket
    requires: tuple[str, ...] = ()  # if set: a match counts only right after one of these words (triggers too)
    near: int = 6  # characters allowed between such a word and the match (号码, a colon, brackets, space)

    def validate(self, match: re.Match[str]) -> bool:
        return True

    def value(self, match: re.Match[str]) -> str:
        """The identifier as matched: digits, letters and the marks of an address only (lower case)."""
        return re.sub(r"[^0-9a-z@._\-x]", "", match.group(0))

    def canonical(self, value: str) -> str:
        """``value`` written as ``canonical_contact`` writes the site's public contacts (to leave those alone)."""
        return value

    def in_context(self, text: str, start: int) -> bool:
        """A match at ``start`` has the context word it ``requires`` just before it (or needs none)."""
        if not self.requires:
            return True
        lead = text[max(0, start - self.near - max(map(len, self.requires))):start]
        return _context_pattern(self.requires, self.near).search(lead) is not None

    def find(self, text: str) -> Iterable[tuple[int, int, str]]:
        if self.requires and not any(word in text for word in self.requires):
            return
        for match in self.pattern.finditer(text):
            if self.validate(match) and self.in_context(text, match.start()):
                yield match.start(), match.end(), self.value(match)


class ResidentId(Detector):
    """居民身份证号 (18 位): area, birth date, sequence, ISO 7064 MOD 11-2 check character.

    The check digit decides, not the area-code history: ``stdnum.cn.ric.validate()``
    rejects real numbers of people born before their county's code changed (e.g. area 411528).
    """

    name, label = "resident-id", "居民身份证号"
    pattern = re.compile(r"(?<![0-9a-z])[1-9]\d{5}(?:18|19|20)\d{2}\d{4}\d{3}[0-9x](?![0-9a-z])")

    def validate(self, match: re.Match[str]) -> bool:
        number = match.group(0).upper()
        if not _plausible_date(int(number[6:10]), int(number[10:12]), int(number[12:14])):
            return False
        return mod_11_2.is_valid(number)


class LegacyResidentId(Detector):
    """居民身份证号 (15 位，1999 年前签发): area, YYMMDD birth date, sequence."""

    name, label = "resident-id-15", "15 位身份证号"
    pattern = re.compile(r"(?<!\d)[1-9]\d{5}\d{6}\d{3}(?!\d)")

    def validate(self, match: re.Match[str]) -> bool:
        number = match.group(0)
        return _plausible_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))


class MobileNumber(Detector):
    """手机号码: 11 digits starting 13–19, optionally with +86 or 0086."""

    name, label = "mobile", "手机号码"
    pattern = re.compile(r"(?<![\d+])(?:(?:\+|00)86[ \-]?)?1[3-9]\d{9}(?!\d)")

    def value(self, match: re.Match[str]) -> str:
        return re.sub(r"\D", "", match.group(0))[-11:]

    def canonical(self, value: str) -> str:
        return canonical_contact(value)


class LandlineNumber(Detector):
    """固定电话: area code 0xx or 0xxx, then 7–8 digits; hyphen or brackets optional."""

    name, label = "landline", "固定电话"
    pattern = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)[ \-]?|0\d{2,3}[ \-]?)[1-9]\d{6,7}(?!\d)")

    def value(self, match: re.Match[str]) -> str:
        return re.sub(r"\D", "", match.group(0))

    def canonical(self, value: str) -> str:
        return canonical_contact(value)


class BankCard(Detector):
    """银行卡号: 16–19 digits that pass the Luhn check, also when written in groups.

    The first digit is a bank's (ISO/IEC 7812 industry 3–6, or 9 for national schemes such as
    the 9558… debit cards; 2 only in Mastercard's 2221–2720): a run of years such as
    2023 2024 2025 2026 passes Luhn but is no card.
    """

    name, label = "bank-card", "银行卡号"
    pattern = re.compile(r"(?<!\d)[1-9]\d{15,18}(?!\d)")

    def validate(self, match: re.Match[str]) -> bool:
        number = match.group(0)
        if not (number[0] in "34569" or "2221" <= number[:4] <= "2720"):
            return False
        return luhn.is_valid(number)


class Email(Detector):
    """电子邮箱, also written with spaces around the @ (``zhang.san @ 163.com``); the value has none."""

    name, label = "email", "电子邮箱"
    trigger, starts, margin = "@", "@", 100  # the local part and the domain
    pattern = re.compile(r"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]*[^\S\r\n]{0,3}@[^\S\r\n]{0,3}"
                         r"[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?"
                         r"(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,}(?![a-z0-9])")

    def value(self, match: re.Match[str]) -> str:
        return re.sub(r"\s", "", match.group(0))


class Passport(Detector):
    """护照号 (普通护照): E or G + 8 digits, or E + a letter (not I, O) + 7 digits (from April 2017)."""

    name, label = "passport", "护照号"
    pattern = re.compile(NOT_AFTER + r"(?:[eg]\d{8}|e[a-hj-np-z]\d{7})(?![0-9a-z])")


class OfficialPassport(Detector):
    """护照号 (外交护照 DE、公务护照 SE、公务普通护照 PE 电子护照): the two letters + 7 digits."""

    name, label = "official-passport", "外交、公务护照号"
    pattern = re.compile(NOT_AFTER + r"[dsp]e\d{7}(?![0-9a-z])")


class LegacyPassport(Detector):
    """护照号 (旧版，无芯片): D (外交), S (公务), P (公务普通) + 7 or 8 digits, ``S.``/``P.`` + 7 digits,
    and the old ordinary 14/15 + 7 digits.

    Less certain than the electronic forms: sources agree on the letters and on S + 7 or 8
    digits, differ on the length after D and P, so 7 and 8 are both taken.  A letter and
    eight digits is also a model or order number, so a match counts only right after 护照.
    """

    name, label = "passport-legacy", "护照号（旧版）"
    requires = ("护照",)
    pattern = re.compile(NOT_AFTER + r"(?:[dsp]\.?\d{7,8}|1[45]\d{7})(?![0-9a-z])")


class MainlandTravelPermit(Detector):
    """往来港澳通行证号 (卡式，2014 年起): C + 8 digits, or C + a letter + 7 digits."""

    name, label = "hk-macau-permit", "往来港澳通行证号"
    pattern = re.compile(NOT_AFTER + r"c(?:\d{8}|[a-hj-np-z]\d{7})(?![0-9a-z])")


class MainlandTravelPermitBooklet(Detector):
    """往来港澳通行证号 (本式，2014 年前): W + 8 digits."""

    name, label = "hk-macau-permit-booklet", "往来港澳通行证号（本式）"
    pattern = re.compile(NOT_AFTER + r"w\d{8}(?![0-9a-z])")


class HomeReturnPermit(Detector):
    """港澳居民来往内地通行证号 (回乡证): H (香港) or M (澳门) + the holder's 8-digit lifelong number;
    the 1999–2012 card adds 2 digits, the times it was renewed (公安部号码规则), so H/M + 10 digits."""

    name, label = "home-return-permit", "港澳居民来往内地通行证号"
    pattern = re.compile(NOT_AFTER + r"[hm]\d{8}(?:\d{2})?(?![0-9a-z])")


class TaiwanTravelPermit(Detector):
    """大陆居民往来台湾通行证号 (电子卡式，2017 年起): L + 8 digits.

    The older booklet's format could not be established, so it is not matched.
    """

    name, label = "taiwan-permit", "大陆居民往来台湾通行证号"
    pattern = re.compile(NOT_AFTER + r"l\d{8}(?![0-9a-z])")


class TaiwanCompatriotPermit(Detector):
    """台湾居民来往大陆通行证号 (台胞证): 8 digits, the holder's lifelong number (since 2008);
    1992–2008 booklets add 2 digits (times issued) and sometimes an issuing office code in
    brackets: 0561682001(D).

    Eight bare digits are far too common (dates, counts, order numbers), so a match counts
    only right after one of the words it ``requires``.
    """

    name, label = "taiwan-compatriot-permit", "台湾居民来往大陆通行证号"
    requires = ("台胞证", "台湾居民来往大陆通行证", "通行证号")
    pattern = re.compile(r"(?<![0-9a-z])\d{8}(?:\d{2}(?:\([0-9a-z]\))?)?(?![0-9a-z])")


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_SEP = r"[\t\x20\xa0\u1680\u2000-\u200a\u202f\u205f\u3000·・\-\u2010-\u2015\u2212]"
"""One white space (not a line break), middle dot or dash, after a plate's province or its letter."""


class VehiclePlate(Detector):
    """机动车号牌: province + letter + 5 characters, or 6 for new-energy vehicles (D/F);
    a space, ·, or - may follow the province (豫 S12345) or the letter (豫S 12345)."""

    name, label = "vehicle-plate", "机动车号牌"
    trigger, starts = rf"[{PROVINCES}]{_PLATE_SEP}?[a-z]", PROVINCES
    _letter = "[a-hj-np-z]"
    _char = "[a-hj-np-z0-9]"
    pattern = re.compile(
        rf"[{PROVINCES}]{_PLATE_SEP}?{_letter}{_PLATE_SEP}?"
        rf"(?:[df]{_char}\d{{4}}|\d{{5}}[df]|{_char}{{4}}[a-hj-np-z0-9挂学警])"
        r"(?![0-9a-z])")

    def validate(self, match: re.Match[str]) -> bool:
        tail = re.sub(_PLATE_SEP, "", match.group(0))[2:]
        return any(c.isdigit() for c in tail)  # 豫A·BCDEF is a word, not a plate


class CrossBorderPlate(Detector):
    """港澳入出境车号牌 (GA 36-2018): 粤Z + 4 characters + 港 or 澳 (粤Z1234港, 粤ZA123澳)."""

    name, label = "cross-border-plate", "港澳入出境车号牌"
    trigger, starts = VehiclePlate.trigger, VehiclePlate.starts
    pattern = re.compile(rf"粤{_PLATE_SEP}?z{_PLATE_SEP}?[a-hj-np-z0-9]{{4}}[港澳]")

    def validate(self, match: re.Match[str]) -> bool:
        return any(c.isdigit() for c in match.group(0))


DETECTORS: tuple[Detector, ...] = (
    ResidentId(), LegacyResidentId(), MobileNumber(), LandlineNumber(), BankCard(), Email(),
    Passport(), OfficialPassport(), LegacyPassport(), MainlandTravelPermit(), MainlandTravelPermitBooklet(),
    HomeReturnPermit(), TaiwanTravelPermit(), TaiwanCompatriotPermit(), VehiclePlate(), CrossBorderPlate(),
)

def _triggers(detectors: tuple[Detector, ...]) -> tuple[re.Pattern[str], dict[str, int]]:
    """One pattern of every detector's trigger and required words (group ``t<i>``), and the margin of each group."""
    margins: dict[str, int] = {}
    starts = "".join(sorted({d.starts for d in detectors} | {re.escape(w[0]) for d in detectors for w in d.requires}))
    for d in detectors:
        for alternative in (d.trigger, *map(re.escape, d.requires)):
            margins[alternative] = max(margins.get(alternative, 0), d.margin)
    ordered = sorted(margins, key=len, reverse=True)
    pattern = re.compile(f"(?=[{starts}])(?:" + "|".join(f"(?P<t{i}>{alt})" for i, alt in enumerate(ordered)) + ")")
    return pattern, {f"t{i}": margins[alt] for i, alt in enumerate(ordered)}


TRIGGER, MARGINS = _triggers(DETECTORS)
"""Where identifiers may be — each detector's ``trigger`` and the words it ``requires`` — and how
far around each to read."""


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged spans of ``text`` around each trigger, wide enough for look-arounds to see."""
    spans: list[tuple[int, int]] = []
    for match in TRIGGER.finditer(text):
        margin = MARGINS[match.lastgroup or ""]
        lo, hi = max(0, match.start() - margin), min(len(text), match.end() + margin)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def canonical_contact(value: str) -> str:
    """A public contact as detectors report it: e-mail lower case, no spaces; phone digits, no +86."""
    value = Folded.build([value], keep_space=True).text.strip()
    if "@" in value:
        return re.sub(r"\s", "", value)
    digits = re.sub(r"\D", "", value)
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九幺壹贰叁肆伍陆柒捌玖", "001234567891123456789")
"""Digits written as Chinese characters, as a reader reads them in a run (one character for one)."""
_CN = "〇零幺一二三四五六七八九壹贰叁肆伍陆柒捌玖"
_CHINESE_DIGIT_RUN = re.compile(rf"[{_CN}][0-9{_CN}]{{6,}}|[0-9][0-9{_CN}]*[{_CN}][0-9{_CN}]*")
"""A run of digits with a Chinese one in it; ``_digits_read`` turns those of seven or more into digits."""


def _digits_read(match: re.Match[str]) -> str:
    run = match.group()
    return run.translate(CHINESE_DIGITS) if len(run) >= 7 else run


@dataclass
class DetectorFinder:
    """All detectors over a folded text; hits on the site's public contacts are left alone."""

    detectors: tuple[Detector, ...] = DETECTORS
    public: frozenset[str] = frozenset()

    @classmethod
    def with_public(cls, contacts: Iterable[str]) -> "DetectorFinder":
        return cls(public=frozenset(canonical_contact(c) for c in contacts))

    def scan(self, text: str) -> list[tuple[int, int, Detector, str]]:
        """(start, end, detector, value) over plain text, in the written and both compact views.

        Only the windows around a trigger (seven or more digits, perhaps with separators; an
        @; a province character and a letter; a word a detector requires) are read: every
        identifier has one, and most text has none, so long pages cost little.
        """
        hits: list[tuple[int, int, Detector, str]] = []
        text = _CHINESE_DIGIT_RUN.sub(_digits_read, text)  # 一三八一二三四五六七八 is read as a number
        for lo, hi in _windows(text):
            hits.extend((lo + s, lo + e, d, v) for s, e, d, v in self._scan_window(text[lo:hi]))
        return hits

    def _scan_window(self, text: str) -> list[tuple[int, int, Detector, str]]:
        found: dict[tuple[int, int, str], tuple[int, int, Detector, str]] = {}
        views: list[tuple[str, list[int] | None]] = [(text, None)]
        chains = list(_CHAIN.finditer(text))
        if chains or _FORMAT.search(text):
            for wide in (False, True):
                squeezed, positions = _squeeze(text, chains, wide)
                if all(squeezed != seen for seen, _ in views):
                    views.append((squeezed, positions))
        for detector in self.detectors:
            for view, origin in views:
                for start, end, value in detector.find(view):
                    s, e = (start, end) if origin is None else (origin[start], origin[end - 1] + 1)
                    found.setdefault((s, e, detector.name), (s, e, detector, value))
        return [hit for hit in found.values() if hit[2].canonical(hit[3]) not in self.public]

    def __call__(self, folded: Folded) -> list[Hit]:
        return [Hit(start, end, PRIVACY, f"detector.{detector.name}", detector.label)
                for start, end, detector, _ in self.scan(folded.text)]
