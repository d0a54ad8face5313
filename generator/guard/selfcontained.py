"""Self-containment: the built site loads nothing from another host.

Sites of Chinese government bodies are served in China: no web fonts, CDN scripts or
analytics from elsewhere.  Every resource a page, a stylesheet or an inline style would
*load* (scripts, stylesheets, icons, images, frames, media, CSS ``url()`` and ``@import``)
must resolve to the site's own host.  Ordinary links (``<a href>``) to other sites are not
loads and are fine.

Every URL is resolved the way a browser resolves it: HTML entities and CSS escapes decoded,
then the WHATWG URL parser (``ada_url``) against the page's own address or its ``<base>``.
Backslashes, tabs inside the URL, ``//host``, ``https:\\host`` and the like are therefore
read as the browser reads them, not as ``urllib`` does.  What cannot be parsed is reported:
the check fails closed.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

import ada_url

from generator.site.address import site_root

DUMMY_ROOT = "https://gongkai.invalid/"  # the page address when the site's host is unknown: .invalid never resolves


@dataclass(frozen=True)
class ExternalLoad:
    """One resource a built file would load from outside the site."""

    path: str
    """The file, relative to the site folder."""
    url: str
    """The URL as the browser reads it (entities and CSS escapes decoded)."""
    resolved: str = ""
    """The address the browser would load; empty when the URL cannot be parsed."""
    line: int = 0
    """The line of the file where the URL (or its tag) is."""
    base: bool = False
    """True for a ``<base href>`` that sends every relative address of the page elsewhere."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.base:
            target = self.resolved or "（无法解析）"
            return (f"{where} 的 <base href=\"{self.url}\"> 指向外部地址 {target}，页面上所有相对地址"
                    "都会从那里加载（网站必须自包含：请删除 <base> 或改为本站地址）")
        how = f"浏览器解析为 {self.resolved}" if self.resolved else "地址无法解析，按外部地址处理"
        return f"{where} 会从外部加载 {self.url}（{how}；网站必须自包含：请改为本站文件）"


@dataclass(frozen=True)
class _Site:
    """Where the site is served: the address of its root and the prefixes of its own addresses."""

    root: str
    own: tuple[str, ...]
    scheme_known: bool


def _site(own_host: str | None, site_url: str | None) -> _Site:
    """The site as ``site_url`` gives it (it wins over ``own_host``), else as ``own_host``, else a dummy."""
    if site_url:
        try:
            root = ada_url.URL(site_root(site_url))
            if root.protocol in ("http:", "https:") and root.host:
                return _Site(root.href, (f"https://{root.host}/", f"http://{root.host}/"), True)
        except ValueError:
            pass
    if own_host:
        try:
            host = ada_url.URL(f"https://{own_host}/").host
            return _Site(f"https://{host}/", (f"https://{host}/", f"http://{host}/"), False)
        except ValueError:
            pass
    return _Site(DUMMY_ROOT, (DUMMY_ROOT,), False)


C0_AND_SPACE = "".join(map(chr, range(0x21)))
TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# A path with no scheme, no authority and no backslash: relative to a page of the site, it stays there.
# Only a fast path (most loads of a Material page are of this form); everything else goes to ada_url.
PLAIN_RELATIVE = re.compile(r"(?!//)[A-Za-z0-9_.~%+/-]*(?:[?#][\s\S]*)?\Z")


def _resolve(url: str, base: str, site: _Site) -> str | None:
    """The address a browser loads for ``url`` on a page whose base URL is ``base``; None if unparseable."""
    if not site.scheme_known and SCHEME.match(TAB_OR_NEWLINE.sub("", url.strip(C0_AND_SPACE))):
        # https:x.png is relative on an https page but https://x.png/ on an http one: not knowing
        # the site's scheme, read a URL with a scheme as if it were absolute (the worse case).
        try:
            return ada_url.URL(url).href
        except ValueError:
            pass
    try:
        return ada_url.join_url(base, url)
    except ValueError:
        return None


def _is_own(href: str, site: _Site) -> bool:
    # the href is serialized by ada_url: a host followed by "/" is the whole authority, so a
    # prefix match cannot be fooled by user info (own@evil) or a longer host (own.evil)
    return href.startswith(site.own) or href.startswith("data:")


def is_external(url: str, own_host: str | None, base: str | None = None, *, site_url: str | None = None) -> bool:
    """Whether a page at ``base`` (the site's root by default) would load ``url`` from another host."""
    site = _site(own_host, site_url)
    href = _resolve(url, base or site.root, site)
    return href is None or not _is_own(href, site)


# --- CSS -----------------------------------------------------------------------------------------

ESCAPE = r"\\(?:[0-9a-fA-F]{1,6}[\t\n ]?|[^\n0-9a-fA-F]|\Z)"
IDENT = rf"(?:--|-?(?:[A-Za-z_\u0080-\U0010ffff]|{ESCAPE}))(?:[A-Za-z0-9_\-\u0080-\U0010ffff]|{ESCAPE})*+"
CSS_TOKEN = re.compile(rf"""
    (?P<comment>/\*[\s\S]*?(?:\*/|\Z))
  | (?P<string>"(?P<dq>(?:[^"\\\n]|\\[\s\S])*+)(?:"|(?=\n)|\Z)|'(?P<sq>(?:[^'\\\n]|\\[\s\S])*+)(?:'|(?=\n)|\Z))
  | (?P<at>@)?(?P<ident>{IDENT})(?P<function>\()?
  | (?P<open>\()
  | (?P<close>\))
  | (?P<end>[;{{}}])
  | (?P<space>[\t\n ]+)
  | [^"'/@()\\;{{}}\t\n A-Za-z_\-\u0080-\U0010ffff]+
  | [\s\S]
""", re.X)
URL_TOKEN = re.compile(rf"""[\t\n ]*((?:[^"'()\\\t\n \x00-\x08\x0b\x0e-\x1f\x7f]|{ESCAPE})*+)[\t\n ]*(?:\)|\Z)""")
BAD_URL = re.compile(r"(?:[^)\\]|\\[\s\S])*(?:\)|\Z)")
QUOTE_AHEAD = re.compile(r"[\t\n ]*['\"]")
ESCAPE_SEQUENCE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[\t\n ]?|(\n)|([\s\S])|\Z)")
CSS_NEWLINE = re.compile(r"\r\n?|\f")
UNREADABLE = "\0"  # marks a CSS url( the tokenizer could not read: no NUL survives CSS preprocessing
URL_FUNCTIONS = {"url", "src", "image", "image-set", "-webkit-image-set", "-moz-image-set", "-o-image-set"}
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _css_unescape(text: str) -> str:
    """CSS escapes decoded: ``\\2f`` and ``\\/`` are both ``/``; an escaped new line is nothing."""
    def one(m: re.Match[str]) -> str:
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        if m.group(2):
            return ""
        return m.group(3) or "\ufffd"
    return ESCAPE_SEQUENCE.sub(one, text) if "\\" in text else text


def _css_urls(css: str) -> list[tuple[int, str]]:
    """Every URL a stylesheet would load, with its offset: ``url()``, ``image-set()``, ``@import``, ``src()``.

    A small CSS tokenizer, after CSS Syntax 3: ``url(`` with or without quotes, escaped
    function names (``\\75 rl(``), strings inside ``image-set()`` and after ``@import``.
    Strings anywhere else (``local("Font")``, ``format("woff2")``, ``content``) are not URLs.
    """
    css = CSS_NEWLINE.sub("\n", css).replace("\0", "\ufffd")
    found: list[tuple[int, str]] = []
    functions: list[str] = []
    after: str = ""  # the at-rule whose prelude is being read: "import" or "namespace"
    pos = 0
    while (m := CSS_TOKEN.match(css, pos)) is not None:
        pos = m.end()
        kind = "ident" if m.group("ident") is not None else m.lastgroup
        if kind in ("comment", "space"):
            continue
        if kind == "string":
            if after == "import" or (functions and functions[-1] in URL_FUNCTIONS and after != "namespace"):
                text = m.group("dq") if m.group("dq") is not None else m.group("sq")
                found.append((m.start(), _css_unescape(text)))
            after = "" if after == "import" else after
            continue
        if kind == "ident" and m.group("at"):
            after = _css_unescape(m.group("ident")).translate(ASCII_LOWER)
            continue
        if after == "import":
            after = ""
        if kind == "ident" and m.group("function"):
            name = _css_unescape(m.group("ident")).translate(ASCII_LOWER)
            if name == "url" and not QUOTE_AHEAD.match(css, pos):
                token = URL_TOKEN.match(css, pos)
                if token is None:  # a bad url: the browser loads nothing, but a misreading here must not pass
                    bad = BAD_URL.match(css, pos)
                    end = bad.end() if bad else len(css)  # BAD_URL matches everywhere (it may end at \Z)
                    if after != "namespace":
                        found.append((m.start(), UNREADABLE + css[pos:end].rstrip(")")))
                    pos = end
                    continue
                if after != "namespace":
                    found.append((m.start(), _css_unescape(token.group(1))))
                pos = token.end()
                continue
            functions.append(name)
        elif kind == "open":
            functions.append("")
        elif kind == "close":
            if functions:
                functions.pop()
        elif kind == "end" and after:
            after = ""
    return found


# --- HTML ----------------------------------------------------------------------------------------

# What a tag may load, by element (names as the HTML parser lower-cases them).  <image> outside SVG
# becomes <img>; SVG <script> takes href; table cells still honour the old background attribute.
LOADING_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "script": ("src", "href", "xlink:href"), "img": ("src", "srcset"),
    "image": ("src", "srcset", "href", "xlink:href"), "iframe": ("src",), "frame": ("src",),
    "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "embed": ("src",), "object": ("data",), "input": ("src",), "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"), "pattern": ("href", "xlink:href"),
    "lineargradient": ("href", "xlink:href"), "radialgradient": ("href", "xlink:href"),
    "textpath": ("href", "xlink:href"), "mpath": ("href", "xlink:href"),
    "body": ("background",), "table": ("background",), "tr": ("background",), "td": ("background",),
    "th": ("background",), "link": ("href", "imagesrcset"),
}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
# A <link> loads unless every one of its rel keywords is known not to: an unknown keyword fails closed.
NAVIGATION_RELS = {"alternate", "author", "bookmark", "canonical", "external", "help", "license", "next", "prev",
                   "nofollow", "noopener", "noreferrer", "opener", "tag", "me", "privacy-policy",
                   "terms-of-service", "first", "last", "up", "start"}

WS = r"[\t\n\f\r ]"
# An attribute as the HTML tokenizer reads it: a name that may start with "=", values quoted or not
ATTRIBUTE_PATTERN = (rf"""[^\t\n\f\r />][^\t\n\f\r />=]*+"""
                     rf"""(?:{WS}*+={WS}*+(?:"[^"]*+"|'[^']*+'|[^\t\n\f\r >"'][^\t\n\f\r >]*+|))?""")
TAG_BODY = rf"(?:[\t\n\f\r /]++|{ATTRIBUTE_PATTERN})*+"
ATTRIBUTE = re.compile(rf"""([^\t\n\f\r />][^\t\n\f\r />=]*+)"""
                       rf"""(?:{WS}*+={WS}*+(?:"([^"]*+)"|'([^']*+)'|([^\t\n\f\r >"'][^\t\n\f\r >]*+|)))?""")
LOADING_TAG = re.compile(rf"<(?=[A-Za-z])({'|'.join(LOADING_ATTRIBUTES)}|base)(?=[\t\n\f\r />])({TAG_BODY})>?", re.I)
STYLE_ATTRIBUTE = re.compile(rf"""[\t\n\f\r /"']style{WS}*+={WS}*+(?:"([^"]*+)"|'([^']*+)'|([^\t\n\f\r >]*+))""",
                             re.I)
STYLE_ELEMENT = re.compile(rf"<style(?=[\t\n\f\r />]){TAG_BODY}>?([\s\S]*?)(?:</style(?=[\t\n\f\r />])|\Z)", re.I)
# a candidate: a URL (a run without white space; trailing commas end the candidate), then its
# descriptors up to a comma outside parentheses
SRCSET_CANDIDATE = re.compile(r"[\t\n\f\r ,]*+([^\t\n\f\r ]*+)(?:(?<!,)(?:[^,(]++|\([^)]*+\)?)*+,?)?")
MARKUP_TYPES = ("text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/xml")


def _attributes(body: str) -> dict[str, str]:
    """The tag's attributes, names lower-cased, values with entities decoded; the first of a name wins."""
    values: dict[str, str] = {}
    for m in ATTRIBUTE.finditer(body):
        values.setdefault(m.group(1).lower(), html.unescape(m.group(2) or m.group(3) or m.group(4) or ""))
    return values


def _srcset(value: str) -> list[str]:
    """The URL of every candidate, as the HTML srcset parser splits them (a URL may hold commas)."""
    urls: list[str] = []
    for m in SRCSET_CANDIDATE.finditer(value):
        url = m.group(1).rstrip(",")
        if url:
            urls.append(url)
    return urls


def _page_urls(text: str) -> tuple[list[tuple[int, str]], tuple[int, str] | None, list[tuple[int, str]]]:
    """A page's loaded URLs with offsets, its first ``<base href>``, and its ``srcdoc`` documents.

    Output is read, not parsed for publishing: regular expressions that follow the HTML
    tokenizer's rules for tags and attributes are enough here, and many times faster than a
    parser over every page of a large site.  Comments, scripts and templates are read too:
    a load there is reported rather than argued about.
    """
    urls: list[tuple[int, str]] = []
    base: tuple[int, str] | None = None
    srcdocs: list[tuple[int, str]] = []
    for m in LOADING_TAG.finditer(text):
        tag, values = m.group(1).lower(), _attributes(m.group(2))
        if tag == "base":
            if base is None and "href" in values:
                base = (m.start(), values["href"])
            continue
        if tag == "iframe" and "srcdoc" in values:
            srcdocs.append((m.start(), values["srcdoc"]))
        if tag == "link" and not set(values.get("rel", "").lower().split()) - NAVIGATION_RELS:
            continue
        for name in LOADING_ATTRIBUTES.get(tag, ()):
            if name in values:
                found = _srcset(values[name]) if name in SRCSET_ATTRIBUTES else [values[name]]
                urls.extend((m.start(), url) for url in found)
    for m in STYLE_ATTRIBUTE.finditer(text):
        css = html.unescape(m.group(1) or m.group(2) or m.group(3) or "")
        urls.extend((m.start(), url) for _, url in _css_urls(css))
    for m in STYLE_ELEMENT.finditer(text):
        css, start = m.group(1), m.start(1)
        # raw text in HTML, but inside <svg> the parser decodes entities: read it both ways
        for variant in {css, html.unescape(css)} if "&" in css else (css,):
            urls.extend((start + min(offset, len(css)), url) for offset, url in _css_urls(variant))
    return urls, base, srcdocs


def _data_document(href: str) -> tuple[str, str] | None:
    """A ``data:`` URL holding a stylesheet or a document (which can load in turn): its kind and text."""
    header, comma, payload = href[5:].partition(",")
    mime = header.split(";")[0].strip().lower()
    kind = "css" if mime == "text/css" else "html" if mime in MARKUP_TYPES else None
    if kind is None or not comma:
        return None
    data = unquote_to_bytes(payload)
    if header.lower().replace(" ", "").endswith(";base64"):
        try:
            data = base64.b64decode(re.sub(rb"[\t\n\f\r ]", b"", data) + b"==")
        except ValueError:
            return None
    return kind, data.decode("utf-8", errors="replace")


class _Reader:
    """Finds the external loads of one file, given the site it belongs to."""

    def __init__(self, site: _Site, path: str, text: str) -> None:
        self.site, self.path, self.text = site, path, text
        self.found: list[ExternalLoad] = []
        self.seen: set[tuple[int, str]] = set()

    def line(self, offset: int) -> int:
        """The line at ``offset``: counted only for what is reported, so clean pages cost nothing."""
        return self.text.count("\n", 0, offset) + 1

    def check(self, offset: int, url: str, base: str, base_is_own: bool, depth: int = 0) -> None:
        """Report ``url`` (found at ``offset``) if a page whose base URL is ``base`` would load it from elsewhere."""
        if (offset, url) in self.seen or not TAB_OR_NEWLINE.sub("", url.strip(C0_AND_SPACE)):
            return  # an empty URL loads the page itself, or nothing
        self.seen.add((offset, url))
        if url.startswith(UNREADABLE):
            self.found.append(ExternalLoad(self.path, url[1:], "", self.line(offset)))
            return
        if base_is_own and PLAIN_RELATIVE.match(url):
            return
        href = _resolve(url, base, self.site)
        if href is None or not _is_own(href, self.site):
            self.found.append(ExternalLoad(self.path, url, href or "", self.line(offset)))
        elif href.startswith("data:") and depth < 3 and (inner := _data_document(href)) is not None:
            kind, text = inner  # a data: stylesheet or frame can itself load from elsewhere
            for _, nested in _css_urls(text) if kind == "css" else self.page_urls(text):
                self.check(offset, nested, href, False, depth + 1)

    @staticmethod
    def page_urls(text: str) -> list[tuple[int, str]]:
        """A nested document's URLs, all at the offset of what holds it (its own base ignored: it fails closed)."""
        urls, base, _ = _page_urls(text)
        return [(0, url) for _, url in urls] + ([(0, base[1])] if base else [])

    def page(self, text: str, address: str, at: int | None = None) -> None:
        """Check a page (or an iframe's srcdoc, found at ``at``) whose own address is ``address``."""
        def place(offset: int) -> int:
            return offset if at is None else at

        urls, base_tag, srcdocs = _page_urls(text)
        base, base_is_own = address, _is_own(address, self.site)
        if base_tag is not None:  # the first <base href> rules the whole page, as in the browser
            offset, href = base_tag
            resolved = _resolve(href, address, self.site)
            if resolved is None or not _is_own(resolved, self.site):
                self.found.append(ExternalLoad(self.path, href, resolved or "", self.line(place(offset)), True))
            if resolved is not None:  # an unparseable base is ignored by the browser
                base, base_is_own = resolved, _is_own(resolved, self.site) and not resolved.startswith("data:")
        for offset, url in sorted(urls, key=lambda item: item[0]):
            self.check(place(offset), url, base, base_is_own)
        for offset, srcdoc in srcdocs:  # about:srcdoc resolves against the page's base URL
            self.page(srcdoc, base, place(offset))

    def stylesheet(self, address: str) -> None:
        """Check a CSS file served at ``address``: its ``url()`` resolve against the stylesheet, not a page."""
        for offset, url in _css_urls(self.text):
            self.check(offset, url, address, _is_own(address, self.site))


def external_loads(site: Path, own_host: str | None, only: list[Path] | None = None, *,
                   site_url: str | None = None) -> list[ExternalLoad]:
    """Every resource under ``site`` (or in the files ``only``) that would be loaded from another host.

    Each file is read at the address it will be served from: ``site_url`` (mkdocs.yml's) plus
    its path in the site; with only ``own_host``, the root of that host; with neither, a
    dummy own host, so that every absolute URL counts as external.
    """
    where = _site(own_host, site_url)
    found: list[ExternalLoad] = []
    for path in sorted(site.rglob("*") if only is None else only):
        suffix = path.suffix.lower()
        if suffix not in (".html", ".htm", ".svg", ".css"):
            continue
        rel = path.relative_to(site).as_posix()
        reader = _Reader(where, rel, path.read_text(encoding="utf-8", errors="replace"))
        address = where.root + quote(rel, safe="/")
        if suffix == ".css":
            reader.stylesheet(address)
        else:
            reader.page(reader.text, address)
        found.extend(reader.found)
    return found
