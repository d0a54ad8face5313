"""Rendering the redacted token stream to public HTML, then sanitizing it with bleach."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import bleach
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote.index import footnote_tail

from .schema import CATEGORIES

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "section", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = {
    "*": ["class"],
    "a": ["href", "title", "id", "class"],
    "img": ["src", "alt", "title"],
    "h1": ["id"], "h2": ["id"], "h3": ["id"], "h4": ["id"], "h5": ["id"], "h6": ["id"],
    "li": ["id", "class"],
    "sup": ["id", "class"],
    "ol": ["start", "class"],
    "td": ["class", "colspan", "rowspan"],
    "th": ["class", "colspan", "rowspan"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
ALIGN = re.compile(r"text-align:\s*(left|right|center)")


def _render_redaction(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    category = token.meta["category"]
    text = html.escape(token.content)
    return (f'<span class="gk-redacted gk-redacted--{_css(category)}" title="{html.escape(category)}">'
            f"［{text}］</span>")


def _render_redaction_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    category = token.meta["category"]
    return (f'<div class="gk-redacted-block gk-redacted--{_css(category)}">'
            f'<p><span class="gk-redacted">［{html.escape(token.content)}］</span></p></div>\n')




def _css(category: str) -> str:
    return CATEGORIES[category].css if category in CATEGORIES else "other"


def install_renderers(md: MarkdownIt) -> None:
    md.add_render_rule("redaction", _render_redaction)
    md.add_render_rule("redaction_block", _render_redaction_block)


def finish_footnotes(md: MarkdownIt, tokens: list[Token], env: dict[str, Any]) -> list[Token]:
    """Move footnotes to the end, once redaction is done; drop notes whose only reference was withheld."""
    notes = env.get("footnotes", {}).get("list")
    if notes:
        referenced = {c.meta.get("id") for t in tokens for c in (t.children or [])
                      if c.type == "footnote_ref"}
        for key in [k for k in notes if k not in referenced]:
            del notes[key]
    state = StateCore("", md, env)
    state.tokens = tokens
    footnote_tail(state)
    return state.tokens


def _heading_text(inline: Token, with_notices: bool = True) -> str:
    kinds = ("text", "code_inline", "redaction") if with_notices else ("text", "code_inline")
    return "".join(c.content for c in inline.children or [] if c.type in kinds).strip()


def slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^\w\-]+", "-", text.strip().lower(), flags=re.U).strip("-") or "section"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def prepare(tokens: list[Token]) -> list[dict[str, Any]]:
    """Give headings ids from their redacted text; turn table alignment into classes.

    Returns the table of contents (h2 and h3) as nested dicts: level, id, name, children.
    """
    used: set[str] = set()
    toc: list[dict[str, Any]] = []
    for i, token in enumerate(tokens):
        if token.type in ("th_open", "td_open"):
            style = token.attrGet("style")
            if style:
                match = ALIGN.search(str(style))
                del token.attrs["style"]
                if match:
                    token.attrSet("class", f"gk-align-{match.group(1)}")
        if token.type == "heading_open":
            name = _heading_text(tokens[i + 1])
            ident = slug(_heading_text(tokens[i + 1], with_notices=False), used)
            token.attrSet("id", ident)
            level = int(token.tag[1])
            entry = {"level": level, "id": ident, "name": name, "children": []}
            if level == 2:
                toc.append(entry)
            elif level == 3 and toc:
                toc[-1]["children"].append(entry)
    return toc


def sanitize(raw_html: str) -> str:
    """The allow-list of HTML a report may publish: no script, handler, style, iframe or comment."""
    return bleach.clean(raw_html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        protocols=ALLOWED_PROTOCOLS, strip=True, strip_comments=True)


def render(md: MarkdownIt, tokens: list[Token], env: dict[str, Any]) -> str:
    return sanitize(md.renderer.render(tokens, md.options, env))


# ---------------------------------------------------------------- the reviewers' preview

PREVIEW_TAGS = ALLOWED_TAGS | {"mark"}
PREVIEW_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "mark": ["class", "id", "title"], "div": ["class", "id", "title"],
                      "span": ["class", "title"]}


def _record_of(env: dict[str, Any], token: Token) -> tuple[int, str]:
    number = token.meta.get("number") or 0
    records = env.get("records") or []
    label = records[number - 1].rule_label if 0 < number <= len(records) else token.meta["rule"]
    return number, label


def _preview_redaction(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    category = token.meta["category"]
    number, label = _record_of(env, token)
    inner = (self.renderInline(token.children, options, env) if token.children
             else html.escape(token.meta.get("original") or ""))
    tip = html.escape(f"{category} · {label} · 公开为「{token.content}」")
    return (f'<mark class="pv-redacted pv--{_css(category)}" id="r{number}" title="{tip}">{inner}'
            f'<span class="pv-tag">[{number}] {html.escape(category)} · {html.escape(label)}</span></mark>')


def _preview_redaction_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    category = token.meta["category"]
    number, label = _record_of(env, token)
    inner = self.render(token.children or [], options, env)
    tip = html.escape(f"{category} · {label} · 公开为「{token.content}」")
    return (f'<div class="pv-redacted-block pv--{_css(category)}" id="r{number}" title="{tip}">'
            f'<span class="pv-tag">[{number}] {html.escape(category)} · {html.escape(label)} · '
            f'公开为「{html.escape(token.content)}」</span>\n{inner}</div>\n')


def install_preview_renderers(md: MarkdownIt) -> None:
    """The same token stream, rendered for reviewers: every redaction shown in place, labelled."""
    md.add_render_rule("redaction", _preview_redaction)
    md.add_render_rule("redaction_block", _preview_redaction_block)


def render_preview(md: MarkdownIt, tokens: list[Token], env: dict[str, Any]) -> str:
    raw = md.renderer.render(tokens, md.options, env)
    return bleach.clean(raw, tags=PREVIEW_TAGS, attributes=PREVIEW_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS,
                        strip=True, strip_comments=True)
