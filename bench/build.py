"""Build figures for synthetic corpora: full build, floor, republish after one change.

    python bench/build.py 100 1000 [10000]

For each N: generates a corpus (bench/corpus.py) in a temporary project and prints

- the full ``gongkai build --full`` under ``/usr/bin/time -v``: wall time, peak memory, and the
  time of each stage (validation and redaction, MkDocs, search index, pre-publication checks);
- the redaction stage's and the leak guard's throughput (MB of reports / MB of site per second);
- the floor (bench/floor.py: a plain MkDocs build of the same redacted pages with Material,
  and the same Pagefind index) and the ratio of the full build to it;
- the wall time of ``gongkai build`` after one report is edited, and after one report is
  added (a new disclosure, dated the build date): the republish;
- the size of catalogue page 1 and of one report page, which must not grow with N.

Not part of the test run.  bench/search.py measures a search in the browser.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import report, write_corpus  # noqa: E402
from floor import prepare, timed_build  # noqa: E402

STAGES = ("读取记录", "校验脱敏", "生成网站", "搜索索引", "发布前检查", "记录", "合计")
EPOCH = "1763600000"  # 2025-11-20: every synthetic report (2021–2025) is published


def project(n: int, parent: Path) -> Path:
    folder = parent / f"corpus-{n}"
    folder.mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")  # synthetic reports carry no sign-offs
    (folder / "mkdocs.yml").write_text(config.replace("require_signoff: true", "require_signoff: false"), encoding="utf-8")
    shutil.copytree(ROOT / "content", folder / "content")
    write_corpus(n, folder)
    return folder


def settled(folder: Path) -> None:
    """Wait until the previous site, removed in the background after a swap, is gone."""
    while list(folder.glob(".site.old-*")):
        time.sleep(0.2)


def gongkai_build(folder: Path, *extra: str) -> dict[str, float]:
    settled(folder)
    gongkai = Path(sys.executable).with_name("gongkai")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run(["/usr/bin/time", "-v", str(gongkai), "build", *extra], cwd=folder, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stdout[-2000:] + result.stderr[-3000:])
    figures = {stage: float(m.group(1)) for stage in STAGES
               if (m := re.search(rf"{stage} ([\d.]+) 秒", result.stdout))}
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    assert wall, result.stderr
    figures["wall"] = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    figures["peak_mb"] = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024
    figures["republish"] = float("增量发布" in result.stdout)
    return figures


def megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def edit_one(folder: Path) -> None:
    """A one-line addition to a report in the middle of the corpus."""
    reports = sorted((folder / "reports").rglob("*.md"))
    path = reports[len(reports) // 2]
    path.write_text(path.read_text(encoding="utf-8") + "\n补充说明：本段为基准测试所加。\n", encoding="utf-8")


def add_one(folder: Path, n: int) -> None:
    """A new report, published on the build date: the common case of a new disclosure."""
    import random

    rel, text = report(random.Random(n), n + 1)
    text = re.sub(r"发布日期: \S+", "发布日期: 2025-11-20", text, count=1)
    path = folder / "reports" / "2025" / f"new{n:05d}.md"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000]
    print(f"{'N':>6} {'wall s':>7} {'peak MB':>8} {'redact s':>8} {'MB/s':>5} {'mkdocs s':>8} {'search s':>8} "
          f"{'checks s':>8} {'MB/s':>5} {'floor s':>7} {'ratio':>5} {'edit s':>6} {'add s':>6} "
          f"{'cat.1 KB':>8} {'report KB':>9}")
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        for n in sizes:
            folder = project(n, Path(tmp))
            source_mb = megabytes(folder / "reports")
            f = gongkai_build(folder, "--full")
            site_mb = megabytes(folder / "site")
            catalogue_kb = (folder / "site" / "catalogue" / "index.html").stat().st_size / 1024
            a_report = sorted((folder / "site" / "reports").rglob("index.html"))[0]
            report_kb = a_report.stat().st_size / 1024
            edit_one(folder)
            edited = gongkai_build(folder)
            add_one(folder, n)
            added = gongkai_build(folder)
            assert edited["republish"] and added["republish"], "the rebuild was not a republish"
            floor = timed_build(prepare(folder))
            print(f"{n:>6} {f['wall']:>7.1f} {f['peak_mb']:>8.0f} {f['校验脱敏']:>8.1f} "
                  f"{source_mb / f['校验脱敏']:>5.1f} {f['生成网站']:>8.1f} {f['搜索索引']:>8.1f} "
                  f"{f['发布前检查']:>8.1f} {site_mb / f['发布前检查']:>5.1f} {floor:>7.1f} {f['wall'] / floor:>5.2f} "
                  f"{edited['wall']:>6.1f} {added['wall']:>6.1f} {catalogue_kb:>8.1f} {report_kb:>9.1f}",
                  flush=True)
            print("       republish stages, edit: " + ", ".join(f"{k} {edited.get(k, 0):.2f}" for k in STAGES)
                  + "; add: " + ", ".join(f"{k} {added.get(k, 0):.2f}" for k in STAGES)
                  + f"; peak {max(edited['peak_mb'], added['peak_mb']):.0f} MB", flush=True)
            if os.environ.get("BENCH_KEEP"):
                kept = Path(os.environ["BENCH_KEEP"]) / f"corpus-{n}"
                shutil.rmtree(kept, ignore_errors=True)
                shutil.move(str(folder), kept)
            else:
                shutil.rmtree(folder)


if __name__ == "__main__":
    main()
