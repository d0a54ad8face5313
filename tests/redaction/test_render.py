"""Raw HTML in a report is sanitized: nothing executable, no styles, no comments."""

from __future__ import annotations

import pytest

from tests.conftest import BODY, messages, report_text, run_report


def rendered(markdown: str) -> str:
    state = run_report(report_text(body=BODY.replace("执行总体顺畅。", "执行总体顺畅。\n\n" + markdown + "\n")))
    assert messages(state) == []
    return state.html


# (raw HTML in the report, what must not survive)
CASES = [
    pytest.param("<script>alert('x')</script>", "<script", id="script-block"),
    pytest.param("文字<script>alert(1)</script>文字", "<script", id="script-inline"),
    pytest.param('<p onclick="steal()">点我</p>', "onclick", id="event-handler"),
    pytest.param('<img src="x.png" onerror="steal()">', "onerror", id="img-onerror"),
    pytest.param("[点我](javascript:alert(1))", "href=\"javascript", id="javascript-link-markdown"),
    pytest.param('<a href="javascript:alert(1)">点我</a>', "javascript:", id="javascript-link-html"),
    pytest.param('<a href="JaVaScRiPt:alert(1)">点我</a>', "alert", id="javascript-link-mixed-case"),
    pytest.param('<iframe src="https://example.com"></iframe>', "<iframe", id="iframe"),
    pytest.param('<p style="color:red">红字</p>', "style=", id="style-attribute"),
    pytest.param("<style>body{display:none}</style>", "<style", id="style-block"),
    pytest.param("<!-- 内部意见：不要公开 -->", "<!--", id="html-comment"),
    pytest.param("段落<!-- 内部意见 -->继续", "内部意见", id="html-comment-inline"),
    pytest.param('<object data="x.swf"></object>', "<object", id="object"),
    pytest.param('<form action="https://evil.example"><input name="q"></form>', "<form", id="form"),
    pytest.param('<svg onload="alert(1)"></svg>', "onload", id="svg-onload"),
]


@pytest.mark.parametrize("markdown, forbidden", CASES)
def test_raw_html_is_sanitized(markdown, forbidden):
    assert forbidden.lower() not in rendered(markdown).lower()


def test_ordinary_markup_survives():
    html = rendered("**加粗** *强调* ~~删除~~\n\n| 左 | 右 |\n|:--|--:|\n| 1 | 2 |\n\n[链接](https://www.xixian.gov.cn/)")
    for fragment in ("<strong>加粗</strong>", "<em>强调</em>", "<s>删除</s>", '<td class="gk-align-right">2</td>',
                     '<a href="https://www.xixian.gov.cn/">链接</a>'):
        assert fragment in html


def test_footnotes_render_with_back_links():
    html = rendered("正文[^a]。\n\n[^a]: 注释内容。")
    assert 'href="#fn1"' in html and 'id="fn1"' in html and "注释内容。" in html
