"""Hypothesis strategies: personal identifiers as people write them, and places to put them."""

from __future__ import annotations

import datetime as _dt

from hypothesis import strategies as st
from stdnum import luhn
from stdnum.iso7064 import mod_11_2

AREAS = ["411528", "411502", "110105", "440305", "320102", "510107"]
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@.-"}


@st.composite
def resident_id(draw) -> str:
    birth = draw(st.dates(_dt.date(1930, 1, 1), _dt.date(2012, 12, 31)))
    base = draw(st.sampled_from(AREAS)) + birth.strftime("%Y%m%d") + f"{draw(st.integers(0, 999)):03d}"
    number = base + mod_11_2.calc_check_digit(base)
    return number.lower() if draw(st.booleans()) else number


@st.composite
def mobile(draw) -> str:
    digits = "1" + draw(st.sampled_from("3456789")) + "".join(draw(st.lists(st.sampled_from("0123456789"),
                                                                           min_size=9, max_size=9)))
    style = draw(st.sampled_from(["plain", "dash", "space", "+86"]))
    if style == "dash":
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if style == "space":
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if style == "+86":
        return "+86 " + digits
    return digits


@st.composite
def bank_card(draw) -> str:
    length = draw(st.integers(16, 19))
    body = "62" + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=length - 3, max_size=length - 3)))
    number = body + luhn.calc_check_digit(body)
    if draw(st.booleans()):
        return " ".join(number[i:i + 4] for i in range(0, len(number), 4))
    return number


@st.composite
def landline(draw) -> str:
    area = draw(st.sampled_from(["0376", "010", "0371", "021"]))
    local = draw(st.sampled_from("2345678")) + "".join(draw(st.lists(st.sampled_from("0123456789"),
                                                                     min_size=6, max_size=7)))
    return draw(st.sampled_from([f"{area}-{local}", f"({area}){local}", f"（{area}）{local}"]))


emails = st.builds(lambda user, n, host: f"{user}{n}@{host}",
                   st.sampled_from(["zhangjh", "li.xiuying", "wang_zq", "chen-gd"]),
                   st.integers(1, 9999), st.sampled_from(["163.com", "qq.com", "example.org"]))
passports = st.builds(lambda p, n: f"{p}{n:08d}", st.sampled_from(["E", "G"]), st.integers(10000000, 99999999))
permits = st.builds(lambda n: f"C{n:08d}", st.integers(10000000, 99999999))
plates = st.builds(lambda p, letter, n: f"{p}{letter}{n:05d}", st.sampled_from(PROVINCES), st.sampled_from(PLATE_LETTERS),
                   st.integers(10000, 99999))


@st.composite
def identifier(draw) -> str:
    value = draw(st.one_of(resident_id(), mobile(), bank_card(), landline(), emails, passports, permits, plates))
    if draw(st.integers(0, 4)) == 0:
        value = value.translate(FULL_WIDTH)
    return value


PLACES = [
    "在正文中写明{}。",
    "**{}**",
    "| 项目 | 内容 |\n|---|---|\n| 联系 | {} |",
    "[联系我们]({})",
    "[{}](https://www.xixian.gov.cn/)",
    "![证件{}](photo.png)",
    "参见注释[^n]。\n\n[^n]: 当事人为{}。",
    "代码 `{}` 。",
    "```\n{}\n```",
    "### 关于{}的说明",
    '<p title="{}">原始</p>',
    "<p>{}</p>",
    "- 第一项\n- 联系{}",
    "> 引用：{}",
]
places = st.sampled_from(PLACES)

chinese_words = st.sampled_from(["群众反映", "经核实", "联系方式", "来电", "当事人", "登记号码", "备注"])
