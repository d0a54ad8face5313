"""The ``gongkai`` command: build, check, preview, approve, serve and import.

This module parses the command line (in Chinese) and holds what the commands share; each
command is a module of its own (``generator/cli/build.py`` …) with a ``run(args)``.

Exit codes: 0 ok; 1 the input has errors (nothing was published); 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from generator.exits import EXIT_INPUT, EXIT_USAGE
from generator.project import Project, ProjectError
from redaction.pipeline import DRAFT, HELD_BACK, INVALID, PUBLISHED, Corpus
from redaction.schema import CATEGORIES
from redaction.signoff import RegisterError


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, with a Chinese character counted as the two columns it takes on screen."""

    def add_argument(self, action: argparse.Action) -> None:
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(action),
                           *(self._format_action_invocation(a) for a in self._iter_indented_subactions(action))]
            self._action_max_length = max(self._action_max_length,
                                          max(map(_width, invocations)) + self._current_indent)
            self._add_item(self._format_action, [action])

    def _format_action(self, action: argparse.Action) -> str:
        help_position = min(self._action_max_length + 2, self._max_help_position)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        if not action.help or _width(header) > action_width:
            return super()._format_action(action)
        lines = self._split_lines(self._expand_help(action), max(self._width - help_position, 11))
        parts = [" " * self._current_indent + header + " " * (action_width - _width(header) + 2) + lines[0] + "\n",
                 *(" " * help_position + line + "\n" for line in lines[1:]),
                 *(self._format_action(a) for a in self._iter_indented_subactions(action))]
        return self._join_parts(parts)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings and usage errors that exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

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
                "审核人确认预览无误后签收报告：记录审核人、日期、对每个疑似姓名的决定以及报告原文和脱敏结果的摘要。"
                "签收后报告再有改动，新版本在重新签收前不发布，网站上保留已签收的版本。"),
    "init": ("为另一个县（市、区）生成新的公开网站项目",
             "在一个新的或空的目录中生成 mkdocs.yml（本地政府和《办法》的名称）、手写页面、一份示例报告和 Word 模板；"
             "生成后在其中运行 gongkai build 即可。"),
    "serve": ("在本机按网站的真实路径提供已构建的网站（用于检查）",
              "在 127.0.0.1 上按 site_url 的路径（如 /zdxzjc/）提供 gongkai build 生成的网站，缺失的页面返回网站自己的 404 页。"
              "只用于本机检查；正式发布请用 Web 服务器（见 README）。"),
    "import": ("把 Word（.docx）报告转换为本系统的报告格式",
               "把按模板填写的 Word 报告（.docx）转换为 Markdown 报告：元数据表格成为元数据，"
               "「个人隐私」等四种样式成为不予公开标记，图片去除元数据后放在报告旁边。"),
}


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("gongkai")
    except metadata.PackageNotFoundError:
        return "（未安装）"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gongkai", add_help=False,
                     description="重大行政决策评估报告公开系统：校验、脱敏并发布评估报告。")
    parser.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    parser.add_argument("--version", action="version", version=f"gongkai {_version()}", help="显示版本并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    commands = {}
    for name, (summary, description) in COMMANDS.items():
        command = sub.add_parser(name, add_help=False, help=summary, description=description)
        command.add_argument("-h", "--help", action="help", help="显示帮助并退出")
        if name not in ("import", "init"):
            command.add_argument("--reports", metavar="目录", help="报告所在目录（默认取 mkdocs.yml 的设置：reports）")
            command.add_argument("--config", metavar="文件", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
        commands[name] = command
    commands["build"].add_argument("--site", metavar="目录", help="网站输出目录（默认取 mkdocs.yml 的 site_dir：site）")
    commands["build"].add_argument("--full", action="store_true",
                                   help="完整构建：不沿用上次发布的结果（默认只重建有变化的报告和页面）")
    commands["init"].add_argument("dir", metavar="目录", help="新项目的目录（须不存在或为空）")
    commands["init"].add_argument("--county", required=True, metavar="名称", help="县（市、区）名称，如 青山县")
    commands["init"].add_argument("--government", metavar="名称", help="政府名称（默认：名称 + 人民政府）")
    commands["init"].add_argument("--measures", metavar="标题",
                                  help="《办法》全称，不加书名号（默认：名称 + 重大行政决策跟踪反馈和后评估办法）")
    commands["init"].add_argument("--site-name", metavar="名称", help="网站名称（默认：名称 + 重大行政决策评估报告公开）")
    commands["init"].add_argument("--site-url", default="https://www.example.gov.cn/zdxzjc/", metavar="网址",
                                  help="网站的正式地址（默认 https://www.example.gov.cn/zdxzjc/，请改为实际地址）")
    commands["serve"].add_argument("--site", metavar="目录", help="网站目录（默认取 mkdocs.yml 的 site_dir：site）")
    commands["serve"].add_argument("--port", type=int, default=8000, metavar="端口", help="端口（默认 8000）")
    commands["preview"].add_argument("--out", metavar="目录", default="preview", help="预览输出目录（默认 preview）")
    commands["preview"].add_argument("--serve", action="store_true", help="在 127.0.0.1 上提供预览，报告保存后自动刷新")
    commands["preview"].add_argument("--port", type=int, default=8765, metavar="端口", help="--serve 使用的端口（默认 8765）")
    commands["approve"].add_argument("files", nargs="+", metavar="报告.md", help="要签收的报告文件")
    commands["approve"].add_argument("--by", required=True, metavar="姓名", help="审核人姓名（只记入内部签收登记，不会公开）")
    commands["approve"].add_argument("--private", action="append", default=[], metavar="姓名",
                                     help="确认这个疑似姓名不予公开：在这份报告中处处隐去（可重复）")
    commands["approve"].add_argument("--public", action="append", default=[], metavar="姓名=理由",
                                     help="确认这个疑似姓名可以公开，并写明理由，如 李明=县长，以公务身份出现（可重复）")
    commands["import"].add_argument("files", nargs="+", metavar="文件.docx", help="要转换的 Word 文件")
    commands["import"].add_argument("--out", metavar="路径",
                                    help="输出的 .md 文件（只转换一个文件时）或目录（默认：与 Word 文件同名、同目录）")
    commands["import"].add_argument("--replace", action="store_true",
                                    help="替换已经存在的报告文件（默认不覆盖：导入后手工改过的报告也是源文件）")
    return parser


MODULES = {"import": "importing"}
"""Commands whose module has another name (``import`` is a Python keyword)."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help(sys.stderr)
        return EXIT_USAGE
    module = importlib.import_module(f"generator.cli.{MODULES.get(args.command, args.command)}")  # one per command
    return module.run(args)


def _print_problems(corpus: Corpus) -> None:
    for problem in corpus.problems.warnings:
        print(problem, file=sys.stderr)
    for problem in corpus.problems.errors:
        print(problem, file=sys.stderr)


def _summary(corpus: Corpus) -> str:
    status = Counter(r.status for r in corpus.reports)
    redactions = sum(len(r.records) for r in corpus.reports if r.status in (PUBLISHED, HELD_BACK))
    errors = f"，有错误 {status[INVALID]} 份" if status[INVALID] else ""
    lines = [f"报告 {len(corpus.reports)} 份：可发布 {status[PUBLISHED]} 份，"
             f"暂不发布 {status[HELD_BACK]} 份，草稿 {status[DRAFT]} 份{errors}；脱敏 {redactions} 处。"]
    for r in corpus.reports:
        if r.status in (HELD_BACK, DRAFT):
            lines.append(f"  {r.file}：{r.status_reason}")
    waiting = [r for r in corpus.reports if r.waiting]
    if waiting:
        lines.append(f"等待重新签收 {len(waiting)} 份（网站上仍是已签收的版本）：")
        lines.extend(f"  {r.file}：{r.waiting}" for r in waiting)
    return "\n".join(lines)


def suspects_listing(corpus: Corpus) -> str:
    """Every suspected name, with its line, sentence and why (for the reviewer; never published)."""
    lines = []
    for r in corpus.reports:
        for n in r.suspects:
            mark = "待决定" if n.needs_decision else "视为公开"
            lines.append(f"  {r.file}:{n.line}（{n.place}）「{n.name}」{mark}：{n.sentence}（{n.why}）")
    if not lines:
        return ""
    return "\n".join(["疑似未标记的姓名（审核人用 gongkai approve --private 姓名 或 --public 姓名=理由 决定）：", *lines])


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
