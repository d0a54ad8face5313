"""Detectors of personal data nobody marked: one small class per kind of identifier.

Each detector has a pattern over folded text (NFKC + casefold: full-width digits and
letters are already ASCII, upper case is lower case), and a ``validate()`` that runs the
checksum or plausibility check.  Detectors only *find*: they return hits; the redactor
applies them.  Adding a detector is adding a class here and a table of cases in
``tests/redaction/test_detectors.py``.

Digits may be written with a space, hyphen, dot or dash between them: every detector also
runs over a *compact* view in which such a separator between two digits is removed.  A
number that is part of a longer run of digits is not a match (digit look-arounds, never
``\\b``, which does not fire between a Chinese character and a digit).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from stdnum import luhn
from stdnum.iso7064 import mod_11_2

from .folding import Folded
from .redactor import Hit

SEPARATOR_BETWEEN_DIGITS = re.compile(r"(?<=\d)[ \-.\u2010-\u2015](?=\d)")
PRIVACY = "个人隐私"


def _plausible_date(year: int, month: int, day: int) -> bool:
    try:
        date = _dt.date(year, month, day)
    except ValueError:
        return False
    return _dt.date(1900, 1, 1) <= date <= _dt.date.today()


class Detector:
    """A kind of personal data: a pattern, and a check that a match really is one."""

    name: str = ""  # rule id, e.g. "resident-id" (audit record: detector.resident-id)
    label: str = ""  # what people call it
    pattern: re.Pattern[str]
    context: tuple[str, ...] = ()  # words that usually stand near it (shown to reviewers)

    def validate(self, match: re.Match[str]) -> bool:
        return True

    def value(self, match: re.Match[str]) -> str:
        """The identifier in canonical form (digits only, lower case), to compare with public contacts."""
        return re.sub(r"[^0-9a-z@._\-x]", "", match.group(0))

    def find(self, text: str) -> Iterable[tuple[int, int, str]]:
        for match in self.pattern.finditer(text):
            if self.validate(match):
                yield match.start(), match.end(), self.value(match)


class ResidentId(Detector):
    """居民身份证号 (18 位): area, birth date, sequence, ISO 7064 MOD 11-2 check character.

    The check digit decides, not the area-code history: ``stdnum.cn.ric.validate()``
    rejects real numbers of Xi County (411528) people born before the county's code changed.
    """

    name, label = "resident-id", "居民身份证号"
    context = ("身份证", "公民身份号码", "证件号")
    pattern = re.compile(r"(?<![0-9a-z])[1-9]\d{5}(?:18|19|20)\d{2}\d{4}\d{3}[0-9x](?![0-9a-z])")

    def validate(self, match: re.Match[str]) -> bool:
        number = match.group(0).upper()
        if not _plausible_date(int(number[6:10]), int(number[10:12]), int(number[12:14])):
            return False
        return mod_11_2.is_valid(number)


class LegacyResidentId(Detector):
    """居民身份证号 (15 位，1999 年前签发): area, YYMMDD birth date, sequence."""

    name, label = "resident-id-15", "15 位身份证号"
    context = ResidentId.context
    pattern = re.compile(r"(?<!\d)[1-9]\d{5}\d{6}\d{3}(?!\d)")

    def validate(self, match: re.Match[str]) -> bool:
        number = match.group(0)
        return _plausible_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))


class MobileNumber(Detector):
    """手机号码: 11 digits starting 13–19, optionally with +86 or 0086."""

    name, label = "mobile", "手机号码"
    context = ("手机", "电话", "联系方式")
    pattern = re.compile(r"(?<![\d+])(?:(?:\+|00)86[ \-]?)?1[3-9]\d{9}(?!\d)")

    def value(self, match: re.Match[str]) -> str:
        return re.sub(r"\D", "", match.group(0))[-11:]


class LandlineNumber(Detector):
    """固定电话: area code 0xx or 0xxx, then 7–8 digits; hyphen or brackets optional."""

    name, label = "landline", "固定电话"
    context = ("电话", "座机", "联系方式")
    pattern = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)[ \-]?|0\d{2,3}[ \-]?)[1-9]\d{6,7}(?!\d)")

    def value(self, match: re.Match[str]) -> str:
        return re.sub(r"\D", "", match.group(0))


class BankCard(Detector):
    """银行卡号: 16–19 digits that pass the Luhn check, also when written in groups."""

    name, label = "bank-card", "银行卡号"
    context = ("银行卡", "账号", "卡号", "开户")
    pattern = re.compile(r"(?<!\d)[1-9]\d{15,18}(?!\d)")

    def validate(self, match: re.Match[str]) -> bool:
        return luhn.is_valid(match.group(0))


class Email(Detector):
    """电子邮箱."""

    name, label = "email", "电子邮箱"
    context = ("邮箱", "电子邮件", "email")
    pattern = re.compile(r"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]*@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?"
                         r"(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,}(?![a-z0-9])")

    def value(self, match: re.Match[str]) -> str:
        return match.group(0)


class Passport(Detector):
    """护照号: E or G + 8 digits, or E + a letter + 7 digits."""

    name, label = "passport", "护照号"
    context = ("护照",)
    pattern = re.compile(r"(?<![0-9a-z])(?:[eg]\d{8}|e[a-hj-np-z]\d{7})(?![0-9a-z])")


class MainlandTravelPermit(Detector):
    """往来港澳通行证号: C + 8 digits, or C + a letter + 7 digits."""

    name, label = "hk-macau-permit", "往来港澳通行证号"
    context = ("通行证", "港澳")
    pattern = re.compile(r"(?<![0-9a-z])c(?:\d{8}|[a-hj-np-z]\d{7})(?![0-9a-z])")


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"


class VehiclePlate(Detector):
    """机动车号牌: province + letter + 5 characters, or 6 for new-energy vehicles (D/F)."""

    name, label = "vehicle-plate", "机动车号牌"
    context = ("车牌", "号牌", "车辆")
    _letter = "[a-hj-np-z]"
    _char = "[a-hj-np-z0-9]"
    pattern = re.compile(
        rf"[{PROVINCES}]{_letter}[ ·・\-]?"
        rf"(?:[df]{_char}\d{{4}}|\d{{5}}[df]|{_char}{{4}}[a-hj-np-z0-9挂学警])"
        r"(?![0-9a-z])")

    def validate(self, match: re.Match[str]) -> bool:
        tail = re.sub(r"[ ·・\-]", "", match.group(0))[2:]
        return any(c.isdigit() for c in tail)  # 豫A·BCDEF is a word, not a plate


DETECTORS: tuple[Detector, ...] = (
    ResidentId(), LegacyResidentId(), MobileNumber(), LandlineNumber(), BankCard(),
    Email(), Passport(), MainlandTravelPermit(), VehiclePlate(),
)


TRIGGER = re.compile(
    r"\d(?:[ \-.\u2010-\u2015()]?\d){6,}"   # seven digits, perhaps with separators between them
    r"|@"
    rf"|[{PROVINCES}][a-z]"
)
MARGIN = 8  # characters kept around a digit run: +86, a passport's letter, an area code's bracket
EMAIL_MARGIN = 100  # an e-mail address's local part and domain


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged spans of ``text`` around each trigger, wide enough for look-arounds to see."""
    spans: list[tuple[int, int]] = []
    for match in TRIGGER.finditer(text):
        margin = EMAIL_MARGIN if match.group(0) == "@" else MARGIN
        lo, hi = max(0, match.start() - margin), min(len(text), match.end() + margin)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def compact(text: str) -> tuple[str, list[int]]:
    """``text`` without single separators between digits, and where each character came from."""
    keep = [True] * len(text)
    for match in SEPARATOR_BETWEEN_DIGITS.finditer(text):
        keep[match.start()] = False
    out = [c for c, k in zip(text, keep) if k]
    origin = [i for i, k in enumerate(keep) if k]
    return "".join(out), origin


def canonical_contact(value: str) -> str:
    """A public contact as detectors report it: e-mail lower case; phone digits, no +86."""
    value = Folded.build([value], keep_space=True).text.strip()
    if "@" in value:
        return value
    digits = re.sub(r"\D", "", value)
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


@dataclass
class DetectorFinder:
    """All detectors over a folded text; hits on the site's public contacts are left alone."""

    detectors: tuple[Detector, ...] = DETECTORS
    public: frozenset[str] = frozenset()

    @classmethod
    def with_public(cls, contacts: Iterable[str]) -> "DetectorFinder":
        return cls(public=frozenset(canonical_contact(c) for c in contacts))

    def scan(self, text: str) -> list[tuple[int, int, Detector, str]]:
        """(start, end, detector, value) over plain text, in both the written and compact views.

        Only the windows around a trigger (a run of seven or more digits, an @, a province
        character followed by a letter) are read: every identifier has one, and most text
        has none, so long pages cost little.
        """
        hits: list[tuple[int, int, Detector, str]] = []
        for lo, hi in _windows(text):
            hits.extend((lo + s, lo + e, d, v) for s, e, d, v in self._scan_window(text[lo:hi]))
        return hits

    def _scan_window(self, text: str) -> list[tuple[int, int, Detector, str]]:
        found: dict[tuple[int, int, str], tuple[int, int, Detector, str]] = {}
        squeezed, origin = compact(text)
        for detector in self.detectors:
            for start, end, value in detector.find(text):
                found.setdefault((start, end, detector.name), (start, end, detector, value))
            if squeezed != text:
                for start, end, value in detector.find(squeezed):
                    s, e = origin[start], origin[end - 1] + 1
                    found.setdefault((s, e, detector.name), (s, e, detector, value))
        return [hit for hit in found.values() if self._canonical(hit[3], hit[2]) not in self.public]

    @staticmethod
    def _canonical(value: str, detector: Detector) -> str:
        if isinstance(detector, (MobileNumber, LandlineNumber)):
            return canonical_contact(value)
        return value

    def __call__(self, folded: Folded) -> list[Hit]:
        return [Hit(start, end, PRIVACY, f"detector.{detector.name}", detector.label)
                for start, end, detector, _ in self.scan(folded.text)]
