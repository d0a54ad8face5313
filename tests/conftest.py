"""Shared helpers: a valid report to start from, and a small project to build."""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FRONT = {
    "标题": "关于《息县测试管理办法》实施情况的后评估报告",
    "决策名称": "息县测试管理办法",
    "执行单位": "息县城市管理局",
    "评估类型": "后评估",
    "评估范围": "整体评估",
    "评估程序": "一般程序",
    "评估方式": "自行评估",
    "启动情形": ["公众意见较多"],
    "评估结论": "继续执行",
    "结论摘要": "办法总体执行良好，建议继续执行。",
    "司法审核日期": "2023-05-10",
    "政府审定日期": "2023-05-26",
    "发布日期": "2023-06-05",
}

BODY = """
## 一、基本情况

办法于2021年施行，本次评估采用问卷调查和座谈的方式。

## 二、内容分析

执行总体顺畅。

## 三、结论及建议

建议继续执行。

## 四、其他需要说明的问题

无。
"""


def front_matter(**changes: object) -> str:
    """YAML front matter from FRONT with ``changes`` applied (None removes a key)."""
    data = {**FRONT, **changes}
    lines = ["---"]
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {v}" for v in value)
        elif isinstance(value, dict):
            lines.append(f"{key}:")
            for k, items in value.items():
                lines.append(f"  {k}:")
                lines.extend(f"    - {v}" for v in items)
        else:
            lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def report_text(body: str = BODY, **changes: object) -> str:
    """A complete, valid report; pass keyword changes to the front matter, or another body."""
    return front_matter(**changes) + body


BUILD_DATE = _dt.date(2026, 11, 20)
SOURCE_DATE_EPOCH = "1795147200"  # 2026-11-20 12:00 in China: the same day as BUILD_DATE


def copy_config(folder: Path, require_signoff: bool = False) -> None:
    """The project's mkdocs.yml in ``folder``.

    Tests of everything but the sign-off write fresh reports nobody signed: they build with
    ``require_signoff: false``; the sign-off tests and the sample corpus keep it on.
    """
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "require_signoff: true" in text
    if not require_signoff:
        text = text.replace("require_signoff: true", "require_signoff: false")
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's configuration and authored pages, with an empty reports folder."""
    copy_config(tmp_path)
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "reports").mkdir()
    return tmp_path


def write_report(project: Path, name: str, text: str, year: str = "2023") -> Path:
    path = project / "reports" / year / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def tiny_png(path: Path, color: str = "red") -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 3), color).save(path)
    return path


_REPORTS_TMP: Path | None = None


def run_report(text: str | bytes, name: str = "t", year: str = "2023",
               build_date: _dt.date = BUILD_DATE, preview: bool = False):
    """Run one report through the whole redaction pipeline (no site), as `gongkai check` does.

    The report sits in a reports folder that also holds an image ``photo.png`` beside it.
    """
    import tempfile

    from redaction.pipeline import PREVIEW_STEPS, STEPS, ReportState, run

    global _REPORTS_TMP
    if _REPORTS_TMP is None:
        _REPORTS_TMP = Path(tempfile.mkdtemp(prefix="gongkai-reports-"))
    path = _REPORTS_TMP / year / f"{name}.md"
    if not (path.parent / "photo.png").exists():
        tiny_png(path.parent / "photo.png")
    file = f"reports/{year}/{name}.md"
    state = ReportState(path=path, file=file, year=year, name=name, build_date=build_date)
    state.raw = text.encode("utf-8") if isinstance(text, str) else text
    return run(state, PREVIEW_STEPS if preview else STEPS)


def messages(state) -> list[str]:
    return [str(p) for p in state.problems.errors]


# ---------------------------------------------------------------- whole builds (tests/generator)

CHINA = _dt.timezone(_dt.timedelta(hours=8))


def source_build_date() -> _dt.date:
    """The build date that SOURCE_DATE_EPOCH fixes, in the county's time zone."""
    return _dt.datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), CHINA).date()


def make_project(path: Path, sample_reports: bool = False) -> Path:
    """Like the ``project`` fixture, at ``path`` (for module-scoped projects built once)."""
    path.mkdir(parents=True, exist_ok=True)
    copy_config(path, require_signoff=sample_reports)  # the samples ship with their sign-offs
    shutil.copytree(ROOT / "content", path / "content")
    if sample_reports:
        shutil.copytree(ROOT / "reports", path / "reports")
    else:
        (path / "reports").mkdir()
    return path


def gongkai(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``gongkai`` command in ``project`` with the build date fixed (exit code, stdout, stderr)."""

    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (tests/browsing.py), one per test module."""
    from tests.browsing import chromium

    with chromium() as launched:
        yield launched
