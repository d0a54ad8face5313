"""The whole build: one state, and its steps in the order they run.

    folders → manifest → load → secrets → site → stage → render → index → guard → swap → record

Each step is a plain function over ``BuildState``.  A step that finds the build cannot go
on sets ``state.exit`` (1: the input or the built site has errors; 2: usage); the site is
then left exactly as it was, and the staging folder is discarded.  ``guard`` may ask for
the whole search index to be rebuilt (a newly withheld word found only in the main search
bundle): the steps from ``site`` on run again once.

A build is a *republish* when ``manifest`` finds the record of the site as published
(``generator/publish/``): then only what changed is rendered and checked, and the
rest of the published site is linked in; otherwise every page is rendered and checked.
"""

from __future__ import annotations

import gc
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from generator.dates import build_date
from generator.engine import mkdocs as engine
from generator.exits import EXIT_INPUT, EXIT_USAGE
from generator.guard.findings import Source, explain
from generator.guard.leakguard import Finding, Kept, guarded, scan, scan_bundles, scan_kept
from generator.guard.selfcontained import ExternalLoad, external_loads
from generator.project import Project
from generator.publish import assemble, folders
from generator.publish import manifest as record
from generator.publish import plan as planner
from generator.publish import swap as publish
from generator.search import pagefind as search
from generator.search.chunks import bundle_of, is_index_file
from generator.site import sitemap
from generator.site.pages import SiteContent, site_content
from redaction.detectors import DetectorFinder
from redaction.pipeline import INVALID, PUBLISHED, Corpus
from redaction.signoff import RegisterError


@dataclass
class BuildState:
    """Everything known about one build as it moves through the steps."""

    project: Project
    site: Path
    full: bool = False  # --full: no republish
    timings: dict[str, float] = field(default_factory=dict)
    exit: int | None = None  # set by a step that stops the build
    key: str = ""
    manifest: record.Manifest | None = None
    why_full: str = ""
    corpus: Corpus | None = None
    canonical: dict[str, str] = field(default_factory=dict)  # every guarded withheld string → origin
    by_report: dict[str, dict[str, str]] = field(default_factory=dict)
    content: SiteContent | None = None
    plan: planner.Plan | None = None
    digests: tuple[dict[str, str], dict[str, str]] = ({}, {})
    reindex: bool = False  # the guard asked for the whole search index
    staging: Path | None = None
    rendered: engine.Rendered | None = None
    kept: Kept = field(default_factory=Kept)
    listing: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # the staged site's files
    findings: list[Finding | ExternalLoad] = field(default_factory=list)
    swapped: bool = False

    @property
    def cache(self) -> Path:
        return self.project.log_dir / "cache"

    @property
    def republish(self) -> bool:
        return self.plan is not None

    def stop(self, code: int, *messages: str) -> None:
        for message in messages:
            print(message, file=sys.stderr)
        self.exit = code


@contextmanager
def timed(state: BuildState, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        state.timings[stage] = state.timings.get(stage, 0.0) + time.perf_counter() - start


# ---------------------------------------------------------------- steps


def step_folders(s: BuildState) -> None:
    """Refuse, before anything is touched, a site that overlaps an input, the log or a preview."""
    refusal = folders.build_refusal(s.site, s.project.inputs(), s.project.log_dir)
    if refusal:
        s.stop(EXIT_USAGE, f"gongkai：{refusal}\n网站未更新。")


def step_manifest(s: BuildState) -> None:
    """The record of the site as published: a republish builds on it (generator/publish/manifest.py)."""
    p = s.project
    s.key = record.key(p.config_file, engine.docs_dir(p.config),
                            {"reports": str(p.reports.resolve()), "shown": p.shown,
                             "public_contacts": p.settings["public_contacts"], "public_names": p.settings["public_names"],
                             "require_signoff": p.settings["require_signoff"]})
    with timed(s, "读取记录"):
        s.manifest, s.why_full = ((None, "指定了 --full") if s.full
                                  else record.load_manifest(s.cache, s.key, s.site, build_date()))


def step_load(s: BuildState) -> None:
    """Validate and redact every report (those unchanged since the manifest are taken from it)."""
    with timed(s, "校验脱敏"):
        try:
            s.corpus = s.project.load(cache=s.manifest.states if s.manifest else None)
        except RegisterError as exc:
            s.stop(EXIT_INPUT, f"gongkai：{exc}")
            return
    for problem in [*s.corpus.problems.warnings, *s.corpus.problems.errors]:
        print(problem, file=sys.stderr)
    if s.corpus.problems.errors:
        s.stop(EXIT_INPUT, f"发现 {len(s.corpus.problems.errors)} 个错误，网站未更新。请按提示修改后重试。")


def step_secrets(s: BuildState) -> None:
    """What the guard looks for: every withheld string, folded (only new reports' are folded again)."""
    assert s.corpus is not None
    with timed(s, "校验脱敏"):
        s.canonical, s.by_report = record.guarded_secrets(s.cache, s.corpus, reuse=s.manifest is not None)


def step_site(s: BuildState) -> None:
    """The site model: every generated page and file; for a republish, what to write, link and index."""
    assert s.corpus is not None
    settings = engine.site_settings(s.project.config)
    with timed(s, "生成网站"):
        if s.manifest is None:
            s.content = site_content([r.public() for r in s.corpus.published], settings)
            s.digests = ({p.src_uri: record.page_digest(p) for p in s.content.pages},
                         {g.src_uri: record.file_digest(g) for g in s.content.files})
        else:
            known = s.manifest.pages
            s.content = site_content([r.public() for r in s.corpus.published], settings,
                                     report_pages=planner.to_render(s.manifest, s.corpus),
                                     skip=lambda uri, digest: known.get(uri) == digest)
            s.plan = planner.plan(s.manifest, s.corpus, s.content, s.canonical)
            s.plan.reindex = s.plan.reindex or s.reindex
            s.digests = (s.plan.pages, s.plan.generated)
        for report in s.corpus.published:
            report.html = ""  # in the pages now: one copy less of every report in memory


def step_stage(s: BuildState) -> None:
    """A folder beside the site to build in: fresh, or for a republish the previous site (only links)."""
    s.kept, s.listing, s.findings = Kept(), {}, []
    s.staging = publish.stage(s.site, reuse_spare=s.republish)


def step_render(s: BuildState) -> None:
    """The pages, by MkDocs and the theme (generator/engine/mkdocs.py), and the sitemap; for a republish
    MkDocs writes into a fresh folder, whose files are then assembled with the kept ones."""
    assert s.staging is not None and s.corpus is not None and s.content is not None
    with timed(s, "生成网站"):
        output = s.staging if s.plan is None else Path(tempfile.mkdtemp(prefix=f".{s.site.name}.fresh-",
                                                                         dir=s.site.parent))
        try:
            s.rendered = engine.build(s.project.config, output, s.content,
                                      only=s.plan.write if s.plan else None)
            data = sitemap.sitemap(s.project.config.site_url or "",
                                   [*s.rendered.authored_urls, *s.content.urls], build_date())
            (output / "sitemap.xml").write_bytes(data)
            (output / "sitemap.xml.gz").write_bytes(sitemap.gzipped(data))
            folders.mark_site(output)
            engine.release(s.project.config)  # the pages are written: their HTML need not stay in memory
            s.content = None
            gc.collect()
            if s.plan is not None and s.manifest is not None:
                assemble.assemble(s.site, output, s.staging, s.manifest, s.plan)
        finally:
            if output != s.staging:
                shutil.rmtree(output, ignore_errors=True)


def step_index(s: BuildState) -> None:
    """The search index (Pagefind): of every page, or for a republish a second bundle of added reports."""
    assert s.staging is not None and s.rendered is not None
    with timed(s, "搜索索引"):
        if s.plan is None:
            search.index_documents(s.staging, s.rendered.documents)
            search.no_delta(s.staging)
        else:
            assemble.index_delta(s.staging, s.plan)
    s.rendered = None


def step_guard(s: BuildState) -> None:
    """The leak guard and the self-containment check over every byte the site will hold."""
    assert s.staging is not None and s.corpus is not None
    config, settings = s.project.config, s.project.settings
    detectors = DetectorFinder.with_public(settings["public_contacts"])
    own_host = urlsplit(config.site_url or "").hostname
    vendor = engine.theme_dirs(config)
    with timed(s, "发布前检查"):
        if s.plan is None:
            s.findings = [*scan(s.staging, s.corpus.secrets, detectors, vendor, keep=s.kept, canonical=s.canonical),
                          *external_loads(s.staging, own_host, site_url=config.site_url)]
        else:
            s.findings = _guard_republish(s, detectors, own_host, vendor)
    if s.findings and s.plan is not None and not s.plan.reindex and all(
            f.path.startswith(f"{search.FOLDER}/") for f in s.findings):
        s.reindex = True  # a newly withheld word in the main search bundle: rebuild the whole index
        return
    sources = [Source(r.slug, r.file, r.path) for r in s.corpus.published]
    messages = [f"发布前检查：{m}" for m in explain([f for f in s.findings if isinstance(f, Finding)],
                                                 s.staging, sources)]
    messages += [f"发布前检查：{f}" for f in s.findings if not isinstance(f, Finding)]
    if s.findings:
        s.stop(EXIT_INPUT, *messages, "发布前检查未通过：网站未更新。请按上面每一项的改法修改后重试。")


def _guard_republish(s: BuildState, detectors: DetectorFinder, own_host: str | None,
                     vendor: list[Path]) -> list[Finding | ExternalLoad]:
    """Every file written in full; every file carried over for each string withheld for the first time."""
    assert s.staging is not None and s.corpus is not None and s.plan is not None
    config, plan, staging = s.project.config, s.plan, s.staging
    linked = set(plan.linked)
    s.listing.update(record.files_of(staging))  # the same inodes once swapped in
    written = [staging / rel for rel in s.listing if rel not in linked]
    few = len(written) < 400
    findings: list[Finding | ExternalLoad] = [
        *scan(staging, s.corpus.secrets, detectors, vendor, only=written, keep=s.kept, canonical=s.canonical,
              workers=1 if few else None, automaton=record.automaton(s.cache, s.canonical) if few else None),
        *external_loads(staging, own_host, only=written, site_url=config.site_url)]
    if plan.new_secrets:
        store = record.KeptStore(s.cache)
        try:
            findings += scan_kept(store.read(linked), plan.linked, plan.new_secrets)
        finally:
            store.close()
        carried = {bundle_of(rel) for rel in linked if is_index_file(rel)}
        carried -= {bundle_of(rel) for rel in s.listing if rel not in linked and is_index_file(rel)}
        findings += scan_bundles(staging, [staging / b for b in sorted(carried)], guarded(plan.new_secrets))
    return findings


def step_swap(s: BuildState) -> None:
    """The checked site replaces the published one in one step; the published one becomes the spare."""
    assert s.staging is not None
    publish.swap_in(s.staging, s.site)
    s.swapped = True


def step_record(s: BuildState) -> None:
    """The audit log, and the record the next build republishes from."""
    assert s.corpus is not None
    with timed(s, "记录"):
        write_log(s.project.log_dir, s.corpus)
        record.forget(s.cache)
        record.save_guards(s.cache, s.by_report)
        store = record.KeptStore(s.cache)
        try:
            store.write(s.kept, None if s.plan is None else set(s.plan.linked))
        finally:
            store.close()
        rebuilt_search = s.plan is None or s.plan.reindex
        record.save_manifest(s.cache, record.Manifest(
            key=s.key, site=str(s.site), files=s.listing or record.files_of(s.site), pages=s.digests[0],
            generated=s.digests[1], secrets=frozenset(s.canonical),
            delta=[] if rebuilt_search or s.plan is None else s.plan.delta,
            fragments=(record.fragment_ids(s.site / search.FOLDER) if rebuilt_search or s.manifest is None
                       else s.manifest.fragments)),
            [r for r in s.corpus.reports if r.status != INVALID and not r.stopped])


def write_log(log_dir: Path, corpus: Corpus) -> None:
    """The private audit log: category, rule, file and line of each redaction; no original text."""
    log_dir.mkdir(parents=True, exist_ok=True)
    records = [rec.as_dict() for r in corpus.reports if r.status == PUBLISHED for rec in r.records]
    (log_dir / "redaction-log.json").write_text(
        json.dumps({"redactions": records}, ensure_ascii=False) + "\n", encoding="utf-8")


Step = Callable[[BuildState], None]

STEPS: list[tuple[str, Step]] = [
    ("folders", step_folders),
    ("manifest", step_manifest),
    ("load", step_load),
    ("secrets", step_secrets),
    ("site", step_site),
    ("stage", step_stage),
    ("render", step_render),
    ("index", step_index),
    ("guard", step_guard),
    ("swap", step_swap),
    ("record", step_record),
]
AGAIN_FROM = "site"
"""Where the steps start again when the guard asks for the whole search index."""


def run(state: BuildState, steps: list[tuple[str, Step]] | None = None) -> BuildState:
    """Run the steps until one stops the build; a staging folder not swapped in is discarded."""
    steps = steps or STEPS
    names = [name for name, _ in steps]
    i = 0
    try:
        while i < len(steps):
            name, step = steps[i]
            again = state.reindex
            step(state)
            if state.exit is not None:
                break
            if name == "guard" and state.reindex and not again:  # once: the next run rebuilds the index
                publish.discard(state.staging, state.site, reuse_spare=True)  # type: ignore[arg-type]
                i = names.index(AGAIN_FROM)
                continue
            i += 1
    except (engine.EngineError, search.SearchError) as exc:
        state.stop(EXIT_INPUT, f"gongkai：{exc}\n网站未更新。")
    finally:
        if state.staging is not None and not state.swapped:
            publish.discard(state.staging, state.site, reuse_spare=state.republish)
    return state


def summary(state: BuildState) -> str:
    """The first line of a build's report: which kind of build it was."""
    return state.plan.summary if state.plan else f"完整构建（{state.why_full}）。"
