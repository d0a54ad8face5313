"""Republishing in seconds: after a change, rebuild only what changed, keep the rest of the site.

Every ``gongkai build`` leaves a manifest in ``build/cache/`` (git-ignored): the key of
everything a page can depend on besides the reports (code, mkdocs.yml, authored pages,
theme and tool versions), each report's redaction result (``redaction.pipeline.slim``), a
digest of every generated page and file, the inode, size and time of every published file,
the strings the leak guard checked them against, the guard's views of every file
(``leakguard.Kept``), and which search fragment belongs to which page.

The next build is a *republish* when the key is the same and the site folder is exactly
the one the manifest describes (same files, same inodes, sizes and times); otherwise it is
a full build.  A republish

1. runs the pipeline only for reports whose bytes (or images) changed, takes the others
   from the manifest, and decides every report's status again (dates, sign-offs);
2. renders the pages of those reports and every listing, statistics, home and data page,
   and writes (through MkDocs) only those whose digest changed, plus the authored pages,
   the pages they and the nav may link to (every generated page but the reports and the
   listings' later pages), the theme's assets, the sitemap and the 404 page;
3. hard-links every other file of the published site into the staging folder, which is the
   previous site kept beside it (``publish.spare_of``): its folders exist already and most of
   its files are the very files to keep; MkDocs writes into a fresh folder, and its files are
   moved in (a linked file is never written through);
4. indexes the pages of reports added since the whole index was built into a small second
   search bundle (``pagefind-delta/``) that the search page merges with the main one.  A page
   of the main bundle that changed or is gone means the whole index is rebuilt: Pagefind's
   chunks hold every page's words, and a superseded page's words would stay readable in
   them (so the index is always what a full build makes, page for page); so does a delta
   past ``DELTA_LIMIT`` pages, or a newly withheld string the guard finds in the main bundle;
5. runs the leak guard in full over every file written in this build, and over every
   linked file for each string withheld for the first time in this build (``scan_kept``):
   a linked file is byte for byte a file the guard passed before, against every other string.

Nothing here imports MkDocs.
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
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.guard.leakguard import Kept, guarded
from generator.search import pagefind as search
from generator.site.pages import GeneratedFile, GeneratedPage, SiteContent
from redaction.pipeline import Corpus, ReportState, packed, slim, unpacked
from redaction.signoff import REVIEWER_ORIGIN

FORMAT = 3
MANIFEST = "manifest.pickle"
STATES = "states.marshal"
KEPT = "kept.sqlite"
DELTA = search.DELTA
DELTA_LIMIT = 300
"""Added report pages the second search bundle may hold before the whole index is rebuilt."""

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


@dataclass
class Plan:
    """What a republish writes, links and indexes."""

    write: set[str]  # generated pages and files (src_uri) MkDocs writes
    drop: set[str]  # published files not carried over (removed or rewritten pages)
    drop_dirs: set[str]  # folders of pages that are gone
    delta: list[str]  # report addresses for the second search bundle
    reindex: bool  # rebuild the whole search index instead
    new_secrets: dict[str, str]  # withheld for the first time: the linked files are checked for these
    pages: dict[str, str]
    generated: dict[str, str]
    summary: str = ""
    linked: list[str] = field(default_factory=list)  # filled by ``assemble``


def to_render(manifest: Manifest, corpus: Corpus) -> set[str]:
    """Reports (by slug) whose pages a republish renders: run again, or not published last time."""
    return {r.slug for r in corpus.published if not r.cached or f"{r.slug}.md" not in manifest.pages}


def plan(manifest: Manifest, corpus: Corpus, content: SiteContent, secrets_now: dict[str, str]) -> Plan:
    published = {f"{r.slug}/" for r in corpus.published}
    fresh = {f"{slug}/" for slug in to_render(manifest, corpus)}
    pages = {p.src_uri: page_digest(p) for p in content.pages}
    pages.update(content.unchanged)
    write = {uri for uri, d in pages.items() if manifest.pages.get(uri) != d}
    changed = set(write)
    # pages the nav and the authored pages may link to are always in MkDocs' run, so that
    # their links resolve as in a full build: all but the reports and the listings' later pages
    write |= {uri for uri in pages if not uri.startswith("reports/") and "/page/" not in uri}
    for uri, d in manifest.pages.items():  # report pages not rendered: unchanged since the last build
        if uri.startswith("reports/") and f"{uri[:-3]}/" in published and uri not in pages:
            pages[uri] = d
    generated = {g.src_uri: file_digest(g) for g in content.files}
    changed |= {uri for uri, d in generated.items() if manifest.generated.get(uri) != d}
    write |= changed
    drop: set[str] = set()
    drop_dirs: set[str] = set()
    for uri in manifest.pages:
        url = _url(uri)
        if uri not in pages:
            (drop_dirs if uri.startswith("reports/") else drop).add(url.rstrip("/") if uri.startswith("reports/")
                                                                     else f"{url}index.html")
        elif uri in write and uri.startswith("reports/"):
            drop_dirs.add(url.rstrip("/"))  # the page and its images, written again
        elif uri in write:
            drop.add(f"{url}index.html")
    drop |= {uri for uri in manifest.generated if uri not in generated or uri in write}
    removed = {_url(uri) for uri in manifest.pages if uri.startswith("reports/") and uri not in pages}
    delta = sorted((set(manifest.delta) | fresh) & published)
    in_main = (fresh | removed) & manifest.fragments.keys()  # changed or gone, words still in the chunks
    new_secrets = {s: o for s, o in secrets_now.items() if s not in manifest.secrets}
    reindex = len(delta) > DELTA_LIMIT or bool(in_main)
    summary = (f"增量发布：有变化的报告 {len(fresh)} 份，有变化的页面和文件 {len(changed)} 个，"
               f"撤下的报告 {len(removed)} 份，新增不予公开内容 {len(new_secrets)} 项")
    return Plan(write, drop, drop_dirs, delta, reindex, new_secrets, pages, generated, summary)


def _url(src_uri: str) -> str:
    stem = src_uri[:-3]
    return "" if stem == "index" else (stem[:-5] if stem.endswith("/index") else stem + "/")


def assemble(site: Path, fresh: Path, staging: Path, manifest: Manifest, the_plan: Plan) -> None:
    """Make ``staging`` the new site: what MkDocs wrote into ``fresh``, and every published file the
    plan keeps, hard-linked from ``site``.  ``staging`` is empty or the spare (an earlier site, all
    hard links): only unlink, link and rename happen in it, so no published file is written through.

    A file MkDocs wrote byte for byte as published (the theme's assets, an unchanged page) is linked
    too: it was checked when it was published.  ``the_plan.linked`` lists every linked file.
    """
    site_s, fresh_s, staging_s = str(site), str(fresh), str(staging)
    desired: dict[str, tuple[str, int]] = {}  # path in the site → (where its bytes are, their inode)
    for rel, (ino, size, _) in files_of(fresh).items():
        old = manifest.files.get(rel)
        if old is not None and old[1] == size and _same_bytes(f"{site_s}/{rel}", f"{fresh_s}/{rel}"):
            desired[rel] = (f"{site_s}/{rel}", old[0])
            the_plan.linked.append(rel)
        else:
            desired[rel] = (f"{fresh_s}/{rel}", ino)
    skip_dirs = tuple(f"{d}/" for d in the_plan.drop_dirs)
    for rel, (ino, _, _) in manifest.files.items():
        if rel in desired or rel in the_plan.drop or rel.startswith(skip_dirs) or rel.startswith(f"{DELTA}/"):
            continue
        if the_plan.reindex and rel.startswith(f"{search.FOLDER}/"):
            continue
        desired[rel] = (f"{site_s}/{rel}", ino)
        the_plan.linked.append(rel)
    shutil.rmtree(staging / DELTA, ignore_errors=True)  # made again by index_delta
    present = files_of(staging)
    emptied: set[str] = set()
    for rel in present.keys() - desired.keys():
        os.unlink(f"{staging_s}/{rel}")
        emptied.add(rel.rpartition("/")[0])
    made: set[str] = set()
    for rel, (source, ino) in desired.items():
        now = present.get(rel)
        if now is not None and now[0] == ino:
            continue  # the spare holds this very file already
        target = f"{staging_s}/{rel}"
        if now is not None:
            os.unlink(target)
        else:
            folder = target.rpartition("/")[0]
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
        if source.startswith(fresh_s + "/"):
            os.rename(source, target)
        else:
            os.link(source, target)
    for folder in sorted(emptied, key=len, reverse=True):  # folders of pages that are gone
        while folder:
            try:
                os.rmdir(f"{staging_s}/{folder}")
            except OSError:
                break
            folder = folder.rpartition("/")[0]


def _same_bytes(a: str, b: str) -> bool:
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def index_delta(staging: Path, the_plan: Plan) -> None:
    """The second search bundle: the added reports' pages (or, with ``reindex``, the whole index)."""
    if the_plan.reindex:
        search.remove(staging)
        search.index(staging)
        search.no_delta(staging)
        return
    (staging / DELTA).mkdir()
    if the_plan.delta:
        with tempfile.TemporaryDirectory(prefix="gongkai-delta-") as tmp:
            for url in the_plan.delta:
                target = Path(tmp) / url / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(staging / url / "index.html", target)
            search.index(Path(tmp))
            for item in (Path(tmp) / search.FOLDER).iterdir():
                shutil.move(str(item), staging / DELTA / item.name)
    (staging / DELTA / search.DELTA_STATE).write_text(json.dumps({"bundle": bool(the_plan.delta)}), encoding="utf-8")
