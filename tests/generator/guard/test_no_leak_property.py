"""Property, through the real build: identifiers put into reports are nowhere under the site."""

from __future__ import annotations

import gzip
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BODY, ROOT, copy_config, report_text, tiny_png
from tests.generator.publish.test_swap import gongkai
from tests.strategies import chinese_words, identifier, places


def bare(text: str) -> str:
    return re.sub(r"[^0-9a-z@]", "", unicodedata.normalize("NFKC", text).casefold())


def site_text(site: Path) -> str:
    parts = []
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".gz", ".txt", ".csv"):
            data = path.read_bytes()
            parts.append((gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8"))
        parts.append(path.name)
    return bare("\n".join(parts))


report = st.lists(st.tuples(identifier(), places, chinese_words), min_size=1, max_size=5)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports=st.lists(report, min_size=1, max_size=6))
def test_no_identifier_survives_the_build(reports):
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        copy_config(project)
        shutil.copytree(ROOT / "content", project / "content")
        tiny_png(project / "reports" / "2023" / "photo.png")
        values = []
        for n, items in enumerate(reports):
            snippets = []
            for value, place, word in items:
                values.append(value)
                snippets.append(f"{word}\n\n{place.format(value)}\n\n{word}")
            body = BODY.replace("执行总体顺畅。", "\n\n".join(snippets))
            path = project / "reports" / "2023" / f"r{n}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(report_text(body=body, 标题=f"第{n}号报告"), encoding="utf-8")
        result = gongkai(project, "build")
        assert result.returncode == 0, result.stderr
        catalogue = (project / "site" / "catalogue" / "index.html").read_text(encoding="utf-8")
        assert all(f"第{n}号报告" in catalogue for n in range(len(reports)))  # public text intact
        text = site_text(project / "site")
        for value in values:
            assert bare(value) not in text, value
