"""The ``gongkai`` command: build, check, preview, approve and import (contract §5).

Exit codes: 0 ok; 1 the input has errors (nothing was published); 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import tempfile
import json
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from redaction.detectors import DetectorFinder
from redaction.pipeline import DRAFT, HELD_BACK, INVALID, PUBLISHED, Corpus, load
from redaction.schema import CATEGORIES
from redaction.signoff import Register, RegisterError, SignOff

from . import folders, search
from .dates import build_date

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
        from .word import cmd_import

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


@dataclass
class _Context:
    """mkdocs.yml loaded, and the reports folder as the user named it (or as configured)."""

    config: Any
    reports: Path
    shown: str
    settings: dict[str, Any]
    base: Path
    config_file: Path
    docs: Path

    def inputs(self) -> dict[str, Path]:
        """What a command reads and must never write: the reports, the authored pages, mkdocs.yml."""
        return {"报告目录": self.reports, "手写页面目录": self.docs, "配置文件": self.config_file}

    def load(self, preview: bool = False, only: list[Path] | None = None, cache: dict | None = None) -> Corpus:
        register = Register.load(self.reports) if self.settings["require_signoff"] else None
        return load(self.reports, build_date(), shown_as=self.shown, preview=preview, only=only,
                    public_contacts=self.settings["public_contacts"], register=register, cache=cache)


def _context(args: argparse.Namespace) -> _Context | int:
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
    if getattr(args, "reports", None):
        reports, shown = Path(args.reports), args.reports
    else:
        reports, shown = base / settings["reports_dir"], settings["reports_dir"]
    return _Context(config, reports, Path(shown).as_posix(), settings, base, config_file.resolve(),
                    engine.docs_dir(config))


def _loaded(ctx: _Context, preview: bool = False, only: list[Path] | None = None,
            cache: dict | None = None) -> Corpus | int:
    try:
        return ctx.load(preview=preview, only=only, cache=cache)
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
    from . import preview

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
    from . import engine, incremental
    from .findings import Source, explain
    from .leakguard import Finding, Kept, guarded, scan, scan_bundles, scan_kept
    from .pagefind_index import bundle_of, is_index_file
    from .pages import site_content
    from .publish import publish
    from .selfcontained import external_loads

    ctx = _context(args)
    if isinstance(ctx, int):
        return ctx
    config, settings, base = ctx.config, ctx.settings, ctx.base
    site = (Path(args.site) if args.site else base / settings["site_dir"]).resolve()
    cache = base / settings["log_dir"] / "cache"
    refusal = folders.build_refusal(site, ctx.inputs(), base / settings["log_dir"])
    if refusal:
        print(f"gongkai：{refusal}\n网站未更新。", file=sys.stderr)
        return EXIT_USAGE
    timings: dict[str, float] = {}
    key = incremental.key(Path(args.config).resolve(), engine.docs_dir(config),
                          {"reports": str(ctx.reports.resolve()), "shown": ctx.shown,
                           "public_contacts": settings["public_contacts"],
                           "require_signoff": settings["require_signoff"]})
    with _timed(timings, "读取记录"):
        manifest, why_full = ((None, "指定了 --full") if args.full
                              else incremental.load_manifest(cache, key, site, build_date()))
    with _timed(timings, "校验脱敏"):
        corpus = _loaded(ctx, cache=manifest.states if manifest else None)
    if isinstance(corpus, int):
        return corpus
    _print_problems(corpus)
    if corpus.problems.errors:
        print(f"发现 {len(corpus.problems.errors)} 个错误，网站未更新。请按提示修改后重试。", file=sys.stderr)
        return EXIT_INPUT
    with _timed(timings, "校验脱敏"):
        canonical, by_report = incremental.guarded_secrets(cache, corpus, reuse=manifest is not None)

    detectors = DetectorFinder.with_public(settings["public_contacts"])
    own_host = urlsplit(config.site_url or "").hostname
    vendor = engine.theme_dirs(config)
    reindex = False
    while True:
        kept = Kept()
        listing: dict[str, tuple[int, int, int]] = {}
        with _timed(timings, "生成网站"):
            if manifest is None:
                plan = None
                content = site_content(corpus.published, engine.site_settings(config))
                digests = ({p.src_uri: incremental.page_digest(p) for p in content.pages},
                           {g.src_uri: incremental.file_digest(g) for g in content.files})
            else:
                known = manifest.pages
                content = site_content(corpus.published, engine.site_settings(config),
                                       report_pages=incremental.to_render(manifest, corpus),
                                       skip=lambda uri, digest: known.get(uri) == digest)
                plan = incremental.plan(manifest, corpus, content, canonical)
                plan.reindex = plan.reindex or reindex
                digests = (plan.pages, plan.generated)
            for report in corpus.published:
                report.html = ""  # in the pages now: one copy less of every report in memory

        def build(staging: Path) -> None:
            nonlocal content
            with _timed(timings, "生成网站"):
                # a republish: MkDocs writes into a fresh folder, assembled with the kept files into staging
                output = staging if plan is None else Path(tempfile.mkdtemp(prefix=f".{site.name}.fresh-",
                                                                            dir=site.parent))
                try:
                    engine.build(config, corpus, output, content=content, only=plan.write if plan else None,
                                 index_search=plan is None)
                    folders.mark_site(output)
                    engine.release(config)  # the pages are written: their HTML need not stay in memory
                    content = None
                    gc.collect()
                    if plan is not None and manifest is not None:
                        incremental.assemble(site, output, staging, manifest, plan)
                finally:
                    if output != staging:
                        shutil.rmtree(output, ignore_errors=True)
            timings["搜索索引"] = engine.search_seconds(config)  # part of the MkDocs build; shown apart
            timings["生成网站"] -= timings["搜索索引"]
            if plan is not None:
                with _timed(timings, "搜索索引"):
                    incremental.index_delta(staging, plan)

        def verify(staging: Path) -> None:
            with _timed(timings, "发布前检查"):
                if plan is None or manifest is None:
                    findings = [*scan(staging, corpus.secrets, detectors, vendor, keep=kept, canonical=canonical),
                                *external_loads(staging, own_host, site_url=config.site_url)]
                else:
                    linked = set(plan.linked)
                    listing.update(incremental.files_of(staging))  # the same inodes once swapped in
                    written = [staging / rel for rel in listing if rel not in linked]
                    findings = [*scan(staging, corpus.secrets, detectors, vendor, only=written, keep=kept,
                                      canonical=canonical, workers=1 if len(written) < 400 else None,
                                      automaton=incremental.automaton(cache, canonical) if len(written) < 400
                                      else None),
                                *external_loads(staging, own_host, only=written, site_url=config.site_url)]
                    if plan.new_secrets:  # the carried-over files, for what is withheld for the first time
                        store = incremental.KeptStore(cache)
                        try:
                            findings += scan_kept(store.read(linked), plan.linked, plan.new_secrets)
                        finally:
                            store.close()
                        carried = {bundle_of(rel) for rel in linked if is_index_file(rel)}
                        carried -= {bundle_of(rel) for rel in listing if rel not in linked and is_index_file(rel)}
                        findings += scan_bundles(staging, [staging / b for b in sorted(carried)],
                                                 guarded(plan.new_secrets))
            if findings and plan is not None and not plan.reindex and all(
                    f.path.startswith(f"{search.FOLDER}/") for f in findings):
                raise _Reindex()  # a newly withheld word in the main search bundle: rebuild the whole index
            sources = [Source(r.slug, r.file, r.path) for r in corpus.published]
            for shown in explain([f for f in findings if isinstance(f, Finding)], staging, sources):
                print(f"发布前检查：{shown}", file=sys.stderr)
            for load in (f for f in findings if not isinstance(f, Finding)):
                print(f"发布前检查：{load}", file=sys.stderr)
            if findings:
                raise _Refused()

        try:
            with _timed(timings, "合计"):
                publish(site, build, verify, reuse_spare=plan is not None)
        except _Reindex:
            reindex = True
            continue
        except _Refused:
            print("发布前检查未通过：网站未更新。请按上面每一项的改法修改后重试。", file=sys.stderr)
            return EXIT_INPUT
        except (engine.EngineError, search.SearchError) as exc:
            print(f"gongkai：{exc}\n网站未更新。", file=sys.stderr)
            return EXIT_INPUT
        break
    with _timed(timings, "记录"):
        _write_log(base / settings["log_dir"], corpus)
        incremental.forget(cache)
        incremental.save_guards(cache, by_report)
        store = incremental.KeptStore(cache)
        try:
            store.write(kept, None if plan is None else set(plan.linked))
        finally:
            store.close()
        rebuilt_search = plan is None or plan.reindex
        incremental.save_manifest(cache, incremental.Manifest(
            key=key, site=str(site), files=listing or incremental.files_of(site), pages=digests[0],
            generated=digests[1],
            secrets=frozenset(canonical),
            delta=[] if rebuilt_search else plan.delta,  # type: ignore[union-attr]
            fragments=(incremental.fragment_ids(site / search.FOLDER) if rebuilt_search
                       else manifest.fragments)),  # type: ignore[union-attr]
            [r for r in corpus.reports if r.status != INVALID and not r.stopped])
    print(plan.summary if plan else f"完整构建（{why_full}）。")
    print(_summary(corpus))
    timings["合计"] += timings["读取记录"] + timings["校验脱敏"] + timings["记录"]
    print("用时：" + "，".join(f"{k} {v:.2f} 秒" for k, v in timings.items()))
    print(f"网站已更新：{site}")
    return EXIT_OK


class _Reindex(Exception):
    """A republish must rebuild the whole search index."""


def _write_log(log_dir: Path, corpus: Corpus) -> None:
    """The private audit log: category, rule, file and line of each redaction; no original text."""
    log_dir.mkdir(parents=True, exist_ok=True)
    records = [rec.as_dict() for r in corpus.reports if r.status == PUBLISHED for rec in r.records]
    (log_dir / "redaction-log.json").write_text(
        json.dumps({"redactions": records}, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
