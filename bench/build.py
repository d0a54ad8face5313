"""Full-build figures for synthetic corpora.

    python bench/build.py 100 1000 [10000]

For each N: generates a corpus (bench/corpus.py) in a temporary project, runs
``gongkai build`` under ``/usr/bin/time -v`` and prints wall time, peak memory, the time of
each stage (validation and redaction, the MkDocs build, the pre-publication checks), the
checks' share of the build, the floor (bench/floor.py: a plain MkDocs build of the same
redacted pages), the ratio of the full build to the floor, the size of the search index a
reader downloads for one query, and the wall time of the rebuild after one report changes.
Not part of the test run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402
from floor import prepare, timed_build  # noqa: E402

STAGES = ("校验脱敏", "生成网站", "发布前检查", "合计")


def project(n: int, parent: Path) -> Path:
    folder = parent / f"corpus-{n}"
    folder.mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")  # synthetic reports carry no sign-offs
    (folder / "mkdocs.yml").write_text(config.replace("require_signoff: true", "require_signoff: false"), encoding="utf-8")
    shutil.copytree(ROOT / "content", folder / "content")
    write_corpus(n, folder)
    return folder


def gongkai_build(folder: Path) -> dict[str, float]:
    gongkai = Path(sys.executable).with_name("gongkai")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1763600000"}
    result = subprocess.run(["/usr/bin/time", "-v", str(gongkai), "build"], cwd=folder, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    figures = {stage: float(m.group(1)) for stage in STAGES
               if (m := re.search(rf"{stage} ([\d.]+) 秒", result.stdout))}
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    assert wall, result.stderr
    figures["wall"] = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    figures["peak_mb"] = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024
    return figures


def rebuild_after_one_change(folder: Path) -> float:
    """Wall time of the build that follows a one-line change to one report."""
    report = sorted((folder / "reports").rglob("*.md"))[len(list((folder / "reports").rglob("*.md"))) // 2]
    report.write_text(report.read_text(encoding="utf-8") + "\n补充说明：本段为基准测试所加。\n", encoding="utf-8")
    return gongkai_build(folder)["wall"]


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000]
    print(f"{'N':>6} {'wall s':>8} {'peak MB':>8} {'redact s':>9} {'mkdocs s':>9} {'checks s':>9} "
          f"{'checks %':>9} {'floor s':>8} {'ratio':>6} {'index KB':>9} {'rebuild s':>10}")
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        for n in sizes:
            folder = project(n, Path(tmp))
            f = gongkai_build(folder)
            share = 100 * f["发布前检查"] / f["wall"]
            index_kb = (folder / "site" / "search" / "search_index.json").stat().st_size / 1024
            rebuild = rebuild_after_one_change(folder)
            floor = timed_build(prepare(folder))
            print(f"{n:>6} {f['wall']:>8.1f} {f['peak_mb']:>8.0f} {f['校验脱敏']:>9.1f} {f['生成网站']:>9.1f} "
                  f"{f['发布前检查']:>9.1f} {share:>8.1f}% {floor:>8.1f} {f['wall'] / floor:>6.2f} {index_kb:>9.0f}"
                  f" {rebuild:>10.1f}",
                  flush=True)
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
