"""The site's own address: mkdocs.yml's ``site_url`` as the root that every absolute address starts with."""

from __future__ import annotations


def site_root(site_url: str) -> str:
    """``site_url`` with exactly one trailing slash (a page's address is the root + its path)."""
    return site_url if site_url.endswith("/") else site_url + "/"
