"""`gongkai import`: Word documents, made here with python-docx from the template, through
import, check and build to the public site.

The documents that import are built once per module (a build takes seconds); the refused
ones run in-process, since nothing of theirs may be written at all.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import html
import importlib.util
import io
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from PIL import Image

from generator.cli import main
from generator.word import importer as word
from generator.word.markers import style_category
from generator.word.metadata import parse_date
from redaction.schema import ReportSchema
from tests.conftest import ROOT, gongkai, make_project

spec = importlib.util.spec_from_file_location("make_template", ROOT / "templates" / "make_template.py")
mt = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
spec.loader.exec_module(mt)  # type: ignore[union-attr]

CHAR = " Char"  # the character half of the template's linked styles, as Word names it

META = {
    "标题": "关于《息县秸秆综合利用实施方案》执行情况的跟踪反馈报告",
    "决策名称": "息县秸秆综合利用实施方案",
    "执行单位": "息县农业农村局",
    "评估类型": "跟踪反馈",
    "评估范围": "整体评估",
    "评估程序": "简易程序",
    "评估方式": "自行评估",
    "启动情形": "依据变化、未达预期",
    "评估结论": "继续执行",
    "结论摘要": "方案执行总体顺利，秸秆综合利用率稳步提高，建议继续执行。",
    "司法审核日期": "2024年3月5日",
    "政府审定日期": "2024-3-15",
    "发布日期": "２０２４年４月１日",
    "关键词": "秸秆\n综合利用",
    "评估小组": "吴评估、钱评估",
    "不予公开": "个人隐私：孙建国",
}

# what the writer marked (or listed), and what must still be published
SECRETS = ["张建华", "李秀英", "甲公司报价每吨一百零五元", "孙建国", "吴评估", "钱评估", "王脚注"]
PUBLIC = [
    "本次评估共走访农户一百二十户",        # a paragraph in 基本情况
    "秸秆离田利用量逐年增加",              # a paragraph in Word's "Body Text" style
    "收储点布局更加合理",                  # a bulleted list item
    "城区覆盖率",                          # a table cell
    "合并单元格的内容",                    # a merged table cell
    "数据来源于县统计局年报",              # a footnote
    "“重点”",                             # bold text in Chinese quotes
    "建议继续执行方案",                    # 结论及建议
]
PROPERTIES = ["特征作者名甲", "特征单位名乙", "特征修改人丙", "特征标题丁", "特征备注戊", "特征自定义己"]


# ---------------------------------------------------------------- making Word documents


def filled(meta: dict[str, str] | None = None):
    """The template with its metadata table filled in and a line of text in every section."""
    doc = Document(str(mt.TEMPLATE))
    values = {**META, **(meta or {})}
    mt.set_title(doc, values["标题"])
    mt.set_meta(doc, values)
    for section in ("基本情况", "内容分析", "结论及建议", "其他需要说明的问题"):
        mt.hint_paragraph(doc, section).insert_paragraph_before(f"{section}的正文。")
    return doc


def finish(doc, path: Path) -> Path:
    mt.remove_hints(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def gps_jpeg() -> io.BytesIO:
    """A photo with a camera model and a GPS position in its EXIF."""
    exif = Image.Exif()
    exif[0x0110] = "特征相机型号"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (32.0, 20.0, 51.0), 3: "E", 4: (114.0, 44.0, 2.0)})
    data = io.BytesIO()
    Image.new("RGB", (48, 32), (200, 120, 40)).save(data, format="JPEG", exif=exif)
    data.seek(0)
    with Image.open(data) as photo:  # the test photo does carry a position
        assert photo.getexif().get_ifd(0x8825)[2] == (32.0, 20.0, 51.0)
    data.seek(0)
    return data


def set_properties(doc) -> None:
    """Author, company, last modified by and a custom property, all distinctive."""
    props = doc.core_properties
    props.author, props.last_modified_by = PROPERTIES[0], PROPERTIES[2]
    props.title, props.comments = PROPERTIES[3], PROPERTIES[4]
    package = doc.part.package
    app = next(p for p in package.iter_parts() if p.partname == "/docProps/app.xml")
    app._blob = app.blob.replace(b"<Company/>", f"<Company>{PROPERTIES[1]}</Company>".encode())
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="审核人">'
        f"<vt:lpwstr>{PROPERTIES[5]}</vt:lpwstr></property></Properties>")
    part = Part(PackURI("/docProps/custom.xml"),
                "application/vnd.openxmlformats-officedocument.custom-properties+xml",
                custom.encode(), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def mixed_document(path: Path) -> Path:
    """Every feature at once: styled runs and paragraphs, lists, tables, a footnote, a photo."""
    doc = filled()
    basic = mt.hint_paragraph(doc, "基本情况")
    p = basic.insert_paragraph_before("本次评估共走访农户一百二十户，受访群众")
    p.add_run("张建华", style="个人隐私" + CHAR)
    p.add_run("反映收储点距离较远。村民孙建国也提出了同样的意见。")
    basic.insert_paragraph_before("投标报价明细：甲公司报价每吨一百零五元。", style="商业秘密")
    basic.insert_paragraph_before("近三年秸秆离田利用量逐年增加。", style="Body Text")  # 田利 is no name
    for item in ("收储点布局更加合理；", "补贴发放更加及时。"):
        basic.insert_paragraph_before(item, style="List Bullet")
    emphasis = basic.insert_paragraph_before("这是")
    emphasis.add_run("“重点”").bold = True
    emphasis.add_run("工作。")

    analysis = mt.hint_paragraph(doc, "内容分析")
    table = mt.move_before(doc.add_table(rows=3, cols=3), analysis)
    table.style = doc.styles["Table Grid"]
    for row, values in zip(table.rows, (("指标", "数值", "联系人"), ("城区覆盖率", "91%", ""),
                                        ("乡镇覆盖率", "78%", ""))):
        for cell, value in zip(row.cells, values):
            cell.text = value
    table.cell(1, 2).paragraphs[0].add_run("李秀英", style="个人隐私" + CHAR)
    table.cell(2, 1).merge(table.cell(2, 2)).text = "合并单元格的内容"
    note = analysis.insert_paragraph_before("全县秸秆综合利用率达到92%")
    mt.add_footnote(note, "数据来源于县统计局年报。")
    note.add_run("。")
    photo = analysis.insert_paragraph_before("收储点现场照片：")
    photo.add_run().add_picture(gps_jpeg())

    footnotes = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/footnotes.xml")
    footnotes._blob = footnotes.blob.replace(" 数据来源于县统计局年报。".encode(),
                                             " 数据来源于县统计局年报。核对人王脚注。".encode())
    footnotes._blob = footnotes.blob.replace(  # the name in the footnote is styled as well
        "核对人王脚注。</w:t></w:r>".encode(),
        ("核对人</w:t></w:r><w:r><w:rPr><w:rStyle w:val=\"GeRenYinSiChar\"/></w:rPr>"
         "<w:t>王脚注</w:t></w:r>").encode())
    mt.hint_paragraph(doc, "结论及建议").insert_paragraph_before("建议继续执行方案，加密收储点。")
    heading = next(p for p in doc.paragraphs if p.text == "二、内容分析")
    heading.runs[0].bold = True  # a heading made bold by hand is still the section
    set_properties(doc)
    return finish(doc, path)


DONE_NAMES = ("赵春华", "钱立新")
DONE_PRICE = "每吨收购价一百二十元"


def done_when_document(path: Path) -> tuple[Path, list[str]]:
    """The issue's scenario: the template filled in, two names and a price styled."""
    doc = Document(str(mt.TEMPLATE))
    meta = {**META, "不予公开": "", "评估小组": "", "标题": "关于《息县秸秆收储运体系建设方案》执行情况的后评估报告"}
    mt.set_title(doc, meta["标题"])
    mt.set_meta(doc, meta)
    paragraphs = {
        "基本情况": ["方案于2022年印发，全县建成秸秆收储点二十四个。", "评估采取座谈和实地查看的方式进行。"],
        "内容分析": ["座谈中，种植大户{0}和收储点负责人{1}都认为收储体系运转良好。",
                 "收储企业与农户签订的合同约定{2}，高于周边县。"],
        "结论及建议": ["评估结论为继续执行，建议进一步完善补贴政策。"],
        "其他需要说明的问题": ["无。"],
    }
    public: list[str] = []
    styled = [*DONE_NAMES, DONE_PRICE]
    styles = ["个人隐私", "个人隐私", "商业秘密"]
    for section, texts in paragraphs.items():
        hint = mt.hint_paragraph(doc, section)
        for text in texts:
            paragraph = hint.insert_paragraph_before()
            for piece in re.split(r"(\{\d\})", text):
                match = re.fullmatch(r"\{(\d)\}", piece)
                if match:
                    i = int(match.group(1))
                    paragraph.add_run(styled[i], style=styles[i] + CHAR)
                elif piece:
                    paragraph.add_run(piece)
                    public.append(piece)
    return finish(doc, path), public


# ---------------------------------------------------------------- reading the site


ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
TAG = re.compile(r"<[^>]*>")


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).translate(ZERO_WIDTH).split())


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def site_views(site: Path) -> dict[str, str]:
    """Every file of the site (and its name) in every spelling a string could hide in."""
    views: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        unescaped = html.unescape(text)
        parts = [rel, text, unescaped, TAG.sub("", unescaped), unquote(unescaped)]
        if rel.endswith(".json"):
            parts += [TAG.sub("", html.unescape(s)) for s in _strings(json.loads(text))]
        views[rel] = squash("\n".join(parts))
    return views


def page_text(site: Path, name: str) -> str:
    return squash(TAG.sub("", html.unescape((site / "reports" / "2024" / name / "index.html").read_text("utf-8"))))


def notice(category: str) -> str:
    article = "第二十二条" if category == "工作秘密" else "第十七条"
    return squash(f"此处涉及{category}，依据《办法》{article}不予公开")


# ---------------------------------------------------------------- one project, built once


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Three Word reports imported (mixed, done-when, the template's example), checked and built."""
    base = tmp_path_factory.mktemp("word")
    project = make_project(base / "project")
    incoming = base / "incoming"
    mixed = mixed_document(incoming / "mixed.docx")
    done, done_public = done_when_document(incoming / "done.docx")
    example = incoming / "示例-已填写.docx"
    shutil.copy(mt.EXAMPLE, example)
    restyled = filled({"标题": "关于标题样式不同的评估报告"})
    _restyle_sections(restyled, "Heading 1")
    headings = finish(restyled, incoming / "headings.docx")
    imports = {name: gongkai(project, "import", str(path), "--out", f"reports/2024/{name}.md")
               for name, path in (("mixed", mixed), ("done", done), ("example", example), ("headings", headings))}
    check = gongkai(project, "check")
    build = gongkai(project, "build")
    return {"project": project, "imports": imports, "check": check, "build": build,
            "done_public": done_public, "incoming": incoming}


def test_import_check_and_build_succeed(built: dict) -> None:
    for name, result in built["imports"].items():
        assert result.returncode == 0, (name, result.stdout, result.stderr)
        assert f"reports/2024/{name}.md" in result.stdout
    assert "个人隐私 2 处" in built["imports"]["done"].stdout
    assert built["check"].returncode == 0, built["check"].stderr
    assert "错误" not in built["check"].stderr
    assert built["build"].returncode == 0, built["build"].stderr


def test_sections_written_in_heading_1_are_the_sections_of_the_published_page(built: dict) -> None:
    raw = (built["project"] / "site" / "reports" / "2024" / "headings" / "index.html").read_text("utf-8")
    for section in ("一、基本情况", "二、内容分析", "三、结论及建议", "四、其他需要说明的问题"):
        assert re.search(rf"<h2[^>]*>{section}</h2>", raw), section


def test_done_when_two_names_and_a_price_are_withheld_and_nothing_else_lost(built: dict) -> None:
    site = built["project"] / "site"
    page = page_text(site, "done")
    for secret in (*DONE_NAMES, DONE_PRICE):
        leaks = [rel for rel, text in site_views(site).items() if secret in text]
        assert not leaks, (secret, leaks)
    assert page.count(notice("个人隐私")) == 2
    assert page.count(notice("商业秘密")) == 1
    for piece in built["done_public"]:
        assert squash(piece) in page, piece
    for key in ("决策名称", "执行单位", "结论摘要"):
        assert squash(META[key]) in page


def test_report_is_in_the_contract_format(built: dict) -> None:
    text = (built["project"] / "reports" / "2024" / "mixed.md").read_text("utf-8")
    _, block, body = text.split("---\n", 2)
    meta = yaml.safe_load(block)
    assert list(meta) == [f.key for f in ReportSchema.fields() if f.key in meta]  # schema order
    assert meta["司法审核日期"] == _dt.date(2024, 3, 5)
    assert meta["政府审定日期"] == _dt.date(2024, 3, 15)
    assert meta["发布日期"] == _dt.date(2024, 4, 1)  # typed with full-width digits
    assert meta["启动情形"] == ["依据变化", "未达预期"]
    assert meta["关键词"] == ["秸秆", "综合利用"]  # two lines in the cell
    assert meta["不予公开"] == {"个人隐私": ["孙建国"]}
    assert "决策文号" not in meta  # left empty in the table
    for heading in ("一、基本情况", "二、内容分析", "三、结论及建议", "四、其他需要说明的问题"):
        assert re.search(f"^## {heading}$", body, re.M), heading
    assert '[张建华]{custom-style="个人隐私"}' in body
    assert re.search(r'^::: \{custom-style="商业秘密"\}\n甲公司|^::: \{custom-style="商业秘密"\}\n投标', body, re.M)
    assert re.search(r"^\| *城区覆盖率 *\| *91% *\| *\[李秀英\]\{custom-style=\"个人隐私\"\} *\|$", body, re.M)
    assert re.search(r"^\[\^1\]: 数据来源于县统计局年报。", body, re.M)
    assert re.search(r"^- 收储点布局更加合理；$", body, re.M)
    # only the four categories are markers: Word's own styles leave no trace
    assert set(re.findall(r'custom-style="([^"]*)"', body)) == {"个人隐私", "商业秘密"}
    for word_style in ("Body Text", "List Bullet", "Char", "Compact", "First Paragraph", "<table", "{=html}"):
        assert word_style not in text
    assert "【填写提示】" not in text and "填写说明" not in text


def test_styled_words_and_listed_terms_are_nowhere_on_the_site(built: dict) -> None:
    site = built["project"] / "site"
    views = site_views(site)
    for secret in SECRETS:
        leaks = [rel for rel, text in views.items() if secret in text]
        assert not leaks, (secret, leaks)
    page = page_text(site, "mixed")
    assert page.count(notice("个人隐私")) >= 3  # 张建华 (run), 孙建国 (listed), 李秀英 (table cell)
    assert notice("商业秘密") in page  # the styled paragraph


def test_public_text_survives_to_the_page(built: dict) -> None:
    page = page_text(built["project"] / "site", "mixed")
    for text in PUBLIC:
        assert squash(text) in page, text
    raw = (built["project"] / "site" / "reports" / "2024" / "mixed" / "index.html").read_text("utf-8")
    assert re.search(r"<strong>“重点”</strong>", raw)
    assert re.search(r"<li>\s*收储点布局更加合理；\s*</li>", raw)


def test_photo_is_published_without_its_gps_position(built: dict) -> None:
    project = built["project"]
    beside = sorted((project / "reports" / "2024" / "mixed" / "images").iterdir())
    published = sorted((project / "site" / "reports" / "2024" / "mixed" / "img").iterdir())
    assert len(beside) == 1 and len(published) == 1
    for path in (*beside, *published):
        with Image.open(path) as image:
            assert image.size == (48, 32)
            exif = image.getexif()
            assert not exif.get_ifd(0x8825) and 0x0110 not in exif
        assert "特征相机型号".encode() not in path.read_bytes()
    page = (project / "site" / "reports" / "2024" / "mixed" / "index.html").read_text("utf-8")
    assert f'src="img/{published[0].name}"' in page


def test_document_properties_reach_neither_report_nor_site(built: dict) -> None:
    incoming = built["incoming"] / "mixed.docx"
    with zipfile.ZipFile(incoming) as archive:  # the test document does carry them
        carried = b"".join(archive.read(n) for n in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"))
    assert all(p.encode() in carried for p in PROPERTIES)
    report = (built["project"] / "reports" / "2024" / "mixed.md").read_text("utf-8")
    views = site_views(built["project"] / "site")
    for value in PROPERTIES:
        assert value not in report
        assert not [rel for rel, text in views.items() if value in text], value


def test_the_examples_title_and_table_come_through(built: dict) -> None:
    page = page_text(built["project"] / "site", "example")
    assert squash(mt.EXAMPLE_META["标题"]) in page
    assert squash("日均客流（人次）") in page and "11300" in page
    views = site_views(built["project"] / "site")
    for secret in ("王秀兰", "李德全", "每平方米468元", "城东市场整体搬迁", "周明远", "郑晓梅", "0376-1234567"):
        assert not [rel for rel, text in views.items() if secret in text], secret
    assert page.count(notice("个人隐私")) == 2 and notice("商业秘密") in page and notice("工作秘密") in page


# ---------------------------------------------------------------- refused documents


def run_import(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def with_xml(doc, paragraph_xml: str):
    """``doc`` with one more body paragraph given as raw WordprocessingML."""
    mt.hint_paragraph(doc, "内容分析")._p.addprevious(parse_xml(paragraph_xml))
    return doc


W = nsdecls("w")
TRACKED_INSERT = (f'<w:p {W}><w:r><w:t>原有文字</w:t></w:r><w:ins w:id="91" w:author="审稿人" '
                  'w:date="2024-01-02T00:00:00Z"><w:r><w:t>新增的文字</w:t></w:r></w:ins></w:p>')
TRACKED_DELETE = (f'<w:p {W}><w:r><w:t>保留的文字</w:t></w:r><w:del w:id="92" w:author="审稿人" '
                  'w:date="2024-01-02T00:00:00Z"><w:r><w:delText>删掉的机密文字</w:delText></w:r></w:del></w:p>')
COMMENTED = (f'<w:p {W}><w:commentRangeStart w:id="0"/><w:r><w:t>有批注的句子</w:t></w:r>'
             '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>')
HIDDEN = f'<w:p {W}><w:r><w:t>看得见的</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>看不见的</w:t></w:r></w:p>'
HIDDEN_IN_LINK = (f'<w:p {W}><w:hyperlink w:anchor="_Toc1"><w:r><w:rPr><w:vanish/></w:rPr>'
                  '<w:t>藏在链接里的</w:t></w:r></w:hyperlink></w:p>')


def add_comments_part(doc) -> None:
    xml = (f'<w:comments {W}><w:comment w:id="0" w:author="审稿人" w:initials="审">'
           "<w:p><w:r><w:t>这里要改</w:t></w:r></w:p></w:comment></w:comments>")
    part = Part(PackURI("/word/comments.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
                xml.encode(), doc.part.package)
    doc.part.relate_to(part, RT.COMMENTS)


@pytest.mark.parametrize("xml, comments, expected", [
    (TRACKED_INSERT, False, ["有未接受的修订", "插入 1 处", "接受所有修订"]),
    (TRACKED_DELETE, False, ["有未接受的修订", "删除 1 处", "接受所有修订"]),
    (COMMENTED, True, ["有批注 1 条", "删除文档中的所有批注"]),
    (HIDDEN, False, ["有隐藏文字 1 处", "取消「隐藏」"]),
    (HIDDEN_IN_LINK, False, ["有隐藏文字 1 处"]),
], ids=["tracked-insert", "tracked-delete", "comments", "hidden-text", "hidden-in-link"])
def test_word_leak_paths_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], xml: str,
                                     comments: bool, expected: list[str]) -> None:
    doc = with_xml(filled(), xml)
    if comments:
        add_comments_part(doc)
    path = finish(doc, tmp_path / "送审稿.docx")
    out = tmp_path / "reports" / "2024" / "r.md"
    code, stdout, stderr = run_import(capsys, str(path), "--out", str(out))
    assert code == 1
    assert stderr.startswith(path.as_posix())
    for text in expected:
        assert text in stderr
    assert "未导入" in stderr and "已导入" not in stdout
    assert not out.exists() and not (out.parent / "r").exists()


def test_revisions_and_comments_are_reported_together(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = with_xml(with_xml(filled(), TRACKED_DELETE), COMMENTED)
    add_comments_part(doc)
    path = finish(doc, tmp_path / "a.docx")
    code, _, stderr = run_import(capsys, str(path), "--out", str(tmp_path / "2024" / "a.md"))
    assert code == 1 and "修订" in stderr and "批注" in stderr
    assert "删掉的机密文字" not in stderr


@pytest.mark.parametrize("name, content, expected", [
    ("报告.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "旧版 Word 格式（.doc）"),
    ("报告.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "WPS 文字格式（.wps）"),
    ("改名的.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "旧版 .doc 格式"),
    ("坏的.docx", b"this is not a zip file", "不是有效的 .docx 文件"),
], ids=["doc", "wps", "doc-renamed-docx", "not-a-zip"])
def test_other_formats_are_told_to_save_as_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, _, stderr = run_import(capsys, str(path), "--out", str(tmp_path / "2024" / "r.md"))
    assert code == 1
    assert stderr.startswith(path.as_posix()) and expected in stderr
    assert "另存为" in stderr and ".docx" in stderr
    assert not (tmp_path / "2024").exists()


def test_metadata_table_mistakes_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = filled({"不予公开": "张三、李四"})
    mt.metadata_table(doc).rows[3].cells[0].text = "执行单住"  # was 执行单位
    path = finish(doc, tmp_path / "r.docx")
    code, _, stderr = run_import(capsys, str(path), "--out", str(tmp_path / "2024" / "r.md"))
    assert code == 1
    assert "元数据表格第 4 行的「执行单住」不是已知的项目（是否想写「执行单位」？）" in stderr
    assert "不予公开的这一行「张三、李四」应写作「类别：词语、词语」" in stderr


def test_template_hints_left_in_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = Document(str(mt.TEMPLATE))
    mt.set_meta(doc, META)
    path = tmp_path / "r.docx"
    doc.save(str(path))  # the hints are still there
    code, _, stderr = run_import(capsys, str(path), "--out", str(tmp_path / "2024" / "r.md"))
    assert code == 1
    assert "模板中的填写提示「【填写提示】写明决策的主要内容" in stderr
    assert not (tmp_path / "2024" / "r.md").exists()


def test_a_report_that_check_would_reject_is_reported_at_import(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = finish(filled({"评估结论": "继续", "发布日期": "2024年2月30日"}), tmp_path / "r.docx")
    out = tmp_path / "2024" / "r.md"
    code, _, stderr = run_import(capsys, str(path), "--out", str(out))
    assert code == 1
    assert "评估结论「继续」不是可选值之一" in stderr and "发布日期" in stderr
    assert "已写出，但还有上述 2 个问题" in stderr
    assert out.exists()


def test_import_prints_the_names_nobody_marked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = filled()
    mt.hint_paragraph(doc, "内容分析").insert_paragraph_before("入户走访中，受访者张建华反映路灯不亮。")
    path = finish(doc, tmp_path / "r.docx")
    code, stdout, _ = run_import(capsys, str(path), "--out", str(tmp_path / "2024" / "r.md"))
    assert code == 0
    assert "发现 1 处疑似没有标记的姓名" in stdout and "「张建华」：入户走访中，受访者张建华反映路灯不亮。" in stdout
    assert "「个人隐私」样式" in stdout and "#" not in stdout.split("疑似")[1]  # Word's terms, not Markdown's


def _restyle_sections(doc, style: str) -> None:
    for paragraph in doc.paragraphs:
        if paragraph.style.name == "Heading 2":
            paragraph.style = doc.styles[style]


def test_sections_in_heading_1_under_a_title_become_the_reports_sections(tmp_path: Path) -> None:
    doc = filled()
    _restyle_sections(doc, "Heading 1")  # what many writers do: 标题 for the title, 标题 1 for each section
    mt.hint_paragraph(doc, "内容分析").insert_paragraph_before("（一）实施效果", style="Heading 2")
    state, text = convert(tmp_path, doc)
    assert not state.problems.errors, [str(p) for p in state.problems.errors]
    assert "\n## 一、基本情况\n" in text and "\n## 二、内容分析\n" in text and "\n### （一）实施效果\n" in text
    assert "\n# " not in text


def test_a_missing_section_is_told_in_words_styles_not_markdowns(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    doc = filled()
    heading = next(p for p in doc.paragraphs if p.style.name.startswith("Heading") and p.text.endswith("结论及建议"))
    heading.style = doc.styles["Normal"]  # typed as a plain paragraph: the section is missing
    path = finish(doc, tmp_path / "r.docx")
    code, _, stderr = run_import(capsys, str(path), "--out", str(tmp_path / "2024" / "r.md"))
    assert code == 1
    assert "结论及建议" in stderr and "「标题 2」" in stderr and "「开始」→「样式」" in stderr
    assert "#" not in stderr


def test_a_document_not_from_the_template_comes_in_as_a_draft_to_complete(tmp_path: Path) -> None:
    from docx import Document

    from tests.conftest import FRONT, make_project

    doc = Document()  # a plain Word document: no metadata table, the sections in 标题 1 under a 标题
    doc.add_heading("关于某某工作的评估报告", 0)
    for section, text in (("一、基本情况", "基本情况正文。"), ("二、内容分析", "分析正文。"),
                          ("三、结论及建议", "建议继续执行。"), ("四、其他需要说明的问题", "无。")):
        doc.add_heading(section, 1)
        doc.add_paragraph(text)
    project = make_project(tmp_path / "project")
    doc.save(str(tmp_path / "plain.docx"))
    imported = gongkai(project, "import", str(tmp_path / "plain.docx"), "--out", "reports/2024/plain.md")
    assert imported.returncode == 0, imported.stderr
    assert "不是用模板写的" in imported.stdout and "决策名称、执行单位" in imported.stdout
    report = project / "reports" / "2024" / "plain.md"
    meta = yaml.safe_load(report.read_text(encoding="utf-8").split("---")[1])
    assert meta["草稿"] is True and meta["标题"] == "关于某某工作的评估报告" and meta["执行单位"] == ""
    built = gongkai(project, "build")
    assert built.returncode == 0 and "reports/2024/plain.md：草稿，不发布" in built.stdout
    assert not (project / "site" / "reports" / "2024" / "plain").exists()

    text = report.read_text(encoding="utf-8").replace("草稿: true\n", "")  # a person completes it
    for key, value in FRONT.items():
        if key != "标题":
            shown = "\n" + "".join(f"  - {v}\n" for v in value) if isinstance(value, list) else f" {value}\n"
            text = text.replace(f"{key}: ''\n", f"{key}:{shown}")
    report.write_text(text, encoding="utf-8")
    built = gongkai(project, "build")
    assert built.returncode == 0, built.stderr
    page = (project / "site" / "reports" / "2024" / "plain" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h2[^>]*>三、结论及建议</h2>", page)


@pytest.mark.parametrize(("filter_name", "suffix"), [("docx:MS Word 2007 XML", "docx"), ("doc:MS Word 97", "doc")],
                         ids=["libreoffice-docx", "doc-converted-by-libreoffice"])
def test_documents_saved_by_libreoffice_import_and_publish_the_same(tmp_path: Path, filter_name: str,
                                                                    suffix: str) -> None:
    """A second producer: the mixed document as LibreOffice writes it (.docx), and as an old .doc that
    the import converts with LibreOffice; the same markers, and no withheld text on the site."""
    from tests.conftest import make_project

    source = mixed_document(tmp_path / "in" / "mixed.docx")
    out = tmp_path / "libreoffice"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", filter_name, "--outdir", str(out), str(source)],
                   capture_output=True, timeout=180, check=True)
    project = make_project(tmp_path / "project")
    result = gongkai(project, "import", str(out / f"mixed.{suffix}"), "--out", "reports/2024/mixed.md")
    assert result.returncode == 0, result.stderr
    assert "个人隐私 3 处、商业秘密 1 处；图片 1 张" in result.stdout
    assert ("已用 LibreOffice 转换为 .docx" in result.stderr) == (suffix == "doc")
    built = gongkai(project, "build")
    assert built.returncode == 0, built.stderr
    views = site_views(project / "site")
    for secret in SECRETS:
        assert not [rel for rel, text in views.items() if secret in text], secret
    assert squash("近三年秸秆离田利用量逐年增加。") in page_text(project / "site", "mixed")


def test_without_libreoffice_an_old_format_is_told_to_save_as_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "报告.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    code, _, stderr = run_import(capsys, str(path), "--out", str(tmp_path / "2024" / "r.md"))
    assert code == 1
    assert "没有安装 LibreOffice" in stderr and "「文件」→「另存为」" in stderr


def test_an_existing_report_is_never_overwritten_without_replace(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A report edited by hand after its import (markers added, a typo fixed) is a source."""
    path = finish(filled(), tmp_path / "r.docx")
    out = tmp_path / "2024" / "r.md"
    out.parent.mkdir()
    out.write_text("单位手工修改过的报告\n", encoding="utf-8")
    code, _, stderr = run_import(capsys, str(path), "--out", str(out))
    assert code == 1 and "已经存在，不会被覆盖" in stderr and "--replace" in stderr
    assert out.read_text(encoding="utf-8") == "单位手工修改过的报告\n"
    code, _, stderr = run_import(capsys, str(path), "--out", str(out), "--replace")
    assert code == 0, stderr
    assert out.read_text(encoding="utf-8").startswith("---\n")


def test_a_file_name_unfit_for_a_web_address_needs_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = finish(filled(), tmp_path / "报告（终稿）.docx")
    code, _, stderr = run_import(capsys, str(path))
    assert code == 1 and "「报告（终稿）」会成为公开网址的一部分" in stderr and "--out" in stderr
    assert not list(tmp_path.glob("*.md"))


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = run_import(capsys, "a.docx", "b.docx", "--out", str(tmp_path / "x.md"))
    assert code == 2 and "--out" in stderr
    with pytest.raises(SystemExit) as exit_:
        main(["import"])
    assert exit_.value.code == 2


# ---------------------------------------------------------------- the conversion, step by step


@pytest.mark.parametrize("style, category", [
    ("个人隐私", "个人隐私"), ("个人隐私 Char", "个人隐私"), ("商业秘密 字符", "商业秘密"),
    ("工作秘密Char", "工作秘密"), ("国家秘密", "国家秘密"),
    ("Body Text", None), ("First Paragraph", None), ("Compact", None), ("个人秘密", None),
    ("Char", None), ("隐私", None),
])
def test_only_the_four_category_styles_are_markers(style: str, category: str | None) -> None:
    assert style_category(style) == category


@pytest.mark.parametrize("typed, date", [
    ("2023年5月26日", _dt.date(2023, 5, 26)), ("2023-5-26", _dt.date(2023, 5, 26)),
    ("2023.05.26", _dt.date(2023, 5, 26)), ("２０２３年５月２６日", _dt.date(2023, 5, 26)),
    ("2023 年 5 月 26 日", _dt.date(2023, 5, 26)),
    ("2023年2月30日", "2023年2月30日"), ("五月", "五月"), ("2023年5月", "2023年5月"),
])
def test_dates_in_the_table_are_normalised(typed: str, date: object) -> None:
    assert parse_date(typed) == date


def convert(tmp_path: Path, doc, name: str = "r") -> tuple[word.ImportState, str]:
    path = finish(doc, tmp_path / f"{name}.docx")
    state = word.convert(path, tmp_path / "reports" / "2024" / f"{name}.md")
    return state, state.markdown


def test_merged_cells_and_styled_paragraphs_in_a_table_stay_a_pipe_table(tmp_path: Path) -> None:
    doc = filled()
    hint = mt.hint_paragraph(doc, "内容分析")
    table = mt.move_before(doc.add_table(rows=3, cols=3), hint)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "竖向合并"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "横向合并"
    table.cell(1, 1).text, table.cell(1, 2).text = "第一段", "乙"
    table.cell(1, 1).add_paragraph("整段隐去的单元格", style="工作秘密")
    table.cell(2, 0).text, table.cell(2, 1).text, table.cell(2, 2).text = "丙", "丁", "戊"
    state, markdown = convert(tmp_path, doc)
    assert not state.problems.errors, state.problems.errors
    assert "<table" not in markdown
    rows = [line for line in markdown.split("\n") if line.startswith("|")]
    assert len(rows) == 4 and all(row.count("|") == 4 for row in rows)  # heading, rule, two rows
    assert re.search(r"\| *竖向合并 *\| *横向合并 *\| *\|", rows[0])
    assert '第一段 [整段隐去的单元格]{custom-style="工作秘密"}' in rows[2]


def test_a_title_paragraph_stands_in_for_an_empty_title_but_properties_never_do(tmp_path: Path) -> None:
    doc = filled({"标题": ""})
    mt.set_title(doc, "正文里的报告标题")
    doc.core_properties.title = "属性里的标题"
    state, markdown = convert(tmp_path, doc)
    assert "标题: 正文里的报告标题" in markdown and "属性里的标题" not in markdown


def test_styled_words_in_the_metadata_table_are_withheld_everywhere(tmp_path: Path) -> None:
    doc = filled({"结论摘要": "经与"})
    cell = next(r for r in mt.metadata_table(doc).rows if r.cells[0].text == "结论摘要").cells[1]
    cell.paragraphs[0].add_run("周某某", style="个人隐私" + CHAR)
    cell.paragraphs[0].add_run("座谈，建议继续执行。")
    state, markdown = convert(tmp_path, doc)
    assert not state.problems.errors, state.problems.errors
    meta = yaml.safe_load(markdown.split("---\n")[1])
    assert meta["结论摘要"] == "经与周某某座谈，建议继续执行。"
    assert meta["不予公开"] == {"个人隐私": ["孙建国", "周某某"]}


# ---------------------------------------------------------------- the template


def test_template_has_every_key_the_sections_and_the_styles() -> None:
    doc = Document(str(mt.TEMPLATE))
    keys = [row.cells[0].text for row in mt.metadata_table(doc).rows[1:]]
    assert keys == [f.key for f in ReportSchema.fields()]
    hints = {row.cells[0].text: row.cells[2].text for row in mt.metadata_table(doc).rows[1:]}
    assert "继续执行 / 修改完善 / 暂缓执行 / 停止执行" in hints["评估结论"]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["一、基本情况", "二、内容分析", "三、结论及建议", "四、其他需要说明的问题"]
    for category in ("个人隐私", "商业秘密", "工作秘密", "国家秘密"):
        paragraph, character = doc.styles[category], doc.styles[category + CHAR]
        assert paragraph.type == 1 and character.type == 2  # WD_STYLE_TYPE.PARAGRAPH, CHARACTER
        assert "w:shd" in paragraph.element.xml and "w:shd" in character.element.xml
        assert f'w:link w:val="{character.style_id}"' in paragraph.element.xml
    props = doc.core_properties
    assert not props.author and not props.last_modified_by and "python-docx" not in (props.comments or "")


@pytest.mark.parametrize("make, committed", [("template", "TEMPLATE"), ("example", "EXAMPLE")])
def test_committed_documents_are_what_the_script_makes(tmp_path: Path, make: str, committed: str) -> None:
    path = tmp_path / "made.docx"
    mt.save(getattr(mt, make)(), path)
    with zipfile.ZipFile(path) as made, zipfile.ZipFile(getattr(mt, committed)) as kept:
        for part in ("word/document.xml", "word/styles.xml", "docProps/core.xml"):
            assert made.read(part) == kept.read(part), f"{part}: run python templates/make_template.py"


def test_an_oversized_word_image_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    """Word keeps BMP and TIFF as they were inserted; a header claiming 30000×30000 pixels is a bomb."""
    import struct

    from generator.word.pictures import _publishable

    bomb = tmp_path / "scan.bmp"
    bomb.write_bytes(b"BM" + struct.pack("<IHHI", 54, 0, 0, 54)
                     + struct.pack("<IiiHHIIiiII", 40, 30000, 30000, 1, 24, 0, 0, 0, 0, 0, 0))
    with pytest.raises(ValueError, match="无法转换|过大"):
        _publishable(bomb, tmp_path)
