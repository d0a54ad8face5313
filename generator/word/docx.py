"""The .docx as a zip: open it, and refuse what Word carries inside a file but does not show
(tracked changes, comments, hidden text)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

from generator.word.state import OLD_FORMATS, REVISIONS, SAVE_AS_DOCX, WORD_NAMESPACES, ImportState


def step_open(s: ImportState) -> None:
    """A .docx that exists and is a zip holding a Word document; anything else says what to do.

    .doc, .wps and the other formats of ``OLD_FORMATS`` are converted to .docx by LibreOffice where
    it is installed (the copy is checked like any .docx: revisions, comments, hidden text)."""
    suffix = s.docx.suffix.lower()
    if suffix in OLD_FORMATS:
        if not s.docx.is_file():
            s.error("找不到这个文件。请检查文件名和路径。")
            return
        converted = _converted(s)
        if converted is None:
            return
        s.docx, suffix = converted, ".docx"
    if not s.docx.is_file():
        s.error("找不到这个文件。请检查文件名和路径。")
        return
    if suffix not in (".docx", ".docm", ".dotx"):
        s.error(f"不是 Word 文档（扩展名「{s.docx.suffix or '无'}」）。只能导入 .docx 文件。")
        return
    head = s.docx.read_bytes()[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        s.error("实际上不是 .docx 文件：它是旧版 .doc 格式（只是扩展名改成了 .docx），"
                f"或者设置了打开密码。请取消密码，{SAVE_AS_DOCX}")
        return
    try:
        with zipfile.ZipFile(s.docx) as archive:
            s.parts = {name: archive.read(name) for name in archive.namelist()
                       if name.startswith("word/") and name.endswith(".xml")}
    except (zipfile.BadZipFile, OSError) as exc:
        s.error(f"不是有效的 .docx 文件（无法按 zip 读取：{exc}）。文件可能已损坏，{SAVE_AS_DOCX}")
        return
    if "word/document.xml" not in s.parts:
        s.error(f"不是 Word 文档（缺少 word/document.xml）。{SAVE_AS_DOCX}")


def _word_elements(s: ImportState) -> list[tuple[str, ElementTree.Element]]:
    """Every (part, root) of the document's XML parts, parsed once."""
    if s.roots is not None:
        return s.roots
    roots: list[tuple[str, ElementTree.Element]] = []
    for name, data in sorted(s.parts.items()):
        try:
            roots.append((name, ElementTree.fromstring(data)))
        except ElementTree.ParseError as exc:
            s.error(f"的内部文件 {name} 已损坏（{exc}）。{SAVE_AS_DOCX}")
    s.roots = roots
    return roots


def _local(tag: str) -> str | None:
    """The local name of a WordprocessingML element, or None for other namespaces."""
    namespace, _, name = tag[1:].partition("}")
    return name if namespace in WORD_NAMESPACES else None


def step_revisions(s: ImportState) -> None:
    """Unaccepted tracked changes carry deleted text inside the file: refuse them."""
    kinds: Counter[str] = Counter()
    for _name, root in _word_elements(s):
        for element in root.iter():
            name = _local(element.tag)
            if name in REVISIONS:
                kinds[REVISIONS[name]] += 1
    if kinds:
        found = "、".join(f"{kind} {n} 处" for kind, n in sorted(kinds.items()))
        s.error(f"有未接受的修订（{found}）。删除的文字和修订记录都保存在文件里，导入后可能被公开。"
                "请在 Word 中点「审阅」→「接受」→「接受所有修订」（或「拒绝」→「拒绝所有修订」），"
                "再点「修订」关闭修订，保存后重新导入。")


def step_comments(s: ImportState) -> None:
    """Comments travel inside the file with their authors' names: refuse them."""
    comments = anchors = 0
    for _name, root in _word_elements(s):
        for element in root.iter():
            name = _local(element.tag)
            if name == "comment":
                comments += 1
            elif name in ("commentRangeStart", "commentReference"):
                anchors += 1
    if comments or anchors:
        count = f" {comments} 条" if comments else ""
        s.error(f"有批注{count}。批注和批注人姓名都保存在文件里，导入后可能被公开。"
                "请在 Word 中点「审阅」→「删除」→「删除文档中的所有批注」，保存后重新导入。")


def _is_on(element: ElementTree.Element | None) -> bool:
    """A Word on/off property (w:vanish): present and not switched off."""
    if element is None:
        return False
    value = _value(element) or "true"
    return value.lower() not in ("0", "false", "off")


def step_hidden_text(s: ImportState) -> None:
    """Hidden text (font effect 隐藏) is invisible in Word but travels with the file: refuse it."""
    roots = dict(_word_elements(s))
    hidden_styles: set[str] = set()
    if "word/styles.xml" in roots:
        for style in roots["word/styles.xml"].iter():
            if _local(style.tag) == "style" and _is_on(_property(style, "rPr", "vanish")):
                hidden_styles.update(v for k, v in style.attrib.items() if k.endswith("}styleId"))
    count = 0
    for name, root in roots.items():
        if name == "word/styles.xml":
            continue
        parents = {child: parent for parent in root.iter() for child in parent}
        for run in root.iter():
            if _local(run.tag) != "r" or not _run_text(run):
                continue
            paragraph: ElementTree.Element | None = run
            while paragraph is not None and _local(paragraph.tag) != "p":
                paragraph = parents.get(paragraph)  # through hyperlinks, fields, content controls
            vanish = _property(run, "rPr", "vanish")
            if vanish is not None:
                count += _is_on(vanish)
            elif _value(_property(run, "rPr", "rStyle")) in hidden_styles or (
                    paragraph is not None and _value(_property(paragraph, "pPr", "pStyle")) in hidden_styles):
                count += 1
    if count:
        s.error(f"有隐藏文字 {count} 处（字体效果「隐藏」）。Word 平时不显示它们，但它们保存在文件里，"
                "导入后会被公开。请点「开始」→「显示/隐藏编辑标记」（¶），找到带虚线下划线的文字，"
                "删除它们或取消「隐藏」，保存后重新导入。")


def _property(element: ElementTree.Element, group: str, name: str) -> ElementTree.Element | None:
    """A formatting property of a run or paragraph, e.g. (run, "rPr", "vanish")."""
    for child in element:
        if _local(child.tag) == group:
            return next((c for c in child if _local(c.tag) == name), None)
    return None


def _value(element: ElementTree.Element | None) -> str | None:
    if element is None:
        return None
    return next((v for k, v in element.attrib.items() if k.endswith("}val")), None)


def _run_text(run: ElementTree.Element) -> str:
    """The run's own text (a text box inside it has paragraphs and runs of its own)."""
    return "".join(t.text or "" for t in run if _local(t.tag) == "t").strip()


LIBREOFFICE = ("soffice", "libreoffice")
CONVERT_SECONDS = 120


def _converted(s: ImportState) -> Path | None:
    """``s.docx`` as a .docx written by LibreOffice into the work folder, or None (and why)."""
    program = next((found for name in LIBREOFFICE if (found := shutil.which(name))), None)
    kind = OLD_FORMATS[s.docx.suffix.lower()]
    if program is None:
        s.error(f"是{kind}，这台电脑上没有安装 LibreOffice，无法自动转换。{SAVE_AS_DOCX}")
        return None
    out = s.workdir / "converted"
    profile = (s.workdir / "libreoffice-profile").as_uri()  # a profile of its own: no dialogs, no other user's settings
    try:
        subprocess.run([program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                        "docx:MS Word 2007 XML", "--outdir", str(out), str(s.docx)],
                       capture_output=True, timeout=CONVERT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        s.error(f"是{kind}，用 LibreOffice 转换为 .docx 失败（{exc}）。{SAVE_AS_DOCX}")
        return None
    converted = out / f"{s.docx.stem}.docx"
    if not converted.is_file():
        s.error(f"是{kind}，LibreOffice 没能把它转换为 .docx（文件可能已损坏或设置了密码）。{SAVE_AS_DOCX}")
        return None
    s.warning(f"是{kind}，已用 LibreOffice 转换为 .docx 后导入；请核对导入结果，今后请直接保存为 .docx。")
    return converted
