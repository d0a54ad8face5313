"""The built sample site in real Chromium, as a newcomer, a keyboard user and an older reader use it.

One build and one browser for the module; the site is served over HTTP on 127.0.0.1. Each
test opens its own browser context, so reading options saved in localStorage never leak
from one test into another. Chromium must be installed: a missing browser fails, not skips.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browsing import served
from tests.conftest import copy_config, gongkai, make_project

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
UNIT = "息县城市管理局"
REPORT = "reports/2022/tingche-guanli/"  # 息县城市管理局; withholds 商业秘密 and 个人隐私
REPORT_TITLE = "关于《息县城区机动车停放服务收费管理办法》实施情况的后评估报告"
REPORT_CONCLUSION = "修改完善"
ATOM = "{http://www.w3.org/2005/Atom}"




@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample reports built once (sign-off not required: that is tested elsewhere) and served."""
    project = make_project(tmp_path_factory.mktemp("site-browser"), sample_reports=True)
    copy_config(project, require_signoff=False)
    result = gongkai(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    with served(project / "site") as url:
        yield url



@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Fresh browser contexts (own localStorage and cache), closed after the test."""
    made: list[BrowserContext] = []

    def make(viewport: dict[str, int] = DESKTOP) -> BrowserContext:
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        context.set_default_timeout(15_000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


def body_font_size(page: Page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('.gk-body p')).fontSize)")


def set_reading(page: Page, site_url: str, **options: bool) -> None:
    """Reading options as a returning visitor has them saved."""
    page.goto(site_url)
    page.evaluate("o => localStorage.setItem('gongkai.reading', JSON.stringify(o))", options)


# ---------------------------------------------------------------- a newcomer without instructions


def test_home_to_catalogue_to_unit_to_report(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.locator("nav.md-nav--primary").get_by_role("link", name="报告目录").click()
    page.wait_for_url("**/catalogue/")
    page.locator("article nav.gk-facets").get_by_role("link", name="按执行单位浏览").click()
    page.wait_for_url("**/catalogue/unit/")
    expect(page.locator("article h1")).to_have_text("按执行单位浏览")
    page.locator("article table").get_by_role("link", name=UNIT, exact=True).click()
    page.wait_for_url("**/catalogue/unit/cgj/")
    expect(page.locator("article h1")).to_contain_text(UNIT)
    units = page.locator("article table tbody td[data-label='执行单位']").all_inner_texts()
    assert units and set(units) == {UNIT}
    page.locator("article table").get_by_role("link", name=REPORT_TITLE).click()
    page.wait_for_url(f"**/{REPORT}")
    expect(page.locator("article h1")).to_have_text(REPORT_TITLE)
    conclusion = page.locator("article .gk-conclusion")
    expect(conclusion).to_be_visible()
    expect(conclusion).to_have_text(f"评估结论：{REPORT_CONCLUSION}")
    note = page.locator("article .gk-withheld-note")  # why parts were withheld, and on what basis
    expect(note).to_be_visible()
    expect(note).to_contain_text("商业秘密")
    expect(note).to_contain_text("第十七条")
    notices = page.locator("article .gk-body .gk-redacted")
    assert notices.count() > 0 and notices.first.is_visible()


def test_unit_page_offers_its_feed(page: Page, site_url: str) -> None:
    page.goto(site_url + "catalogue/unit/cgj/")
    link = page.locator("article").get_by_role("link", name="订阅（Atom）")
    expect(link).to_be_visible()
    href = link.evaluate("a => a.href")
    assert href == site_url + "catalogue/unit/cgj/feed.xml"
    announced = page.locator("head link[rel='alternate'][type='application/atom+xml']").evaluate_all(
        "links => links.map(l => l.href)")
    assert href in announced
    response = page.request.get(href)
    assert response.ok
    feed = ET.fromstring(response.body())
    assert feed.tag == f"{ATOM}feed"
    authors = {e.findtext(f"{ATOM}author/{ATOM}name") for e in feed.iter(f"{ATOM}entry")}
    assert authors == {UNIT}


def test_home_leads_to_the_data_downloads(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.locator("article").get_by_role("link", name="下载目录数据（JSON、CSV）").click()
    page.wait_for_url("**/data/")
    with page.expect_download() as download:
        page.locator("article").get_by_role("link", name="catalogue.csv").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "标题" in data.decode("utf-8-sig").splitlines()[0]


# ---------------------------------------------------------------- accessibility (axe-core)


def serious(page: Page) -> list[dict]:
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
        f"    {n['target']}: {n.get('failureSummary', '')}" for n in v["nodes"]) for v in violations)


@pytest.mark.parametrize("reading", [{}, {"large": True, "contrast": True}], ids=["default", "large-contrast"])
@pytest.mark.parametrize("path", ["", "catalogue/", REPORT, "statistics/", "catalogue/unit/cgj/"],
                         ids=["home", "catalogue", "report", "statistics", "unit"])
def test_no_serious_accessibility_violations(page: Page, site_url: str, path: str, reading: dict) -> None:
    if reading:
        set_reading(page, site_url, **reading)
    page.goto(site_url + path, wait_until="load")
    assert page.locator(".gk-redacted").count() > 0 or path != REPORT  # the report page shows redactions
    violations = serious(page)
    assert violations == [], describe(violations)


def test_no_serious_accessibility_violations_in_search(page: Page, site_url: str) -> None:
    page.goto(site_url + "search/?q=%E5%81%9C%E8%BD%A6", wait_until="networkidle")  # 停车
    page.locator(".gk-search__result").first.wait_for(state="visible")
    violations = serious(page)
    assert violations == [], describe(violations)


# ---------------------------------------------------------------- reading options


@pytest.mark.parametrize("how", ["click", "Enter", "Space"])
def test_large_text_grows_the_text_and_persists(page: Page, site_url: str, how: str) -> None:
    page.goto(site_url + REPORT)
    button = page.locator("button[data-gk-option='large']")
    expect(button).to_have_attribute("aria-pressed", "false")
    before = body_font_size(page)
    if how == "click":
        button.click()
    else:
        button.focus()
        page.keyboard.press(how)
    expect(button).to_have_attribute("aria-pressed", "true")
    larger = body_font_size(page)
    assert larger >= before * 1.3, (before, larger)
    page.reload()
    expect(page.locator("button[data-gk-option='large']")).to_have_attribute("aria-pressed", "true")
    assert body_font_size(page) == larger
    page.goto(site_url + "reports/2022/laji-fenlei/")  # every page, not just this one
    assert body_font_size(page) == larger
    page.locator("button[data-gk-option='large']").click()
    page.reload()
    expect(page.locator("button[data-gk-option='large']")).to_have_attribute("aria-pressed", "false")
    assert body_font_size(page) == before


def test_high_contrast_switches_colours_and_persists(page: Page, site_url: str) -> None:
    def colours() -> dict[str, str]:
        return page.evaluate("""() => ({
            text: getComputedStyle(document.querySelector('.gk-body p')).color,
            link: getComputedStyle(document.querySelector('.gk-meta dd a')).color,
            header: getComputedStyle(document.querySelector('.md-header')).backgroundColor,
        })""")

    page.goto(site_url + REPORT)
    plain = colours()
    button = page.locator("button[data-gk-option='contrast']")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(300)
    contrast = colours()
    assert contrast["text"] == "rgb(0, 0, 0)" and contrast["header"] == "rgb(0, 0, 0)", contrast
    assert contrast != plain
    page.reload()
    expect(page.locator("button[data-gk-option='contrast']")).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(300)  # Material eases link colours in over 125 ms
    assert colours() == contrast
    assert page.evaluate("document.documentElement.classList.contains('gk-contrast')")


@pytest.mark.parametrize("large", [False, True], ids=["default", "large"])
def test_body_text_line_height_is_at_least_one_and_a_half(page: Page, site_url: str, large: bool) -> None:
    if large:
        set_reading(page, site_url, large=True)
    page.goto(site_url + REPORT)
    ratios = page.evaluate("""() => [...document.querySelectorAll(
            '.gk-body p, .gk-body li, .gk-summary p, .gk-meta dd, .gk-withheld-note li')].map(e => {
        const s = getComputedStyle(e);
        return [e.tagName, parseFloat(s.lineHeight) / parseFloat(s.fontSize)];
    })""")
    assert len(ratios) > 10
    assert [r for r in ratios if not r[1] >= 1.5] == []


def test_keyboard_reaches_reading_options_and_search(page: Page, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    reached = []
    for _ in range(8):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => {
            const e = document.activeElement;
            return {option: e.getAttribute('data-gk-option'),
                    search: e.classList.contains('gk-header-search__input'),
                    outline: getComputedStyle(e).outlineStyle};
        }"""))
    options = [r["option"] for r in reached if r["option"]]
    assert options == ["large", "contrast"], reached
    assert any(r["search"] for r in reached), reached
    assert all(r["outline"] != "none" for r in reached if r["option"] or r["search"]), "focus is not visible"
    # from the search box, by keyboard alone, to a report
    while not page.evaluate("document.activeElement.classList.contains('gk-header-search__input')"):
        page.keyboard.press("Shift+Tab")
    page.keyboard.type("垃圾", delay=50)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator(".gk-search__result").first.wait_for(state="visible")
    for _ in range(30):  # Tab on through the search form to the first result
        page.keyboard.press("Tab")
        if "laji-fenlei" in page.evaluate("document.activeElement.href || ''"):
            break
    assert "laji-fenlei" in page.evaluate("document.activeElement.href || ''")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path.endswith("/reports/2022/laji-fenlei/")


def test_phone_search_opens_from_the_magnifier(new_context: Callable[..., BrowserContext], site_url: str) -> None:
    page = new_context(PHONE).new_page()
    page.goto(site_url + REPORT)
    expect(page.locator(".gk-header-search__input")).to_be_hidden()
    page.locator(".gk-header-search__button").click()
    page.wait_for_url("**/search/**")
    expect(page.locator("#gk-search-q")).to_be_focused()
    page.locator("#gk-search-q").fill("停车")
    page.locator("#gk-search-q").press("Enter")
    page.locator(".gk-search__result").first.wait_for(state="visible")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


# ---------------------------------------------------------------- phones and paper


@pytest.mark.parametrize("reading", [{}, {"large": True}], ids=["default", "large"])
def test_phone_pages_do_not_scroll_sideways(new_context: Callable[..., BrowserContext], site_url: str,
                                            reading: dict) -> None:
    page = new_context(PHONE).new_page()
    if reading:
        set_reading(page, site_url, **reading)
    wide = {}
    for path in ("", "catalogue/", "catalogue/unit/cgj/", REPORT, "statistics/", "data/"):
        page.goto(site_url + path, wait_until="load")
        sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if sizes[0] > sizes[1]:
            wide[path or "home"] = sizes
    assert wide == {}
    # the catalogue becomes one card per report on a phone, every card within the screen
    page.goto(site_url + "catalogue/")
    cards = page.locator("article .gk-catalogue tbody tr")
    assert cards.count() > 1
    for box in (cards.nth(i).bounding_box() for i in range(cards.count())):
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def test_print_keeps_the_report_and_drops_the_chrome(page: Page, site_url: str) -> None:
    page.goto(site_url + REPORT)
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".gk-reading"):
        assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    for kept in ("article h1", "article .gk-conclusion", "article .gk-meta", "article .gk-body",
                 "article .gk-withheld-note", "article .gk-redacted"):
        assert page.locator(kept).first.is_visible(), f"{kept} is not printed"
    width = page.evaluate("document.querySelector('article').getBoundingClientRect().width")
    assert width > 0.8 * page.viewport_size["width"], "the report does not use the page's width"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595.9" in pdf  # A4: 210 mm x 297 mm = 595 x 842 points


# ---------------------------------------------------------------- page weight


def test_page_weights(new_context: Callable[..., BrowserContext], site_url: str) -> None:
    """Bytes transferred for a first visit (empty cache) to the home page and to a report page."""
    own = urlparse(site_url).netloc
    for name, path in (("home", ""), ("report", REPORT)):
        page = new_context().new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(site_url + path, wait_until="networkidle")
        sizes = {urlparse(r.url).path: len(r.body()) for r in responses if r.status == 200}
        assert {urlparse(r.url).netloc for r in responses} == {own}
        total = sum(sizes.values())
        detail = ", ".join(f"{p} {n}" for p, n in sorted(sizes.items(), key=lambda kv: -kv[1]))
        print(f"\npage weight {name}: {total} bytes in {len(sizes)} responses ({detail})")
        assert total > 0
