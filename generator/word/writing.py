"""Writing the report: front matter and body, the file, and the redaction pipeline's check of it."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import yaml

from generator.word.headings import word_terms
from generator.word.state import ImportState, shown_path


def front_matter(meta: dict[str, Any]) -> str:
    """The YAML block, keys in schema order, Chinese as it is."""
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000,
                          default_flow_style=False)
    return f"---\n{text}---\n"


def step_markdown(s: ImportState) -> None:
    """The body through pandoc's CommonMark writer; the front matter written here."""
    import pypandoc

    doc = {"pandoc-api-version": s.api_version, "meta": {}, "blocks": s.blocks}
    try:
        # -smart: keep “” —— … as typed (the writer would make them ASCII)
        body = pypandoc.convert_text(json.dumps(doc, ensure_ascii=False), "commonmark_x-smart-raw_attribute",
                                     format="json", extra_args=["--wrap=none"])
    except (RuntimeError, OSError) as exc:
        s.error(f"无法写出 Markdown（pandoc：{str(exc).strip()[:300]}）。")
        return
    body = body.replace("\r\n", "\n")
    if re.search(r"^ *<(?:table|figure|div)\b", body, re.I | re.M):
        # never expected: the steps above leave nothing that pandoc must write as an HTML block
        s.error("中有无法转换为 Markdown 的内容（转换结果含 HTML 表格或区块）。请简化其中的表格后重新导入。")
        return
    s.markdown = front_matter(s.meta) + "\n" + body.strip("\n") + "\n"


def step_write(s: ImportState) -> None:
    """The report and its images; nothing else is touched."""
    s.out.parent.mkdir(parents=True, exist_ok=True)
    for path, data in s.images.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    s.out.write_text(s.markdown, encoding="utf-8", newline="\n")
    s.written = True


def step_check(s: ImportState) -> None:
    """The report as ``gongkai check`` sees it: every problem now, not at build time."""
    from generator.dates import build_date
    from redaction.pipeline import ReportState, run

    shown = shown_path(s.out)
    state = ReportState(path=s.out, file=shown, year=s.out.parent.name, name=s.out.stem,
                        build_date=build_date())
    state.raw = s.markdown.encode("utf-8")
    run(state)
    for problem in state.problems.items:  # the writer knows Word's styles, not Markdown's 「#」
        s.problems.items.append(dataclasses.replace(problem, message=word_terms(problem.message)))
    s.suspects = state.suspects
    if not (s.out.parent.name.isdigit() and len(s.out.parent.name) == 4):
        s.problems.warning(shown, None, "报告应放在「reports/年份/文件名.md」中（如 reports/2024/laojiu.md），"
                           "gongkai build 才会发布它；请移动文件（连同同名的图片文件夹），或用 --out 指定。")
