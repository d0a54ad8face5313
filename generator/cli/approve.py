"""``gongkai approve``: a reviewer's sign-off, bound to each report's content and redaction result."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from generator.cli import _context, _print_problems
from generator.dates import build_date
from generator.exits import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from redaction.pipeline import DRAFT, Corpus, load
from redaction.problems import Problems
from redaction.schema import CATEGORIES
from redaction.signoff import PRIVATE, PUBLIC, NameDecision, Register, RegisterError, SignOff, source_digest
from redaction.source import decode

PLACEHOLDER_NAME = "某xX*＊×ｘＸ？?_ "
"""A reviewer's "name" made only of these (某某, XXX, ***) names nobody."""


def run(args: argparse.Namespace) -> int:
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
    decided = _decisions(args)
    if isinstance(decided, str):
        print(f"gongkai：参数有误：{decided}", file=sys.stderr)
        return EXIT_USAGE
    def loaded(decisions: Register) -> Corpus:
        return load(ctx.reports, build_date(), shown_as=ctx.shown, only=files,
                    public_contacts=ctx.settings["public_contacts"], public_names=ctx.settings["public_names"],
                    register=decisions, signoff_required=False, approved_versions=False)

    # a decision is recorded for the reports that suspect the name, and nowhere else
    before = loaded(register) if decided else None
    suspected = {s.key: {n.name for n in s.suspects} for s in before.reports} if before else {}
    for name in decided:
        if not any(name in names for names in suspected.values()):
            print(f"gongkai：「{name}」不是所签报告中的疑似姓名，这个决定未记录。", file=sys.stderr)
    corpus = loaded(_merged(register, suspected, decided)) if decided else before or loaded(register)
    _print_problems(corpus)
    refused = signed = 0
    for state in corpus.reports:
        if state.status == DRAFT:
            print(f"{state.file}：是草稿，不能签收（删除「草稿: true」后再审核）。", file=sys.stderr)
            refused += 1
        elif state.problems.errors:
            print(f"{state.file}：有错误，不能签收。请先改正上面列出的问题。", file=sys.stderr)
            refused += 1
        elif open_names := [n for n in state.suspects if n.needs_decision]:
            print(f"{state.file}：有 {len(open_names)} 处疑似姓名尚未决定，不能签收：", file=sys.stderr)
            for n in open_names:
                print(f"  第 {n.line} 行「{n.name}」：{n.sentence}（{n.why}）", file=sys.stderr)
            names = " ".join(dict.fromkeys(f"--private {n.name}" for n in open_names))
            print(f"  每个姓名选一种：不予公开用 --private 姓名；可以公开用 --public 姓名=理由。如：\n"
                  f"  gongkai approve {state.file} --by {reviewer} {names}", file=sys.stderr)
            refused += 1
        elif (text := _text_now(state.path)) is None or source_digest(text) != state.source_digest:
            print(f"{state.file}：签收过程中文件被改动了，未签收。请重新预览后再签收。", file=sys.stderr)
            refused += 1
        else:
            register.entries[state.key] = SignOff(reviewer, build_date().isoformat(), state.source_digest,
                                                  state.redaction_digest, state.decisions)
            register.keep_approved(state.key, text)  # stays published until a newer version is signed
            signed += 1
            counts = Counter(rec.category for rec in state.records)
            shown = "、".join(f"{c} {counts[c]} 处" for c in CATEGORIES if counts[c]) or "无脱敏"
            decided_now = "；".join(f"「{d.name}」{d.decision}" for d in state.decisions if d.name in decided)
            print(f"已签收：{state.file}（{shown}）" + (f"；姓名确认：{decided_now}" if decided_now else ""))
    if signed:
        register.save()  # nothing signed, nothing written
    return EXIT_INPUT if refused or corpus.problems.errors else EXIT_OK


def _text_now(path: Path) -> str | None:
    """The report's decoded text as it is on disk now (the text the sign-off's digest names)."""
    try:
        return decode(path.read_bytes(), str(path), Problems())
    except OSError:
        return None


def _decisions(args: argparse.Namespace) -> dict[str, NameDecision] | str:
    """The --private and --public flags as decisions, or why they do not make sense."""
    out: dict[str, NameDecision] = {}
    for name in args.private:
        name = "".join(name.split())
        if not name:
            return "--private 需要一个姓名"
        out[name] = NameDecision(name, PRIVATE)
    for given in args.public:
        name, _, why = given.partition("=")
        name, why = "".join(name.split()), why.strip()
        if not name or not why:
            return f"--public {given}：请写成 姓名=理由，如 --public 李明=县长，以公务身份出现"
        if name in out:
            return f"「{name}」不能既 --private 又 --public"
        out[name] = NameDecision(name, PUBLIC, why)
    return out


def _merged(register: Register, suspected: dict[str, set[str]], decided: dict[str, NameDecision]) -> Register:
    """The register as it would be with each report's new decisions (on the names it suspects) added
    to its earlier ones (in memory: written only when the report is signed)."""
    entries = dict(register.entries)
    for key, names_here in suspected.items():
        earlier = {d.name: d for d in register.decisions(key)}
        new = {name: d for name, d in decided.items() if name in names_here}
        names = tuple(sorted({**earlier, **new}.values(), key=lambda d: d.name))
        entry = entries.get(key) or SignOff("", "", "", "")
        entries[key] = SignOff(entry.reviewer, entry.date, entry.source, entry.redaction, names)
    return Register(register.path, entries)
