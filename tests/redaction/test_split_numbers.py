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
]


def _digits(html: str) -> str:
    return re.sub(r"\D", "", re.sub(r"<[^>]*>", "", html))


@pytest.mark.parametrize("paragraph", [p for _, p in SPLIT], ids=[i for i, _ in SPLIT])
def test_a_split_number_in_the_body_is_withheld(paragraph: str) -> None:
    state = run_report(report_text(body=BODY.replace("执行总体顺畅。", paragraph)))
    assert not messages(state)
    assert "此处涉及个人隐私" in state.html
    for number in ("13812345678", "411528199003151237", "6222021234567894"):
        assert number not in _digits(state.html)
    assert any(r.rule.startswith("detector.") for r in state.records)


def test_a_number_a_yaml_block_scalar_breaks_over_lines_is_withheld() -> None:
    text = report_text().replace("结论摘要: 办法总体执行良好，建议继续执行。",
                                 "结论摘要: >\n  办法总体执行良好，投诉电话138\n  1234 5678，建议继续执行。")
    state = run_report(text)
    assert not messages(state)
    assert "13812345678" not in _digits(str(state.public_meta["结论摘要"]))
    assert "此处涉及个人隐私" in state.public_meta["结论摘要"]
