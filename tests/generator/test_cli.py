"""The `gongkai` command as an operator uses it: help, exit codes, messages, awkward files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BODY, gongkai, make_project, report_text, write_report

CONSOLE_SCRIPT = Path(sys.executable).with_name("gongkai")


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line of ``path`` that holds ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["check", "--help"]],
                         ids=" ".join)
def test_help_is_in_chinese(args: list[str]) -> None:
    result = subprocess.run([str(CONSOLE_SCRIPT), *args], capture_output=True, text=True,
                            encoding="utf-8", timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("用法")
    assert "usage:" not in result.stdout and "options:" not in result.stdout
    if args[0] == "--help":
        assert "build" in result.stdout and "check" in result.stdout
    else:
        assert "--reports" in result.stdout and "--config" in result.stdout
        assert ("--site" in result.stdout) == (args[0] == "build")


@pytest.mark.parametrize("args", [["build", "--no-such-option"], ["publish"], []], ids=str)
def test_usage_errors_exit_2(project: Path, args: list[str]) -> None:
    result = gongkai(project, *args)
    assert result.returncode == 2
    assert "用法" in result.stderr
    assert not (project / "site").exists()


def test_check_lists_every_problem_of_every_file(project: Path) -> None:
    one = write_report(project, "r001", report_text(评估结论="继续", 执行单住="息县城市管理局"))
    body = BODY.replace("## 二、内容分析", "## 二、分析") + "\n受访者[张建华]{.个人秘密}反映情况。\n"
    two = write_report(project, "r002", report_text(body=body, 发布日期="2023-01-01"), year="2024")
    write_report(project, "r003", report_text())
    result = gongkai(project, "check")
    assert result.returncode == 1
    expected = [
        (f"reports/2023/r001.md:{line_of(one, '评估结论')}", "继续执行"),
        (f"reports/2023/r001.md:{line_of(one, '执行单住')}", "执行单住"),
        (f"reports/2024/r002.md:{line_of(two, '发布日期')}", "发布日期"),
        (f"reports/2024/r002.md:{line_of(two, '个人秘密')}", "个人秘密"),
        ("reports/2024/r002.md:", "内容分析"),
    ]
    lines = result.stderr.splitlines()
    for where, what in expected:
        assert [line for line in lines if line.startswith(where) and what in line], \
            f"no message {where} … {what} in:\n{result.stderr}"
    assert "r003" not in result.stderr
    assert not (project / "site").exists()


def test_check_on_good_reports_prints_the_summary(project: Path) -> None:
    write_report(project, "r001", report_text())
    write_report(project, "r002", report_text(body=BODY.replace("执行总体顺畅。", "受访者[张建华]{.个人隐私}反映情况。")))
    write_report(project, "r003", report_text(草稿=True), year="2024")
    write_report(project, "r004", report_text(发布日期="2099-01-01"), year="2025")
    result = gongkai(project, "check")
    assert result.returncode == 0, result.stderr
    assert "报告 4 份：可发布 2 份，暂不发布 1 份，草稿 1 份" in result.stdout
    assert "reports/2025/r004.md" in result.stdout and "2099-01-01" in result.stdout
    assert "张建华" not in result.stdout + result.stderr
    assert not (project / "site").exists()


def test_a_gbk_report_is_refused_with_a_way_to_convert_it(project: Path) -> None:
    path = project / "reports" / "2023" / "gbk.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(report_text(标题="关于息县测试管理办法的后评估报告").encode("gbk"))
    result = gongkai(project, "build")
    assert result.returncode == 1
    message = [line for line in result.stderr.splitlines() if "reports/2023/gbk.md" in line]
    assert message, result.stderr
    assert "UTF-8" in message[0] and ("iconv" in message[0] or "另存为" in message[0])
    assert not (project / "site").exists()  # no site at all, so certainly no mojibake


def test_bom_crlf_and_full_width_colons_just_work(project: Path) -> None:
    text = report_text(标题="关于息县窗口测试管理办法的后评估报告")
    text = text.replace("标题: ", "标题：").replace("执行单位: ", "执行单位： ").replace("\n", "\r\n")
    path = project / "reports" / "2023" / "word.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = gongkai(project, "build")
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "reports" / "2023" / "word" / "index.html").read_text(encoding="utf-8")
    assert "<title>关于息县窗口测试管理办法的后评估报告" in page
    assert ">关于息县窗口测试管理办法的后评估报告</h1>" in page
    assert "息县城市管理局" in page
    assert "\ufeff" not in page and "\r" not in page
    catalogue = (project / "site" / "catalogue" / "index.html").read_text(encoding="utf-8")
    assert "关于息县窗口测试管理办法的后评估报告" in catalogue
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the source is left as it was


def test_build_with_reports_and_site_options(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    elsewhere = tmp_path / "incoming"
    (elsewhere / "2023").mkdir(parents=True)
    (elsewhere / "2023" / "r001.md").write_text(report_text(), encoding="utf-8")
    result = gongkai(project, "build", "--reports", str(elsewhere), "--site", str(tmp_path / "public"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "public" / "reports" / "2023" / "r001" / "index.html").is_file()
    assert not (project / "site").exists()


def test_version_and_help_columns_line_up_where_placeholders_are_chinese() -> None:
    import unicodedata

    version = subprocess.run([sys.executable, "-m", "generator.cli", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("gongkai ")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "approve", "--help"], capture_output=True,
                            text=True, encoding="utf-8")
    options = [line for line in result.stdout.splitlines() if line.startswith("  -")]
    columns = set()
    for line in options:
        text = line[2:]
        name_end = text.index("  ")  # the option and its placeholder, then two spaces or more
        help_start = name_end + len(text[name_end:]) - len(text[name_end:].lstrip(" "))
        columns.add(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text[:help_start]))
    assert len(options) >= 5 and len(columns) == 1, result.stdout


def test_the_summary_counts_every_report_and_its_total_covers_the_stages(project: Path) -> None:
    write_report(project, "good", report_text())
    write_report(project, "bad", report_text(评估结论="继续"))
    checked = gongkai(project, "check")
    assert "报告 2 份：可发布 1 份，暂不发布 0 份，草稿 0 份，有错误 1 份" in checked.stdout
    (project / "reports" / "2023" / "bad.md").unlink()
    built = gongkai(project, "build")
    assert built.returncode == 0, built.stderr
    times = dict((k, float(v)) for k, v in
                 (part.rsplit(" ", 2)[:2] for part in built.stdout.split("用时：")[1].splitlines()[0].split("，")))
    assert times["合计"] >= sum(v for k, v in times.items() if k != "合计") - 0.02



def test_a_portal_without_its_jurisdiction_is_refused_naming_the_setting(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("        办法: 息县重大行政决策跟踪反馈和后评估办法（试行）\n", ""), encoding="utf-8")
    result = gongkai(project, "build")
    assert result.returncode == 2
    assert "jurisdiction" in result.stderr and "办法" in result.stderr
    assert not (project / "site").exists()
