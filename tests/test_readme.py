"""The README works in a user's clone: every link it has resolves inside the repository."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent


def links(path: Path) -> list[str]:
    found = []
    for token in MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8")):
        for child in token.children or []:
            if child.type in ("link_open", "image"):
                found.append(str(child.attrGet("href") or child.attrGet("src")))
    return found


def test_every_link_of_the_readme_resolves_inside_the_repository() -> None:
    targets = links(ROOT / "README.md")
    assert len(targets) >= 4
    for target in targets:
        parts = urlsplit(target)
        if parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1":
            continue  # the local address `gongkai serve` prints
        assert not parts.scheme and not parts.netloc, target
        path = (ROOT / unquote(parts.path)).resolve()
        assert path.is_relative_to(ROOT) and path.exists(), target
