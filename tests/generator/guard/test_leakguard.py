"""The leak guard finds a withheld string in every spelling the output can use."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.guard.leakguard import scan
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
    pytest.param("page/index.html", PAGE.format("张&#173;建&#x2060;华"), id="format-characters-as-entities"),
    pytest.param("page/index.html", PAGE.format("张\u3000建\t华"), id="ideographic-space-and-tab"),
    pytest.param("page/index.html", PAGE.format("張建華"), id="traditional-characters"),
    pytest.param("page/index.html", PAGE.format("张\u3164建\u2800华"), id="hangul-filler-and-braille-blank"),
    pytest.param("page/index.html", PAGE.format("张\u0301建\ufe01华\u034f"), id="combining-marks-and-selectors"),
    pytest.param("page/index.html", PAGE.format("电话0376\u22127654321"), id="minus-sign-between-digits"),
    pytest.param("page/index.html", PAGE.format("电话0376·7654321"), id="middle-dot-between-digits"),
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
    pytest.param(PAGE.format("电话138<br>1234 5678"), "手机号码", id="mobile-broken-by-br"),
    pytest.param(PAGE.format("电话138\t1234\u30005678"), "手机号码", id="mobile-tab-and-ideographic-space"),
    pytest.param(PAGE.format("电话138&#8203;1234&#xAD;5678"), "手机号码", id="mobile-format-characters-as-entities"),
    pytest.param(PAGE.format("电话138\u22121234\u22125678"), "手机号码", id="mobile-minus-signs"),
    pytest.param(PAGE.format("邮箱 zhang.san @ 163.com"), "电子邮箱", id="email-spaces-around-at"),
    pytest.param(PAGE.format("护照DE1234567"), "护照", id="diplomatic-passport"),
    pytest.param(PAGE.format("车牌粤Z1234港"), "号牌", id="cross-border-plate"),
    pytest.param(PAGE.format("车牌豫 S12345"), "号牌", id="plate-space-after-province"),
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
    from generator.search import pagefind as search

    runtime = search.runtime()
    assert "pagefind.js" in runtime and any(n.endswith(".pagefind") for n in runtime)
    site = tmp_path / "site"
    for name, data in runtime.items():
        site_with(tmp_path, f"pagefind/{name}", data)
    assert scan(site, SECRETS, DetectorFinder()) == []
    (site / "pagefind" / "pagefind.js").write_bytes(runtime["pagefind.js"] + "/* 张建华 */".encode())
    assert [f.path for f in scan(site, SECRETS, DetectorFinder())] == ["pagefind/pagefind.js"]


def test_a_name_pagefind_split_into_words_is_found_in_the_index_chunks(tmp_path):
    """Pagefind's chunks list words sorted (王 … 秀英 …): the guard reads each page's words in order."""
    from generator.search import pagefind as search

    site = tmp_path / "site"
    site.mkdir()
    search.index_documents(site, {"reports/2023/a/": "<div data-pagefind-body><p>受访群众王秀英表示满意。</p></div>"})
    chunks = b"".join(gzip.decompress(p.read_bytes()) for p in (site / "pagefind" / "index").iterdir())
    assert "王秀英".encode() not in chunks and "秀英".encode() in chunks
    findings = [f for f in scan(site, {"王秀英": "reports/2023/a.md:9"}) if f.path == "pagefind/index"]
    assert [f.origin for f in findings] == ["reports/2023/a.md:9"]
    assert "/reports/2023/a/" in findings[0].where


def test_an_unreadable_index_chunk_fails_closed(tmp_path):
    from generator.search import pagefind as search

    site = tmp_path / "site"
    site.mkdir()
    search.index_documents(site, {"a/": "<div data-pagefind-body><p>评估报告</p></div>"})
    chunk = next((site / "pagefind" / "index").iterdir())
    chunk.write_bytes(gzip.compress(b"pagefind_dcd\xff\xff"))
    assert any("无法读取的搜索索引" in f.detected for f in scan(site, {}))


@pytest.mark.parametrize("content", [
    "<table><tr><td>0376</td><td>2922345</td></tr></table>",  # two cells, not one number
    '<svg><text x="0" y="38">12</text><text x="40" y="38">2922345</text></svg>',
    '<p data-a="0376" data-b="2922345">图表</p>',  # two attributes
])
def test_numbers_a_reader_sees_apart_are_not_joined(tmp_path, content):
    assert scan(site_with(tmp_path, "page/index.html", content), {}, DetectorFinder()) == []


def test_a_list_of_numbers_in_the_search_index_is_not_a_phone_number(tmp_path):
    """Pagefind drops punctuation: 138、1234、5678 are three words in its chunks, not one number."""
    from generator.search import pagefind as search

    site = tmp_path / "site"
    site.mkdir()
    search.index_documents(site, {"a/": "<div data-pagefind-body><p>三年分别完成138、1234、5678户。</p></div>"})
    assert scan(site, {}, DetectorFinder()) == []


def test_a_withheld_number_is_not_found_in_a_list_of_numbers_in_the_search_index(tmp_path):
    from generator.search import pagefind as search

    site = tmp_path / "site"
    site.mkdir()
    search.index_documents(site, {"a/": "<div data-pagefind-body><p>三年分别完成138、1234、5678户。</p></div>"})
    assert scan(site, {"13812345678": "reports/2023/b.md:30"}) == []
