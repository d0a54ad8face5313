"""Detector tables: what each detector must find, and what it must leave alone."""

from __future__ import annotations

import datetime as _dt
import re
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import ric
from stdnum.iso7064 import mod_11_2

from redaction.detectors import DETECTORS, DetectorFinder, _windows, compact
from redaction.folding import IGNORABLE_CHARS, Folded

FINDER = DetectorFinder()


def found(text: str, finder: DetectorFinder = FINDER) -> list[tuple[str, str]]:
    """(rule, matched original text) for every hit in ``text``, folded as the redactor folds it."""
    folded = Folded.build([text], keep_space=True)
    out = []
    for hit in finder(folded):
        lo, hi = folded.origin[hit.start][1], folded.origin[hit.end - 1][1] + 1
        out.append((hit.rule.removeprefix("detector."), text[lo:hi]))
    return sorted(out)


def scanned(text: str) -> list[tuple[str, str, str]]:
    """(rule, matched text, value) as the leak guard sees it: text that was never folded."""
    return sorted((d.name, text[s:e], v) for s, e, d, v in FINDER.scan(text))


# (text, rule, the part of the text that must be found)
MUST_MATCH = [
    # resident ID: check digit, not area-code history
    ("身份证号411528199003151237。", "resident-id", "411528199003151237"),
    ("公民身份号码：411528198507040026", "resident-id", "411528198507040026"),
    ("11010519491231002X", "resident-id", "11010519491231002X"),
    ("11010519491231002x", "resident-id", "11010519491231002x"),
    ("身份证４１１５２８１９９００３１５１２３７号", "resident-id", "４１１５２８１９９００３１５１２３７"),
    ("号码 411528 19900315 1237", "resident-id", "411528 19900315 1237"),
    ("号码411528-1990-0315-1237", "resident-id", "411528-1990-0315-1237"),
    ("身份证411528\u300019900315\u30001237", "resident-id", "411528\u300019900315\u30001237"),
    ("身份证411528.1990.0315.1237", "resident-id", "411528.1990.0315.1237"),
    ("身份证411528、19900315、1237", "resident-id", "411528、19900315、1237"),
    ("旧证411528900315123作废", "resident-id-15", "411528900315123"),
    ("旧证411528 900315 123作废", "resident-id-15", "411528 900315 123"),
    # mobile
    ("联系电话13812345678", "mobile", "13812345678"),
    ("手机：+86 13812345678", "mobile", "+86 13812345678"),
    ("手机：008613812345678。", "mobile", "008613812345678"),
    ("手机138-1234-5678", "mobile", "138-1234-5678"),
    ("手机 138 1234 5678 转", "mobile", "138 1234 5678"),
    ("手机１３９１２３４５６７８", "mobile", "１３９１２３４５６７８"),
    ("电话19912345678和17712345678", "mobile", "17712345678"),
    ("手机1381234５６７８", "mobile", "1381234５６７８"),
    ("手机138\u22121234\u22125678", "mobile", "138\u22121234\u22125678"),
    ("手机138\u20141234\u20145678", "mobile", "138\u20141234\u20145678"),
    ("手机138\uff0d1234\uff0d5678", "mobile", "138\uff0d1234\uff0d5678"),
    ("手机138\n1234\n5678", "mobile", "138\n1234\n5678"),  # a line break inside a paragraph
    ("手机138\t1234\u30005678", "mobile", "138\t1234\u30005678"),
    ("手机138\u00a01234\u00a05678", "mobile", "138\u00a01234\u00a05678"),
    ("手机1 3 8 1 2 3 4 5 6 7 8", "mobile", "1 3 8 1 2 3 4 5 6 7 8"),
    ("手机138·1234·5678", "mobile", "138·1234·5678"),
    ("手机138/1234/5678", "mobile", "138/1234/5678"),
    ("手机138\u200b1234\u00ad5678", "mobile", "138\u200b1234\u00ad5678"),
    ("138 1234 5678\n139 8765 4321", "mobile", "138 1234 5678"),  # two numbers, one a line: both
    ("138 1234 5678\n139 8765 4321", "mobile", "139 8765 4321"),
    ("序号1\t138 1234 5678", "mobile", "138 1234 5678"),  # not swallowed by the number before the tab
    # landline
    ("电话0376-2345678", "landline", "0376-2345678"),
    ("电话（0376）23456789", "landline", "（0376）23456789"),
    ("电话(010)62345678", "landline", "(010)62345678"),
    ("电话03762345678", "landline", "03762345678"),
    ("电话(0376)2922345", "landline", "(0376)2922345"),
    ("电话0376—2922345", "landline", "0376—2922345"),
    ("电话0376 292 2345", "landline", "0376 292 2345"),
    ("电话0376·2922345", "landline", "0376·2922345"),
    # bank card
    ("卡号6222021234567890128", "bank-card", "6222021234567890128"),
    ("卡号 6222 0212 3456 7890 128", "bank-card", "6222 0212 3456 7890 128"),
    ("卡号6217-0012-3456-7893", "bank-card", "6217-0012-3456-7893"),
    ("卡号4111111111111111", "bank-card", "4111111111111111"),
    ("卡号6222  0212  3456  7890  128", "bank-card", "6222  0212  3456  7890  128"),
    ("卡号6222\n0212\n3456\n7890\n128", "bank-card", "6222\n0212\n3456\n7890\n128"),
    ("卡号6222_0212_3456_7890_128", "bank-card", "6222_0212_3456_7890_128"),
    # e-mail
    ("邮箱zhangjianhua@163.com联系", "email", "zhangjianhua@163.com"),
    ("邮箱ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "email", "ｚｈａｎｇ＠ｑｑ．ｃｏｍ"),
    ("Li.Xiu-Ying+work@mail.example.org", "email", "Li.Xiu-Ying+work@mail.example.org"),
    ("邮箱 zhang.san @ 163.com 联系", "email", "zhang.san @ 163.com"),
    ("邮箱zhang.san＠163.com", "email", "zhang.san＠163.com"),
    # passports
    ("护照号E12345678", "passport", "E12345678"),
    ("护照G87654321。", "passport", "G87654321"),
    ("护照EA1234567", "passport", "EA1234567"),
    ("外交护照DE1234567", "official-passport", "DE1234567"),
    ("公务护照SE1234567", "official-passport", "SE1234567"),
    ("公务普通护照PE1234567", "official-passport", "PE1234567"),
    ("护照号码：D1234567", "passport-legacy", "D1234567"),
    ("护照号S12345678", "passport-legacy", "S12345678"),
    ("因公护照P.1234567", "passport-legacy", "P.1234567"),
    ("护照号码为 141234567", "passport-legacy", "141234567"),
    # permits
    ("通行证C12345678", "hk-macau-permit", "C12345678"),
    ("通行证CB1234567", "hk-macau-permit", "CB1234567"),
    ("旧版通行证W12345678", "hk-macau-permit-booklet", "W12345678"),
    ("回乡证H12345678", "home-return-permit", "H12345678"),
    ("回乡证M1234567801", "home-return-permit", "M1234567801"),
    ("赴台通行证L12345678", "taiwan-permit", "L12345678"),
    ("台胞证号码：12345678", "taiwan-compatriot-permit", "12345678"),
    ("台湾居民来往大陆通行证（07257456）", "taiwan-compatriot-permit", "07257456"),
    ("通行证号 1234 5678", "taiwan-compatriot-permit", "1234 5678"),
    ("台胞证0561682001(D)", "taiwan-compatriot-permit", "0561682001(D)"),
    # vehicle plates
    ("车牌豫S12345停放", "vehicle-plate", "豫S12345"),
    ("车牌豫S·A1234", "vehicle-plate", "豫S·A1234"),
    ("新能源车豫SD12345", "vehicle-plate", "豫SD12345"),
    ("新能源车豫S12345F", "vehicle-plate", "豫S12345F"),
    ("车牌京A 1B2C3", "vehicle-plate", "京A 1B2C3"),
    ("车牌豫 S12345", "vehicle-plate", "豫 S12345"),
    ("车牌豫S 12345", "vehicle-plate", "豫S 12345"),
    ("车牌豫·S12345", "vehicle-plate", "豫·S12345"),
    ("车牌豫\u3000S-12345", "vehicle-plate", "豫\u3000S-12345"),
    ("粤Z1234港车辆", "cross-border-plate", "粤Z1234港"),
    ("粤ZA123澳车辆", "cross-border-plate", "粤ZA123澳"),
    ("粤Z·A123港", "cross-border-plate", "粤Z·A123港"),
]


@pytest.mark.parametrize("text, rule, expected", MUST_MATCH)
def test_must_match(text, rule, expected):
    assert (rule, expected) in found(text)


# (text, the rule it could be mistaken for, why it is not one)
MUST_NOT_MATCH = [
    ("身份证号411528199003151238", "resident-id", "bad check digit"),
    ("编号411528200102290019", "resident-id", "impossible birth date 2001-02-29"),
    ("编号411528209912310015", "resident-id", "birth date in the future"),
    ("流水号1411528199003151237", "resident-id", "ID inside a longer digit run"),
    ("旧证号码411528901315123", "resident-id-15", "birth month 13"),
    ("订单号20231138123456789012", "mobile", "mobile inside a longer digit run"),
    ("分别为138、1234、5678人", "mobile", "a list of counts laid out like a phone number: list commas join IDs only"),
    ("学校数\n\n\n15\n\n\n238\n\n\n4567\n\n\n12", "mobile", "table cells in a page (three line breaks)"),
    ("15\n\n238\n\n4567\n\n12", "mobile", "cells of a table without white space: a line break joins groups of 3+ only"),
    ("1、2、3、4、5、6、7、8、9、10", "mobile", "counts list"),
    ("坐标0\n14\n0\n22\n358.0\n38\n0\n70\n0\n78\n358.0", "landline", "SVG coordinates, one attribute a line"),
    ("区号0376，分机2345678", "landline", "area code and extension in words"),
    ("流水号6222021234567890128123", "bank-card", "card inside a longer digit run"),
    ("卡号6222021234567890127", "bank-card", "card failing Luhn"),
    ("2023 2024 2025 2026", "bank-card", "years: pass Luhn, but no bank starts with 20"),
    ("2017/2018/2019/2020", "bank-card", "years laid out like a card number"),
    ("分别为4656、5104、4408、6901户", "bank-card", "a list of counts that passes Luhn"),
    ("2019 2020 2021 2022 2023", "bank-card", "table-like run of years"),
    ("统一社会信用代码11411528MB1D03217P", "taiwan-compatriot-permit", "credit code: 8 digits, no context word"),
    ("索引号11411528MB1D03217P/2022-00031", "taiwan-compatriot-permit", "catalogue index number"),
    ("编号12345678", "taiwan-compatriot-permit", "a bare 8-digit number"),
    ("台胞证已于2023年补办，编号12345678", "taiwan-compatriot-permit", "context word too far away"),
    ("通行证号码有效期至20230526", "taiwan-compatriot-permit", "a date after the context word"),
    ("收费泊位2480个，累计387.6万元，2022年6月", "", "ordinary figures"),
    ("政务服务便民热线12345", "mobile", "short hotline"),
    ("日期2023-05-26", "", "date"),
    ("日期2023年5月26日", "", "date"),
    ("日期2023/05/26", "", "date"),
    ("日期2023.05.26", "", "date"),
    ("日期2023-05-26至2023-06-30", "bank-card", "date range: 16 digits"),
    ("金额1,234,567.89 元", "", "money"),
    ("金额12,345,678元", "", "money"),
    ("占比85.3%、92.1%", "", "percentages"),
    ("息政〔2019〕12号", "", "document number"),
    ("息政〔2019〕1234号", "", "document number, four-digit serial"),
    ("实施期2019—2023年", "", "range of years"),
    ("车次G1234", "passport", "train number"),
    ("型号E1234567", "passport", "E + 7 digits"),
    ("编号DE12345678", "official-passport", "DE + 8 digits"),
    ("型号D1234567", "passport-legacy", "old passport form without 护照 before it"),
    ("产品S12345678", "passport-legacy", "letter + 8 digits without 护照"),
    ("型号C1234567", "hk-macau-permit", "C + 7 digits"),
    ("型号W123456789", "hk-macau-permit-booklet", "W + 9 digits"),
    ("型号H123456789", "home-return-permit", "H + 9 digits"),
    ("\ufffdh20221115\x87", "home-return-permit", "a word of Pagefind's binary index: CBOR length byte h"),
    ("型号L1234567", "taiwan-permit", "L + 7 digits"),
    ("豫A区域", "vehicle-plate", "province word, no plate"),
    ("豫A·BCDEF", "vehicle-plate", "no digit: a word, not a plate"),
    ("粤ZABCD港", "cross-border-plate", "no digit"),
    ("版本v1.2.3", "", "version"),
    ("邮箱地址写作 name at example dot com", "email", "no @"),
    ("时间 @ 10:30", "email", "an @ with no address around it"),
]


@pytest.mark.parametrize("text, rule, why", MUST_NOT_MATCH)
def test_must_not_match(text, rule, why):
    assert found(text) == [], why


def test_public_contacts_stay():
    finder = DetectorFinder.with_public(["0376-2345678", "zfxxgk@xixian.gov.cn", "13800000000"])
    assert found("咨询电话：0376-2345678，（0376）2345678，邮箱 ZFXXGK@xixian.gov.cn", finder) == []
    assert found("手机+86 138 0000 0000", finder) == []
    assert found("电话0376\u20142345678，邮箱 zfxxgk @ xixian.gov.cn", finder) == []
    # only the listed ones: anything else is still found
    assert found("电话0376-2345679，邮箱other@xixian.gov.cn", finder) == [
        ("email", "other@xixian.gov.cn"), ("landline", "0376-2345679")]


def test_xi_county_id_that_stdnum_area_history_rejects_is_still_found():
    # A real-format Xi County number of someone born in 1990: stdnum's area-code history says no.
    with pytest.raises(Exception):
        ric.validate("411528199003151237")
    assert found("411528199003151237") == [("resident-id", "411528199003151237")]


def test_email_value_is_the_address_without_spaces():
    assert scanned("邮箱 zhang.san @ 163.com") == [("email", "zhang.san @ 163.com", "zhang.san@163.com")]


# what the leak guard reads: decoded pages, NFKC-folded but with format characters left in
GUARD_TEXTS = [
    ("138\u20611234\u20615678", "mobile", "13812345678"),  # INVISIBLE TIMES (Cf) between digits
    ("411528\u200b19900315\u200b\u200b\u200b\u200b1237", "resident-id", "411528199003151237"),
    ("138\n\n1234\n\n5678", "mobile", "13812345678"),  # 138<br>\n1234<br>\n5678 with the tags made line breaks
    ("信箱(\u200bzhang\u200b@\u200b163\u200b.\u200bcom\u200b)", "email", "zhang@163.com"),  # a Pagefind fragment
]


@pytest.mark.parametrize("text, rule, value", GUARD_TEXTS)
def test_the_guard_finds_numbers_split_by_format_characters(text, rule, value):
    assert (rule, value) in {(r, v) for r, _, v in scanned(text)}


def test_compact_removes_separators_and_maps_back():
    text = "手机138\t1234\u30005678，日期2023.05.26"
    squeezed, origin = compact(text)
    assert squeezed == "手机13812345678，日期2023.05.26"
    assert "".join(text[i] for i in origin) == squeezed
    narrow, _ = compact(text, wide=False)
    assert narrow == "手机138\t12345678，日期2023.05.26"  # one space only: the tab stays


def test_every_format_character_and_combining_mark_is_ignorable():
    class_ = re.compile(f"[{IGNORABLE_CHARS}]")
    wanted = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Cf", "Mn", "Me")}
    listed = {chr(c) for c in range(sys.maxunicode + 1) if class_.match(chr(c))}
    assert wanted <= listed
    assert {"\u3164", "\u2800", "\ufe01", "\u034f", "\u115f", "\uffa0"} <= listed
    assert not listed & {"a", "1", "张", " ", "\u3000", "-"}


def test_pages_without_identifiers_open_no_windows():
    page = "经调查核实，从实施效果看，群众满意度总体较高，部分乡镇执行不到位。\n" * 2000
    assert _windows(Folded.build([page], keep_space=True).text) == []


def test_an_identifier_deep_in_a_long_page_is_found():
    page = "经调查核实，群众满意度总体较高。" * 2000
    text = page + "台湾居民来往大陆通行证号码：12345678；车牌豫 S12345。" + page
    assert found(text) == [("taiwan-compatriot-permit", "12345678"), ("vehicle-plate", "豫 S12345")]


SEPARATORS = [" ", "  ", "\t", "\n", "\u3000", "\u00a0", "-", "\u2014", "\u2212", " - ", "\u200b ", "·", "/", "."]


@st.composite
def split_identifier(draw) -> tuple[str, str, str]:
    """(rule, digits, the digits written in their usual groups with a separator between)."""
    kind = draw(st.sampled_from(["mobile", "resident-id", "bank-card"]))
    if kind == "mobile":
        digits = "1" + draw(st.sampled_from("3456789")) + draw(st.text("0123456789", min_size=9, max_size=9))
        groups = [3, 4, 4]
    elif kind == "resident-id":
        birth = draw(st.dates(min_value=_dt.date(1930, 1, 1), max_value=_dt.date(2012, 12, 31)))
        base = "411528" + birth.strftime("%Y%m%d") + draw(st.text("0123456789", min_size=3, max_size=3))
        digits = base + mod_11_2.calc_check_digit(base)
        groups = draw(st.sampled_from([[6, 8, 4], [6, 4, 4, 4]]))
    else:
        body = "62" + draw(st.text("0123456789", min_size=16, max_size=16))
        digits = body + luhn.calc_check_digit(body)
        groups = [4, 4, 4, 4, 3]
    cuts, pos = [], 0
    for size in groups:
        cuts.append(digits[pos:pos + size])
        pos += size
    separator = draw(st.sampled_from(SEPARATORS))
    return kind, digits.lower(), separator.join(cuts)


@given(case=split_identifier(), before=st.sampled_from(["联系方式", "群众反映：", "备注 ", "。"]))
def test_an_identifier_split_by_any_separator_is_found(case, before):
    rule, digits, written = case
    assert (rule, written.lower()) in {(r, t.lower()) for r, t in found(f"{before}{written}。")}


def test_every_detector_has_cases_in_both_tables():
    names = {d.name for d in DETECTORS}
    assert names <= {rule for _, rule, _ in MUST_MATCH}
    assert names <= {rule for _, rule, _ in MUST_NOT_MATCH}
