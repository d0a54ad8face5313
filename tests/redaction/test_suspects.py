"""Suspected names in the pipeline: found where the public would read them, held back until decided,
decisions bound to the sign-off, and a re-save that changes no text changes no digest."""

from __future__ import annotations

import pytest

from redaction.pipeline import HELD_BACK, PREVIEW_STEPS, PUBLISHED, ReportState, run
from redaction.signoff import PRIVATE, PUBLIC, NameDecision
from tests.conftest import BODY, BUILD_DATE, report_text, run_report


def body(sentence: str) -> str:
    return BODY.replace("执行总体顺畅。", sentence)


def run_with(text: str, decisions: tuple[NameDecision, ...] = (), public_names: frozenset[str] = frozenset(),
             name: str = "names") -> ReportState:
    state = run_report("", name)  # makes the reports folder; the real run follows
    state = ReportState(path=state.path, file=state.file, year="2023", name=name, build_date=BUILD_DATE,
                        decisions=decisions, public_names=public_names)
    state.raw = text.encode("utf-8")
    return run(state, PREVIEW_STEPS)


@pytest.mark.parametrize(("sentence", "name", "rank", "held"), [
    ("受访者张建华表示满意。", "张建华", "private", True),
    ("村民王秀\n英说道路修好了。", "王秀英", "private", True),  # split by a soft line break
    ("入户走访中，欧阳振华反映路灯不亮。", "欧阳振华", None, True),  # a compound surname
    ("县长李明主持召开座谈会。", "李明", "public", False),  # an official in office
    ("**受访者**刘\u200b桂兰认为时段不便。", "刘桂兰", None, True),  # an invisible character inside
])
def test_a_name_nobody_marked_is_suspected_where_the_public_would_read_it(sentence: str, name: str,
                                                                            rank: str | None, held: bool) -> None:
    state = run_with(report_text(body(sentence)))
    found = {n.name: n for n in state.suspects}
    assert name in found, state.suspects
    if rank:
        assert found[name].rank == rank
    assert found[name].sentence and found[name].reasons
    assert found[name].line == 24  # the paragraph's line in the file
    assert (state.status == HELD_BACK) is held
    if held:
        assert name in state.status_reason and "第 24 行" in state.status_reason


def test_places_units_and_marked_names_are_not_suspects() -> None:
    state = run_with(report_text(body("息县人民政府和张庄村委会组织[张建华]{.个人隐私}等群众代表座谈。")))
    assert [n.name for n in state.suspects if n.needs_decision] == []
    assert state.status == PUBLISHED


def test_names_in_public_front_matter_are_suspected_too() -> None:
    state = run_with(report_text(结论摘要="受访者张建华等人建议继续执行。"))
    assert [(n.name, n.place) for n in state.suspects] == [("张建华", "元数据：结论摘要")]
    assert state.status == HELD_BACK


def test_marked_private_by_the_reviewer_the_name_is_withheld_everywhere_and_guarded() -> None:
    text = report_text(body("受访者张建华表示满意，张建华家门前的路修好了。"), 结论摘要="张建华等人建议继续执行。")
    state = run_with(text, (NameDecision("张建华", PRIVATE),))
    assert state.status == PUBLISHED and not state.suspects
    assert "张建华" not in state.html and "张建华" not in str(state.public_meta)
    assert state.html.count("此处涉及个人隐私") == 2
    assert "张建华" in state.secrets  # the leak guard looks for it in every published byte
    assert {r.rule for r in state.records} >= {"reviewer-decision"}


def test_accepted_as_public_the_name_stays_and_no_longer_holds_the_report_back() -> None:
    state = run_with(report_text(body("座谈会由村支书李国强主持。")), (NameDecision("李国强", PUBLIC, "村支书，公务身份"),))
    assert state.status == PUBLISHED
    assert "李国强" in state.html
    assert [(n.name, n.rank, n.needs_decision) for n in state.suspects] == [("李国强", "public", False)]


def test_configured_public_names_need_no_decision() -> None:
    state = run_with(report_text(body("座谈会上，王志强作了说明。")), public_names=frozenset({"王志强"}))
    assert state.status == PUBLISHED, state.suspects


def test_a_new_suspect_changes_the_redaction_digest_a_decision_was_bound_to() -> None:
    decided = (NameDecision("张建华", PRIVATE),)
    signed = run_with(report_text(body("受访者张建华表示满意。")), decided, name="a")
    edited = run_with(report_text(body("受访者张建华表示满意，受访者赵德明表示反对。")), decided, name="a")
    assert signed.status == PUBLISHED and edited.status == HELD_BACK
    assert "赵德明" in edited.status_reason
    assert signed.redaction_digest != edited.redaction_digest


def test_a_resave_with_bom_and_windows_line_endings_is_the_same_text() -> None:
    text = report_text()
    plain = run_report(text, "resave")
    resaved = run_report(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"), "resave")
    assert plain.source_digest == resaved.source_digest
    assert plain.redaction_digest == resaved.redaction_digest
    assert plain.raw_digest != resaved.raw_digest  # the cache still sees the file changed
