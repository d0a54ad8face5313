"""``gongkai check``: validate and redact without building; list every problem."""

from __future__ import annotations

import argparse
import sys

from generator.cli import _context, _loaded, _print_problems, _summary, report_table, suspects_listing
from generator.exits import EXIT_INPUT, EXIT_OK


def run(args: argparse.Namespace) -> int:
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
    listing = suspects_listing(corpus)
    if listing:
        print()
        print(listing)
    if corpus.problems.errors:
        print(f"发现 {len(corpus.problems.errors)} 个错误，请按提示修改后重试。", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK
