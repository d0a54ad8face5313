"""The ``gongkai`` command: build, check, preview, approve and import (contract §5).

Exit codes: 0 ok; 1 the input has errors (nothing was published); 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from generator.dates import build_date
from generator.project import Project, ProjectError
from generator.publish import folders
from redaction.pipeline import DRAFT, HELD_BACK, PUBLISHED, Corpus, load
from redaction.schema import CATEGORIES
from redaction.signoff import Register, RegisterError, SignOff

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings and usage errors that exit 2."""

    def format_help(self) -> str:
        return (super().format_help().replace("usage:", "用法：")
                .replace("positional arguments:", "参数：").replace("options:", "选项："))

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：")

    ARGPARSE_WORDS = {  # argparse's own messages, in the words of the rest of the tool
        "unrecognized arguments": "无法识别的参数",
        "the following arguments are required": "缺少必需的参数",
        "invalid choice": "不是可用的选项",
        "choose from": "可选",
        "expected one argument": "需要一个值",
        "argument ": "参数 ",
    }

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, chinese in self.ARGPARSE_WORDS.items():
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"gongkai：参数有误：{message}\n")


COMMANDS = {  # name: (one line for the overview, the command's own description)
    "build": ("校验、脱敏并构建公开网站",
              "校验、脱敏并构建公开网站（默认 reports/ → site/）。只有网站完整且通过泄密检查时才以 0 退出并替换原网站。"),
    "check": ("只校验和脱敏，不构建；列出所有问题",
              "校验并脱敏全部报告但不构建网站；列出每个问题的文件和行号，最后列出每份报告的状态和脱敏统计。"),
    "preview": ("生成审核人使用的内部预览（显示每一处脱敏）",
                "生成内部预览网站：每一处不予公开的内容都在原处显示并标明类别和规则，附脱敏清单和可打印的保密审查表。"
                "预览含原文，不得公开，也不会写入公开网站目录。"),
    "approve": ("审核人签收报告（绑定当前内容）",
                "审核人确认预览无误后签收报告：记录审核人、日期以及报告原文和脱敏结果的摘要。"
                "签收后报告再有改动，会在重新签收前暂不发布。"),
    "import": ("把 Word（.docx）报告转换为本系统的报告格式",
               "把按模板填写的 Word 报告（.docx）转换为 Markdown 报告：元数据表格成为元数据，"
               "「个人隐私」等四种样式成为不予公开标记，图片去除元数据后放在报告旁边。"),
}


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gongkai", add_help=False,
                     description="息县重大行政决策评估报告公开系统：校验、脱敏并发布评估报告。")
    parser.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    commands = {}
    for name, (summary, description) in COMMANDS.items():
        command = sub.add_parser(name, add_help=False, help=summary, description=description)
        command.add_argument("-h", "--help", action="help", help="显示帮助并退出")
        if name != "import":
            command.add_argument("--reports", metavar="目录", help="报告所在目录（默认取 mkdocs.yml 的设置：reports）")
            command.add_argument("--config", metavar="文件", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
        commands[name] = command
    commands["build"].add_argument("--site", metavar="目录", help="网站输出目录（默认取 mkdocs.yml 的 site_dir：site）")
    commands["build"].add_argument("--full", action="store_true",
                                   help="完整构建：不沿用上次发布的结果（默认只重建有变化的报告和页面）")
    commands["preview"].add_argument("--out", metavar="目录", default="preview", help="预览输出目录（默认 preview）")
    commands["preview"].add_argument("--serve", action="store_true", help="在 127.0.0.1 上提供预览，报告保存后自动刷新")
    commands["preview"].add_argument("--port", type=int, default=8765, help="--serve 使用的端口（默认 8765）")
    commands["approve"].add_argument("files", nargs="+", metavar="报告.md", help="要签收的报告文件")
    commands["approve"].add_argument("--by", required=True, metavar="姓名", help="审核人姓名（只记入内部签收登记，不会公开）")
    commands["import"].add_argument("files", nargs="+", metavar="文件.docx", help="要转换的 Word 文件")
    commands["import"].add_argument("--out", metavar="路径",
                                    help="输出的 .md 文件（只转换一个文件时）或目录（默认：与 Word 文件同名、同目录）")
    commands["import"].add_argument("--replace", action="store_true",
                                    help="替换已经存在的报告文件（默认不覆盖：导入后手工改过的报告也是源文件）")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help(sys.stderr)
        return EXIT_USAGE
    if args.command == "import":
        from generator.word.importer import cmd_import

        return cmd_import(args)
    commands = {"build": cmd_build, "check": cmd_check, "preview": cmd_preview, "approve": cmd_approve}
    return commands[args.command](args)


def _print_problems(corpus: Corpus) -> None:
    for problem in corpus.problems.warnings:
        print(problem, file=sys.stderr)
    for problem in corpus.problems.errors:
        print(problem, file=sys.stderr)


def _summary(corpus: Corpus) -> str:
    status = Counter(r.status for r in corpus.reports)
    redactions = sum(len(r.records) for r in corpus.reports if r.status in (PUBLISHED, HELD_BACK))
    lines = [f"报告 {len(corpus.reports)} 份：可发布 {status[PUBLISHED]} 份，"
             f"暂不发布 {status[HELD_BACK]} 份，草稿 {status[DRAFT]} 份；脱敏 {redactions} 处。"]
    for r in corpus.reports:
        if r.status in (HELD_BACK, DRAFT):
            lines.append(f"  {r.file}：{r.status_reason}")
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(rows: list[list[str]]) -> str:
    """Rows of text aligned in columns, counting a Chinese character as two columns."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip()
                     for row in rows)


def report_table(corpus: Corpus) -> str:
    """What a reviewer reads first: per report, its status, redactions by category, detector hits."""
    rows = [["报告", "状态", *CATEGORIES, "自动识别"]]
    for r in corpus.reports:
        counts = Counter(rec.category for rec in r.records)
        detected = sum(1 for rec in r.records if rec.rule.startswith("detector."))
        rows.append([r.file, r.status_label, *(str(counts[c]) for c in CATEGORIES), str(detected)])
    return _table(rows)


def _context(args: argparse.Namespace) -> Project | int:
    """The project mkdocs.yml describes, or the exit code when it cannot be read."""
    try:
        return Project.open(Path(args.config), getattr(args, "reports", None))
    except ProjectError as exc:
        print(f"gongkai：{exc}", file=sys.stderr)
        return EXIT_USAGE


def _loaded(ctx: Project, preview: bool = False, only: list[Path] | None = None) -> Corpus | int:
    try:
        return ctx.load(preview=preview, only=only)
    except RegisterError as exc:
        print(f"gongkai：{exc}", file=sys.stderr)
        return EXIT_INPUT


def cmd_check(args: argparse.Namespace) -> int:
    ctx = _context(args)
    if isinstance(ctx, int):
        return ctx
    corpus = _loaded(ctx)
    if isinstance(corpus, int):
        return corpus
    _print_problems(corpus)
    print(_summary(corpus))
    if corpus.reports:
        print()
        print(report_table(corpus))
    if corpus.problems.errors:
        print(f"发现 {len(corpus.problems.errors)} 个错误，请按提示修改后重试。", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


PLACEHOLDER_NAME = "某xX*＊×ｘＸ？?_ "
"""A reviewer's "name" made only of these (某某, XXX, ***) names nobody."""


def cmd_approve(args: argparse.Namespace) -> int:
    """A reviewer's sign-off, bound to each report's current source and redaction result."""
    ctx = _context(args)
    if isinstance(ctx, int):
        return ctx
    reviewer = args.by.strip()
    if len(reviewer) < 2 or not reviewer.strip(PLACEHOLDER_NAME):
        print(f"gongkai：--by 需要审核人的真实姓名（全名），「{reviewer}」不能作为签收人。", file=sys.stderr)
        return EXIT_USAGE
    root = ctx.reports.resolve()
    files = [Path(f).resolve() for f in args.files]
    outside = [f for f in args.files if not Path(f).resolve().is_relative_to(root)]
    missing = [f for f in args.files if not Path(f).is_file()]
    if outside or missing:
        for f in outside:
            print(f"gongkai：{f} 不在报告目录 {ctx.shown} 中，不能签收。", file=sys.stderr)
        for f in missing:
            print(f"gongkai：找不到 {f}。", file=sys.stderr)
        return EXIT_USAGE
    try:
        register = Register.load(ctx.reports)
    except RegisterError as exc:
        print(f"gongkai：{exc}", file=sys.stderr)
        return EXIT_INPUT
    corpus = load(ctx.reports, build_date(), shown_as=ctx.shown, only=files,
                  public_contacts=ctx.settings["public_contacts"])
    _print_problems(corpus)
    refused = 0
    for state in corpus.reports:
        if state.status == DRAFT:
            print(f"{state.file}：是草稿，不能签收（删除「草稿: true」后再审核）。", file=sys.stderr)
            refused += 1
        elif state.problems.errors:
            print(f"{state.file}：有错误，不能签收。请先改正上面列出的问题。", file=sys.stderr)
            refused += 1
        else:
            register.entries[state.key] = SignOff(reviewer, build_date().isoformat(), state.source_digest,
                                                  state.redaction_digest)
            counts = Counter(rec.category for rec in state.records)
            shown = "、".join(f"{c} {counts[c]} 处" for c in CATEGORIES if counts[c]) or "无脱敏"
            print(f"已签收：{state.file}（{shown}）")
    register.save()
    return EXIT_INPUT if refused or corpus.problems.errors else EXIT_OK


def cmd_preview(args: argparse.Namespace) -> int:
    from generator.review import preview

    ctx = _context(args)
    if isinstance(ctx, int):
        return ctx
    out = Path(args.out)
    refusal = folders.preview_refusal(out, ctx.base / ctx.settings["site_dir"], ctx.inputs(),
                                      ctx.base / ctx.settings["log_dir"])
    if refusal:
        print(f"gongkai：{refusal}", file=sys.stderr)
        return EXIT_USAGE
    corpus = _loaded(ctx, preview=True)
    if isinstance(corpus, int):
        return corpus
    _print_problems(corpus)
    preview.write(corpus, out)
    print(f"预览已生成：{out / 'index.html'}（内部使用，不得公开）")
    if args.serve:
        return preview.serve(out, port=args.port, reload=lambda changed: _loaded(ctx, preview=True, only=changed),
                             reports=ctx.reports, corpus=corpus)
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, redact, build and check the site; swap it in only when everything passed."""
    from generator import build

    ctx = _context(args)
    if isinstance(ctx, int):
        return ctx
    site = (Path(args.site) if args.site else ctx.base / ctx.settings["site_dir"]).resolve()
    state = build.run(build.BuildState(ctx, site, full=args.full))
    if state.exit is not None:
        return state.exit
    assert state.corpus is not None
    print(build.summary(state))
    print(_summary(state.corpus))
    timings = state.timings
    timings["合计"] = sum(timings.get(k, 0.0) for k in ("合计", "读取记录", "校验脱敏", "记录"))
    print("用时：" + "，".join(f"{k} {v:.2f} 秒" for k, v in timings.items()))
    print(f"网站已更新：{site}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
