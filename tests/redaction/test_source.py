"""Files as Word/WPS users save them: BOM, CRLF, full-width colons, GBK."""

from __future__ import annotations

from tests.conftest import messages, report_text, run_report


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
