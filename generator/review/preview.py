"""The reviewers' private preview: every redaction shown in place, labelled, listed, printable.

The report body is the *same token stream* the public page is rendered from, rendered by
a renderer that shows what each notice replaced (``redaction.render.render_preview``).
Pages carry a 内部预览 · 不得公开 banner and ``noindex``; the preview is never written
into, around or beside a site (``generator/publish/folders.py`` decides where it may go), and the
leak guard refuses a site that holds a preview page.  ``serve`` serves it on 127.0.0.1 and
reloads the open page when a report is saved, re-running only the reports that changed.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.publish import folders
from generator.site.pages import GENERIC_MEASURES, environment, show
from redaction.pipeline import Corpus, ReportState, entries_under
from redaction.schema import CATEGORIES, ReportSchema, notice
from redaction.signoff import REGISTER_NAME

MARK = "gongkai-preview"  # in every preview page's head; the leak guard refuses a site that has it
POLL_SECONDS = 0.2


def _rows(state: ReportState) -> list[dict[str, Any]]:
    """Every redaction of a report, in the order of the file: line, category, rule, original."""
    rows = []
    originals = state.redactor.originals if state.redactor else []
    for number, (record, original) in enumerate(zip(state.records, originals), 1):
        rows.append({"number": number, "line": record.line, "category": record.category,
                     "article": CATEGORIES[record.category].article, "rule": record.rule_label, "place": record.place,
                     "original": original, "notice": notice(record.category)})
    return sorted(rows, key=lambda r: (r["line"], r["number"]))


def _fields(state: ReportState) -> list[dict[str, Any]]:
    """Every front-matter field, private ones too (this is the reviewers' view), with what the public sees."""
    meta = state.source.meta if state.source else {}
    out = []
    for f in ReportSchema.fields():
        if f.key not in meta:
            continue
        public = state.public_meta.get(f.key) if f.public else None
        out.append({"key": f.key, "value": show(meta[f.key]) if f.key != "不予公开" else _terms(meta[f.key]),
                    "public": f.public, "shown": show(public) if public is not None else "（不公开）"})
    return out


def _terms(mapping: Any) -> str:
    if not isinstance(mapping, dict):
        return str(mapping)
    return "；".join(f"{k}：{'、'.join(str(t) for t in v or [])}" for k, v in mapping.items())


def _render(template: str, depth: int, **context: Any) -> str:
    return environment("generator.review").get_template(template).render(root="../" * depth, mark=MARK, **context)


def _counts(state: ReportState) -> dict[str, Any]:
    counts = Counter(r.category for r in state.records)
    open_list = list(dict.fromkeys(n.name for n in state.suspects if n.needs_decision))
    return {"by_category": [counts[c] for c in CATEGORIES],
            "detected": sum(1 for r in state.records if r.rule.startswith("detector.")),
            "open_names": sum(1 for n in state.suspects if n.needs_decision), "open_list": open_list}


def write_report(state: ReportState, out: Path, measures: str = GENERIC_MEASURES) -> None:
    folder = out / state.year / state.name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    context = {"state": state, "rows": _rows(state), "fields": _fields(state), "categories": CATEGORIES,
               "errors": [str(p) for p in state.problems.errors], "measures": measures, **_counts(state)}
    (folder / "index.html").write_text(_render("report.html", 2, **context), encoding="utf-8")
    (folder / "review-sheet.html").write_text(_render("sheet.html", 2, **context), encoding="utf-8")
    for asset in (*state.assets, *state.withheld_assets):
        path = folder / asset.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(asset.data)


def write_index(states: list[ReportState], out: Path, rows: dict[str, tuple[int, str]] | None = None) -> None:
    """The list of every report.  ``rows``: each report's row as rendered before (by key, with the
    state it was rendered from): a live preview renders again only the rows of reports saved since."""
    rows = {} if rows is None else rows
    html = []
    for state in sorted(states, key=lambda s: s.key):
        earlier = rows.get(state.key)
        if earlier is None or earlier[0] != id(state):
            earlier = rows[state.key] = (id(state), _render("index_row.html", 0, state=state, **_counts(state)))
        html.append(earlier[1])
    for key in rows.keys() - {s.key for s in states}:
        del rows[key]
    (out / "index.html").write_text(_render("index.html", 0, rows="".join(html), categories=CATEGORIES),
                                    encoding="utf-8")


def write(corpus: Corpus, out: Path, measures: str = GENERIC_MEASURES) -> None:
    """The whole preview: the index, and per report its page and its review sheet."""
    out.mkdir(parents=True, exist_ok=True)
    folders.mark_preview(out)
    (out / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    shutil.copyfile(Path(__file__).parent / "templates" / "preview.css", out / "preview.css")
    for state in corpus.reports:
        write_report(state, out, measures)
    write_index(corpus.reports, out)


# ---------------------------------------------------------------- live preview


def _stamps(reports: Path) -> dict[Path, tuple[int, int]]:
    """(mtime, size) of every report and of the sign-off register (os.scandir: cheap at 10,000 reports)."""
    stamps: dict[Path, tuple[int, int]] = {}
    for entry in entries_under(reports, lambda name: name.endswith(".md") or name == REGISTER_NAME):
        st = entry.stat()
        stamps[Path(entry.path)] = (st.st_mtime_ns, st.st_size)
    return stamps


class _Handler(http.server.SimpleHTTPRequestHandler):
    version: Callable[[], int]

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.startswith("/__gongkai/version"):
            body = json.dumps({"version": type(self).version()}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Robots-Tag", "noindex, nofollow")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
        pass


class LivePreview:
    """Keeps a preview folder up to date with its reports folder, one changed report at a time."""

    def __init__(self, out: Path, reports: Path, corpus: Corpus,
                 reload: Callable[[list[Path]], Corpus | int], measures: str = GENERIC_MEASURES) -> None:
        self.out, self.reports, self.reload, self.measures = out, reports, reload, measures
        self.states = {s.key: s for s in corpus.reports}
        self.stamps = _stamps(reports)
        self.version = 0
        self.last_refresh = 0.0  # seconds the last update took
        self.rows: dict[str, tuple[int, str]] = {}  # the index's rows as last rendered
        write_index(corpus.reports, out, self.rows)  # once in full; afterwards only saved reports' rows

    def refresh(self) -> bool:
        """Look for saved, added and removed reports; update their pages. True if anything changed."""
        stamps = _stamps(self.reports)
        if stamps == self.stamps:
            return False
        start = time.perf_counter()
        register_changed = stamps.get(self.reports / REGISTER_NAME) != self.stamps.get(self.reports / REGISTER_NAME)
        changed = [p for p, stamp in stamps.items() if p.suffix == ".md" and
                   (register_changed or self.stamps.get(p) != stamp)]
        removed = [p for p in self.stamps if p.suffix == ".md" and p not in stamps]
        self.stamps = stamps
        for path in removed:
            key = path.resolve().relative_to(self.reports.resolve()).as_posix()
            state = self.states.pop(key, None)
            if state:
                shutil.rmtree(self.out / state.year / state.name, ignore_errors=True)
        if changed:
            corpus = self.reload(changed)
            if isinstance(corpus, Corpus):
                for state in corpus.reports:
                    self.states[state.key] = state
                    write_report(state, self.out, self.measures)
                for problem in corpus.problems.errors:
                    print(problem, flush=True)
        write_index(list(self.states.values()), self.out, self.rows)
        self.version += 1
        self.last_refresh = time.perf_counter() - start
        return True


def serve(out: Path, port: int, reload: Callable[[list[Path]], Corpus | int], reports: Path,
          corpus: Corpus, stop: threading.Event | None = None, measures: str = GENERIC_MEASURES) -> int:
    """Serve the preview on 127.0.0.1 only; refresh pages as reports are saved, until stopped."""
    live = LivePreview(out, reports, corpus, reload, measures)
    handler = type("Handler", (_Handler,), {"version": staticmethod(lambda: live.version)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"内部预览：http://127.0.0.1:{server.server_port}/（只在本机可见；按 Ctrl+C 结束）", flush=True)
    stop = stop or threading.Event()
    try:
        while not stop.is_set():
            if live.refresh():
                print(f"已更新预览（{live.last_refresh * 1000:.0f} 毫秒）", flush=True)
            stop.wait(POLL_SECONDS)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0


