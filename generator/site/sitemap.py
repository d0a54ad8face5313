"""The sitemap: every page of the site, written by Gongkai rather than MkDocs.

MkDocs lists the pages of its own run; a republish renders only the pages that changed
(``generator/publish/``), so the list comes from the core, which knows every page.
"""

from __future__ import annotations

import datetime as _dt
import gzip
from xml.sax.saxutils import escape

from generator.site.address import site_root


def sitemap(site_url: str, urls: list[str], date: _dt.date) -> bytes:
    """``urls`` relative to the site root ("" for the home page)."""
    base = site_root(site_url)
    rows = "".join(f"    <url>\n         <loc>{escape(base + u)}</loc>\n         <lastmod>{date.isoformat()}</lastmod>\n"
                   "    </url>\n" for u in sorted(set(urls)))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + rows + "</urlset>").encode("utf-8")


def gzipped(data: bytes) -> bytes:
    """gzip with no time stamp and no file name: the same bytes for the same sitemap."""
    return gzip.compress(data, compresslevel=9, mtime=0)
