"""Property: an identifier put anywhere in a report never survives redaction."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BODY, messages, report_text, run_report
from tests.strategies import chinese_words, identifier, places


def bare(text: str) -> str:
    """Folded, with every separator gone: how the identifier's digits and letters would read."""
    return re.sub(r"[^0-9a-z@]", "", unicodedata.normalize("NFKC", text).casefold())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=identifier(), place=places, before=chinese_words, after=chinese_words)
def test_identifier_anywhere_in_the_body_is_withheld(value, place, before, after):
    snippet = f"{before}\n\n{place.format(value)}\n\n{after}"
    state = run_report(report_text(body=BODY.replace("执行总体顺畅。", snippet)))
    assert messages(state) == []
    assert bare(value) not in bare(state.html)
    assert any(r.rule.startswith("detector.") for r in state.records)


@settings(max_examples=100, deadline=None)
@given(value=identifier(), key=st.sampled_from(["标题", "结论摘要", "决策名称", "执行单位"]))
def test_identifier_in_public_front_matter_is_withheld(value, key):
    state = run_report(report_text(**{key: f"关于来电{value}的说明"}))
    assert messages(state) == []
    assert bare(value) not in bare(str(state.public_meta[key]))
