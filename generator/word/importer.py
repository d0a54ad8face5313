"""Word (.docx) reports into the report format: ``gongkai import`` (contract §5).

The pipeline is a list of named steps over one ``ImportState``:

    open → revisions → comments → hidden_text → pandoc → markers → headings → meta_table → hints →
    formatting → tables → blocks → images → markdown → write → check

The first four read the .docx as a zip and refuse what Word carries inside a file but
does not show (tracked changes, comments, hidden text).  ``pandoc`` reads a copy without
the document properties (author, company, last modified by) into pandoc's JSON AST with
``docx+styles``; the next steps rewrite that AST: only the four category styles of Arts.
17/22 become markers, the metadata table becomes the front matter, and everything that
markdown-it (CommonMark) cannot read back exactly is made plain.  Pandoc's
``commonmark_x`` writer then writes the body, and the finished report is run through the
redaction pipeline so the writer hears about every problem at once.

Each step lives with its kind in this room (``docx``, ``pandoc``, ``markers``, ``headings``, ``metadata``,
``commonmark``, ``pictures``, ``writing``); the command is ``generator/cli/importing.py``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.word.commonmark import step_blocks, step_formatting, step_tables
from generator.word.docx import step_comments, step_hidden_text, step_open, step_revisions
from generator.word.headings import step_headings
from generator.word.markers import step_markers
from generator.word.metadata import step_hints, step_meta_table
from generator.word.pandoc import step_pandoc
from generator.word.pictures import step_images
from generator.word.state import ImportState
from generator.word.writing import step_check, step_markdown, step_write

Step = Callable[[ImportState], None]

STEPS: list[tuple[str, Step]] = [
    ("open", step_open),
    ("revisions", step_revisions),
    ("comments", step_comments),
    ("hidden_text", step_hidden_text),
    ("pandoc", step_pandoc),
    ("markers", step_markers),
    ("headings", step_headings),
    ("meta_table", step_meta_table),
    ("hints", step_hints),
    ("formatting", step_formatting),
    ("tables", step_tables),
    ("blocks", step_blocks),
    ("images", step_images),
    ("markdown", step_markdown),
    ("write", step_write),
    ("check", step_check),
]

CHECKPOINTS = {"open", "hidden_text", "pandoc", "hints", "markdown"}
"""After these, a document with errors goes no further: the zip checks all run first, so
one message lists every refusal; nothing is written while any error is known."""


def run(state: ImportState, steps: list[tuple[str, Step]] | None = None) -> ImportState:
    """Run the steps over one document, stopping at the first checkpoint with errors."""
    for name, step in steps or STEPS:
        step(state)
        if name in CHECKPOINTS and state.problems.errors:
            break
    return state


def convert(docx: Path, out: Path, shown: str | None = None) -> ImportState:
    """Import one Word document to ``out`` (a .md path); problems are in the state."""
    with tempfile.TemporaryDirectory(prefix="gongkai-import-") as work:
        return run(ImportState(docx=docx, out=out, shown=shown or docx.as_posix(), workdir=Path(work)))
