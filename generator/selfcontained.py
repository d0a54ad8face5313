"""Self-containment: the built site loads nothing from another host.

Sites of Chinese government bodies are served in China: no web fonts, CDN scripts or
analytics from elsewhere.  Every resource a page, a stylesheet or an inline style would
*load* (scripts, stylesheets, icons, images, frames, media, CSS ``url()`` and ``@import``)
must be a relative URL or on the site's own host.  Ordinary links (``<a href>``) to other
sites are not loads and are fine.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

LOADING_ATTRIBUTES = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "embed": ("src",), "object": ("data",), "input": ("src",), "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
                "manifest", "preconnect", "dns-prefetch", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)


@dataclass(frozen=True)
class ExternalLoad:
    path: str
    url: str

    def __str__(self) -> str:
        return f"{self.path} 会从外部加载 {self.url}（网站必须自包含：请改为本站文件）"


def is_external(url: str, own_host: str | None) -> bool:
    url = url.strip()
    parts = urlsplit(url)
    if url.startswith("//") or parts.scheme in ("http", "https"):
        return parts.hostname != own_host
    return parts.scheme not in ("", "data")  # ftp:, javascript: and the like are not ours either


LOADING_TAG = re.compile(r"<(%s|link)\b([^>]*)>" % "|".join(LOADING_ATTRIBUTES), re.I)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.I | re.S)


def _page_loads(text: str) -> list[str]:
    """Every URL a page would load: loading attributes of tags, stylesheet links, CSS in styles.

    Output is read, not parsed for publishing: regular expressions that read every tag are
    enough here, and many times faster than a parser over every page of a large site.
    """
    urls: list[str] = []
    for tag, rest in LOADING_TAG.findall(text):
        tag = tag.lower()
        values = {k.lower(): html.unescape(a or b or c) for k, a, b, c in ATTRIBUTE.findall(rest)}
        for attr in LOADING_ATTRIBUTES.get(tag, ()):
            if values.get(attr):
                urls.extend(u.split()[0] for u in values[attr].split(",") if u.strip())
        if tag == "link" and LOADING_RELS & set(values.get("rel", "").lower().split()) and values.get("href"):
            urls.append(values["href"])
    for a, b in STYLE_ATTRIBUTE.findall(text):
        urls.extend(_css_urls(html.unescape(a or b)))
    for css in STYLE_ELEMENT.findall(text):
        urls.extend(_css_urls(css))
    return urls


def _css_urls(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def external_loads(site: Path, own_host: str | None, only: list[Path] | None = None) -> list[ExternalLoad]:
    """Every resource under ``site`` (or in the files ``only``) that would be loaded from another host."""
    found: list[ExternalLoad] = []
    for path in sorted(site.rglob("*") if only is None else only):
        rel = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".htm"):
            urls = _page_loads(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix == ".css":
            urls = _css_urls(path.read_text(encoding="utf-8", errors="replace"))
        else:
            continue
        found.extend(ExternalLoad(rel, url) for url in urls if is_external(url, own_host))
    return found
