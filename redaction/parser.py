"""The one Markdown parser for reports: markdown-it-py with the markers of contract §4.

CommonMark + GFM tables and strikethrough + footnotes, raw HTML allowed (it is
sanitized after rendering), inline spans ``[text]{.类别}`` / ``[text]{custom-style="类别"}``
and pandoc fenced divs ``::: 类别`` … ``:::`` (with proper nesting).
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.utils import is_code_block

MIN_COLONS = 3


def _colon_run(state: StateBlock, line: int) -> tuple[int, str] | None:
    """(number of colons, rest of line) when ``line`` starts with ``:::``, else None."""
    start = state.bMarks[line] + state.tShift[line]
    end = state.eMarks[line]
    pos = start
    while pos < end and state.src[pos] == ":":
        pos += 1
    if pos - start < MIN_COLONS:
        return None
    return pos - start, state.src[pos:end].strip()


def fenced_div(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Pandoc fenced divs: an opening fence has attributes, a bare fence closes the innermost."""
    if is_code_block(state, start_line):
        return False
    opening = _colon_run(state, start_line)
    if opening is None:
        return False
    colons, params = opening
    problems: list[dict[str, Any]] = state.env.setdefault("marker_problems", [])
    if not params:
        if not silent:
            problems.append({"line": start_line, "kind": "stray_close"})
            state.line = start_line + 1
            token = state.push("fenced_div_stray", "", 0)
            token.map = [start_line, start_line + 1]
        return True
    if silent:
        return True

    depth = 1
    line = start_line
    closed = False
    while True:
        line += 1
        if line >= end_line:
            break
        start = state.bMarks[line] + state.tShift[line]
        if start < state.eMarks[line] and state.sCount[line] < state.blkIndent:
            break
        if is_code_block(state, line):
            continue
        run = _colon_run(state, line)
        if run is None:
            continue
        if run[1]:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                closed = True
                break
    if not closed:
        problems.append({"line": start_line, "kind": "unclosed", "params": params})

    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "fenced_div"
    state.lineMax = line
    token = state.push("fenced_div_open", "div", 1)
    token.markup = ":" * colons
    token.block = True
    token.info = params
    token.map = [start_line, line]
    state.md.block.tokenize(state, start_line + 1, line)
    token = state.push("fenced_div_close", "div", -1)
    token.markup = ":" * colons
    token.block = True
    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = line + (1 if closed else 0)
    return True


def make_parser() -> MarkdownIt:
    """The markdown-it-py instance every report is parsed (and rendered) with."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # footnotes stay where they are defined until redaction is done (see render.finish_footnotes)
    md.use(footnote_plugin, inline=False, move_to_end=False)
    md.use(attrs_plugin, spans=True, after=("span_close",))
    md.block.ruler.before(
        "fence", "fenced_div", fenced_div,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    return md


def parse(md: MarkdownIt, body: str) -> tuple[list[Token], dict[str, Any]]:
    """Parse a report body once; ``env`` carries footnotes and marker problems."""
    env: dict[str, Any] = {}
    tokens = md.parse(body, env)
    return tokens, env
