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

from tests.browsing import served
from tests.conftest import ROOT, gongkai, make_project


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample reports built once and served on 127.0.0.1 at a free port."""
    project = make_project(tmp_path_factory.mktemp("browser"), sample_reports=True)
    result = gongkai(project, "build")
    assert result.returncode == 0, result.stderr
    with served(project / "site") as url:
        yield url



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
    """Type ``query`` into the header's search box and press Enter; the addresses of the results shown."""
    page.goto(site_url)
    box = page.locator("input.gk-header-search__input")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.locator("#gk-search-status").filter(has_text=query).wait_for()
    results = page.locator(".gk-search__result h2 a")
    return [urlparse(href).path for href in results.evaluate_all("els => els.map(e => e.href)")]


@pytest.mark.parametrize(("query", "report"), [
    ("停车", "reports/2022/tingche-guanli/"),
    ("垃圾", "reports/2022/laji-fenlei/"),
    ("城市管理局", "reports/2022/tingche-guanli/"),  # the executing unit, from the report's panel
])
def test_search_finds_a_report_by_a_chinese_word(page: Page, site_url: str, query: str,
                                                  report: str) -> None:
    paths = search(page, site_url, query)
    assert [p for p in paths if p.lstrip("/").startswith(report)], paths
    assert page.locator(".gk-search__excerpt mark").filter(has_text=query[:2]).count() > 0  # highlighted
    assert f"与“{query}”相关" in page.locator("#gk-search-status").inner_text()


def test_a_search_result_opens_the_report(page: Page, site_url: str) -> None:
    search(page, site_url, "停车")
    meta = front_matter("2022/tingche-guanli")
    page.locator(".gk-search__result h2 a", has_text=meta["标题"]).click()
    page.wait_for_url("**/reports/2022/tingche-guanli/")
    assert page.locator("article h1").inner_text() == meta["标题"]


@pytest.mark.parametrize("withheld", ["周文斌", "赵建国"])
def test_search_cannot_find_withheld_text(page: Page, site_url: str, withheld: str) -> None:
    """A name withheld in tingche-guanli (a span and a 不予公开 term) is in no index chunk or fragment:
    a search may match other words sharing a character, never the name."""
    assert withheld in (ROOT / "reports" / "2022" / "tingche-guanli.md").read_text(encoding="utf-8")
    search(page, site_url, withheld)
    assert withheld not in page.locator("#gk-search-results").inner_text()
    marked = page.locator(".gk-search__excerpt mark").all_inner_texts()
    assert withheld not in "".join(marked)


def test_search_page_opened_with_an_address_searches_at_once(page: Page, site_url: str) -> None:
    page.goto(site_url + "search/?q=%E5%9E%83%E5%9C%BE")  # 垃圾, as a shared or bookmarked link
    page.locator(".gk-search__result").first.wait_for()
    assert page.locator("#gk-search-q").input_value() == "垃圾"


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
