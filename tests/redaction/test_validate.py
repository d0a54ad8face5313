"""Validation of front matter and body sections: each defect is refused with file, line and fix."""

from __future__ import annotations

import datetime as _dt

import pytest

from tests.conftest import BODY, messages, report_text, run_report

F = "reports/2023/t.md"


def test_valid_report_has_no_errors():
    state = run_report(report_text())
    assert messages(state) == []
    assert state.status == "published"


# (front-matter changes, expected message fragment: "file:line field found/expected")
META_CASES = [
    pytest.param({"评估结论": "继续"},
                 f"{F}:11 评估结论「继续」不是可选值之一：继续执行、修改完善、暂缓执行、停止执行",
                 id="value-outside-enum"),
    pytest.param({"评估类型": "中期评估"}, f"{F}:5 评估类型「中期评估」不是可选值之一：跟踪反馈、后评估",
                 id="evaluation-type"),
    pytest.param({"评估范围": "全面评估"}, "评估范围「全面评估」不是可选值之一：整体评估、部分评估", id="scope"),
    pytest.param({"评估程序": "普通程序"}, "评估程序「普通程序」不是可选值之一：一般程序、简易程序", id="procedure"),
    pytest.param({"评估方式": "第三方评估"}, "评估方式「第三方评估」不是可选值之一：自行评估、委托评估", id="method"),
    pytest.param({"执行单住": "息县城市管理局"}, "「执行单住」不是已知的元数据键（是否想写「执行单位」？）",
                 id="unknown-key-typo"),
    pytest.param({"执行单位": None}, "执行单位缺失：这是必填项", id="missing-required"),
    pytest.param({"结论摘要": None}, "结论摘要缺失：这是必填项", id="missing-summary"),
    pytest.param({"启动情形": ["上级要求"]},
                 f"{F}:9 启动情形中的「上级要求」不是可选值之一：依据变化、未达预期、公众意见较多、执行单位申请、县政府认为必要",
                 id="trigger-outside-art9"),
    pytest.param({"司法审核日期": "2023-5-10"},
                 f"{F}:13 司法审核日期「2023-5-10」不是日期，格式 YYYY-MM-DD（如 2023-05-26）", id="malformed-date"),
    pytest.param({"发布日期": "2023-02-30"}, "发布日期「2023-02-30」不是日期", id="impossible-date"),
    pytest.param({"政府审定日期": "2023-05-01"},
                 f"{F}:14 政府审定日期「2023-05-01」早于司法审核日期「2023-05-10」", id="approval-before-review"),
    pytest.param({"发布日期": "2023-05-20"}, f"{F}:15 发布日期「2023-05-20」早于政府审定日期「2023-05-26」",
                 id="publication-before-approval"),
    pytest.param({"评估方式": "委托评估"}, f"{F}:8 受托机构缺失：评估方式为「委托评估」时必须填写受托机构",
                 id="entrusted-without-agency"),
    pytest.param({"受托机构": "某研究院"}, "受托机构只在评估方式为「委托评估」时填写", id="agency-without-entrusting"),
    pytest.param({"不予公开": {"个人秘密": ["张三"]}}, "不予公开中的类别「个人秘密」不是以下之一", id="unknown-category-in-terms"),  # noqa: E501
    pytest.param({"草稿": "yes"}, f"{F}:16 草稿「yes」应为true 或 false（也可写「是」或「否」）", id="draft-not-bool"),
    pytest.param({"草稿": "1"}, "草稿「1」应为true 或 false", id="draft-one"),
    pytest.param({"草稿": "on"}, "草稿「on」应为true 或 false", id="draft-on"),
    pytest.param({"发布日期": "2023/06/05"}, f"{F}:15 发布日期「2023/06/05」不是日期", id="date-with-slashes"),
    pytest.param({"发布日期": "2023年6月5日"}, "发布日期「2023年6月5日」不是日期", id="date-in-words"),
    pytest.param({"发布日期": "20230605"}, "发布日期「20230605」不是日期", id="date-without-dashes"),
    pytest.param({"发布日期": ""}, f"{F}:15 发布日期缺失：这是必填项，冒号后没有填写值", id="empty-date"),
]


@pytest.mark.parametrize("changes, expected", META_CASES)
def test_front_matter_errors(changes, expected):
    state = run_report(report_text(**changes))
    found = messages(state)
    assert any(expected in m for m in found), found
    assert state.status == "invalid"


# (草稿 as typed, whether the file is a draft): the spellings schema.Flag documents
FLAGS = [
    pytest.param("true", True, id="true"),
    pytest.param("True", True, id="True"),
    pytest.param("TRUE", True, id="TRUE"),
    pytest.param('"true"', True, id="quoted-true"),
    pytest.param("ｔｒｕｅ", True, id="full-width-true"),
    pytest.param("是", True, id="shi"),
    pytest.param("false", False, id="false"),
    pytest.param("False", False, id="False"),
    pytest.param("否", False, id="fou"),
]


@pytest.mark.parametrize("typed, draft", FLAGS)
def test_draft_flag_spellings(typed, draft):
    state = run_report(report_text(草稿=typed))
    assert messages(state) == []
    assert state.status == ("draft" if draft else "published")
    if not draft:
        assert state.source.meta["草稿"] is False


@pytest.mark.parametrize("typed", ["true", "是"])
def test_draft_with_errors_elsewhere_is_skipped_silently(typed):
    state = run_report(report_text(草稿=typed, 评估结论="继续", 发布日期="2023-6-5", 执行单住="x"))
    assert state.status == "draft" and messages(state) == []


# (date as typed): each is the date 2023-06-05, which later steps compare as a date
DATES = [
    pytest.param("2023-06-05", id="plain"),
    pytest.param('"2023-06-05"', id="double-quoted"),
    pytest.param("'2023-06-05'", id="single-quoted"),
    pytest.param("２０２３-０６-０５", id="full-width-digits"),
    pytest.param("２０２３－０６－０５", id="full-width-digits-and-dashes"),
    pytest.param("“2023-06-05”", id="chinese-quotes"),
]


@pytest.mark.parametrize("typed", DATES)
def test_dates_become_dates_after_validation(typed):
    state = run_report(report_text(发布日期=typed))
    assert messages(state) == []
    assert state.source.meta["发布日期"] == _dt.date(2023, 6, 5)
    assert state.public_meta["发布日期"] == _dt.date(2023, 6, 5)


@pytest.mark.parametrize("typed", ['"2026-12-01"', "２０２６-１２-０１"])
def test_quoted_future_date_is_still_held_back(typed):
    state = run_report(report_text(司法审核日期="2026-11-01", 政府审定日期="2026-11-10", 发布日期=typed))
    assert state.status == "held_back", messages(state)


def test_date_order_is_checked_on_dates_typed_as_text():
    state = run_report(report_text(政府审定日期='"2023-05-01"'))
    assert any(f"{F}:14 政府审定日期「2023-05-01」早于司法审核日期「2023-05-10」" in m for m in messages(state))


def test_duplicate_key_is_an_error_not_last_wins():
    text = report_text().replace("评估结论: 继续执行\n", "评估结论: 继续执行\n评估结论: 停止执行\n")
    assert any("评估结论重复出现（第一次在第 11 行）" in m for m in messages(run_report(text)))


def test_invalid_yaml_names_the_line():
    text = report_text().replace("评估结论: 继续执行", "评估结论: [继续执行")
    found = messages(run_report(text))
    assert found and found[0].startswith(F + ":") and "元数据不是有效的 YAML" in found[0]


def test_missing_front_matter():
    assert messages(run_report(BODY)) == [f"{F}:1 文件开头缺少以「---」开始的 YAML 元数据块（标题、执行单位等）。"]


def test_all_errors_of_a_report_are_reported_together():
    state = run_report(report_text(评估结论="继续", 评估类型="x", 执行单住="y"))
    assert len(messages(state)) >= 3


SECTION_CASES = [
    pytest.param(BODY.replace("## 二、内容分析", "## 二、执行分析"),
                 "缺少第十四条要求的二级标题「## 内容分析」", id="missing-section"),
    pytest.param(BODY.replace("## 三、结论及建议\n\n建议继续执行。\n", "")
                 .replace("## 一、基本情况", "## 三、结论及建议\n\n建议继续执行。\n\n## 一、基本情况"),
                 "二级标题「结论及建议」的顺序不对", id="out-of-order"),
    pytest.param(BODY.replace("## 四、其他需要说明的问题", "### 四、其他需要说明的问题"),
                 "缺少第十四条要求的二级标题「## 其他需要说明的问题」", id="wrong-level"),
]

HEADING_LINE = 18  # of 「## 一、基本情况」 in report_text()

# (heading written instead of 「## 一、基本情况」, what the message at that heading's line says)
NEAR_MISSES = [
    pytest.param("## 基本情況", "标题「## 基本情況」应改为「## 基本情况」：「況」应为「况」（繁体字应改为简体字）",
                 id="traditional-character"),
    pytest.param("## 基本情况：", "标题「## 基本情况：」应改为「## 基本情况」：多了「：」", id="trailing-colon"),
    pytest.param("### 基本情况", "标题「### 基本情况」应改为「## 基本情况」：它是三级标题（3 个「#」），应为二级标题",
                 id="level-3"),
    pytest.param("# 基本情况", "标题「# 基本情况」应改为「## 基本情况」：它是一级标题（1 个「#」），应为二级标题",
                 id="level-1"),
    pytest.param("## 一、基本状况", "标题「## 一、基本状况」应改为「## 一、基本情况」：「状」应为「情」", id="other-word"),
    pytest.param("### 一、基本情況", "应改为「## 一、基本情况」：「況」应为「况」（繁体字应改为简体字）；它是三级标题",
                 id="level-and-character"),
    pytest.param("## 一、基本情", "应改为「## 一、基本情况」：少了「况」", id="missing-character"),
]


@pytest.mark.parametrize("heading, expected", NEAR_MISSES)
def test_misnamed_or_misplaced_section_is_reported_at_its_own_line(heading, expected):
    found = messages(run_report(report_text(body=BODY.replace("## 一、基本情况", heading))))
    assert len(found) == 1, found
    assert found[0].startswith(f"{F}:{HEADING_LINE} 正文"), found
    assert expected in found[0]
    assert "缺少第十四条要求的二级标题「## 基本情况」" in found[0]


def test_section_unlike_any_heading_keeps_the_missing_message():
    found = messages(run_report(report_text(body=BODY.replace("## 二、内容分析\n\n执行总体顺畅。\n", ""))))
    assert found == [f"{F}:{HEADING_LINE} 正文缺少第十四条要求的二级标题「## 内容分析」。报告正文应依次包含："
                     "「## 基本情况」、「## 内容分析」、「## 结论及建议」、「## 其他需要说明的问题」。"]


@pytest.mark.parametrize("body, expected", SECTION_CASES)
def test_section_errors(body, expected):
    found = messages(run_report(report_text(body=body)))
    assert any(expected in m for m in found), found


@pytest.mark.parametrize("heading", ["基本情况", "一、基本情况", "1. 基本情况", "（一）基本情况", "第一部分 基本情况"])
def test_section_numbers_are_allowed(heading):
    body = BODY.replace("## 一、基本情况", f"## {heading}")
    assert messages(run_report(report_text(body=body))) == []


def test_draft_is_skipped_even_when_incomplete():
    state = run_report(report_text(草稿="true", 评估结论=None))
    assert state.status == "draft" and messages(state) == []


def test_future_publication_date_is_held_back():
    state = run_report(report_text(司法审核日期="2026-11-01", 政府审定日期="2026-11-10", 发布日期="2026-12-01"))
    assert state.status == "held_back"
    assert "2026-12-01" in state.status_reason
