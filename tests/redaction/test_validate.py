"""Validation of front matter and body sections: each defect is refused with file, line and fix."""

from __future__ import annotations

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
    pytest.param({"不予公开": {"个人秘密": ["张三"]}}, "不予公开中的类别「个人秘密」不是以下之一", id="unknown-category-in-terms"),
    pytest.param({"草稿": "是"}, "草稿「是」应为true 或 false", id="draft-not-bool"),
]


@pytest.mark.parametrize("changes, expected", META_CASES)
def test_front_matter_errors(changes, expected):
    state = run_report(report_text(**changes))
    found = messages(state)
    assert any(expected in m for m in found), found
    assert state.status == "invalid"


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
