"""The ``gongkai`` plugin's typed configuration (the ``plugins: - gongkai:`` block of mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class FooterConfig(Config):
    """The footer Chinese government sites carry (all optional; empty lines are left out)."""

    主办单位 = c.Type(str, default="")
    """The body that runs the site, e.g. the county government's office (县人民政府办公室)."""
    承办单位 = c.Type(str, default="")
    """The body that operates it."""
    地址 = c.Type(str, default="")
    联系电话 = c.Type(str, default="")
    """A public office number (list it in public_contacts too)."""
    电子邮箱 = c.Type(str, default="")
    网站标识码 = c.Type(str, default="")
    ICP备案号 = c.Type(str, default="")
    公安机关备案号 = c.Type(str, default="")
    党政机关网站标识链接 = c.Type(str, default="")
    """The verification address issued with the 党政机关网站标识."""
    党政机关网站标识图片 = c.Type(str, default="")
    """The mark's image, as a file of the site (nothing is loaded from elsewhere)."""


class JurisdictionConfig(Config):
    """Whose disclosures these are, and under which Measures (every county has its own, under 国令第713号)."""

    政府 = c.Type(str)
    """The government that approves the evaluations and publishes them, e.g. 某县人民政府."""
    办法 = c.Type(str)
    """The full title of the Measures, without 《》, e.g. 某县重大行政决策跟踪反馈和后评估办法（试行）."""


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

    public_names = c.ListOfItems(c.Type(str), default=[])
    """Names that are public wherever they appear (e.g. the county's leaders): never a suspected private name."""

    require_signoff = c.Type(bool, default=True)
    """Publish only reports whose sign-off (gongkai approve) matches their current content."""

    unit_slugs = c.DictOfItems(c.Type(str), default={})
    """Executing unit → URL segment of its catalogue page; without one, the unit's name in pinyin."""

    jurisdiction = c.SubConfig(JurisdictionConfig)
    """Whose disclosures these are (mkdocs.yml ``jurisdiction:``; both names are required)."""

    footer = c.SubConfig(FooterConfig)
    """The site footer."""
