"""Running MkDocs: the only place the CLI touches it (load mkdocs.yml, build a folder)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from redaction.pipeline import Corpus

from .pages import SiteContent, SiteSettings
from .plugin import site_settings as _site_settings


class EngineError(Exception):
    """MkDocs refused the configuration or the build."""


def load(config_file: Path) -> MkDocsConfig:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        return load_config(str(config_file))
    except (ConfigurationError, Abort, OSError) as exc:
        raise EngineError(f"{config_file}：配置有误：{exc}") from exc


def settings(config: MkDocsConfig) -> dict[str, Any]:
    """The gongkai plugin's settings, as plain values for the core."""
    plugin = config.plugins["gongkai"]
    return {"reports_dir": plugin.config.reports_dir, "log_dir": plugin.config.log_dir,
            "site_dir": config.site_dir, "public_contacts": list(plugin.config.public_contacts),
            "require_signoff": plugin.config.require_signoff}


def site_settings(config: MkDocsConfig) -> SiteSettings:
    return _site_settings(config, config.plugins["gongkai"].config)


def docs_dir(config: MkDocsConfig) -> Path:
    return Path(config.docs_dir)


def theme_dirs(config: MkDocsConfig) -> list[Path]:
    """The theme's folders, in lookup order (the site's own docs come first in MkDocs, not here)."""
    return [Path(d) for d in config.theme.dirs if Path(d) != Path(config.docs_dir)]


def build(config: MkDocsConfig, corpus: Corpus, site_dir: Path, content: SiteContent | None = None,
          only: set[str] | None = None, index_search: bool = True) -> None:
    """Build the site for ``corpus`` into ``site_dir`` (a fresh staging folder).

    A republish hands in the ``content`` it rendered, the generated pages and files to write
    (``only``) and indexes the changed pages for search itself (``index_search`` off).
    """
    plugin = config.plugins["gongkai"]
    plugin.corpus, plugin.content, plugin.only, plugin.index_search = corpus, content, only, index_search
    plugin.run_by_gongkai = True
    config.site_dir = str(site_dir)
    try:
        mkdocs_build(config)
    except (Abort, ConfigurationError) as exc:
        raise EngineError(f"MkDocs 构建失败：{exc}") from exc


def search_seconds(config: MkDocsConfig) -> float:
    """How long the last build spent on the search index."""
    return config.plugins["gongkai"].search_seconds


def release(config: MkDocsConfig) -> None:
    """Let go of the pages' HTML after a build (the checks that follow fork worker processes)."""
    plugin = config.plugins["gongkai"]
    plugin.content, plugin.pages, plugin.search_documents = None, {}, {}
