"""The record of the site as published, kept in ``build/cache/`` (git-ignored) by every build.

It holds the key of everything a page can depend on besides the reports (code, mkdocs.yml,
authored pages, theme and tool versions), each report's redaction result
(``redaction.pipeline.slim``), a digest of every generated page and file, the inode, size and
time of every published file, the strings the leak guard checked them against, the guard's
views of every file (``leakguard.Kept``, in SQLite), and which search fragment belongs to which
page.  The next build is a republish when the key is the same and the site folder is exactly
the one the manifest describes (``generator/publish/__init__.py`` tells the whole story).
"""

from __future__ import annotations

import datetime as _dt
import gzip
import hashlib
import json
import marshal
import os
import pickle
import re
import sqlite3
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.guard.leakguard import Kept, guarded
from generator.site.pages import GeneratedFile, GeneratedPage
from redaction.pipeline import Corpus, ReportState, packed, slim, unpacked
from redaction.signoff import REVIEWER_ORIGIN

FORMAT = 4
MANIFEST = "manifest.pickle"
STATES = "states.marshal"
KEPT = "kept.sqlite"

VERSIONS = ("mkdocs", "mkdocs-material", "pagefind-bin-extended", "markdown-it-py", "mdit-py-plugins", "bleach",
            "python-stdnum", "jinja2", "pypinyin", "pillow")


def key(config_file: Path, docs_dir: Path, settings: dict[str, Any]) -> str:
    """Everything a page can depend on besides the reports and the sign-off register."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"format {FORMAT}\n".encode())
    packages = [Path(__file__).parent.parent, Path(slim.__code__.co_filename).parent]  # generator/, redaction/
    for folder in [*packages, docs_dir]:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(folder.parent).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(config_file.read_bytes())
    for name in VERSIONS:
        try:
            h.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -\n".encode())
    h.update(json.dumps(settings, sort_keys=True, default=str, ensure_ascii=False).encode())
    return h.hexdigest()


def page_digest(page: GeneratedPage) -> str:
    if page.digest:  # a listing: the digest of what it is rendered from
        return page.digest
    h = hashlib.blake2b(digest_size=20)
    h.update(json.dumps([page.title, page.description, page.toc, page.meta], sort_keys=True, default=str,
                        ensure_ascii=False).encode())
    h.update(page.html.encode())
    for name, data in page.assets:
        h.update(name.encode() + b"\0" + hashlib.blake2b(data, digest_size=20).digest())
    return h.hexdigest()


def file_digest(generated: GeneratedFile) -> str:
    return hashlib.blake2b(generated.data, digest_size=20).hexdigest()


def files_of(site: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under ``site``: relative path → (inode, size, mtime_ns)."""
    out: dict[str, tuple[int, int, int]] = {}
    stack = [("", str(site))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((rel + "/", entry.path))
                else:
                    st = entry.stat(follow_symlinks=False)
                    out[rel] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return out


GUARDS = "guards.marshal"


def guarded_secrets(cache: Path, corpus: Corpus, reuse: bool) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """``leakguard.guarded(corpus.secrets)``, folding only the secrets of reports run in this build
    (folding 100,000 strings takes seconds); and the folded secrets by report, for the cache."""
    earlier: dict[str, dict[str, str]] = {}
    if reuse and (cache / GUARDS).is_file():
        earlier = marshal.loads((cache / GUARDS).read_bytes())
    by_report: dict[str, dict[str, str]] = {}
    merged: dict[str, str] = {}
    for r in corpus.reports:
        folded = earlier[r.file] if r.cached and r.file in earlier else guarded(r.secrets)
        by_report[r.file] = folded
        for secret, origin in folded.items():
            merged.setdefault(secret, origin)
    for secret, origin in guarded({name: REVIEWER_ORIGIN for name in sorted(corpus.reviewers)}).items():
        merged.setdefault(secret, origin)
    return merged, by_report


AUTOMATON = "automaton.pickle"


def automaton(cache: Path, canonical: dict[str, str]):  # type: ignore[no-untyped-def]
    """The leak guard's automaton for ``canonical``: from the cache when it was built for the same
    secrets (building it for 100,000 secrets takes a second; reading it, a fifth of that)."""
    from generator.guard.leakguard import automaton_of

    digest = hashlib.blake2b(repr((FORMAT, sorted(canonical.items()))).encode(), digest_size=20).hexdigest()
    path = cache / AUTOMATON
    if path.is_file():
        try:
            with path.open("rb") as f:
                stored, built = pickle.load(f)
            if stored == digest:
                return built
        except Exception:  # noqa: BLE001 - rebuilt below
            pass
    built = automaton_of(canonical)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cache / f".{AUTOMATON}.{os.getpid()}"
    with tmp.open("wb") as f:
        pickle.dump((digest, built), f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return built


def save_guards(cache: Path, by_report: dict[str, dict[str, str]]) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    (cache / GUARDS).write_bytes(marshal.dumps(by_report))


@dataclass
class Manifest:
    key: str
    site: str
    files: dict[str, tuple[int, int, int]]
    pages: dict[str, str]  # generated page src_uri → digest
    generated: dict[str, str]  # generated file src_uri → digest
    secrets: frozenset[str]  # guarded (canonical) strings every file was checked against
    delta: list[str] = field(default_factory=list)  # report addresses in the second search bundle
    fragments: dict[str, str] = field(default_factory=dict)  # main search bundle: address → fragment id
    states: dict[str, ReportState] = field(default_factory=dict)  # kept apart (STATES), filled on load


def load_manifest(cache: Path, key_now: str, site: Path, build_date: _dt.date) -> tuple[Manifest | None, str]:
    """The manifest of the site as published, or None and why a full build is needed."""
    path = cache / MANIFEST
    if not path.is_file() or not (cache / STATES).is_file() or not (cache / KEPT).is_file():
        return None, "没有上次构建的记录"
    try:
        with path.open("rb") as f:
            manifest: Manifest = pickle.load(f)
        if not isinstance(manifest, Manifest) or manifest.key != key_now:
            return None, "程序、配置、页面或主题有变化"
        if manifest.site != str(site.resolve()) or not site.is_dir():
            return None, "网站目录不同"
        if files_of(site) != manifest.files:
            return None, "网站目录中的文件与上次发布时不同"
        manifest.states = {file: unpacked(values, build_date)
                           for file, values in marshal.loads((cache / STATES).read_bytes()).items()}
    except Exception:  # noqa: BLE001 - an unreadable cache only means a full build
        return None, "上次构建的记录无法读取"
    return manifest, ""


def save_manifest(cache: Path, manifest: Manifest, states: list[ReportState]) -> None:
    """Written last, after the kept views: a manifest on disk always describes the other files."""
    cache.mkdir(parents=True, exist_ok=True)
    (cache / STATES).write_bytes(marshal.dumps({s.file: packed(s) for s in states}))
    tmp = cache / f".{MANIFEST}.{os.getpid()}"
    manifest.states = {}
    with tmp.open("wb") as f:
        pickle.dump(manifest, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, cache / MANIFEST)


def forget(cache: Path) -> None:
    """Before the cache is updated: until the new manifest is written, the next build is full."""
    (cache / MANIFEST).unlink(missing_ok=True)


class KeptStore:
    """The leak guard's views of every published file (``leakguard.Kept``), in SQLite: a
    republish changes only the rows of the files it wrote, and reads them only when a
    string is withheld for the first time."""

    def __init__(self, cache: Path) -> None:
        cache.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(cache / KEPT)
        self.db.execute("CREATE TABLE IF NOT EXISTS texts (rel TEXT PRIMARY KEY, text TEXT NOT NULL)")
        self.db.execute("CREATE TABLE IF NOT EXISTS tags (tag TEXT PRIMARY KEY, rel TEXT NOT NULL)")

    def read(self, rels: set[str]) -> Kept:
        texts = {rel: text for rel, text in self.db.execute("SELECT rel, text FROM texts") if rel in rels}
        return Kept(texts, dict(self.db.execute("SELECT tag, rel FROM tags")))

    def write(self, kept: Kept, keep: set[str] | None) -> None:
        """Store ``kept``; of the rows already there, only those of the files ``keep`` stay (None: none)."""
        with self.db:
            if keep is None:
                self.db.execute("DELETE FROM texts")
                self.db.execute("DELETE FROM tags")
            else:
                gone = [(rel,) for (rel,) in self.db.execute("SELECT rel FROM texts") if rel not in keep]
                self.db.executemany("DELETE FROM texts WHERE rel = ?", gone)
            self.db.executemany("INSERT OR REPLACE INTO texts VALUES (?, ?)", kept.texts.items())
            self.db.executemany("INSERT OR IGNORE INTO tags VALUES (?, ?)", kept.tags.items())

    def close(self) -> None:
        self.db.close()


FRAGMENT_URL = re.compile(rb'"url":"((?:[^"\\]|\\.)*)"')


def fragment_ids(bundle: Path) -> dict[str, str]:
    """Address (relative to the site root) → id of its fragment in a Pagefind bundle."""
    out: dict[str, str] = {}
    folder = bundle / "fragment"
    if not folder.is_dir():
        return out
    for path in folder.iterdir():
        match = FRAGMENT_URL.search(gzip.decompress(path.read_bytes()))
        if match:
            out[json.loads(b'"' + match.group(1) + b'"').lstrip("/")] = path.name.removesuffix(".pf_fragment")
    return out
