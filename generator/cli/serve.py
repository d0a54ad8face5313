"""``gongkai serve``: the built site on this machine, at the path it has on the portal.

The site's absolute addresses (the 404 page's styles, the feeds, the sitemap) start with the
path of ``site_url`` (e.g. ``/zdxzjc/``), so serving ``site/`` at ``/`` shows an unstyled 404
page.  This serves it where it will live — ``http://127.0.0.1:8000/zdxzjc/`` — with a real 404
status for a missing page.  Only a folder ``gongkai build`` made is served (never a preview,
never the reports); it listens on 127.0.0.1 only.  For production, use a web server (README).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import posixpath
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.cli import _context
from generator.exits import EXIT_OK, EXIT_USAGE
from generator.publish.folders import PREVIEW_MARK, SITE_MARK
from generator.site.address import site_root


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files of the site below ``prefix``; anything else is the site's own 404 page."""

    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
        sys.stderr.write("%s %s\n" % (self.log_date_time_string(), format % args))

    def send_head(self):  # type: ignore[no-untyped-def]
        path = unquote(urlsplit(self.path).path)
        if path in ("", "/") and self.prefix != "/":
            self.send_response(302)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return None
        if not path.startswith(self.prefix) or posixpath.basename(path) in (SITE_MARK, PREVIEW_MARK):
            return self._not_found()
        local = Path(self.translate_path(self.path))
        if not (local.is_file() or (local.is_dir() and (local / "index.html").is_file())):
            return self._not_found()
        return super().send_head()

    def translate_path(self, path: str) -> str:
        below = unquote(urlsplit(path).path)[len(self.prefix):]
        return super().translate_path("/" + below)

    def _not_found(self):  # type: ignore[no-untyped-def]
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else "<h1>404</h1>".encode()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


def prefix_of(site_url: str) -> str:
    """The path the site lives at on the portal, e.g. ``/zdxzjc/`` (``/`` without a site_url)."""
    return urlsplit(site_root(site_url)).path or "/" if site_url else "/"


def run(args: argparse.Namespace) -> int:
    ctx = _context(args)
    if isinstance(ctx, int):
        return ctx
    site = (Path(args.site) if args.site else ctx.base / ctx.settings["site_dir"]).resolve()
    if not (site / SITE_MARK).is_file() or (site / PREVIEW_MARK).exists():
        print(f"gongkai：{site} 不是 gongkai build 生成的网站，不会提供。请先运行 gongkai build。", file=sys.stderr)
        return EXIT_USAGE
    prefix = prefix_of(ctx.config.site_url or "")
    handler = functools.partial(type("Handler", (_Handler,), {"prefix": prefix}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print(f"网站：http://127.0.0.1:{server.server_address[1]}{prefix}（只在本机提供；按 Ctrl+C 停止）", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK
