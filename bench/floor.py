"""The floor: a plain ``mkdocs build`` of the same redacted pages, with the same theme and plugins.

    python bench/floor.py PROJECT_DIR

Runs the redaction pipeline once (not timed), writes every generated page — already
redacted, as HTML — into a docs folder beside the authored pages, and times a plain MkDocs
build of it with Material, without the gongkai plugin, followed by the same Pagefind search
index the site gets (what any MkDocs site with Pagefind search pays). What Gongkai adds on top
of this (validation, redaction, checks, atomic publishing) is its own cost.
"""

from __future__ import annotations

import datetime as _dt
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.search import pagefind as search  # noqa: E402
from generator.site.pages import SiteSettings, site_content  # noqa: E402
from redaction.pipeline import load  # noqa: E402


def prepare(project: Path) -> Path:
    """A MkDocs project of the same pages, ready for a plain build; returns its config file."""
    floor = project / "floor"
    shutil.rmtree(floor, ignore_errors=True)
    shutil.copytree(project / "content", floor / "docs")
    corpus = load(project / "reports", _dt.date(2026, 11, 20))
    content = site_content([r.public() for r in corpus.published], SiteSettings(site_url="https://www.xixian.gov.cn/zdxzjc/"))
    for page in content.pages:
        path = floor / "docs" / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump({"title": page.title, "description": page.description}, allow_unicode=True)
        path.write_text(f"---\n{front}---\n\n<div markdown=\"0\">\n{page.html}\n</div>\n", encoding="utf-8")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8").split("\nmarkdown_extensions:")[0])
    config.update(docs_dir="docs", site_dir="site", plugins=[], markdown_extensions=["tables", "md_in_html"])
    config["not_in_nav"] = "/reports/\n/catalogue/*/\n"
    (floor / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return floor / "mkdocs.yml"


def timed_build(config: Path) -> float:
    """Wall time of ``mkdocs build`` and the Pagefind index of its output."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    start = time.perf_counter()
    subprocess.run([str(mkdocs), "build", "-q", "-f", str(config)], check=True)
    search.index(config.parent / "site")
    return time.perf_counter() - start


if __name__ == "__main__":
    print(f"plain mkdocs build: {timed_build(prepare(Path(sys.argv[1]))):.1f} s")
