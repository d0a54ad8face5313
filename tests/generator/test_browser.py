"""The built sample site in a real browser: search, navigation, and nothing loaded from outside.

Chromium must be installed (CI installs it); a missing browser fails these tests, it does
not skip them.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import Browser, Page

from tests.browsing import chromium, served
from tests.conftest import ROOT, gongkai, make_project





@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample reports built once and served on 127.0.0.1 at a free port."""
    project = make_project(tmp_path_factory.mktemp("browser"), sample_reports=True)
    result = gongkai(project, "build")
    assert result.returncode == 0, result.stderr
    with served(project / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def requested() -> list[str]:
    """Every address the browser asked for during one test."""
    return []


@pytest.fixture
def page(browser: Browser, site_url: str, requested: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15_000)
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    yield page
    context.close()


def front_matter(report: str) -> dict:
    text = (ROOT / "reports" / f"{report}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def search(page: Page, site_url: str, query: str) -> list[str]:
    """Type ``query`` into Material's search box; the addresses of the results shown."""
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=50)
    box.press("End")  # an input method commits with a key press; Material listens for keyup
    results = page.locator(".md-search-result__item a.md-search-result__link")
    results.first.wait_for(state="visible")
    return [urlparse(href).path for href in results.evaluate_all("els => els.map(e => e.href)")]


@pytest.mark.parametrize(("query", "report"), [
    ("停车", "reports/2022/tingche-guanli/"),
    ("垃圾", "reports/2022/laji-fenlei/"),
])
def test_search_finds_a_report_by_a_chinese_word(page: Page, site_url: str, query: str,
                                                  report: str) -> None:
    paths = search(page, site_url, query)
    assert [p for p in paths if p.lstrip("/").startswith(report)], paths
    assert page.locator(".md-search-result mark", has_text=query).count() > 0  # highlighted


def test_home_to_catalogue_to_a_report(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.locator("nav.md-nav--primary").get_by_role("link", name="报告目录").click()
    page.wait_for_url("**/catalogue/")
    assert page.locator("article h1").inner_text() == "评估报告目录"
    meta = front_matter("2022/tingche-guanli")
    page.locator("article").get_by_role("link", name=meta["标题"]).click()
    page.wait_for_url("**/reports/2022/tingche-guanli/")
    assert page.locator("article h1").inner_text() == meta["标题"]
    shown = page.locator("article").inner_text()
    assert f"评估结论：{meta['评估结论']}" in shown


def test_pages_load_nothing_from_outside(page: Page, site_url: str, requested: list[str]) -> None:
    for path in ("", "catalogue/", "reports/2022/tingche-guanli/", "about/"):
        page.goto(site_url + path, wait_until="networkidle")
    search(page, site_url, "停车")
    own = urlparse(site_url).netloc
    hosts = {urlparse(url).netloc for url in requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {own}
