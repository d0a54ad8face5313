"""The site loads nothing from another host."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.selfcontained import external_loads

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
