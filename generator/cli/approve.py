"""``gongkai approve``: a reviewer's sign-off, bound to each report's content and redaction result."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from generator.cli import _context, _print_problems
from generator.dates import build_date
from generator.exits import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from redaction.pipeline import DRAFT, load
from redaction.schema import CATEGORIES
from redaction.signoff import Register, RegisterError, SignOff

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
