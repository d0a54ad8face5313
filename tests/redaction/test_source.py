"""Files as Word/WPS users save them: BOM, CRLF, full-width colons, GBK."""

from __future__ import annotations

import pytest

from tests.conftest import BODY, messages, report_text, run_report


def test_utf8_bom_and_crlf_are_accepted():
    raw = b"\xef\xbb\xbf" + report_text().replace("\n", "\r\n").encode("utf-8")
    state = run_report(raw)
    assert messages(state) == []
    assert state.public_meta["标题"] == "关于《息县测试管理办法》实施情况的后评估报告"


def test_full_width_colon_after_a_key_is_accepted():
    text = report_text().replace("执行单位: 息县城市管理局", "执行单位：息县城市管理局")
    state = run_report(text)
    assert messages(state) == []
    assert state.public_meta["执行单位"] == "息县城市管理局"


def test_full_width_digits_in_dates_are_accepted():
    text = report_text().replace("发布日期: 2023-06-05", "发布日期: ２０２３-０６-０５")
    assert messages(run_report(text)) == []


def test_gbk_file_is_refused_with_how_to_convert():
    state = run_report(report_text().encode("gb18030"))
    [message] = messages(state)
    assert message.startswith("reports/2023/t.md:2 ")
    assert "不是 UTF-8 编码" in message and "iconv -f GB18030 -t UTF-8" in message
    assert state.html == ""  # nothing rendered: no mojibake can reach a page


def test_undecodable_bytes_are_refused():
    state = run_report(report_text().encode("utf-8") + b"\xff\xfe\xfa")
    assert any("既不是 UTF-8 也不是 GBK" in m for m in messages(state))


# ---------------------------------------------------------------- YAML 1.1 traps: what was typed is the text

F = "reports/2023/t.md"

# (key, as typed, what PyYAML's default loader made of it)
YAML11_TRAPS = [
    pytest.param("索引号", "0601", 385, id="octal-0601"),
    pytest.param("索引号", "7:3", 423, id="sexagesimal-7:3"),
    pytest.param("决策文号", "yes", True, id="yes"),
    pytest.param("决策文号", "no", False, id="no"),
    pytest.param("决策文号", "on", True, id="on"),
    pytest.param("决策文号", "off", False, id="off"),
    pytest.param("索引号", "1e3", "1e3", id="exponent-1e3"),  # PyYAML's float needs a dot; YAML 1.2's does not
    pytest.param("索引号", "1.0e+3", 1000.0, id="float-1.0e+3"),
    pytest.param("索引号", "2023-05-26", "date", id="date"),
    pytest.param("索引号", "~", None, id="tilde-null"),
    pytest.param("索引号", "null", None, id="null"),
    pytest.param("索引号", "0x1F", 31, id="hex"),
    pytest.param("索引号", "1_000", 1000, id="underscore-int"),
    pytest.param("索引号", "0b101", 5, id="binary"),
    pytest.param("索引号", ".inf", float("inf"), id="inf"),
]


@pytest.mark.parametrize("key, typed, _yaml11", YAML11_TRAPS)
def test_front_matter_value_is_the_text_typed(key, typed, _yaml11):
    state = run_report(report_text(**{key: typed}))
    assert state.source.meta[key] == typed
    assert messages(state) == []
    assert state.public_meta[key] == typed


@pytest.mark.parametrize("typed", ["0601", "7:3", "yes", "1e3", "2023-05-26", "0x1F"])
def test_a_withheld_term_is_searched_as_typed(typed):
    body = BODY.replace("执行总体顺畅。", f"执行总体顺畅，编号{typed}。")
    state = run_report(report_text(body=body, 不予公开={"个人隐私": [typed]}))
    assert messages(state) == []
    assert typed not in state.html
    assert "此处涉及个人隐私" in state.html
    assert [r.rule for r in state.records] == ["terms"]


def test_list_items_are_text_as_typed():
    state = run_report(report_text(关键词=["0601", "no", "2023-05-26", "~"]))
    assert messages(state) == []
    assert state.public_meta["关键词"] == ["0601", "no", "2023-05-26", "~"]


@pytest.mark.parametrize("typed", ["", '""', "''"])
def test_empty_value_is_a_missing_value(typed):
    state = run_report(report_text(索引号=typed))
    assert messages(state) == []
    assert "索引号" not in state.public_meta


def test_empty_required_value_is_missing_at_its_line():
    state = run_report(report_text(执行单位=""))
    assert f"{F}:4 执行单位缺失：这是必填项，冒号后没有填写值。" in "\n".join(messages(state))


def test_duplicate_category_in_terms_is_an_error_not_last_wins():
    text = report_text(不予公开={"个人隐私": ["张三"]}).replace("---\n\n", "  个人隐私:\n    - 李四\n---\n\n", 1)
    assert f"{F}:19 不予公开中的「个人隐私」重复出现（第一次在第 17 行）" in "\n".join(messages(run_report(text)))


# ---------------------------------------------------------------- YAML syntax errors: the line of the cause, in Chinese

R = report_text()

# (report text, file line, expected message fragment)
YAML_ERRORS = [
    pytest.param(R.replace("标题: 关于", '标题: "关于'), 2, "引号没有闭合：在第 2 行的值末尾补上引号，或去掉引号",
                 id="unclosed-double-quote"),
    pytest.param(R.replace("标题: 关于", "标题: '关于"), 2, "引号没有闭合：在第 2 行的值末尾补上引号，或去掉引号",
                 id="unclosed-single-quote"),
    pytest.param(R.replace("标题: 关于", '标题: "关于').replace("执行单位: 息县城市管理局", '执行单位: "息县城市管理局"'),
                 2, "引号没有闭合：在第 2 行", id="unclosed-quote-swallows-the-next-lines"),
    pytest.param(R.replace("结论摘要: 办法", "结论摘要: 结论: 办法"), 12, "值里有「: 」（冒号加空格）",
                 id="mapping-values-not-allowed"),
    pytest.param(R.replace("执行单位:", "  执行单位:"), 4, "行首多了空格", id="indented-key"),
    pytest.param(R.replace("执行单位: 息县城市管理局", "执行单位 息县城市管理局"), 4, "缺少冒号：每行应写作「键: 值」",
                 id="could-not-find-expected-colon"),
    pytest.param(R.replace("  - 公众意见较多", "\t- 公众意见较多"), 10, "有制表符（Tab）：YAML 只能用空格缩进",
                 id="tab"),
    pytest.param(R.replace("  - 公众意见较多", "  - 公众意见较多\n - 未达预期"), 11, "列表项「- 」位置不对",
                 id="expected-block-end-list"),
    pytest.param(R.replace("标题: 关于《息县测试管理办法》实施情况的后评估报告", '标题: "关于" 报告'), 2,
                 "引号要括住整个值", id="text-after-closing-quote"),
    pytest.param(R.replace("评估结论: 继续执行", "评估结论: [继续执行"), 11, "方括号没有闭合", id="unclosed-bracket"),
    pytest.param(R.replace("评估结论: 继续执行", "评估结论: {继续执行"), 11, "花括号没有闭合", id="unclosed-brace"),
    pytest.param(R.replace("评估结论: 继续执行", "评估结论: @继续执行"), 11, "不能以「@」开头：请把整个值用引号括起来",
                 id="character-cannot-start-a-token"),
    pytest.param(R.replace("评估结论: 继续执行", "评估结论: *继续执行"), 11, "会被当作 YAML 引用", id="undefined-alias"),
    pytest.param(R.replace("标题: 关于", '标题: "关\\q于'), 2, "反斜杠「\\」被当作转义符", id="unknown-escape"),
]


@pytest.mark.parametrize("text, line, expected", YAML_ERRORS)
def test_yaml_syntax_error_is_explained_at_the_line_of_its_cause(text, line, expected):
    [message] = messages(run_report(text))
    assert message.startswith(f"{F}:{line} 元数据不是有效的 YAML。"), message
    assert expected in message
    assert "while " not in message and "expected" not in message  # PyYAML's English is translated


def test_unknown_yaml_problem_is_still_a_chinese_sentence():
    from redaction.source import _explain

    message = _explain("while doing something", "found a problem nobody has met before " * 5, 7, "", 0)
    assert message.startswith("第 7 行无法读取（YAML：") and len(message) < 160


# ---------------------------------------------------------------- control characters

# (character, its name in the message)
CONTROLS = [
    pytest.param("\x00", "U+0000（空字符 NUL）", id="nul"),
    pytest.param("\x08", "U+0008（退格符）", id="backspace"),
    pytest.param("\x0b", "U+000B（垂直制表符", id="vertical-tab"),
    pytest.param("\x0c", "U+000C（换页符", id="form-feed"),
    pytest.param("\x1b", "U+001B", id="escape"),
    pytest.param("\x1f", "U+001F", id="unit-separator"),
    pytest.param("\ufffe", "U+FFFE", id="non-character-fffe"),
    pytest.param("\uffff", "U+FFFF", id="non-character-ffff"),
]


@pytest.mark.parametrize("char, name", CONTROLS)
def test_control_character_is_an_error_at_its_line_and_column(char, name):
    text = report_text().replace("执行总体顺畅。", f"执行总{char}体顺畅。")
    line = text.split("\n").index(f"执行总{char}体顺畅。") + 1
    state = run_report(text)
    [message] = messages(state)
    assert message.startswith(f"{F}:{line} 本行第 4 个字符是看不见的 {name}"), message
    assert state.html == ""


def test_control_character_in_front_matter_with_crlf():
    text = report_text().replace("标题: 关于", "标题: 关\x00于").replace("\n", "\r\n")
    [message] = messages(run_report(text))
    assert message.startswith(f"{F}:2 本行第 6 个字符是看不见的 U+0000")


@pytest.mark.parametrize("char", ["\t", "\r\n", "\r"])
def test_tab_and_line_endings_are_no_control_characters(char):
    text = report_text().replace("执行总体顺畅。", f"执行总体顺畅。{char}")
    assert messages(run_report(text)) == []


def test_utf16_file_is_refused_with_how_to_convert():
    [message] = messages(run_report(report_text().encode("utf-16")))
    assert message.startswith(f"{F}:1 文件是 UTF-16 编码") and "UTF-8" in message
