"""``gongkai preview``: the reviewers' private preview, written or served on 127.0.0.1."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli import _context, _loaded, _print_problems
from generator.exits import EXIT_OK, EXIT_USAGE
from generator.publish import folders


def run(args: argparse.Namespace) -> int:
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
    preview.write(corpus, out, ctx.settings["measures"])
    print(f"预览已生成：{out / 'index.html'}（内部使用，不得公开）")
    if args.serve:
        return preview.serve(out, port=args.port, reload=lambda changed: _loaded(ctx, preview=True, only=changed),
                             reports=ctx.reports, corpus=corpus, measures=ctx.settings["measures"])
    return EXIT_OK
