"""The ``gongkai`` command: build and check (contract §5).

Exit codes: 0 ok; 1 the input has errors (nothing was published); 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from redaction.detectors import DetectorFinder
from redaction.pipeline import DRAFT, HELD_BACK, PUBLISHED, Corpus, load

from .dates import build_date

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings and usage errors that exit 2."""

    def format_help(self) -> str:
        return (super().format_help().replace("usage:", "用法：")
                .replace("positional arguments:", "子命令：").replace("options:", "选项："))

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


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gongkai", add_help=False,
                     description="息县重大行政决策评估报告公开系统：校验、脱敏并发布评估报告。")
    parser.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    build = sub.add_parser("build", add_help=False, help="校验、脱敏并构建公开网站",
                           description="校验、脱敏并构建公开网站（默认 reports/ → site/）。"
                                       "只有网站完整且通过泄密检查时才以 0 退出并替换原网站。")
    check = sub.add_parser("check", add_help=False, help="只校验和脱敏，不构建；列出所有问题",
                           description="校验并脱敏全部报告但不构建网站；列出每个问题的文件和行号。")
    for p in (build, check):
        p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
        p.add_argument("--reports", metavar="目录", help="报告所在目录（默认取 mkdocs.yml 的设置：reports）")
        p.add_argument("--config", metavar="文件", default="mkdocs.yml", help="配置文件（默认 mkdocs.yml）")
    build.add_argument("--site", metavar="目录", help="网站输出目录（默认取 mkdocs.yml 的 site_dir：site）")

    word = sub.add_parser("import", add_help=False, help="把 Word（.docx）报告转换为本系统的报告格式",
                          description="把按模板填写的 Word 报告（.docx）转换为 Markdown 报告：元数据表格成为元数据，"
                                      "「个人隐私」等四种样式成为不予公开标记，图片去除元数据后放在报告旁边。")
    word.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    word.add_argument("files", nargs="+", metavar="文件.docx", help="要转换的 Word 文件")
    word.add_argument("--out", metavar="路径", help="输出的 .md 文件（只转换一个文件时）或目录（默认：与 Word 文件同名、同目录）")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help(sys.stderr)
        return EXIT_USAGE
    if args.command == "import":
        from .word import cmd_import

        return cmd_import(args)
    return {"build": cmd_build, "check": cmd_check}[args.command](args)


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


def _context(args: argparse.Namespace) -> tuple[Any, Path, Path, dict[str, Any]] | int:
    """mkdocs.yml loaded; the reports folder as the user named it (or as configured)."""
    from . import engine  # MkDocs is imported only when a command runs

    config_file = Path(args.config)
    if not config_file.is_file():
        print(f"gongkai：找不到配置文件 {config_file}（请在项目根目录运行，或用 --config 指定）。",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        config = engine.load(config_file)
    except engine.EngineError as exc:
        print(f"gongkai：{exc}", file=sys.stderr)
        return EXIT_USAGE
    settings = engine.settings(config)
    base = config_file.resolve().parent
    if args.reports:
        reports, shown = Path(args.reports), args.reports
    else:
        reports, shown = base / settings["reports_dir"], settings["reports_dir"]
    return config, reports, Path(shown), settings


def cmd_check(args: argparse.Namespace) -> int:
    ctx = _context(args)
    if isinstance(ctx, int):
        return ctx
    _config, reports, shown, settings = ctx
    corpus = load(reports, build_date(), shown_as=shown.as_posix(),
                  public_contacts=settings["public_contacts"])
    _print_problems(corpus)
    print(_summary(corpus))
    if corpus.problems.errors:
        print(f"发现 {len(corpus.problems.errors)} 个错误，请按提示修改后重试。", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


class _Refused(Exception):
    """The built site failed its checks before publishing."""


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def cmd_build(args: argparse.Namespace) -> int:
    from . import engine
    from .leakguard import scan
    from .publish import publish
    from .selfcontained import external_loads

    ctx = _context(args)
    if isinstance(ctx, int):
        return ctx
    config, reports, shown, settings = ctx
    base = Path(args.config).resolve().parent
    site = Path(args.site) if args.site else base / settings["site_dir"]
    timings: dict[str, float] = {}
    with _timed(timings, "校验脱敏"):
        corpus = load(reports, build_date(), shown_as=shown.as_posix(),
                      public_contacts=settings["public_contacts"])
    _print_problems(corpus)
    if corpus.problems.errors:
        print(f"发现 {len(corpus.problems.errors)} 个错误，网站未更新。请按提示修改后重试。", file=sys.stderr)
        return EXIT_INPUT

    detectors = DetectorFinder.with_public(settings["public_contacts"])
    own_host = urlsplit(config.site_url or "").hostname

    def build(staging: Path) -> None:
        with _timed(timings, "生成网站"):
            engine.build(config, corpus, staging)

    def verify(staging: Path) -> None:
        with _timed(timings, "发布前检查"):
            findings = [*scan(staging, corpus.secrets, detectors, engine.theme_dirs(config)),
                        *external_loads(staging, own_host)]
        for finding in findings:
            print(f"发布前检查：{finding}", file=sys.stderr)
        if findings:
            raise _Refused()

    try:
        with _timed(timings, "合计"):
            publish(site, build, verify)
    except _Refused:
        print("发布前检查未通过：网站未更新。请在报告中标记上述内容（或把本站公开的联系方式列入 "
              "mkdocs.yml 的 public_contacts），去掉外部资源后重试。", file=sys.stderr)
        return EXIT_INPUT
    except engine.EngineError as exc:
        print(f"gongkai：{exc}\n网站未更新。", file=sys.stderr)
        return EXIT_INPUT
    _write_log(base / settings["log_dir"], corpus)
    print(_summary(corpus))
    timings["合计"] += timings["校验脱敏"]
    print("用时：" + "，".join(f"{k} {v:.2f} 秒" for k, v in timings.items()))
    print(f"网站已更新：{site}")
    return EXIT_OK


def _write_log(log_dir: Path, corpus: Corpus) -> None:
    """The private audit log: category, rule, file and line of each redaction; no original text."""
    log_dir.mkdir(parents=True, exist_ok=True)
    records = [rec.as_dict() for r in corpus.reports if r.status == PUBLISHED for rec in r.records]
    (log_dir / "redaction-log.json").write_text(
        json.dumps({"redactions": records}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
