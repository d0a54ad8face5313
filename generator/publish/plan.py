"""What a republish does: which pages and files it writes, which it drops, how search is indexed.

``plan`` compares the site model of this build with the manifest (``manifest.py``) by digest;
nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.publish.manifest import Manifest, file_digest, page_digest
from generator.site.pages import SiteContent
from redaction.pipeline import Corpus

DELTA_LIMIT = 300
"""Added report pages the second search bundle may hold before the whole index is rebuilt."""


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
