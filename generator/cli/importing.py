"""``gongkai import FILE.docx... [--out PATH] [--replace]``: Word reports into the report format
(the steps are ``generator/word/``).

Exit codes: 0 ok; 1 the document has problems (nothing, or a report with problems, was
written); 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.exits import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from generator.word.importer import convert
from generator.word.state import shown_path
from redaction.suspects import SuspectedName


def _safe_name(name: str) -> bool:
    return bool(name) and all(c.isalnum() or c in "-_" for c in name)


def _targets(args: argparse.Namespace) -> list[tuple[Path, Path]] | str:
    """(Word file, report file) pairs, or why the arguments do not make sense."""
    files = [Path(f) for f in args.files]
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() == ".md":
        if len(files) > 1:
            return f"--out {args.out} 是一个文件，只能在转换一个 Word 文件时使用；转换多个文件时请给出目录。"
        return [(files[0], out)]
    return [(f, (out if out is not None else f.parent) / f"{f.stem}.md") for f in files]


def run(args: argparse.Namespace) -> int:
    """Import each Word file given; report what was written and every problem."""
    targets = _targets(args)
    if isinstance(targets, str):
        print(f"gongkai：参数有误：{targets}", file=sys.stderr)
        return EXIT_USAGE
    status = EXIT_OK
    for docx, out in targets:
        if not _safe_name(out.stem):
            print(f"{docx.as_posix()} 输出文件名「{out.stem}」会成为公开网址的一部分，只能包含文字、数字、「-」和「_」。"
                  f"请用 --out 指定，如：gongkai import {docx.as_posix()} --out reports/2024/laojiu.md",
                  file=sys.stderr)
            status = EXIT_INPUT
            continue
        if out.exists() and not args.replace:  # a report edited by hand after an earlier import is a source
            print(f"{shown_path(out)} 已经存在，不会被覆盖。要用这份 Word 文件重新导入并替换它，请加 --replace；"
                  "或用 --out 写到另一个文件。", file=sys.stderr)
            status = EXIT_INPUT
            continue
        state = convert(docx, out)
        for problem in [*state.problems.warnings, *state.problems.errors]:
            print(problem, file=sys.stderr)
        if state.written:
            found = "、".join(f"{c} {n} 处" for c, n in sorted(state.markers.items())) or "无"
            print(f"已导入：{docx.as_posix()} → {shown_path(out)}（不予公开标记：{found}；图片 {len(state.images)} 张）")
            _print_suspects(state.suspects)
            if state.skeleton:
                print(f"  这份 Word 文件不是用模板写的（没有元数据表格）：正文已导入，报告按草稿保存（草稿: true），不会发布。\n"
                      f"  请在 {shown_path(out)} 开头填写：{'、'.join(state.skeleton)}（可选值见报告格式说明），"
                      "然后删除「草稿: true」一行，预览后由审核人签收；也可以把正文复制到模板 "
                      "templates/评估报告模板.docx 中填好元数据表格后重新导入。")
        if state.problems.errors:
            status = EXIT_INPUT
            if state.written:
                print(f"{shown_path(out)} 已写出，但还有上述 {len(state.problems.errors)} 个问题。"
                      "请在 Word 中改正后重新导入（加 --replace 替换这次写出的文件）。", file=sys.stderr)
            else:
                print(f"{docx.as_posix()} 未导入，请按提示修改后重试。", file=sys.stderr)
    return status


def _print_suspects(suspects: list[SuspectedName]) -> None:
    """The names nobody marked, in Word's terms: what to do in the document, or at sign-off."""
    open_names = [n for n in suspects if n.needs_decision]
    if not open_names:
        return
    print(f"  发现 {len(open_names)} 处疑似没有标记的姓名（发布前由审核人逐一决定是否公开）：")
    for n in open_names:
        print(f"    「{n.name}」：{n.sentence}（{n.why}）")
    print("  如果是不应公开的个人姓名，请在 Word 中选中它，在「开始」→「样式」中应用「个人隐私」样式后重新导入；"
          "如果可以公开，审核人签收时用 --public 姓名=理由 说明。")
