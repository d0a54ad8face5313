"""Site search: a Pagefind index, split into chunks a reader downloads one query at a time.

Pagefind's extended build (``pagefind[extended]`` from PyPI) segments Chinese into words
when it indexes; the browser then fetches only the index chunks for the words of a query
and the fragments of the results it shows, so a search costs the same few hundred
kilobytes at 10 reports and at 10,000.

Only what is marked ``data-pagefind-body`` is indexed: the report pages (title, panel,
summary, body) and the authored pages; listings, the home page and the search page
itself are left out so that a report is found once, on its own page.

The index is built from the staging folder after MkDocs, before the leak guard: every
byte of it is checked like every other file.  Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

FOLDER = "pagefind"
"""Where the index lives in the site."""

DELTA = "pagefind-delta"
"""A republish's second, small bundle of the reports added since the whole index was built."""

DELTA_STATE = "bundle.json"
"""In ``DELTA``: whether there is a second bundle (the search page reads it instead of a 404)."""

UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
"""Pagefind's ready-made interfaces: the site has its own search page (generator/engine/theme)."""

RUNTIME_SUFFIXES = (".js", ".pagefind")
"""Files of Pagefind's own runtime (script, worker, WebAssembly): the same for every site."""


class SearchError(Exception):
    """Pagefind could not index the site."""


def executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:  # pragma: no cover - a broken installation
        raise SearchError("未安装 pagefind[extended]：无法生成中文搜索索引。请运行 pip install -e . 重新安装依赖。") from exc
    return Path(get_executable())


def index(site: Path, glob: str = "**/*.html", output: Path | None = None) -> None:
    """Build the search index of the pages under ``site`` into ``output`` (``site/pagefind/``)."""
    output = output or site / FOLDER
    result = subprocess.run(
        [str(executable()), "--site", str(site), "--output-path", str(output.resolve()), "--glob", glob, "--silent"],
        capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchError(f"生成搜索索引失败（pagefind 退出码 {result.returncode}）：{result.stderr.strip()[-2000:]}")
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)


def index_documents(site: Path, documents: dict[str, str]) -> None:
    """Build the search index of ``documents`` (address → the page's indexed HTML) into ``site/pagefind/``.

    Pagefind reads small documents holding only what is indexed instead of the site's
    pages: the same fragments, without parsing the theme around every page (less time and
    memory at 10,000 reports).
    """
    with tempfile.TemporaryDirectory(prefix="gongkai-search-") as tmp:
        for url, body in documents.items():
            path = Path(tmp) / url / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f'<!doctype html><html lang="zh"><head><meta charset="utf-8"></head><body>\n{body}\n'
                            "</body></html>\n", encoding="utf-8")
        index(Path(tmp), output=site / FOLDER)


def no_delta(site: Path) -> None:
    """A whole index has no second bundle; the search page reads this instead of a 404."""
    (site / DELTA).mkdir(exist_ok=True)
    (site / DELTA / DELTA_STATE).write_text(json.dumps({"bundle": False}), encoding="utf-8")


@lru_cache(maxsize=1)
def runtime() -> dict[str, bytes]:
    """Pagefind's runtime files as this version writes them for any site: name → bytes.

    Built once per process from a one-page site; the leak guard verifies the site's copies
    against these byte for byte instead of reading minified code and WebAssembly as text.
    """
    with tempfile.TemporaryDirectory(prefix="gongkai-pagefind-") as tmp:
        site = Path(tmp)
        (site / "index.html").write_text(
            '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>样例</title></head>'
            '<body><main data-pagefind-body><h1>样例</h1><p>评估报告</p></main></body></html>', encoding="utf-8")
        index(site)
        return {p.name: p.read_bytes() for p in (site / FOLDER).iterdir()
                if p.is_file() and p.name.endswith(RUNTIME_SUFFIXES)}


def is_runtime(rel: str, path: Path) -> bool:
    """The file at ``rel`` in the site is one of Pagefind's runtime files, unchanged."""
    folder, _, name = rel.rpartition("/")
    if folder not in (FOLDER, DELTA) or not name.endswith(RUNTIME_SUFFIXES):
        return False
    return runtime().get(name) == path.read_bytes()


def remove(site: Path) -> None:
    shutil.rmtree(site / FOLDER, ignore_errors=True)
