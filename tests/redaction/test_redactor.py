"""Redaction of what people marked, on the token stream: every construct, every error."""

from __future__ import annotations

import json

import pytest

from tests.conftest import BODY, messages, report_text, run_report

PRIVACY = "此处涉及个人隐私，依据《办法》第十七条不予公开"
COMMERCIAL = "此处涉及商业秘密，依据《办法》第十七条不予公开"
WORK = "此处涉及工作秘密，依据《办法》第二十二条不予公开"
STATE = "此处涉及国家秘密，依据《办法》第十七条不予公开"


def body_with(extra: str) -> str:
    return BODY.replace("执行总体顺畅。", "执行总体顺畅。\n\n" + extra + "\n")


def published_text(state) -> str:
    """Everything of a report that can reach the site: HTML, public metadata, TOC."""
    return state.html + json.dumps(state.public_meta, ensure_ascii=False, default=str) + \
        json.dumps(state.toc, ensure_ascii=False)


# (markdown to insert, front-matter changes, secret, notice, category, rule)
CASES = [
    pytest.param("走访了[张建华]{.个人隐私}等居民。", {}, "张建华", PRIVACY, "个人隐私", "marker.span",
                 id="inline-span"),
    pytest.param("中标价为[386.5万元]{.商业秘密}。", {}, "386.5万元", COMMERCIAL, "商业秘密", "marker.span",
                 id="inline-span-commercial"),
    pytest.param('受访者[李秀英]{custom-style="个人隐私"}表示满意。', {}, "李秀英", PRIVACY, "个人隐私",
                 "style.span", id="custom-style-span"),
    pytest.param("::: 商业秘密\n报价明细第一段。\n\n- 人工费三十二万元\n- 材料费\n\n| 项目 | 金额 |\n|---|---|\n| 人工 | 三十二万 |\n:::",  # noqa: E501
                 {}, "人工费三十二万元", COMMERCIAL, "商业秘密", "marker.div", id="fenced-div"),
    pytest.param('::: {custom-style="工作秘密"}\n督查暗访路线安排在周三夜间。\n:::', {}, "督查暗访路线安排在周三夜间",
                 WORK, "工作秘密", "style.div", id="custom-style-div"),
    pytest.param("::: {.国家秘密}\n防汛调度方案第三号预案内容。\n:::", {}, "防汛调度方案第三号预案内容", STATE, "国家秘密",
                 "marker.div", id="fenced-div-class-form"),
    pytest.param(":::: 个人隐私\n外层。\n\n::: 商业秘密\n内层价格九十九元。\n:::\n\n外层之后的住址和平路八号。\n::::", {},
                 "外层之后的住址和平路八号", PRIVACY, "个人隐私", "marker.div", id="nested-divs"),
    pytest.param("由王建国负责。", {"不予公开": {"个人隐私": ["王建国"]}}, "王建国", PRIVACY, "个人隐私", "terms",
                 id="term-plain"),
    pytest.param("由**王**建国负责。", {"不予公开": {"个人隐私": ["王建国"]}}, "王建国", PRIVACY, "个人隐私", "terms",
                 id="term-split-by-emphasis"),
    pytest.param("由王\n建国负责。", {"不予公开": {"个人隐私": ["王建国"]}}, "王建国", PRIVACY, "个人隐私", "terms",
                 id="term-split-by-line-break"),
    pytest.param("### 王建国同志的意见", {"不予公开": {"个人隐私": ["王建国"]}}, "王建国", PRIVACY, "个人隐私", "terms",
                 id="term-in-heading"),
    pytest.param("| 姓名 | 意见 |\n|---|---|\n| 王建国 | 同意 |", {"不予公开": {"个人隐私": ["王建国"]}}, "王建国", PRIVACY,
                 "个人隐私", "terms", id="term-in-table-cell"),
    pytest.param("[王建国的来信](files/letter.pdf)", {"不予公开": {"个人隐私": ["王建国"]}}, "王建国", PRIVACY,
                 "个人隐私", "terms", id="term-in-link-text"),
    pytest.param("[来信](https://example.gov.cn/王建国.pdf)", {"不予公开": {"个人隐私": ["王建国"]}}, "王建国",
                 PRIVACY, "个人隐私", "terms", id="term-in-link-url"),
    pytest.param("[来信](https://example.gov.cn/%E7%8E%8B%E5%BB%BA%E5%9B%BD.pdf)",
                 {"不予公开": {"个人隐私": ["王建国"]}}, "%E7%8E%8B%E5%BB%BA%E5%9B%BD", PRIVACY, "个人隐私",
                 "terms", id="term-in-link-url-encoded"),
    pytest.param("![王建国在现场](photo.png)", {"不予公开": {"个人隐私": ["王建国"]}}, "王建国", PRIVACY, "个人隐私",
                 "terms", id="term-in-image-alt"),
    pytest.param("![现场照片](photos/王建国.png)", {"不予公开": {"个人隐私": ["王建国"]}}, "王建国", PRIVACY,
                 "个人隐私", "terms", id="term-in-image-url"),
    pytest.param("见注释[^1]。\n\n[^1]: 据王建国反映。", {"不予公开": {"个人隐私": ["王建国"]}}, "王建国", PRIVACY,
                 "个人隐私", "terms", id="term-in-footnote"),
    pytest.param("代码 `王建国` 和\n\n```\n联系人 王建国\n```", {"不予公开": {"个人隐私": ["王建国"]}}, "王建国",
                 PRIVACY, "个人隐私", "terms", id="term-in-code"),
    pytest.param("报价为每吨２３５元。", {"不予公开": {"商业秘密": ["每吨235元"]}}, "２３５", COMMERCIAL, "商业秘密", "terms",
                 id="term-full-width-digits"),
    pytest.param("评估组由周明远牵头。", {"评估小组": ["周明远", "吴丽华"]}, "周明远", PRIVACY, "个人隐私", "private-field",
                 id="team-member-named-in-body"),
    pytest.param("<p>王建国</p>", {"不予公开": {"个人隐私": ["王建国"]}}, "王建国", PRIVACY, "个人隐私", "terms",
                 id="term-in-raw-html"),
]


@pytest.mark.parametrize("markdown, changes, secret, notice, category, rule", CASES)
def test_marked_content_is_replaced_by_its_notice(markdown, changes, secret, notice, category, rule):
    state = run_report(report_text(body=body_with(markdown), **changes))
    assert messages(state) == []
    public = published_text(state)
    assert secret not in public
    assert notice in state.html
    record = next(r for r in state.records if r.rule == rule)
    assert record.category == category
    assert record.file == "reports/2023/t.md" and record.line > 15
    assert secret not in json.dumps([r.as_dict() for r in state.records], ensure_ascii=False)


def test_notice_is_the_same_whatever_was_removed():
    short = run_report(report_text(body=body_with("[张]{.个人隐私}")))
    long = run_report(report_text(body=body_with("[" + "很长的住址信息" * 20 + "]{.个人隐私}")))
    assert short.html == long.html


def test_terms_are_replaced_in_public_front_matter():
    state = run_report(report_text(标题="关于王建国反映问题的评估报告", 结论摘要="王建国反映的问题已解决。",
                                   不予公开={"个人隐私": ["王建国"]}))
    assert "王建国" not in published_text(state)
    assert state.public_meta["标题"] == f"关于{PRIVACY}反映问题的评估报告"
    assert any(r.place == "元数据：标题" for r in state.records)


def test_heading_anchor_and_toc_never_carry_a_withheld_term():
    state = run_report(report_text(body=body_with("### 王建国的意见"), 不予公开={"个人隐私": ["王建国"]}))
    heading = next(e for top in state.toc for e in top["children"])
    assert "王建国" not in heading["id"] and "王建国" not in heading["name"]
    assert heading["id"] in state.html


def test_private_fields_never_reach_public_metadata():
    state = run_report(report_text(评估小组=["周明远"], 联系人="吴丽华", 联系电话="0376-1234567",
                                   不予公开={"个人隐私": ["某人"]}))
    assert set(state.public_meta) <= {"标题", "决策名称", "决策文号", "执行单位", "评估类型", "评估范围", "评估程序",
                                      "评估方式", "受托机构", "启动情形", "评估结论", "结论摘要", "司法审核日期",
                                      "政府审定日期", "发布日期", "索引号", "关键词"}
    for value in ("周明远", "吴丽华", "0376-1234567"):
        assert value not in published_text(state)


def test_footnote_defined_inside_a_withheld_block_is_withheld():
    body = body_with("正文引用[^s]。\n\n::: 个人隐私\n[^s]: 证人住在和平路八号。\n:::")
    state = run_report(report_text(body=body))
    assert "和平路八号" not in state.html


def test_footnote_whose_only_reference_was_withheld_is_dropped():
    body = body_with("[见注释[^p]]{.个人隐私}\n\n[^p]: 证人住在和平路八号。")
    state = run_report(report_text(body=body))
    assert "和平路八号" not in state.html


# (markdown, expected message fragment)
ERRORS = [
    pytest.param("[张建华]{.个人秘密}", "标记「个人秘密」不是已知类别（是否想写「个人隐私」？）", id="unknown-span-category"),
    pytest.param("::: 商务秘密\n报价\n:::", "标记「商务秘密」不是已知类别（是否想写「商业秘密」？）", id="unknown-div-category"),
    pytest.param("[张建华]{.个人隐私 .商业秘密}", "不是已知类别", id="two-categories"),
    pytest.param("::: 个人隐私\n没有结束的块。", "块标记「::: 个人隐私」没有结束行「:::」", id="unclosed-fence"),
    pytest.param(":::", "多余的「:::」", id="stray-closing-fence"),
    pytest.param("`[张建华]{.个人隐私}`", "代码中有类似标记的文字", id="marker-inside-code-span"),
    pytest.param("```\n::: 个人隐私\n张建华\n:::\n```", "代码中有类似标记的文字", id="marker-inside-code-block"),
    pytest.param("[张建华] {.个人隐私}", "没有被识别为标记", id="space-before-attributes"),
    pytest.param("**张建华**{.个人隐私}", "没有被识别为标记", id="attributes-after-emphasis"),
    pytest.param("［张建华］｛．个人隐私｝", "没有被识别为标记", id="full-width-marker"),
    pytest.param('[文](a.html "[张建华]{.个人隐私}")', "链接的标题中有标记「]{.个人隐私}」", id="marker-in-link-title"),
    pytest.param("[文](http://x.cn/[张建华]{.个人隐私})", "链接地址中有标记", id="marker-in-link-url"),
    pytest.param("[文](<a/[张建华]{.个人隐私}>)", "链接地址中有标记", id="marker-in-angle-bracket-url"),
    pytest.param('[文][ref]\n\n[ref]: /url "[张建华]{.个人隐私}"', "链接的标题中有标记", id="marker-in-reference-title"),
    pytest.param("[文][ref]\n\n[ref]: /a/[张建华]{.个人隐私}", "链接地址中有标记", id="marker-in-reference-url"),
    pytest.param('![图](photo.png "[张建华]{.个人隐私}")', "图片的标题中有标记", id="marker-in-image-title"),
    pytest.param("![图](photos/[张建华]{.个人隐私}.png)", "图片地址中有标记", id="marker-in-image-src"),
    pytest.param("[文](http://x.cn/a.html#{.个人隐私})", "链接地址中有标记", id="class-in-link-url"),
    pytest.param("[文](http://x.cn/a.html \"::: 个人隐私\")", "链接的标题中有标记", id="fence-in-link-title"),
    pytest.param("**[文](a.html '[张建华]{.个人隐私}')**", "链接的标题中有标记", id="marker-in-nested-link-title"),
    pytest.param("[![图](photo.png '[张建华]{.个人隐私}')](a.html)", "图片的标题中有标记", id="marker-in-image-in-link"),
    pytest.param('<span class="个人隐私">张建华</span>', "HTML 不能用来标记不予公开的内容", id="html-used-as-marker"),
]


@pytest.mark.parametrize("markdown, expected", ERRORS)
def test_what_the_redactor_cannot_be_sure_of_is_an_error(markdown, expected):
    state = run_report(report_text(body=body_with(markdown)))
    found = messages(state)
    assert any(expected in m for m in found), found
    assert all(m.startswith("reports/2023/t.md:") for m in found)
    assert state.status == "invalid"


def test_error_line_points_at_the_marker():
    state = run_report(report_text(body=body_with("第一行\n第二行[张建华]{.个人秘密}")))
    [message] = messages(state)
    line = int(message.split(":")[1].split()[0])
    assert report_text(body=body_with("第一行\n第二行[张建华]{.个人秘密}")).split("\n")[line - 1].startswith("第二行")


def test_withheld_term_in_file_name_is_an_error():
    state = run_report(report_text(不予公开={"个人隐私": ["zhangjianhua"]}), name="zhangjianhua-xinfang")
    assert any("文件名含有不予公开的词语" in m for m in messages(state))


def test_encoded_term_in_raw_html_is_refused():
    state = run_report(report_text(body=body_with('<a href="/a/%E7%8E%8B%E5%BB%BA%E5%9B%BD">信</a>'),
                                   不予公开={"个人隐私": ["王建国"]}))
    assert any("编码形式" in m for m in messages(state))


def test_personal_data_in_file_name_is_an_error():
    state = run_report(report_text(), name="xinfang-13812345678")
    assert any(m.startswith("reports/2023/xinfang-13812345678.md 文件名中有手机号码（从第 9 个字符起）") for m in messages(state))


# (marker typed with full-width punctuation, what was found as written)
FULL_WIDTH = [
    pytest.param("［张建华］｛．个人隐私｝", "「］｛．个人隐私｝」", id="all-full-width"),
    pytest.param("[张建华]｛.个人隐私｝", "「]｛.个人隐私｝」", id="full-width-braces"),
    pytest.param("[张建华]{．个人隐私}", "「]{．个人隐私}」", id="full-width-dot"),
    pytest.param("：：： 个人隐私\n张建华\n：：：", "「：：：」", id="full-width-fence"),
]


@pytest.mark.parametrize("markdown, written", FULL_WIDTH)
def test_full_width_marker_gets_the_half_width_hint(markdown, written):
    found = messages(run_report(report_text(body=body_with(markdown))))
    assert found and all(written in m for m in found), found
    assert all("必须是半角" in m and "[张三]{.个人隐私}" in m for m in found)


@pytest.mark.parametrize("markdown", ["说明：[张建华] {.个人隐私}", "[张建华] {.个人隐私}"])
def test_half_width_marker_gets_no_full_width_hint(markdown):
    found = messages(run_report(report_text(body=body_with(markdown))))
    assert found and not any("半角" in m for m in found), found


MARKER_IN_ADDRESS = "链接地址、图片地址和标题中不能写标记"


@pytest.mark.parametrize("markdown", [
    pytest.param('[文](a.html "[张建华]{.个人隐私}")', id="title"),
    pytest.param("[文](http://x.cn/[张建华]{.个人隐私})", id="url"),
    pytest.param('[文][ref]\n\n[ref]: /url "[张建华]{.个人隐私}"', id="reference"),
])
def test_marker_in_an_address_says_what_to_do_instead(markdown):
    [message] = messages(run_report(report_text(body=body_with(markdown))))
    assert message.startswith("reports/2023/t.md:26 ")
    assert MARKER_IN_ADDRESS in message
    assert "[[文字](网址)]{.个人隐私}" in message and "不予公开" in message


def test_the_suggested_fix_marks_the_whole_link():
    state = run_report(report_text(body=body_with("[[张建华的来信](a.html)]{.个人隐私}")))
    assert messages(state) == []
    assert "张建华" not in state.html and "a.html" not in state.html


@pytest.mark.parametrize("markdown", [
    pytest.param("[文](http://x.cn/个人隐私.html)", id="category-word-in-url"),
    pytest.param('[文](a.html "涉及个人隐私的内容已删除")', id="category-word-in-title"),
    pytest.param("[文](http://x.cn/a.html?b={c})", id="braces-in-url"),
])
def test_ordinary_addresses_and_titles_are_no_markers(markdown):
    assert messages(run_report(report_text(body=body_with(markdown)))) == []


# (alt text, an image address naming a withheld term, the same alt words elsewhere in the report)
WITHHELD_IMAGES = [
    pytest.param("现场照片", "photos/王建国.png", id="ordinary-alt"),
    pytest.param("现场照片", "photos/%E7%8E%8B%E5%BB%BA%E5%9B%BD.png", id="encoded-address"),
    pytest.param("座谈会现场", "photos/王建国-1.png", id="other-alt"),
]


@pytest.mark.parametrize("alt, src", WITHHELD_IMAGES)
def test_withheld_image_records_the_address_and_term_not_the_alt_text(alt, src):
    state = run_report(report_text(body=body_with(f"![{alt}]({src})\n\n{alt}显示整改到位。"),
                                   不予公开={"个人隐私": ["王建国"]}))
    assert messages(state) == []
    assert alt not in state.secrets
    assert "王建国" in state.secrets
    assert src in state.secrets
    assert f"{alt}显示整改到位" in state.html  # the same words elsewhere are published
    assert "王建国" not in published_text(state)


def test_withheld_image_alt_text_with_the_term_still_withholds_the_term():
    state = run_report(report_text(body=body_with("![王建国在现场](photos/王建国.png)"),
                                   不予公开={"个人隐私": ["王建国"]}))
    assert messages(state) == []
    assert "王建国" in state.secrets and "王建国在现场" not in state.secrets
    assert "王建国" not in published_text(state)



@pytest.mark.parametrize(("alt", "guarded"), [("现场照片", False), ("张建华家门牌号码照片", True)])
def test_a_withheld_images_description_is_guarded_only_when_it_says_something(alt: str, guarded: bool) -> None:
    """[![现场照片](photo.png)]{.个人隐私}: the image is withheld; 现场照片 elsewhere in the site must
    not refuse the whole build, a description that names someone must."""
    state = run_report(report_text(body=BODY.replace("执行总体顺畅。", f"[![{alt}](photo.png)]{{.个人隐私}}")))
    assert not messages(state)
    assert (alt in state.secrets) is guarded
    assert alt not in state.html and "photo.png" not in state.html
