"""Detector tables: what each detector must find, and what it must leave alone."""

from __future__ import annotations

import pytest
from stdnum.cn import ric

from redaction.detectors import DETECTORS, DetectorFinder
from redaction.folding import Folded

FINDER = DetectorFinder()


def found(text: str, finder: DetectorFinder = FINDER) -> list[tuple[str, str]]:
    """(rule, matched original text) for every hit in ``text``."""
    folded = Folded.build([text], keep_space=True)
    out = []
    for hit in finder(folded):
        lo, hi = folded.origin[hit.start][1], folded.origin[hit.end - 1][1] + 1
        out.append((hit.rule.removeprefix("detector."), text[lo:hi]))
    return sorted(out)


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
    ("旧证411528900315123作废", "resident-id-15", "411528900315123"),
    # mobile
    ("联系电话13812345678", "mobile", "13812345678"),
    ("手机：+86 13812345678", "mobile", "+86 13812345678"),
    ("手机：008613812345678。", "mobile", "008613812345678"),
    ("手机138-1234-5678", "mobile", "138-1234-5678"),
    ("手机 138 1234 5678 转", "mobile", "138 1234 5678"),
    ("手机１３９１２３４５６７８", "mobile", "１３９１２３４５６７８"),
    ("电话19912345678和17712345678", "mobile", "17712345678"),
    # landline
    ("电话0376-2345678", "landline", "0376-2345678"),
    ("电话（0376）23456789", "landline", "（0376）23456789"),
    ("电话(010)62345678", "landline", "(010)62345678"),
    ("电话03762345678", "landline", "03762345678"),
    # bank card
    ("卡号6222021234567890128", "bank-card", "6222021234567890128"),
    ("卡号 6222 0212 3456 7890 128", "bank-card", "6222 0212 3456 7890 128"),
    ("卡号6217-0012-3456-7893", "bank-card", "6217-0012-3456-7893"),
    ("卡号4111111111111111", "bank-card", "4111111111111111"),
    # e-mail
    ("邮箱zhangjianhua@163.com联系", "email", "zhangjianhua@163.com"),
    ("邮箱ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "email", "ｚｈａｎｇ＠ｑｑ．ｃｏｍ"),
    ("Li.Xiu-Ying+work@mail.example.org", "email", "Li.Xiu-Ying+work@mail.example.org"),
    # passports and permits
    ("护照号E12345678", "passport", "E12345678"),
    ("护照G87654321。", "passport", "G87654321"),
    ("护照EA1234567", "passport", "EA1234567"),
    ("通行证C12345678", "hk-macau-permit", "C12345678"),
    ("通行证CB1234567", "hk-macau-permit", "CB1234567"),
    # vehicle plates
    ("车牌豫S12345停放", "vehicle-plate", "豫S12345"),
    ("车牌豫S·A1234", "vehicle-plate", "豫S·A1234"),
    ("新能源车豫SD12345", "vehicle-plate", "豫SD12345"),
    ("新能源车豫S12345F", "vehicle-plate", "豫S12345F"),
    ("车牌京A 1B2C3", "vehicle-plate", "京A 1B2C3"),
]


@pytest.mark.parametrize("text, rule, expected", MUST_MATCH)
def test_must_match(text, rule, expected):
    assert (rule, expected) in found(text)


MUST_NOT_MATCH = [
    ("身份证号411528199003151238", "bad check digit"),
    ("编号411528200102290019", "impossible birth date 2001-02-29"),
    ("编号411528209912310015", "birth date in the future"),
    ("订单号20231138123456789012", "mobile inside a longer digit run"),
    ("流水号6222021234567890128123", "card inside a longer digit run"),
    ("流水号1411528199003151237", "ID inside a longer digit run"),
    ("卡号6222021234567890127", "card failing Luhn"),
    ("统一社会信用代码11411528MB1D03217P", "credit code"),
    ("索引号11411528MB1D03217P/2022-00031", "catalogue index number"),
    ("收费泊位2480个，累计387.6万元，2022年6月", "ordinary figures"),
    ("政务服务便民热线12345", "short hotline"),
    ("日期2023-05-26", "date"),
    ("车次G1234", "train number"),
    ("豫A区域", "province word, no plate"),
    ("型号E1234567", "E + 7 digits"),
    ("版本v1.2.3", "version"),
    ("邮箱地址写作 name at example dot com", "no @"),
]


@pytest.mark.parametrize("text, why", MUST_NOT_MATCH)
def test_must_not_match(text, why):
    assert found(text) == [], why


def test_public_contacts_stay():
    finder = DetectorFinder.with_public(["0376-2345678", "zfxxgk@xixian.gov.cn", "13800000000"])
    assert found("咨询电话：0376-2345678，（0376）2345678，邮箱 ZFXXGK@xixian.gov.cn", finder) == []
    assert found("手机+86 138 0000 0000", finder) == []
    # only the listed ones: anything else is still found
    assert found("电话0376-2345679，邮箱other@xixian.gov.cn", finder) == [
        ("email", "other@xixian.gov.cn"), ("landline", "0376-2345679")]


def test_xi_county_id_that_stdnum_area_history_rejects_is_still_found():
    # A real-format Xi County number of someone born in 1990: stdnum's area-code history says no.
    with pytest.raises(Exception):
        ric.validate("411528199003151237")
    assert found("411528199003151237") == [("resident-id", "411528199003151237")]


def test_every_detector_has_cases_in_both_tables():
    names = {d.name for d in DETECTORS}
    assert names <= {rule for _, rule, _ in MUST_MATCH}
