"""``gongkai build``: validate, redact, build and check the site (generator/build.py), then report."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from generator.cli import _context, _summary
from generator.exits import EXIT_OK

STAGES = ("读取记录", "校验脱敏", "生成网站", "搜索索引", "发布前检查", "记录")
"""The build's stages in the order they run, as the summary shows their times (then the total)."""


def run(args: argparse.Namespace) -> int:
    """Validate, redact, build and check the site; swap it in only when everything passed."""
    from generator import build

    ctx = _context(args)
    if isinstance(ctx, int):
        return ctx
    site = (Path(args.site) if args.site else ctx.base / ctx.settings["site_dir"]).resolve()
    started = time.perf_counter()
    state = build.run(build.BuildState(ctx, site, full=args.full))
    total = time.perf_counter() - started
    if state.exit is not None:
        return state.exit
    assert state.corpus is not None
    print(build.summary(state))
    print(_summary(state.corpus))
    timings = state.timings
    shown = [(k, timings[k]) for k in STAGES if k in timings] + [("合计", total)]  # 合计: the whole run, wall time
    print("用时：" + "，".join(f"{k} {v:.2f} 秒" for k, v in shown))
    print(f"网站已更新：{site}")
    return EXIT_OK
