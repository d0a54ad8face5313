"""The site loads nothing from another host."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.guard.selfcontained import external_loads

HOST = "www.xixian.gov.cn"


def site_with(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


EXTERNAL = [
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">', "fonts.googleapis.com"),
    ('<script src="//cdn.jsdelivr.net/npm/x.js"></script>', "cdn.jsdelivr.net"),
    ('<script async src="https://www.googletagmanager.com/gtag/js"></script>', "googletagmanager"),
    ('<img src="http://example.com/a.png">', "example.com"),
    ('<img srcset="a.png 1x, https://example.com/b.png 2x">', "example.com/b.png"),
    ('<iframe src="https://map.example.com/"></iframe>', "map.example.com"),
    ('<link rel="preconnect" href="https://fonts.gstatic.com">', "fonts.gstatic.com"),
    ('<style>@import "https://example.com/x.css";</style>', "example.com/x.css"),
    ('<div style="background:url(https://example.com/bg.png)"></div>', "example.com/bg.png"),
]


@pytest.mark.parametrize("html, host", EXTERNAL)
def test_external_loads_are_found(tmp_path, html, host):
    [load] = external_loads(site_with(tmp_path, "index.html", html), HOST)
    assert host in load.url and load.path == "index.html"


def test_css_file_with_external_font(tmp_path):
    site = site_with(tmp_path, "x.css", "@font-face{src:url('https://fonts.gstatic.com/s/a.woff2')}")
    assert [load.path for load in external_loads(site, HOST)] == ["x.css"]


def test_own_and_relative_resources_and_plain_links_are_fine(tmp_path):
    html = ('<link rel="stylesheet" href="assets/x.css"><script src="../a.js"></script>'
            '<img src="data:image/png;base64,AAAA"><link rel="canonical" href="https://other.example/">'
            '<a href="https://www.gov.cn/">中国政府网</a><img src="https://www.xixian.gov.cn/logo.png">')
    assert external_loads(site_with(tmp_path, "index.html", html), HOST) == []


SITE_URL = "https://www.xixian.gov.cn/zdxzjc/"
MISSED, FALSE_ALARM, KEEPS = "missed today", "false alarm today", "keeps working"

# (file in the site, its text, site_url given to the check, loads from elsewhere?, why the case is here)
# Each file is read as the browser would: entities and CSS escapes decoded, the URL resolved against
# the page's address (or its <base>) by the WHATWG rules.
BROWSER_READING = [
    # backslashes are slashes, tabs and new lines vanish, C0 controls and spaces are stripped
    ("index.html", r'<img src="/\evil.com/x.png">', None, True, MISSED),
    ("index.html", r'<img src="\\evil.com/x.png">', None, True, MISSED),
    ("index.html", r'<img src="https:\\evil.com/x.png">', None, True, KEEPS),
    ("index.html", '<img src="/\t/evil.com/x.png">', None, True, MISSED),
    ("index.html", '<img src="/&Tab;/evil.com/x.png">', None, True, MISSED),
    ("index.html", '<img src="/&NewLine;/evil.com/x.png">', None, True, MISSED),
    ("index.html", '<iframe src="java\nscript:alert(1)"></iframe>', None, True, MISSED),
    ("index.html", '<img src=" \x01//evil.com/x.png">', None, True, MISSED),
    ("index.html", '<script src="//evil.com/x.js"></script>', None, True, KEEPS),
    ("index.html", '<script src="HTTPS://EVIL.COM/x.js"></script>', None, True, KEEPS),
    ("index.html", '<img src="&#47;&#47;evil.com/x.png">', None, True, KEEPS),
    ("index.html", r'<img src="https://evil.com\@www.xixian.gov.cn/x.png">', None, True, MISSED),
    ("index.html", '<img src="https://www.xixian.gov.cn@evil.com/x.png">', None, True, KEEPS),
    ("index.html", '<img src="https://www.xixian.gov.cn.evil.com/x.png">', None, True, KEEPS),
    # https:x is relative on an https page, absolute on an http one
    ("index.html", '<img src="http:evil.com/x.png">', SITE_URL, True, KEEPS),
    ("index.html", '<img src="https:evil.com/x.png">', None, True, KEEPS),  # scheme of the site unknown
    ("index.html", '<img src="https:x.png">', SITE_URL, False, FALSE_ALARM),
    # other schemes are not ours; what cannot be parsed fails closed
    ("index.html", '<iframe src="javascript:alert(1)"></iframe>', None, True, KEEPS),
    ("index.html", '<img src="blob:https://www.xixian.gov.cn/1">', None, True, KEEPS),
    ("index.html", '<img src="ftp://example.com/x.png">', None, True, KEEPS),
    ("index.html", '<img src="file:///etc/x.png">', None, True, KEEPS),
    ("index.html", '<img src="http://[::1/x.png">', None, True, MISSED),  # today: ValueError, no report
    ("index.html", '<link rel="stylesheet" href="data:text/css,@import url(//evil.com/x.css)">', None, True, MISSED),
    # <base> elsewhere sends every relative load there
    ("index.html", '<base href="https://evil.com/"><img src="x.png">', None, True, MISSED),
    ("index.html", '<base href="/zdxzjc/"><img src="x.png">', None, False, KEEPS),
    # tags and attributes as the HTML tokenizer reads them
    ("index.html", '<img alt="a>b" src="//evil.com/x.png">', None, True, MISSED),
    ("index.html", '<img src="//evil.com/x.png" src="x.png">', None, True, MISSED),  # the first one counts
    ("index.html", "<img title='a src=\"//evil.com/x.png\"' src=\"x.png\">", None, False, KEEPS),
    ("index.html", "<link rel=stylesheet href=//evil.com/x.css>", None, True, KEEPS),
    ("index.html", '<img/src="//evil.com/x.png">', None, True, KEEPS),
    ("index.html", '<div title="x"style="background:url(//evil.com/x.png)"></div>', None, True, MISSED),
    ("index.html", "<div style=background:url(//evil.com/x.png)></div>", None, True, MISSED),
    ("index.html", '<div style="background:url(&quot;//evil.com/x.png&quot;)"></div>', None, True, KEEPS),
    ("index.html", '<iframe srcdoc="&lt;img src=&quot;//evil.com/x.png&quot;&gt;"></iframe>', None, True, MISSED),
    # srcset: candidates split as the browser splits them (a URL may hold a comma)
    ("index.html", '<img srcset="x.png 1x, //evil.com/y.png 2x">', None, True, KEEPS),
    ("index.html", '<img srcset="/img?x=a,https://evil.com/y.png 1x">', None, False, FALSE_ALARM),
    ("index.html", '<img srcset="data:image/png;base64,AAAA 1x, x.png 2x">', None, False, KEEPS),
    ("index.html", '<link rel="preload" as="image" imagesrcset="//evil.com/x.png 2x">', None, True, MISSED),
    # <link>: every rel that loads, in any case; navigations are not loads
    ("index.html", '<link rel="StyleSheet" href="//evil.com/x.css">', None, True, KEEPS),
    ("index.html", '<link rel="alternate stylesheet" href="//evil.com/x.css">', None, True, KEEPS),
    ("index.html", '<link rel="prerender" href="https://evil.com/">', None, True, MISSED),
    ("index.html", '<link rel="Canonical" href="https://other.example/">', None, False, KEEPS),
    ("index.html", '<meta http-equiv="refresh" content="0;url=https://evil.com/">', None, False, KEEPS),
    ("index.html", '<a href="https://www.gov.cn/">中国政府网</a>', None, False, KEEPS),
    # every element that loads
    ("index.html", '<svg><image href="//evil.com/x.png"/></svg>', None, True, KEEPS),
    ("index.html", '<svg><use xlink:href="https://evil.com/s.svg#i"/></svg>', None, True, KEEPS),
    ("index.html", '<svg><feImage href="//evil.com/x.png"/></svg>', None, True, MISSED),
    ("index.html", '<svg><script href="//evil.com/x.js"></script></svg>', None, True, MISSED),
    ("index.html", '<image src="//evil.com/x.png">', None, True, MISSED),  # the parser makes it an <img>
    ("index.html", '<table background="//evil.com/bg.png"></table>', None, True, MISSED),
    ("index.html", '<object data="//evil.com/x.swf"></object>', None, True, KEEPS),
    ("index.html", '<embed src="//evil.com/x.swf">', None, True, KEEPS),
    ("index.html", '<input type="image" src="//evil.com/x.png">', None, True, KEEPS),
    ("index.html", '<video poster="//evil.com/p.png"></video>', None, True, KEEPS),
    ("index.html", '<video><track src="//evil.com/t.vtt"></video>', None, True, KEEPS),
    ("index.html", '<svg><style>@import "&#47;&#47;evil.com/x.css";</style></svg>', None, True, MISSED),
    # CSS: escapes, quotes, image-set(), @import in every form, comments
    ("x.css", r"a{background:url(\2f\2f evil.com/x.png)}", None, True, MISSED),
    ("x.css", r'a{background:url("\/\/evil.com/x.png")}', None, True, MISSED),
    ("x.css", r"a{background:\75 rl(//evil.com/x.png)}", None, True, MISSED),
    ("x.css", 'a{background:image-set("//evil.com/x.png" 1x)}', None, True, MISSED),
    ("x.css", '@import"//evil.com/x.css";', None, True, MISSED),
    ("x.css", r'@\69mport "//evil.com/x.css";', None, True, MISSED),
    ("x.css", '@import "//evil.com/x.css";', None, True, KEEPS),
    ("x.css", "@import url(//evil.com/x.css);", None, True, KEEPS),
    ("x.css", "@font-face{src:url(//fonts.gstatic.com/a.woff2)}", None, True, KEEPS),
    ("x.css", '@font-face{src:local("Noto Sans"),url(../fonts/a.woff2) format("woff2")}', None, False, KEEPS),
    ("x.css", 'a::after{content:"https://evil.com/"}', None, False, KEEPS),
    ("x.css", "/* a{background:url(//cdn.example/x.png)} */", None, False, FALSE_ALARM),
    ("x.css", "@namespace svg url(http://www.w3.org/2000/svg);", None, False, FALSE_ALARM),
    # the site's own addresses
    ("reports/r1/index.html", '<link rel="stylesheet" href="../../assets/x.css">', None, False, KEEPS),
    ("index.html", '<link rel="stylesheet" href="/zdxzjc/assets/x.css">', None, False, KEEPS),
    ("index.html", '<img src="https://www.xixian.gov.cn/zdxzjc/x.png">', None, False, KEEPS),
    ("index.html", '<img src="HTTP://WWW.XIXIAN.GOV.CN/zdxzjc/x.png">', SITE_URL, False, KEEPS),
    ("index.html", '<img src="data:image/png;base64,iVBORw0KGgo=">', None, False, KEEPS),
    ("index.html", '<svg><use href="#icon"/></svg>', None, False, KEEPS),
    ("index.html", '<img src="">', None, False, KEEPS),
    ("assets/x.css", "a{background:url(../images/a.png)}", SITE_URL, False, KEEPS),
]


@pytest.mark.parametrize("name, text, site_url, external, why", BROWSER_READING)
def test_urls_are_read_as_the_browser_reads_them(tmp_path, name, text, site_url, external, why):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    loads = external_loads(tmp_path, HOST, site_url=site_url)
    assert bool(loads) is external
    assert all(load.path == name for load in loads)


def test_the_message_names_line_and_what_the_browser_loads(tmp_path):
    site = site_with(tmp_path, "index.html", '<p>说明</p>\n<img src="/\\evil.com/x.png">\n<img src="http://[::1/">')
    assert [str(load) for load in external_loads(site, HOST)] == [
        "index.html:2 会从外部加载 /\\evil.com/x.png（浏览器解析为 https://evil.com/x.png；网站必须自包含：请改为本站文件）",
        "index.html:3 会从外部加载 http://[::1/（地址无法解析，按外部地址处理；网站必须自包含：请改为本站文件）",
    ]


def test_a_base_elsewhere_is_reported_with_the_loads_it_sends_away(tmp_path):
    site = site_with(tmp_path, "index.html", '<base href="//evil.com/">\n<script src="a.js"></script>')
    assert [(load.line, load.base, load.resolved) for load in external_loads(site, HOST)] == [
        (1, True, "https://evil.com/"), (2, False, "https://evil.com/a.js")]


def test_only_the_files_asked_for_are_read(tmp_path):
    site = site_with(tmp_path, "a.html", '<img src="//evil.com/a.png">')
    (tmp_path / "b.html").write_text('<img src="//evil.com/b.png">', encoding="utf-8")
    assert [load.path for load in external_loads(site, HOST, only=[tmp_path / "b.html"])] == ["b.html"]
