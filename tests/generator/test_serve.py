"""``gongkai serve``: the built site at its real path, with its own 404 page, and nothing else."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SOURCE_DATE_EPOCH, gongkai, make_project


@pytest.fixture(scope="module")
def serving(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    project = make_project(tmp_path_factory.mktemp("serve") / "project", sample_reports=True)
    assert gongkai(project, "build").returncode == 0
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--port", "0"], cwd=project, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        match = re.search(r"(http://127\.0\.0\.1:\d+)(/\S*?)（", line)
        assert match, line
        yield match.group(1), project
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url: str) -> tuple[int, str, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace"), r.headers.get("Location", "")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace"), e.headers.get("Location", "")


def test_the_site_is_served_at_the_path_of_site_url(serving: tuple[str, Path]) -> None:
    base, _ = serving
    status, body, _ = fetch(base + "/zdxzjc/")
    assert status == 200 and "息县重大行政决策评估报告公开" in body
    assert fetch(base + "/")[0] == 302 and fetch(base + "/")[2] == "/zdxzjc/"
    assert fetch(base + "/zdxzjc/catalogue/")[0] == 200


def test_a_missing_page_is_the_sites_404_with_its_styles_reachable(serving: tuple[str, Path]) -> None:
    base, _ = serving
    status, body, _ = fetch(base + "/zdxzjc/no/such/page/")
    assert status == 404 and "找不到页面" in body
    styles = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', body)
    assert styles
    for href in styles:
        path = href if href.startswith("/") else "/zdxzjc/" + href
        assert fetch(base + path)[0] == 200, href


def test_marks_and_other_folders_are_not_served(serving: tuple[str, Path]) -> None:
    base, _ = serving
    assert fetch(base + "/zdxzjc/.gongkai-site")[0] == 404
    assert fetch(base + "/reports/signoffs.yml")[0] == 404
    assert fetch(base + "/zdxzjc/../reports/signoffs.yml")[0] == 404


def test_serve_refuses_a_folder_no_build_made(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "preview").mkdir()
    result = gongkai(project, "serve", "--site", "preview", "--port", "0")
    assert result.returncode == 2 and "不是 gongkai build 生成的网站" in result.stderr
