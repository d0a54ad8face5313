"""The MkDocs binding: thin event handlers that hand every decision to the core.

Priorities: the default (0) for all handlers.  The plugin writes a site only when
``generator/engine/mkdocs.py`` runs it with the site model, a frozen ``SiteContent`` made from
the redacted reports by the build (``generator/build.py``): plain ``mkdocs build`` and
``mkdocs serve`` are refused in ``on_config``, before MkDocs reads a single page.  ``on_files`` adds the generated pages;
``on_page_markdown`` empties them so Python-Markdown never parses report text;
``on_page_content`` puts the core's sanitized HTML in place and keeps what the search indexes
of each page (``search_documents``), which the build's index step hands to Pagefind.
"""

from __future__ import annotations

import html
from pathlib import Path

import jinja2
import yaml
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from generator.dates import build_date
from generator.engine.config import GongkaiConfig
from generator.site.pages import GeneratedPage, SiteContent, SiteSettings

REFUSE_PLAIN_MKDOCS = (
    "本网站不能用 mkdocs build 或 mkdocs serve 直接生成：那样不经过泄密检查、自包含检查和原子替换，"
    "未标记的个人信息可能直接写进网站目录。发布请运行 gongkai build；审核预览请运行 gongkai preview --serve。")

THEME = Path(__file__).parent / "theme"  # Gongkai's templates over Material's: reading options, footer, 404


class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    """Publishes the redacted reports and the catalogue as pages of the site."""

    content: SiteContent | None = None  # the site model, handed in by generator/engine/mkdocs.py
    only: set[str] | None = None  # a republish writes just these generated pages and files (src_uri)
    run_by_gongkai: bool = False  # set by generator/engine/mkdocs.py: the only way the plugin may write a site
    pages: dict[str, GeneratedPage]  # the generated pages by src_uri, made in on_config
    search_documents: dict[str, str]  # address → what the search indexes of the page
    authored_urls: list[str]  # addresses of the pages of the docs folder

    def arm(self, content: SiteContent, only: set[str] | None) -> None:
        """Hand in the site model for one run (by generator/engine/mkdocs.py, the only caller)."""
        self.content, self.only, self.run_by_gongkai = content, only, True

    def release(self) -> None:
        """Let go of the pages' HTML after a run."""
        self.content, self.pages, self.search_documents = None, {}, {}

    def on_config(self, config):  # type: ignore[no-untyped-def]
        if not self.config.enabled:
            return config
        if not self.run_by_gongkai or self.content is None:  # plain `mkdocs build` / `mkdocs serve`
            raise Abort(REFUSE_PLAIN_MKDOCS)
        self.pages = {p.src_uri: p for p in self.content.pages}
        self.search_documents = {}
        custom = 1 if config.theme.custom_dir else 0
        if str(THEME) not in config.theme.dirs:
            config.theme.dirs.insert(custom, str(THEME))
        config.extra["gongkai_footer"] = {k: v for k, v in self.config.footer.items() if v}
        return config

    def on_env(self, env, *, config, files):  # type: ignore[no-untyped-def]
        """Compiled templates kept between builds (compiling Material's takes about a second)."""
        if self.config.enabled:
            folder = Path(config.config_file_path).parent / self.config.log_dir / "cache" / "templates"
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        return env

    def on_files(self, files: Files, config) -> Files:  # type: ignore[no-untyped-def]
        if not self.config.enabled:
            return files
        self.authored_urls = ["" if f.url in ("./", ".") else f.url for f in files.documentation_pages()]
        for page in self.pages.values():
            if self.only is not None and page.src_uri not in self.only:
                continue
            # MkDocs and Material put title and meta values into templates as HTML: escape them here
            meta: dict = {"title": html.escape(page.title), "description": html.escape(page.description),
                          **page.meta}
            if not page.toc:
                meta["hide"] = ["navigation", "toc"]  # listings use the whole width for their columns
            parts = page.url.split("/")  # catalogue/unit/<slug>/ and its page/N/
            if parts[:2] == ["catalogue", "unit"] and len(parts) >= 4:
                meta["gongkai_feed"] = "/".join(parts[:3]) + "/feed.xml"  # a unit's pages announce its feed
            front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
            inclusion = (InclusionLevel.NOT_IN_NAV if page.src_uri.startswith("reports/")
                         else InclusionLevel.UNDEFINED)
            files.append(File.generated(config, page.src_uri, content=f"---\n{front}---\n",
                                        inclusion=inclusion))
            for name, data in page.assets:
                files.append(File.generated(config, f"{page.src_uri[:-3]}/{name}", content=data))
        assert self.content is not None  # on_config refused the run otherwise
        for generated in self.content.files:
            if self.only is not None and generated.src_uri not in self.only:
                continue
            files.append(File.generated(config, generated.src_uri, content=generated.data))
        return files

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:  # type: ignore[no-untyped-def]
        if self.config.enabled and page.file.src_uri in self.pages:
            return ""
        return markdown

    def on_page_content(self, content: str, *, page, config, files) -> str:  # type: ignore[no-untyped-def]
        if not self.config.enabled:
            return content
        if page.is_homepage:  # the latest disclosures come first; the authored introduction follows
            assert self.content is not None
            return self.content.home_html + content
        if page.file.src_uri not in self.pages:  # an authored page: searchable like a report
            self.search_documents[page.url] = f"<div data-pagefind-body>\n{content}\n</div>"
            return self.search_documents[page.url]
        generated = self.pages[page.file.src_uri]
        page.toc = get_toc(_escaped(generated.toc))  # type: ignore[arg-type]  # MkDocs' TypedDict of the same shape
        if page.file.src_uri.startswith("reports/"):
            self.search_documents[page.url] = generated.html
        return generated.html


def site_settings(config, plugin_config: GongkaiConfig) -> SiteSettings:  # type: ignore[no-untyped-def]
    return SiteSettings(site_name=config.site_name, site_url=config.site_url or "",
                        unit_slugs=dict(plugin_config.unit_slugs), build_date=build_date(),
                        measures=plugin_config.jurisdiction["办法"])


def _escaped(toc: list[dict]) -> list[dict]:
    """MkDocs expects TOC names as HTML, as Python-Markdown produces them."""
    return [{**e, "name": html.escape(e["name"]), "children": _escaped(e["children"])} for e in toc]
