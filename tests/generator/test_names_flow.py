"""The reviewer decides on every unmarked name, and an edit never takes the approved page offline.

The whole flow through the real commands: ``check`` lists the suspect, ``build`` holds the
report back, ``approve`` refuses until each name is decided, a name marked private is withheld
and guarded, a re-save changes nothing, and an edited report keeps its approved version
online until the new one is signed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import BODY, ROOT, copy_config, gongkai, report_text, write_report

SENTENCE = "受访者张建华表示满意，县长李明主持了座谈会。"


@pytest.fixture
def signed(tmp_path: Path) -> Path:
    """A project that requires sign-off, with one report naming a respondent nobody marked."""
    copy_config(tmp_path, require_signoff=True)
    shutil.copytree(ROOT / "content", tmp_path / "content")
    write_report(tmp_path, "names", report_text(BODY.replace("执行总体顺畅。", SENTENCE), 标题="走访报告"))
    return tmp_path


def page(project: Path) -> Path:
    return project / "site" / "reports" / "2023" / "names" / "index.html"


def test_check_lists_each_suspect_with_line_sentence_and_why(signed: Path) -> None:
    result = gongkai(signed, "check")
    assert result.returncode == 0, result.stderr
    listed = result.stdout[result.stdout.index("疑似未标记的姓名"):]
    assert "reports/2023/names.md:24（正文）「张建华」待决定：受访者张建华表示满意" in listed
    assert "前有「受访者」" in listed
    assert "「李明」视为公开" in listed and "县长" in listed
    assert "疑似姓名待确认" in result.stdout  # the report's status in the table


def test_the_report_waits_until_every_name_is_decided(signed: Path) -> None:
    built = gongkai(signed, "build")
    assert built.returncode == 0, built.stderr
    assert not page(signed).exists()
    assert "第 24 行「张建华」" in built.stdout

    refused = gongkai(signed, "approve", "reports/2023/names.md", "--by", "吴秋实")
    assert refused.returncode == 1
    assert "第 24 行「张建华」" in refused.stderr and "--private 张建华" in refused.stderr
    assert not (signed / "reports" / "signoffs.yml").exists()

    approved = gongkai(signed, "approve", "reports/2023/names.md", "--by", "吴秋实", "--private", "张建华")
    assert approved.returncode == 0, approved.stderr
    entry = yaml.safe_load((signed / "reports" / "signoffs.yml").read_text(encoding="utf-8"))["2023/names.md"]
    assert entry["姓名确认"] == {"张建华": {"决定": "不予公开"}}
    assert (signed / "reports" / ".approved" / "2023" / "names.md").is_file()
    assert "受访者张建华" in (signed / "reports" / "2023" / "names.md").read_text(encoding="utf-8")  # source untouched

    built = gongkai(signed, "build")
    assert built.returncode == 0, built.stderr
    html = page(signed).read_text(encoding="utf-8")
    assert "张建华" not in html and "此处涉及个人隐私" in html and "县长李明" in html


def test_accepting_a_name_as_public_records_why(signed: Path) -> None:
    result = gongkai(signed, "approve", "reports/2023/names.md", "--by", "吴秋实", "--public", "张建华=人大代表，以公职身份受访")
    assert result.returncode == 0, result.stderr
    entry = yaml.safe_load((signed / "reports" / "signoffs.yml").read_text(encoding="utf-8"))["2023/names.md"]
    assert entry["姓名确认"] == {"张建华": {"决定": "公开", "理由": "人大代表，以公职身份受访"}}
    assert gongkai(signed, "build").returncode == 0
    assert "受访者张建华" in page(signed).read_text(encoding="utf-8")


def test_a_decision_without_a_reason_or_for_no_suspect_is_refused(signed: Path) -> None:
    no_reason = gongkai(signed, "approve", "reports/2023/names.md", "--by", "吴秋实", "--public", "张建华")
    assert no_reason.returncode == 2 and "姓名=理由" in no_reason.stderr
    stray = gongkai(signed, "approve", "reports/2023/names.md", "--by", "吴秋实", "--private", "张建华",
                    "--private", "王大锤")
    assert stray.returncode == 0
    assert "「王大锤」不是所签报告中的疑似姓名" in stray.stderr
    entry = yaml.safe_load((signed / "reports" / "signoffs.yml").read_text(encoding="utf-8"))["2023/names.md"]
    assert list(entry["姓名确认"]) == ["张建华"]


def test_a_name_marked_private_is_guarded_on_every_page(signed: Path) -> None:
    assert gongkai(signed, "approve", "reports/2023/names.md", "--by", "吴秋实", "--private", "张建华").returncode == 0
    copy_config(signed, require_signoff=False)  # the second report needs no sign-off for this test
    write_report(signed, "other", report_text(BODY.replace("执行总体顺畅。", "办公室主任张建华介绍了情况。"),
                                              标题="另一份报告"))
    result = gongkai(signed, "build")
    assert result.returncode == 1
    assert "张" in result.stderr and "reports/2023/other.md" in result.stderr
    assert not (signed / "site").exists()


def test_a_resave_in_another_editor_keeps_the_page_and_an_edit_keeps_the_approved_version(signed: Path) -> None:
    source = signed / "reports" / "2023" / "names.md"
    assert gongkai(signed, "approve", str(source.relative_to(signed)), "--by", "吴秋实", "--private", "张建华").returncode == 0
    assert gongkai(signed, "build").returncode == 0
    published = page(signed).read_text(encoding="utf-8")

    text = source.read_text(encoding="utf-8")
    source.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))  # WPS, Notepad
    resaved = gongkai(signed, "build")
    assert resaved.returncode == 0, resaved.stderr
    assert "等待重新签收" not in resaved.stdout and "暂不发布 0 份" in resaved.stdout
    assert page(signed).read_text(encoding="utf-8") == published

    source.write_text(text.replace(SENTENCE, SENTENCE + "另有受访者赵德明表示反对。"), encoding="utf-8")
    edited = gongkai(signed, "build")
    assert edited.returncode == 0, edited.stderr
    assert "等待重新签收 1 份" in edited.stdout and "reports/2023/names.md" in edited.stdout
    assert page(signed).read_text(encoding="utf-8") == published  # still the approved version
    assert "赵德明" not in page(signed).read_text(encoding="utf-8")

    approved = gongkai(signed, "approve", "reports/2023/names.md", "--by", "吴秋实", "--public", "赵德明=村民代表，本人同意署名")
    assert approved.returncode == 0, approved.stderr
    assert gongkai(signed, "build").returncode == 0
    html = page(signed).read_text(encoding="utf-8")
    assert "赵德明" in html and "张建华" not in html  # the earlier decision still holds


def test_a_tampered_approved_copy_is_not_published(signed: Path) -> None:
    assert gongkai(signed, "approve", "reports/2023/names.md", "--by", "吴秋实", "--private", "张建华").returncode == 0
    kept = signed / "reports" / ".approved" / "2023" / "names.md"
    kept.write_text(kept.read_text(encoding="utf-8").replace("表示满意", "表示很满意"), encoding="utf-8")
    source = signed / "reports" / "2023" / "names.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    result = gongkai(signed, "build")
    assert result.returncode == 0
    assert not page(signed).exists()  # neither the unsigned edit nor a copy that is not what was signed
    assert "后报告内容有改动，需要重新审核签收" in result.stdout


def test_the_preview_lists_each_suspect_and_the_command_that_decides_it(signed: Path, browser) -> None:
    from tests.browsing import served

    assert gongkai(signed, "preview").returncode == 0
    with served(signed / "preview") as url:
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a reviewer's phone
        page.goto(url + "index.html")
        row = page.locator("tr", has_text="reports/2023/names.md")
        assert "疑似姓名待确认" in row.inner_text()
        row.locator("a[href$='#names']").click()
        names = page.locator("#names")
        first = names.locator("tbody tr").first
        cells = [c.inner_text() for c in first.locator("td, th").all()]
        assert cells[:2] == ["24", "张建华"] and "受访者张建华表示满意" in cells[2]
        assert "前有「受访者」" in cells[3] and cells[4] == "待决定"
        assert names.locator("tbody tr").nth(1).locator("td").last.inner_text() == "视为公开"  # 县长李明
        assert "gongkai approve reports/2023/names.md --by 审核人姓名 --private 张建华" in names.locator("pre").inner_text()
        page.close()
