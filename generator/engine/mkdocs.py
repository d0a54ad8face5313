"""Running MkDocs: the only place the CLI touches it (load mkdocs.yml, build a folder)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from generator.engine.plugin import GongkaiPlugin
from generator.engine.plugin import site_settings as _site_settings
from generator.site.pages import SiteContent, SiteSettings


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
            "public_names": list(plugin.config.public_names),
            "government": plugin.config.jurisdiction["政府"], "measures": plugin.config.jurisdiction["办法"],
            "require_signoff": plugin.config.require_signoff}


def site_settings(config: MkDocsConfig) -> SiteSettings:
    return _site_settings(config, config.plugins["gongkai"].config)


def docs_dir(config: MkDocsConfig) -> Path:
    return Path(config.docs_dir)


def theme_dirs(config: MkDocsConfig) -> list[Path]:
    """The theme's folders, in lookup order (the site's own docs come first in MkDocs, not here)."""
    return [Path(d) for d in config.theme.dirs if Path(d) != Path(config.docs_dir)]


@dataclass(frozen=True)
class Rendered:
    """What a MkDocs run leaves besides the pages: what the search indexes, and the authored pages."""

    documents: dict[str, str]  # address → the page's indexed HTML
    authored_urls: list[str]  # addresses of the pages of the docs folder


def build(config: MkDocsConfig, site_dir: Path, content: SiteContent, only: set[str] | None = None) -> Rendered:
    """Render ``content`` with MkDocs and the theme into ``site_dir`` (a fresh folder).

    ``only``: the generated pages and files to write (a republish); the others are not rendered.
    """
    plugin = _plugin(config)
    plugin.arm(content, only)
    config.site_dir = str(site_dir)
    try:
        mkdocs_build(config)
    except (Abort, ConfigurationError) as exc:
        raise EngineError(f"MkDocs 构建失败：{exc}") from exc
    return Rendered(plugin.search_documents, plugin.authored_urls)


def release(config: MkDocsConfig) -> None:
    """Let go of the pages' HTML after a build (the checks that follow fork worker processes)."""
    _plugin(config).release()


def _plugin(config: MkDocsConfig) -> GongkaiPlugin:
    plugin = config.plugins["gongkai"]
    if not isinstance(plugin, GongkaiPlugin):
        raise EngineError("mkdocs.yml 的 plugins 中缺少 gongkai")
    return plugin
