"""Atom feeds of new disclosures: for the whole site, and one per executing unit.

Art. 17 has each unit publish on its own site as well: a unit's site can follow its feed.
Feeds carry public fields only, and are reproducible (``updated`` is the newest 发布日期,
never the build time).
"""

from __future__ import annotations

import datetime as _dt
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from generator.site.address import site_root
from generator.site.catalogue import Entry

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50  # the newest disclosures; older ones are in the catalogue and the open data


def _stamp(day: _dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def atom(title: str, path: str, entries: list[Entry], site_url: str) -> bytes:
    """An Atom 1.0 document for ``entries`` (newest first), served at ``path`` below ``site_url``."""
    base = site_root(site_url)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "title", title)
    sub(feed, "id", urljoin(base, path))
    sub(feed, "link", rel="self", type="application/atom+xml", href=urljoin(base, path))
    sub(feed, "link", rel="alternate", type="text/html", href=base)
    newest = max((e.published for e in entries), default=_dt.date(2021, 1, 1))
    sub(feed, "updated", _stamp(newest))
    for entry in entries[:ENTRIES]:
        item = sub(feed, "entry")
        sub(item, "title", str(entry["标题"]))
        sub(item, "id", urljoin(base, entry.url))
        sub(item, "link", rel="alternate", type="text/html", href=urljoin(base, entry.url))
        sub(item, "published", _stamp(entry.published))
        sub(item, "updated", _stamp(entry.published))
        author = sub(item, "author")
        sub(author, "name", str(entry["执行单位"]))
        sub(item, "category", term=str(entry["评估结论"]), label=f"评估结论：{entry['评估结论']}")
        sub(item, "summary", f"评估结论：{entry['评估结论']}。{entry['结论摘要']}", type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
