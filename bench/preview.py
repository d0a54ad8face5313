"""The reviewers' live preview at scale: time to refresh after one report is saved.

    python bench/preview.py N

Generates N synthetic reports, writes the preview once (``gongkai preview``'s first step),
then saves one report five times and prints each refresh's time as ``gongkai preview
--serve`` performs it (look for changes, run the saved report again, rewrite its page and
the index), and the time of a poll that finds nothing.  Not part of the test run.
"""

from __future__ import annotations

import datetime as _dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402

from generator.review.preview import LivePreview, write  # noqa: E402
from redaction.pipeline import load  # noqa: E402

DATE = _dt.date(2025, 11, 20)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory(prefix="gongkai-preview-bench-") as tmp:
        folder = Path(tmp)
        paths = write_corpus(n, folder)
        reports, out = folder / "reports", folder / "preview"
        start = time.perf_counter()
        corpus = load(reports, DATE, shown_as="reports", preview=True)
        write(corpus, out)
        print(f"N={n}: first preview written in {time.perf_counter() - start:.1f} s")
        live = LivePreview(out, reports, corpus,
                           lambda changed: load(reports, DATE, shown_as="reports", preview=True, only=changed))
        edited = paths[len(paths) // 2]
        for i in range(5):
            time.sleep(0.05)  # a later modification time
            edited.write_text(edited.read_text(encoding="utf-8") + f"\n第{i}次补充。\n", encoding="utf-8")
            start = time.perf_counter()
            assert live.refresh()
            print(f"refresh after a save: {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        assert not live.refresh()
        print(f"idle poll: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
