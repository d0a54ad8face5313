"""A rebuild after a change republishes only what changed, and publishes what a full build would.

Each test starts from the sample reports built once (sign-off not required here), changes
something, runs ``gongkai build`` (a republish), and compares the site with a full build
(``--full``) of the same reports: every file but the search bundles must be byte for byte
the same; the search is checked by what it finds.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from tests.browsing import served
from tests.conftest import copy_config, gongkai, make_project, report_text, write_report

SEARCH_FOLDERS = ("pagefind/", "pagefind-delta/")
REPORT = "reports/2022/tingche-guanli"
OTHER = "reports/2022/laji-fenlei"
OTHER_PUBLIC = "分类投放亭48座"  # shown on OTHER's page


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def published(site: Path) -> dict[str, bytes]:
    """Every file but the search bundles."""
    return {rel: data for rel, data in files(site).items() if not rel.startswith(SEARCH_FOLDERS)}


def fragments(site: Path, bundle: str = "pagefind") -> dict[str, str]:
    """Search fragments of a bundle: address → indexed text."""
    out = {}
    for path in (site / bundle / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes()).decode("utf-8")
        data = json.loads(raw[raw.index("{"):])
        out[data["url"].strip("/")] = data["content"].replace("\u200b", "")
    return out


def indexed(site: Path) -> dict[str, str]:
    """Every page's words as the search index chunks hold them, both bundles together: address → words
    (a bundle's own bookkeeping, such as where its chunks begin, depends on how pages fall into bundles)."""
    from generator.search.chunks import page_texts

    out: dict[str, str] = {}
    for bundle in SEARCH_FOLDERS:
        if (site / bundle / "index").is_dir():
            out.update((k, v) for k, v in page_texts(site / bundle).items() if k.startswith("/"))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("republish"), sample_reports=True)
    copy_config(project, require_signoff=False)
    result = gongkai(project, "build")
    assert result.returncode == 0, result.stderr
    assert "完整构建" in result.stdout
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project (site, cache and all) for one test to change."""
    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    # the manifest names the site by its absolute path: a copy is a different site, so build it once
    result = gongkai(copy, "build")
    assert result.returncode == 0 and "完整构建" in result.stdout, result.stdout + result.stderr
    return copy


def republish(project: Path) -> str:
    result = gongkai(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "增量发布" in result.stdout, result.stdout
    return result.stdout


def full_build_of(project: Path, tmp_path: Path) -> Path:
    """The same reports built in full, in another project folder."""
    other = tmp_path / "full"
    shutil.copytree(project, other, ignore=shutil.ignore_patterns("site", "build"))
    result = gongkai(other, "build", "--full")
    assert result.returncode == 0, result.stderr
    return other / "site"


def test_a_rebuild_without_changes_is_a_republish_that_changes_nothing(project: Path) -> None:
    before = files(project / "site")
    out = republish(project)
    assert "有变化的报告 0 份，有变化的页面和文件 0 个" in out
    assert files(project / "site") == before


def test_an_edited_report_is_republished_as_a_full_build_would_publish_it(project: Path, tmp_path: Path) -> None:
    path = project / f"{REPORT}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充说明：夜间停车收费已按评估建议调整。\n", encoding="utf-8")
    out = republish(project)
    assert "有变化的报告 1 份" in out
    site = project / "site"
    assert "夜间停车收费已按评估建议调整" in (site / REPORT / "index.html").read_text(encoding="utf-8")
    full = full_build_of(project, tmp_path)
    assert published(site) == published(full)
    # search: a page of the main bundle changed, so the whole index is rebuilt (its old words would stay
    # readable in the index chunks otherwise): the index is what a full build makes, page for page
    assert "夜间停车收费已按评估建议调整" in fragments(site)[REPORT]
    assert json.loads((site / "pagefind-delta" / "bundle.json").read_text(encoding="utf-8")) == {"bundle": False}
    assert indexed(site) == indexed(full)


def test_an_added_report_appears_where_a_full_build_puts_it(project: Path, tmp_path: Path) -> None:
    write_report(project, "xinzeng", report_text(标题="关于新增评估事项的后评估报告", 发布日期="2026-11-19"), "2026")
    republish(project)
    site = project / "site"
    assert "关于新增评估事项的后评估报告" in (site / "catalogue" / "index.html").read_text(encoding="utf-8")
    assert "reports/2026/xinzeng/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    full = full_build_of(project, tmp_path)
    assert published(site) == published(full)
    assert "reports/2026/xinzeng" in fragments(site, "pagefind-delta")
    assert "reports/2026/xinzeng" not in fragments(site)
    assert indexed(site) == indexed(full)  # the two bundles together hold what a full build's one holds


def test_a_withdrawn_report_is_gone_everywhere(project: Path, tmp_path: Path) -> None:
    (project / f"{REPORT}.md").unlink()
    out = republish(project)
    assert "撤下的报告 1 份" in out
    site = project / "site"
    assert not (site / REPORT).exists()
    full = full_build_of(project, tmp_path)
    assert published(site) == published(full)
    assert REPORT not in fragments(site)
    assert indexed(site) == indexed(full)  # nothing of the withdrawn page is left in the index chunks


def test_a_newly_withheld_string_already_on_a_published_page_stops_the_republish(project: Path) -> None:
    """The page that shows it is not rebuilt (nothing about it changed): the guard still reads it."""
    assert OTHER_PUBLIC in (project / "site" / OTHER / "index.html").read_text(encoding="utf-8")
    before = files(project / "site")
    write_report(project, "xinzeng", report_text(不予公开={"商业秘密": [OTHER_PUBLIC]}), "2026")
    result = gongkai(project, "build")
    assert result.returncode == 1
    assert f"{OTHER}/index.html（已发布的文件）含有在 reports/2026/xinzeng.md" in result.stderr
    assert files(project / "site") == before
    (project / "reports" / "2026" / "xinzeng.md").unlink()  # and the next build is a republish again
    republish(project)


def test_a_site_changed_by_hand_gets_a_full_build(project: Path) -> None:
    page = project / "site" / REPORT / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- 手工改动 -->", encoding="utf-8")
    result = gongkai(project, "build")
    assert result.returncode == 0
    assert "完整构建（网站目录中的文件与上次发布时不同）" in result.stdout
    assert "手工改动" not in page.read_text(encoding="utf-8")


def test_a_configuration_change_gets_a_full_build(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("主办单位: 息县人民政府办公室", "主办单位: 息县人民政府"),
                      encoding="utf-8")
    result = gongkai(project, "build")
    assert result.returncode == 0
    assert "完整构建（程序、配置、页面或主题有变化）" in result.stdout
    assert "主办单位：息县人民政府</span>" in (project / "site" / "index.html").read_text("utf-8")



def test_search_after_a_republish_finds_the_new_text_and_each_report_once(project: Path, browser) -> None:
    path = project / f"{REPORT}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充说明：智慧停车平台已经上线运行。\n", encoding="utf-8")
    republish(project)
    with served(project / "site") as url:
        page = browser.new_page()
        try:
            for query in ("智慧停车平台", "停车"):
                page.goto(url + "search/?q=" + query)
                page.locator("#gk-search-status").filter(has_text="相关").wait_for(timeout=15_000)
                hrefs = page.locator(".gk-search__result h2 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
                assert [h for h in hrefs if REPORT in h] == [f"/{REPORT}/"], (query, hrefs)
        finally:
            page.close()


def test_the_published_site_is_never_written_through(project: Path) -> None:
    """A republish assembles the new site in the previous one, whose files share inodes with the
    published site: after the swap the published site of before is the spare, byte for byte."""
    for round_ in range(2):
        before = files(project / "site")
        path = project / f"{REPORT}.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\n补充说明：第{round_}次修改。\n", encoding="utf-8")
        republish(project)
        assert files(project / ".site.spare") == before
        assert f"第{round_}次修改" in (project / "site" / REPORT / "index.html").read_text(encoding="utf-8")
