"""Unmarked numbers split the way a writer or a Word export splits them are still withheld.

Each body goes through the whole pipeline (``run_report``): the public HTML must not hold the
number's digits in order, and a 个人隐私 notice must stand in its place.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import BODY, messages, report_text, run_report

SPLIT = [
    ("two spaces", "联系电话138  1234  5678。"),
    ("tab", "联系电话138\t1234\t5678。"),
    ("ideographic space", "联系电话138\u30001234\u30005678。"),
    ("line break inside a paragraph", "联系电话138\n1234\n5678。"),
    ("hard line break", "联系电话138\\\n1234 5678。"),
    ("br tag", "联系电话138<br>1234<br>5678。"),
    ("zero-width space", "联系电话138\u200b1234\u200b5678。"),
    ("soft hyphen entity", "联系电话138&shy;1234&shy;5678。"),
    ("word joiner entity", "联系电话138&#x2060;12345678。"),
    ("minus sign", "联系电话138\u22121234\u22125678。"),
    ("en dash", "联系电话138–1234–5678。"),
    ("middle dot", "联系电话138·1234·5678。"),
    ("slash", "联系电话138/1234/5678。"),
    ("brackets", "联系电话(138)1234-5678。"),
    ("emphasis", "联系电话138**1234**5678。"),
    ("id with ideographic space", "身份证号411528\u300019900315\u30001237。"),
    ("card in groups of two spaces", "卡号6222  0212  3456  7894。"),
    ("hangul filler", "联系电话138\u31641234\u31645678。"),
    ("braille blank", "联系电话138\u28001234\u28005678。"),
    ("id with hangul filler", "身份证号1101051949\u31641231002X。"),
    ("chinese numerals", "联系电话一三八一二三四五六七八。"),
    ("digits and chinese numerals", "联系电话138一二三四五六七八。"),
]


def _digits(html: str) -> str:
    return re.sub(r"\D", "", re.sub(r"<[^>]*>", "", html))


@pytest.mark.parametrize("paragraph", [p for _, p in SPLIT], ids=[i for i, _ in SPLIT])
def test_a_split_number_in_the_body_is_withheld(paragraph: str) -> None:
    state = run_report(report_text(body=BODY.replace("执行总体顺畅。", paragraph)))
    assert not messages(state)
    assert "此处涉及个人隐私" in state.html
    for number in ("13812345678", "411528199003151237", "6222021234567894", "11010519491231002"):
        assert number not in _digits(state.html)
    assert "一三八一二三四五六七八" not in state.html and "一二三四五六七八" not in state.html
    assert any(r.rule.startswith("detector.") for r in state.records)


def test_a_number_a_yaml_block_scalar_breaks_over_lines_is_withheld() -> None:
    text = report_text().replace("结论摘要: 办法总体执行良好，建议继续执行。",
                                 "结论摘要: >\n  办法总体执行良好，投诉电话138\n  1234 5678，建议继续执行。")
    state = run_report(text)
    assert not messages(state)
    assert "13812345678" not in _digits(str(state.public_meta["结论摘要"]))
    assert "此处涉及个人隐私" in state.public_meta["结论摘要"]


# a listed term written as a reader would still read it
SPELLED = [
    ("traditional characters", "張三豐"),
    ("hangul filler inside", "张\u3164三丰"),
    ("variation selector inside", "张\ufe01三丰"),
    ("combining grapheme joiner inside", "张\u034f三丰"),
    ("combining accent", "张\u0301三丰"),
    ("zero-width joiner", "张\u200d三丰"),
    ("full-width space inside", "张\u3000三丰"),
]


@pytest.mark.parametrize("written", [w for _, w in SPELLED], ids=[i for i, _ in SPELLED])
def test_a_listed_term_is_withheld_however_it_is_spelled(written: str) -> None:
    body = BODY.replace("执行总体顺畅。", f"受访者{written}表示满意。")
    state = run_report(report_text(body=body, 不予公开={"个人隐私": ["张三丰"]}))
    assert not messages(state)
    assert written not in state.html and "三丰" not in state.html and "三豐" not in state.html
    assert "此处涉及个人隐私" in state.html


@pytest.mark.parametrize("name", ["张\u3164三丰", "138\u31641234\u31645678", "張三豐"])
def test_a_file_name_a_reader_reads_as_withheld_data_is_refused(name: str) -> None:
    state = run_report(report_text(不予公开={"个人隐私": ["张三丰"]}), name=name)
    assert any("文件名" in m for m in messages(state)), messages(state)


def test_front_matter_nested_thousands_deep_is_an_error_not_a_traceback() -> None:
    state = run_report(report_text().replace("结论摘要: 办法总体执行良好，建议继续执行。",
                                             "结论摘要: " + "[" * 10_000 + "]" * 10_000))
    assert any("嵌套太深" in m for m in messages(state)), messages(state)
