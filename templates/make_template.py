"""Generates the Word template for the executing units, and a filled-in example.

    python templates/make_template.py      # → templates/评估报告模板.docx, templates/示例-已填写.docx

The template holds: a title, the metadata table (one row per key of ``ReportSchema``, with
what may be written there), the four sections of Art. 14 with 【填写提示】 paragraphs
(``gongkai import`` refuses a document that still has them), and the four category
styles of Arts. 17/22.

Each category is a *linked* style, Word's own way of having one name in the Styles gallery
that works both ways: applied to selected words it is a character style, applied to a
paragraph it is a paragraph style.  Word stores it as a paragraph style 个人隐私 and a
character style 个人隐私 Char; pandoc reports the latter name for runs, and
``generator.word.markers.style_category`` maps both to the category.

The output is deterministic (fixed dates in the document properties and in the zip), so
regenerating the files changes them only when this script changes.
"""

from __future__ import annotations

import datetime as _dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from anywhere: the schema is the project's

from redaction.schema import CATEGORIES, SECTIONS, Choice, Date, ReportSchema, TextList  # noqa: E402

TEMPLATE = HERE / "评估报告模板.docx"
EXAMPLE = HERE / "示例-已填写.docx"

HINT = "【填写提示】"
NUMBERS = ("一", "二", "三", "四")
HEADINGS = [f"{n}、{s}" for n, s in zip(NUMBERS, SECTIONS)]

STYLES = {
    # category: (style id of the paragraph style, shading)
    "个人隐私": ("GeRenYinSi", "FFE699"),   # yellow
    "商业秘密": ("ShangYeMiMi", "F8CBAD"),  # orange
    "工作秘密": ("GongZuoMiMi", "BDD7EE"),  # blue
    "国家秘密": ("GuoJiaMiMi", "FF9B9B"),   # red
}
CHAR = " Char"  # Word's suffix for the character half of a linked style

SECTION_HINTS = {
    "基本情况": "写明决策的主要内容、执行情况，以及评估工作的开展情况（评估小组、评估方式、过程）。",
    "内容分析": "对照决策目标，分析实施效果、存在的问题及原因。可以插入表格、图片和脚注。",
    "结论及建议": "写明评估结论（继续执行、修改完善、暂缓执行或停止执行）和具体建议。",
    "其他需要说明的问题": "没有需要说明的，写「无」。",
}
FIXED_TIME = _dt.datetime(2024, 1, 1, tzinfo=_dt.timezone.utc)


# ---------------------------------------------------------------- styles


def _set_fonts(style_or_run, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    font = style_or_run.font
    font.name = "Times New Roman"
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    r_pr = style_or_run.element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), east_asian)


def _shade(properties, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def add_category_styles(doc: DocumentObject) -> None:
    """The four categories as linked styles, shaded so a writer sees what will be withheld."""
    styles = doc.styles
    for priority, (category, (style_id, fill)) in enumerate(STYLES.items(), 1):
        paragraph = styles.add_style(category, WD_STYLE_TYPE.PARAGRAPH)
        character = styles.add_style(category + CHAR, WD_STYLE_TYPE.CHARACTER)
        paragraph.style_id, character.style_id = style_id, style_id + "Char"
        paragraph.base_style = styles["Normal"]
        paragraph.next_paragraph_style = styles["Normal"]
        character.base_style = styles["Default Paragraph Font"]
        for style in (paragraph, character):
            style.quick_style = True
            style.priority = priority
        for style, other in ((paragraph, character), (character, paragraph)):
            link = OxmlElement("w:link")
            link.set(qn("w:val"), other.style_id)
            # w:link goes right after w:next/w:basedOn (schema order)
            anchor = style.element.find(qn("w:next"))
            if anchor is None:
                anchor = style.element.find(qn("w:basedOn"))
            anchor.addnext(link)
        _shade(paragraph.element.get_or_add_pPr(), fill)
        _shade(character.element.get_or_add_rPr(), fill)


def _base_styles(doc: DocumentObject) -> None:
    styles = doc.styles
    _set_fonts(styles["Normal"], "宋体", 12)
    styles["Normal"].paragraph_format.line_spacing = 1.5
    _set_fonts(styles["Title"], "黑体", 20, bold=True)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_pr = styles["Title"].element.get_or_add_pPr()
    for border in title_pr.findall(qn("w:pBdr")):
        title_pr.remove(border)
    for level, size in ((1, 18), (2, 16), (3, 14)):
        _set_fonts(styles[f"Heading {level}"], "黑体", size, bold=True)
    for name in ("List Bullet", "List Number"):
        _set_fonts(styles[name], "宋体", 12)


# ---------------------------------------------------------------- the template


def field_hint(key: str) -> str:
    """What may be written in a row of the metadata table, from the schema."""
    f = ReportSchema.field(key)
    assert f is not None
    parts = ["必填" if f.required else "选填"]
    if not f.public:
        parts[0] += "，不公开"
    if key == "受托机构":
        parts[0] = "委托评估时必填"
    text = parts[0] + "。"
    if isinstance(f, Choice):
        text += "填其中一个：" + " / ".join(f.choices) + "。"
    elif isinstance(f, TextList) and f.choices:
        text += "可填多项，用「、」分开：" + "、".join(f.choices) + "。"
    elif isinstance(f, TextList):
        text += "多项用「、」分开。"
    elif isinstance(f, Date):
        text += "如 2024年3月5日。"
    hints = {
        "标题": "报告的完整标题。",
        "决策名称": "被评估的重大行政决策名称。",
        "决策文号": "如 某政〔2019〕12号。",
        "结论摘要": "一段话概括结论和建议，会显示在报告目录中。",
        "司法审核日期": "司法行政部门审核的日期。",
        "政府审定日期": "县政府审定的日期。",
        "评估小组": "成员姓名；这些姓名在正文中出现时也会被隐去。",
        "不予公开": "每行一类，如「个人隐私：张三、李四」；这些词语在全文各处都会被隐去。",
        "草稿": "填「是」则本报告暂不发布。",
    }
    return text + hints.get(key, "")


def _cell_text(cell, text: str, size: float | None = None, grey: bool = False, bold: bool = False) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    if size:
        run.font.size = Pt(size)
    if grey:
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    run.font.bold = bold or None
    cell.paragraphs[0].paragraph_format.line_spacing = 1.0


def _shade_cell(cell, fill: str) -> None:
    _shade(cell._tc.get_or_add_tcPr(), fill)


def _metadata_table(doc: DocumentObject) -> Table:
    keys = [f.key for f in ReportSchema.fields()]
    table = doc.add_table(rows=1 + len(keys), cols=3)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Cm(3.0), Cm(7.5), Cm(5.5))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    header = table.rows[0]
    for cell, text in zip(header.cells, ("项目", "内容", "填写说明")):
        _cell_text(cell, text, bold=True)
        _shade_cell(cell, "D9D9D9")
    repeat = OxmlElement("w:tblHeader")
    header._tr.get_or_add_trPr().append(repeat)
    for row, key in zip(table.rows[1:], keys):
        _cell_text(row.cells[0], key, bold=True)
        _shade_cell(row.cells[0], "F2F2F2")
        _cell_text(row.cells[1], "")
        _cell_text(row.cells[2], field_hint(key), size=9, grey=True)
    return table


def _hint(doc: DocumentObject, text: str) -> Paragraph:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(HINT + text)
    run.font.color.rgb = RGBColor(0x7F, 0x7F, 0x7F)
    return paragraph


def template() -> DocumentObject:
    """The empty template."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin = section.bottom_margin = Cm(2.5)
    _base_styles(doc)
    add_category_styles(doc)

    doc.add_paragraph(HINT + "在此写报告标题（与下表「标题」相同）", style="Title")
    _hint(doc, "先填写下表（第三列是填写说明，不会导入）。表格之后依次是报告的四个部分，"
               "请在各部分的提示处撰写正文，写完后删除所有以「【填写提示】」开头的段落。")
    _metadata_table(doc)
    style_hint = _hint(doc, "不予公开的内容用样式标出：选中文字，在「开始」→「样式」中点")
    for category in CATEGORIES:
        style_hint.add_run("「")
        style_hint.add_run(category, style=category + CHAR)
        style_hint.add_run("」")
    style_hint.add_run("；整段不公开时，把光标放在段落中再点样式。不要开启「修订」，不要插入批注。")
    for heading, name in zip(HEADINGS, SECTIONS):
        doc.add_heading(heading, level=2)
        _hint(doc, SECTION_HINTS[name])
    _clean_properties(doc)
    return doc


def _clean_properties(doc: DocumentObject) -> None:
    """No author, company or python-docx trace in the file units will copy."""
    props = doc.core_properties
    props.author = props.last_modified_by = props.comments = props.title = ""
    props.subject = props.keywords = props.category = ""
    props.revision = 1
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of python-docx's sample page
            del package.rels[rel_id]


# ---------------------------------------------------------------- filling it in (example, tests)


def metadata_table(doc: DocumentObject) -> Table:
    return doc.tables[0]


def set_meta(doc: DocumentObject, values: dict[str, str]) -> None:
    """Type ``values`` into the metadata table (several lines: separated by \\n)."""
    for row in metadata_table(doc).rows[1:]:
        key = row.cells[0].text.strip()
        if key in values:
            cell = row.cells[1]
            lines = values[key].split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)


def hint_paragraph(doc: DocumentObject, section: str) -> Paragraph:
    """The 【填写提示】 paragraph of a section: write before it, then ``remove_hints``."""
    paragraphs = doc.paragraphs
    for i, paragraph in enumerate(paragraphs):
        if paragraph.style.name.startswith("Heading") and paragraph.text.endswith(section):
            return paragraphs[i + 1]
    raise KeyError(section)


def remove_hints(doc: DocumentObject) -> None:
    for paragraph in doc.paragraphs:
        if paragraph.text.startswith(HINT) and paragraph.style.name != "Title":
            paragraph._p.getparent().remove(paragraph._p)


def set_title(doc: DocumentObject, title: str) -> None:
    next(p for p in doc.paragraphs if p.style.name == "Title").text = title


def move_before(table: Table, paragraph: Paragraph) -> Table:
    """A table made with ``doc.add_table`` (at the end) put where ``paragraph`` is."""
    paragraph._p.addprevious(table._tbl)
    return table


def add_footnote(paragraph: Paragraph, text: str) -> None:
    """A footnote at the end of ``paragraph`` (python-docx has no API for footnotes)."""
    document_part = paragraph.part
    rel = next((r for r in document_part.rels.values() if r.reltype == RT.FOOTNOTES), None)
    if rel is None:
        xml = (f"<w:footnotes {nsdecls('w')}>"
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
               "</w:r></w:p></w:footnote></w:footnotes>")
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    xml.encode(), document_part.package)
        document_part.relate_to(part, RT.FOOTNOTES)
    else:
        part = rel.target_part
    root = parse_xml(part.blob)
    number = max(int(n.get(qn("w:id"))) for n in root.findall(qn("w:footnote"))) + 1
    root.append(parse_xml(
        f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
        f'</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:vertAlign w:val="superscript"/></w:rPr>'))
    run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{number}"/>'))


def _chart() -> io.BytesIO:
    """A small bar chart for the example (drawn, so that it has no camera metadata to strip)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 180), "white")
    draw = ImageDraw.Draw(image)
    for i, (value, colour) in enumerate(((62, "#9DC3E6"), (81, "#2E75B6"), (93, "#1F4E79"))):
        left = 50 + i * 100
        draw.rectangle((left, 160 - value * 1.5, left + 60, 160), fill=colour)
    draw.line((30, 160, 340, 160), fill="black", width=2)
    data = io.BytesIO()
    image.save(data, format="PNG", optimize=True)
    data.seek(0)
    return data


EXAMPLE_META = {
    "标题": "关于《息县城区农贸市场提升改造实施方案》执行情况的后评估报告",
    "决策名称": "息县城区农贸市场提升改造实施方案",
    "决策文号": "息政办〔2021〕18号",
    "执行单位": "息县商务局",
    "评估类型": "后评估",
    "评估范围": "整体评估",
    "评估程序": "一般程序",
    "评估方式": "自行评估",
    "启动情形": "未达预期、公众意见较多",
    "评估结论": "修改完善",
    "结论摘要": "改造后市场环境明显改善，群众满意度提高；但部分市场摊位费上涨较快、后续管护机制不健全，建议修改完善方案中的收费和管护条款后继续实施。",  # noqa: E501
    "司法审核日期": "2024年3月5日",
    "政府审定日期": "2024年3月19日",
    "发布日期": "2024年4月1日",
    "关键词": "农贸市场、提升改造、后评估",
    "评估小组": "周明远、郑晓梅",
    "联系人": "周明远",
    "联系电话": "0376-1234567",
}


def example() -> DocumentObject:
    """The template as a writer fills it in: two names and a price styled, and one paragraph."""
    doc = template()
    set_title(doc, EXAMPLE_META["标题"])
    set_meta(doc, EXAMPLE_META)

    basic = hint_paragraph(doc, "基本情况")
    basic.insert_paragraph_before(
        "2021年6月，县政府办公室印发《息县城区农贸市场提升改造实施方案》，计划用三年时间完成城区6个农贸市场的提升改造。"
        "截至2023年12月，6个市场已全部完成改造并投入使用。")
    basic.insert_paragraph_before(
        "2023年10月至2024年1月，县商务局成立评估小组，采取问卷调查、实地查看和座谈访谈等方式开展评估，"
        "共发放问卷1200份，回收有效问卷1136份。")

    analysis = hint_paragraph(doc, "内容分析")
    analysis.insert_paragraph_before("改造后的主要变化有：")
    for item in ("市场地面、排水和照明设施全部更新；", "新增农残快速检测室6个；", "实行明码标价和电子结算。"):
        analysis.insert_paragraph_before(item, style="List Bullet")
    analysis.insert_paragraph_before("改造前后主要指标对比如下：")
    table = move_before(doc.add_table(rows=4, cols=3), analysis)
    table.style = doc.styles["Table Grid"]
    for row, values in zip(table.rows, (("指标", "改造前", "改造后"), ("群众满意度", "62%", "93%"),
                                        ("食品抽检合格率", "96.1%", "99.2%"), ("日均客流（人次）", "8600", "11300"))):
        for cell, value in zip(row.cells, values):
            cell.text = value
    analysis.insert_paragraph_before("改造前、改造后第一年和第二年的群众满意度见下图。")
    chart = analysis.insert_paragraph_before()
    chart.add_run().add_picture(_chart(), width=Cm(8))
    views = analysis.insert_paragraph_before("座谈中，摊主代表")
    views.add_run("王秀兰", style="个人隐私" + CHAR)
    views.add_run("反映改造期间临时摊位不足，经营受到影响；消费者代表")
    views.add_run("李德全", style="个人隐私" + CHAR)
    views.add_run("认为市场环境明显改善。")
    cost = analysis.insert_paragraph_before("改造工程通过公开招标确定施工单位，中标价格为")
    cost.add_run("每平方米468元", style="商业秘密" + CHAR)
    cost.add_run("，低于预算控制价")
    add_footnote(cost, "招标投标情况以县公共资源交易中心公布的结果为准。")
    cost.add_run("。")
    analysis.insert_paragraph_before(
        "存在的主要问题：一是部分市场摊位费上涨较快，二是改造后的设施管护责任不够明确。")

    conclusion = hint_paragraph(doc, "结论及建议")
    conclusion.insert_paragraph_before(
        "评估认为，《实施方案》的目标基本实现，建议修改完善：明确摊位费调整的程序和幅度，建立市场设施长效管护机制。")
    conclusion.insert_paragraph_before(
        "城东市场整体搬迁的初步方案正在征求有关部门意见，选址和补偿标准尚未确定。", style="工作秘密")

    other = hint_paragraph(doc, "其他需要说明的问题")
    other.insert_paragraph_before("无。")
    remove_hints(doc)
    return doc


# ---------------------------------------------------------------- saving


def save(doc: DocumentObject, path: Path) -> None:
    """Save with fixed timestamps inside the zip, so the same script gives the same bytes."""
    data = io.BytesIO()
    doc.save(data)
    out = io.BytesIO()
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item))
    path.write_bytes(out.getvalue())


def main() -> None:
    save(template(), TEMPLATE)
    save(example(), EXAMPLE)
    print(f"已生成：{TEMPLATE.relative_to(HERE.parent)}、{EXAMPLE.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
