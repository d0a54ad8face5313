"""The leak guard finds a withheld string in every spelling the output can use."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.leakguard import scan
from redaction.detectors import DetectorFinder

SECRETS = {"张建华": "reports/2023/a.md:20", "0376-7654321": "reports/2023/a.md:30",
           "xj-price-88": "reports/2023/a.md:40"}
PAGE = "<html><body><article><p>{}</p></article></body></html>"


def site_with(tmp_path: Path, name: str, content: str | bytes) -> Path:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return site


SPELLINGS = [
    pytest.param("page/index.html", PAGE.format("张建华"), id="plain"),
    pytest.param("page/index.html", PAGE.format("&#24352;&#24314;&#21326;"), id="html-decimal-entities"),
    pytest.param("page/index.html", PAGE.format("&#x5f20;&#x5efa;&#x534e;"), id="html-hex-entities"),
    pytest.param("page/index.html", PAGE.format("张<strong>建</strong>华"), id="split-by-tags"),
    pytest.param("page/index.html", PAGE.format("张\u200b建\u200b华"), id="zero-width-spaces"),
    pytest.param("page/index.html", PAGE.format("张 建\n华"), id="white-space"),
    pytest.param("page/index.html", PAGE.format("编号ＸＪ－ＰＲＩＣＥ－８８"), id="nfkc-full-width-letters"),
    pytest.param("page/index.html", '<a href="/search?q=%E5%BC%A0%E5%BB%BA%E5%8D%8E">x</a>', id="url-encoded"),
    pytest.param("search/search_index.json", json.dumps({"docs": [{"text": "张建华"}]}), id="json-escaped"),
    pytest.param("data.csv", "标题,联系人\n报告,张建华\n", id="csv"),
    pytest.param("page/index.html", PAGE.format("电话03767654321"), id="number-without-separator"),
    pytest.param("page/index.html", PAGE.format("电话０３７６－７６５４３２１"), id="full-width-number"),
    pytest.param("page/index.html", '<meta name="description" content="张建华">', id="attribute"),
    pytest.param("page/index.html", PAGE.format("<!-- 张建华 -->"), id="comment"),
    pytest.param("sitemap.xml.gz", gzip.compress("<loc>https://x/张建华/</loc>".encode()), id="gzip"),
    pytest.param("pagefind/fragment/zh_1a2b3c.pf_fragment",
                 gzip.compress(json.dumps({"url": "/r/", "content": "张建华"}).encode()), id="search-fragment-gzip"),
    pytest.param("pagefind/index/zh_1a2b3c.pf_index", gzip.compress(b"\x82\x63\xe5\xbc\xa0\xe5\xbb\xba\xe5\x8d\x8e\x01"),
                 id="search-index-binary"),
    pytest.param("张建华/index.html", PAGE.format("无"), id="folder-name"),
    pytest.param("%E5%BC%A0%E5%BB%BA%E5%8D%8E.html", PAGE.format("无"), id="url-encoded-file-name"),
]


@pytest.mark.parametrize("name, content", SPELLINGS)
def test_withheld_string_is_found_in_every_spelling(tmp_path, name, content):
    findings = scan(site_with(tmp_path, name, content), SECRETS)
    assert findings, "the guard let a withheld string through"
    assert findings[0].origin.startswith("reports/2023/a.md:")


def test_clean_site_passes(tmp_path):
    site = site_with(tmp_path, "page/index.html", PAGE.format("此处涉及个人隐私，依据《办法》第十七条不予公开"))
    assert scan(site, SECRETS, DetectorFinder()) == []


def test_finding_names_file_and_line(tmp_path):
    site = site_with(tmp_path, "page/index.html", "<p>一</p>\n<p>二</p>\n<p>张建华</p>\n")
    [finding] = scan(site, SECRETS)
    assert str(finding) == "page/index.html（第 3 行）含有在 reports/2023/a.md:20 处被隐去的内容"


DETECTED = [
    pytest.param(PAGE.format("联系电话13812345678"), "手机号码", id="mobile-in-text"),
    pytest.param(PAGE.format("138<b>1234</b>5678"), "手机号码", id="mobile-split-by-inline-tags"),
    pytest.param('<a href="mailto:zhang@163.com">信箱</a>', "电子邮箱", id="email-in-attribute"),
    pytest.param(PAGE.format("身份证411528199003151237"), "居民身份证号", id="resident-id"),
]


@pytest.mark.parametrize("content, label", DETECTED)
def test_unlisted_personal_data_in_the_output_is_found(tmp_path, content, label):
    findings = scan(site_with(tmp_path, "page/index.html", content), {}, DetectorFinder())
    assert [f for f in findings if label in f.detected], findings
    assert "13812345678" not in str(findings)  # the terminal shows it masked


def test_public_contacts_pass(tmp_path):
    site = site_with(tmp_path, "index.html", PAGE.format("咨询电话0376-2922345，邮箱 zfxxgk@xixian.gov.cn"))
    assert scan(site, {}, DetectorFinder.with_public(["0376-2922345", "zfxxgk@xixian.gov.cn"])) == []
    assert scan(site, {}, DetectorFinder.with_public(["zfxxgk@xixian.gov.cn"]))  # only what is listed


def test_theme_files_are_verified_by_comparison(tmp_path):
    theme = tmp_path / "theme"
    (theme / "assets").mkdir(parents=True)
    vendor_js = "var a=13812345678;var b='张建华';"
    (theme / "assets" / "x.js").write_text(vendor_js, encoding="utf-8")
    site = site_with(tmp_path, "assets/x.js", vendor_js)
    assert scan(site, SECRETS, DetectorFinder(), vendor=[theme]) == []
    (site / "assets" / "x.js").write_text(vendor_js + "//", encoding="utf-8")  # no longer the theme's own
    assert len(scan(site, SECRETS, DetectorFinder(), vendor=[theme])) == 2


def test_short_common_pieces_are_not_guarded(tmp_path):
    site = site_with(tmp_path, "index.html", PAGE.format("占比 code"))
    assert scan(site, {"占": "x:1", "code": "x:2"}) == []


def test_findings_are_the_same_when_the_scan_is_shared_out_over_processes(tmp_path):
    site = tmp_path / "site"
    for n in range(30):
        site_with(tmp_path, f"p{n}/index.html", PAGE.format("正文" * n))
    site_with(tmp_path, "p7/index.html", PAGE.format("张建华"))
    site_with(tmp_path, "p19/index.html", PAGE.format("手机13812345678"))
    alone = scan(site, SECRETS, DetectorFinder(), workers=1)
    shared = scan(site, SECRETS, DetectorFinder(), workers=2)
    assert [str(f) for f in shared] == [str(f) for f in sorted(alone, key=lambda f: (f.path, f.where))]
    assert [f.path for f in shared] == ["p19/index.html", "p7/index.html"]


def test_search_runtime_files_are_verified_by_comparison(tmp_path):
    """Pagefind's script and WebAssembly pass unread when unchanged; a changed one is read like any file."""
    from generator import search

    runtime = search.runtime()
    assert "pagefind.js" in runtime and any(n.endswith(".pagefind") for n in runtime)
    site = tmp_path / "site"
    for name, data in runtime.items():
        site_with(tmp_path, f"pagefind/{name}", data)
    assert scan(site, SECRETS, DetectorFinder()) == []
    (site / "pagefind" / "pagefind.js").write_bytes(runtime["pagefind.js"] + "/* 张建华 */".encode())
    assert [f.path for f in scan(site, SECRETS, DetectorFinder())] == ["pagefind/pagefind.js"]
