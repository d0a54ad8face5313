"""The ``gongkai`` plugin's typed configuration (the ``plugins: - gongkai:`` block of mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class GongkaiConfig(Config):
    """Settings of the publishing pipeline."""

    enabled = c.Type(bool, default=True)
    """Switch the plugin off (the site then has no reports)."""

    reports_dir = c.Type(str, default="reports")
    """Folder of approved reports, relative to mkdocs.yml (``--reports`` overrides it)."""

    log_dir = c.Type(str, default="build")
    """Where the private redaction audit log is written; never inside the site."""

    public_contacts = c.ListOfItems(c.Type(str), default=[])
    """The site's own public phone numbers and e-mail addresses; the detectors leave these alone."""
