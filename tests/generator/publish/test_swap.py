"""Atomic, fail-closed publishing: the previous site survives failed and killed builds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import BODY, SOURCE_DATE_EPOCH, report_text, write_report

GONGKAI = [sys.executable, "-m", "generator.cli"]


def gongkai(project: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    return subprocess.run([*GONGKAI, *args], cwd=project, env=env, capture_output=True, text=True,
                          timeout=timeout)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def add_hook(project: Path, code: str) -> None:
    """A MkDocs hook: code that runs inside the real build, behind the pipeline's back."""
    (project / "hook.py").write_text(code, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hook.py\n", encoding="utf-8")


def published_project(project: Path) -> dict[str, bytes]:
    body = BODY.replace("执行总体顺畅。", "走访了[张建华]{.个人隐私}。")
    write_report(project, "a", report_text(body=body))
    result = gongkai(project, "build")
    assert result.returncode == 0, result.stderr
    return snapshot(project / "site")


def test_secret_planted_behind_the_pipelines_back_fails_the_build(project):
    before = published_project(project)
    add_hook(project, (
        "from pathlib import Path\n"
        "def on_post_build(config, **kwargs):\n"
        "    Path(config['site_dir'], 'notes.txt').write_text('联系人：张建华', encoding='utf-8')\n"))
    result = gongkai(project, "build")
    assert result.returncode == 1
    assert "notes.txt" in result.stderr and "reports/2023/a.md:" in result.stderr
    assert snapshot(project / "site") == before
    assert not list(project.glob(".site.staging-*"))


def test_unmarked_number_planted_in_a_page_fails_the_build(project):
    before = published_project(project)
    add_hook(project, (
        "def on_post_page(output, page, config, **kwargs):\n"
        "    return output.replace('</article>', '<p>值班手机 139 1234 5678</p></article>')\n"))
    result = gongkai(project, "build")
    assert result.returncode == 1
    assert "未标记的手机号码" in result.stderr and "13912345678" not in result.stderr
    assert snapshot(project / "site") == before


def test_invalid_input_leaves_the_previous_site_byte_for_byte(project):
    before = published_project(project)
    write_report(project, "b", report_text(评估结论="继续"))
    result = gongkai(project, "build")
    assert result.returncode == 1
    assert "reports/2023/b.md:11 评估结论「继续」" in result.stderr
    assert snapshot(project / "site") == before


def test_killed_build_leaves_the_previous_site_intact(project):
    before = published_project(project)
    write_report(project, "b", report_text(标题="第二份报告"))
    add_hook(project, (
        "import time\nfrom pathlib import Path\n"
        "def on_post_build(config, **kwargs):\n"
        "    Path(config['config_file_path']).with_name('started').write_text('1')\n"
        "    time.sleep(120)\n"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    process = subprocess.Popen([*GONGKAI, "build"], cwd=project, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not (project / "started").exists():
        assert process.poll() is None and time.monotonic() < deadline, "the build never reached the hook"
        time.sleep(0.1)
    os.kill(process.pid, signal.SIGKILL)  # the machine loses power mid-build
    process.wait()
    assert snapshot(project / "site") == before
    # the next build cleans up what the killed one left, and publishes
    (project / "hook.py").write_text("", encoding="utf-8")
    result = gongkai(project, "build")
    assert result.returncode == 0, result.stderr
    assert not list(project.glob(".site.staging-*"))
    assert "第二份报告" in (project / "site" / "catalogue" / "index.html").read_text(encoding="utf-8")


def test_audit_log_is_written_outside_the_site_without_original_text(project):
    published_project(project)
    log = (project / "build" / "redaction-log.json").read_text(encoding="utf-8")
    assert '"rule": "marker.span"' in log and '"file": "reports/2023/a.md"' in log
    assert "张建华" not in log
    assert not any("redaction-log" in p.name for p in (project / "site").rglob("*"))


def test_site_folder_is_readable_by_a_web_server(project):
    published_project(project)
    assert (project / "site").stat().st_mode & 0o755 == 0o755


def test_report_image_is_published_beside_its_page(project):
    from tests.conftest import tiny_png

    tiny_png(project / "reports" / "2023" / "images" / "现场.png")
    write_report(project, "a", report_text(body=BODY.replace("执行总体顺畅。", "![现场照片](images/现场.png)")))
    result = gongkai(project, "build")
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "reports" / "2023" / "a" / "index.html").read_text(encoding="utf-8")
    [image] = list((project / "site" / "reports" / "2023" / "a" / "img").iterdir())
    assert f'src="{image.relative_to(project / "site" / "reports" / "2023" / "a").as_posix()}"' in page
    assert not any("现场" in p.name for p in (project / "site").rglob("*"))
