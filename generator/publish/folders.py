"""Which folders a command may write, decided before anything is touched.

Every folder Gongkai writes carries a mark a later command recognises: a published site
(and so its spare, the previous site kept beside it) holds ``SITE_MARK``, a reviewers'
preview ``PREVIEW_MARK``.  From the marks and the configured folders follow the rules:

- ``gongkai build`` writes a site only where no input is (reports, authored pages,
  ``mkdocs.yml``), where the log and cache folder is not (the cache holds withheld text),
  never into a preview, and never over a folder of other files (a swap would move them
  into the spare, and the next build would delete them);
- ``gongkai preview`` writes only into a new or empty folder or an earlier preview, never
  into, around or beside a site, and never where an input or the log is.

A refusal is a sentence saying what was asked, what is in the way and what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.publish.swap import spare_of

SITE_MARK = ".gongkai-site"
SITE_MARK_TEXT = "由 gongkai build 生成的公开网站。\n"
PREVIEW_MARK = ".gongkai-preview"
PREVIEW_MARK_TEXT = "由 gongkai preview 生成的内部预览，含不予公开的原文，不得公开。\n"
LEGACY_SITE = "assets/gongkai/gongkai.css"
"""A site built before sites were marked has Gongkai's stylesheet."""


def mark_site(folder: Path) -> None:
    """Mark a folder MkDocs has just written as a Gongkai site (a new file: no link is written through)."""
    (folder / SITE_MARK).write_text(SITE_MARK_TEXT, encoding="utf-8")


def mark_preview(folder: Path) -> None:
    path = folder / PREVIEW_MARK
    if not path.is_file():
        path.write_text(PREVIEW_MARK_TEXT, encoding="utf-8")


def is_site(folder: Path) -> bool:
    return (folder / SITE_MARK).is_file() or (folder / LEGACY_SITE).is_file()


def is_preview(folder: Path) -> bool:
    return (folder / PREVIEW_MARK).is_file()


def _overlap(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def _marked_above(folder: Path, test: Callable[[Path], bool]) -> Path | None:
    """``folder`` or the nearest folder above it that ``test`` recognises."""
    for candidate in (folder, *folder.parents):
        if test(candidate):
            return candidate
    return None


def _nonempty(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir())


def _inputs(named: dict[str, Path]) -> list[tuple[str, Path]]:
    return [(what, path.resolve()) for what, path in named.items()]


def build_refusal(site: Path, inputs: dict[str, Path], log_dir: Path) -> str | None:
    """Why ``gongkai build`` may not write the site at ``site``, or None.

    ``inputs``: what the build reads, by name (报告目录, 手写页面目录, 配置文件 …).
    """
    site, log_dir = site.resolve(), log_dir.resolve()
    spare = spare_of(site)
    for what, path in _inputs(inputs):
        for name, target in (("网站目录", site), ("上一版网站（.spare）", spare)):
            if _overlap(path, target):
                return (f"{name} {target} 与{what} {path} 重叠（相同、包含或位于其中）。"
                        "发布时网站目录会被整个替换并移作上一版，其中的源文件会被删除。请换一个网站目录（--site）。")
        if what != "配置文件" and _overlap(path, log_dir):
            return (f"记录目录（log_dir）{log_dir} 与{what} {path} 重叠。"
                    "请在 mkdocs.yml 中把 log_dir 设为单独的目录（默认 build）。")
    for target in (site, spare):
        if _overlap(log_dir, target):
            return (f"记录目录（log_dir）{log_dir} 与网站目录 {target} 重叠：记录和缓存含有不予公开的原文，"
                    "绝不能放在网站里或包含网站。请在 mkdocs.yml 中把 log_dir 设为网站目录之外的目录（默认 build）。")
    preview = _marked_above(site, is_preview)
    if preview is not None:
        return f"{preview} 是内部预览目录（含不予公开的原文），不能作为或包含公开网站。请换一个网站目录。"
    if _nonempty(site) and not is_site(site):
        return (f"网站目录 {site} 已有其他文件，且不是 gongkai 生成的网站。发布会把它整个替换，"
                "原有文件会被移走并在下次发布时删除。请换一个新的或空的目录，或先把其中的文件移走。")
    return None


def preview_refusal(out: Path, site: Path, inputs: dict[str, Path], log_dir: Path) -> str | None:
    """Why the reviewers' preview may not be written to ``out``, or None.

    Never into or around a site (the configured one, any marked one, or a spare), never beside
    the configured site under a name a deployment's wildcard could take along (site-preview,
    site.old …), never where an input or the log is, and only into a new or empty folder or an
    earlier preview.
    """
    out, site, log_dir = out.resolve(), site.resolve(), log_dir.resolve()
    if _overlap(out, site):
        return f"预览含有原文，不能写入、包含或位于公开网站目录 {site}。请换一个目录（默认 preview）。"
    marked = _marked_above(out, is_site)
    if marked is not None:
        return f"{marked} 是 gongkai 生成的公开网站（或其上一版），预览含有原文，不能写入其中。请换一个目录（默认 preview）。"
    if out.parent == site.parent and out.name.startswith(site.name):
        return f"预览目录 {out.name} 与公开网站目录 {site.name} 同名开头且并排，容易被一起发布，不能使用。"
    for what, path in _inputs({**inputs, "记录目录（log_dir）": log_dir}):
        if _overlap(out, path):
            return f"预览目录 {out} 与{what} {path} 重叠。预览会覆盖其中的文件，请换一个目录（默认 preview）。"
    if _nonempty(out) and not is_preview(out):
        return (f"预览目录 {out} 已有其他文件，且不是以前生成的预览。请换一个新的或空的目录（默认 preview）。")
    if out.is_dir() and any(is_site(child) for child in out.iterdir() if child.is_dir()):
        return f"预览目录 {out} 中有 gongkai 生成的公开网站，不能使用。"
    return None
