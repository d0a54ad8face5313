"""Golden files: a report's body → the public HTML, and → the reviewers' preview HTML.

Each case of ``fixtures/public.md`` and ``fixtures/preview.md`` (markdown-it-py's fixture
format: a title line, ``.``, the Markdown, ``.``, the HTML, ``.``) is the content of section
二 of an otherwise fixed report; the expected HTML is what the pipeline renders between that
section's heading and the next.  A change to the rendering shows here line by line.  After a
deliberate change, ``GONGKAI_UPDATE_GOLDEN=1 pytest tests/redaction/test_golden.py`` rewrites
the expected parts; read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from tests.conftest import BODY, front_matter, run_report

FIXTURES = Path(__file__).parent / "fixtures"
TERMS = {"个人隐私": ["王秀英"], "商业秘密": ["每吨 380 元"]}


def section_two(html: str) -> str:
    """The HTML between section 二's heading and section 三's (both rendered from the fixed body)."""
    start = html.index("</h2>", html.index("二、内容分析")) + len("</h2>")
    return html[start:html.index("<h2", start)].strip("\n") + "\n"


def rendered(body: str, preview: bool) -> str:
    state = run_report(front_matter(不予公开=TERMS) + BODY.replace("执行总体顺畅。\n", body), "golden", preview=preview)
    assert not state.problems.errors, [str(p) for p in state.problems.errors]
    return section_two(state.preview_html if preview else state.html)


def cases(name: str) -> list[tuple[int, str, str, str]]:
    return [tuple(case) for case in read_fixture_file(FIXTURES / name)]  # type: ignore[misc]


def update(name: str, preview: bool) -> None:
    """Rewrite the expected HTML of every case of ``name`` from what the pipeline renders now."""
    out = []
    for _, title, markdown, _ in cases(name):
        out.append(f"{title}\n.\n{markdown}.\n{rendered(markdown, preview)}.\n")
    (FIXTURES / name).write_text("\n".join(out), encoding="utf-8")


@pytest.mark.parametrize(("name", "preview"), [("public.md", False), ("preview.md", True)])
def test_fixture_files_are_current(name: str, preview: bool) -> None:
    if os.environ.get("GONGKAI_UPDATE_GOLDEN"):
        update(name, preview)
    assert len(cases(name)) >= 10


@pytest.mark.parametrize(("line", "title", "markdown", "expected"), cases("public.md"), ids=lambda v: str(v)[:40])
def test_public_html(line: int, title: str, markdown: str, expected: str) -> None:
    assert rendered(markdown, preview=False) == expected, f"fixtures/public.md:{line} {title}"


@pytest.mark.parametrize(("line", "title", "markdown", "expected"), cases("preview.md"), ids=lambda v: str(v)[:40])
def test_preview_html(line: int, title: str, markdown: str, expected: str) -> None:
    assert rendered(markdown, preview=True) == expected, f"fixtures/preview.md:{line} {title}"


def test_what_the_public_html_never_holds() -> None:
    """Read across every golden case: no withheld text and no reviewer's mark reaches the public HTML."""
    public = "".join(expected for _, _, _, expected in cases("public.md"))
    for secret in ("张建华", "王秀英", "380", "13812345678", "0011", "<script", "data-rule", "gk-preview"):
        assert secret not in public
