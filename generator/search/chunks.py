"""Pagefind's index files read back into each page's words, in the order the page had them.

A chunk (``index/*.pf_index``) lists words in sorted order, each with the pages and word
positions where it occurs, so a name Pagefind segmented into several words (王 / 秀英)
never appears in it as one string.  Putting every word back at its position rebuilds
each page's text, which the leak guard can then search like any other text.

The format, as the installed Pagefind 1.5.2 writes it: read from the source
(``pagefind/src/index/index_words.rs``, ``index_metadata.rs``, ``index_filter.rs``,
``output/mod.rs``, ``pagefind_web/src/index.rs``; 1.5.0-beta.2 for the 1.5 fields), and
checked against files the binary writes, since the source on record does not show the
deltas.  Every file is gzip of ``pagefind_dcd`` + one CBOR value; one meta file per language.

- chunk: ``[[word, [page…], [[form, [page…]]…]]…]]``, the last list holding the
  same word with other diacritics (``café`` beside ``cafe``); a page is
  ``[number, locs, meta_locs]``, its number the delta from the list's previous page.
  ``locs`` is runs of positions: a negative number ``-(weight + 1)`` starts a run, and
  each run's positions are deltas from 0.  ``meta_locs`` is the same with
  ``-(field + 1)``: positions inside a metadata value.
- meta (``pagefind.*.pf_meta``): ``[version, [[fragment hash, word count]…] in page
  order, [[from, to, chunk hash]…], [[filter, filter hash]…], [[sort, [page…]]…],
  [metadata field…]]``.
- filter: ``[filter, [[value, [page…]]…]]``.

Several words at one position (a compound ``cloudcannon`` with its parts ``cloud`` and
``cannon``, an emoji beside a word) are all kept: the longest first, then any other that
is not already inside it.

Speed, measured: 1,000 synthetic report pages of 3,000 characters (1.49 million words,
63 chunks, 2.4 MB gzip) are rebuilt in 0.67-0.74 s (best of 3, two-core build machine),
0.15 s of it gunzip and CBOR; the rest is putting each word at its place, one Python
step per position.  The time grows with the words, so 10,000 such pages take about 7 s.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import gc
import gzip
import io
import json
import zlib
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
"""What Pagefind writes before the data inside every gzip file of a bundle."""

VERSIONS = ("1.5.",)
"""The Pagefind versions whose format this module reads; any other fails the build."""

SUFFIXES = (".pf_meta", ".pf_index", ".pf_filter")
"""Pagefind's CBOR files: only this module can read what they hold."""

FILTERS = "(filters)"
"""The entry holding every filter, filter value, sort key and metadata field name of a bundle."""

MAX_POSITION = 10_000_000
"""No report has this many words: a larger position is a damaged file, not a page."""


Slots = tuple[list[str | None], dict[int, list[str]]]
"""One page's words by position, and the further words that share a position."""


class IndexFormatError(Exception):
    """A Pagefind file is not in the format this module reads; the guard must stop, not skip it."""


def is_index_file(rel: str) -> bool:
    """The file at ``rel`` (a path in the site) is one of Pagefind's CBOR files, read only by ``page_texts``."""
    return rel.endswith(SUFFIXES)


def bundle_of(rel: str) -> str:
    """The bundle folder (``pagefind``, ``pagefind-delta``) that the index file at ``rel`` belongs to."""
    folder, _, name = rel.rpartition("/")
    if not name.endswith(".pf_meta"):
        parent, _, last = folder.rpartition("/")
        if last in ("index", "filter"):
            folder = parent
    return folder


def bundles(site: Path) -> list[Path]:
    """Every bundle folder under ``site`` that holds an index file, so that none is left unread."""
    rels = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    return sorted({site / bundle_of(rel) for rel in rels if is_index_file(rel)})


def page_texts(bundle: Path, sep: str = "") -> dict[str, str]:
    """Each page's words of the ``bundle`` in position order, joined by ``sep``, keyed as ``page_words`` keys them."""
    return {key: sep.join(words) for key, words in page_words(bundle).items()}


def page_words(bundle: Path) -> dict[str, list[str]]:
    """Each page's words of the ``bundle`` in position order, keyed by the page's URL.

    A page's metadata values are keyed ``"<URL> (meta <field>)"``; the strings of the
    meta and filter files are under ``FILTERS``.  A chunk that no meta file lists still
    has every word read, keyed ``"<file> page <n>"``.
    """
    # Decoding makes millions of small lists and numbers and no cycles: the collector,
    # run over them again and again, would take twice as long as the decoding itself.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _page_words(bundle)
    finally:
        if paused:
            gc.enable()


def _page_words(bundle: Path) -> dict[str, list[str]]:
    """``page_words`` with the collector paused."""
    files = {}
    for path in bundle.rglob("*"):
        rel = path.relative_to(bundle).as_posix()
        if path.is_file() and is_index_file(rel) and bundle_of(rel) == "":
            files[rel] = path
    result: dict[str, list[str]] = {}
    strings: list[str] = []
    done: set[str] = set()
    for rel in sorted(r for r in files if r.endswith(".pf_meta")):
        done.add(rel)
        _read_language(bundle, rel, files, done, result, strings)
    for rel in sorted(set(files) - done):
        # Left over from an earlier build: no meta file says whose pages its numbers are,
        # so its words are read all the same, under the file's name instead of a URL.
        if rel.endswith(".pf_index"):
            content: dict[int, Slots] = {}
            meta: dict[tuple[int, int], Slots] = {}
            _decode_chunk(files[rel], rel, content, meta, None, None)
            for n, slots in sorted(content.items()):
                _add(result, f"{rel} page {n}", _words(*slots))
            for (n, field), slots in sorted(meta.items()):
                _add(result, f"{rel} page {n} (meta {field})", _words(*slots))
        else:
            strings.extend(_decode_filter(files[rel], rel, None))
    if strings:
        result[FILTERS] = strings
    return result


def _read_language(bundle: Path, rel: str, files: dict[str, Path], done: set[str],
                   result: dict[str, list[str]], strings: list[str]) -> None:
    """Read one meta file and every chunk and filter file it lists into ``result`` and ``strings``."""
    meta = read(files[rel], rel)
    if not (_is_list(meta, 6) and type(meta[0]) is str and all(type(m) is list for m in meta[1:])):
        raise _shape(rel, "[版本, 页面, 索引分块, 筛选, 排序, 元数据字段]", meta)
    version, pages, chunks, filters, sorts, fields = meta
    if not version.startswith(VERSIONS):
        raise IndexFormatError(
            f"{rel}：Pagefind 版本 {version} 的索引格式未经核对（本模块读取 {'、'.join(v + 'x' for v in VERSIONS)}）。"
            "请先按新版本的源码更新 generator/search/chunks.py，再发布。")
    for page in pages:
        if not (_is_list(page, 2) and type(page[0]) is str and type(page[1]) is int and page[1] >= 0):
            raise _shape(rel, "页面 [片段哈希, 词数]", page)
    for chunk in chunks:
        if not (_is_list(chunk, 3) and all(type(c) is str for c in chunk)):
            raise _shape(rel, "索引分块 [起始词, 结束词, 哈希]", chunk)
    for item in filters:
        if not (_is_list(item, 2) and all(type(c) is str for c in item)):
            raise _shape(rel, "筛选 [名称, 哈希]", item)
    for item in sorts:
        if not (_is_list(item, 2) and type(item[0]) is str and type(item[1]) is list):
            raise _shape(rel, "排序 [名称, 页码列表]", item)
    if not all(type(f) is str for f in fields):
        raise _shape(rel, "元数据字段名列表", fields)
    strings.append(version)
    strings.extend(s for chunk in chunks for s in chunk[:2])
    strings.extend(item[0] for item in filters)
    strings.extend(item[0] for item in sorts)
    strings.extend(fields)

    counts = [count for _, count in pages]
    content: dict[int, Slots] = {}
    meta_words: dict[tuple[int, int], Slots] = {}
    for kind, listed in (("index", [c[2] for c in chunks]), ("filter", [f[1] for f in filters])):
        for hash_ in listed:
            name = f"{kind}/{hash_}.pf_{kind}"
            if name not in files:
                raise IndexFormatError(f"{rel}：列出的 {name} 不存在。搜索索引不完整，请删除该文件夹后重新构建。")
            done.add(name)
            if kind == "index":
                _decode_chunk(files[name], name, content, meta_words, counts, len(fields))
            else:
                strings.extend(_decode_filter(files[name], name, len(pages)))
    keys = [_page_key(bundle, rel, hash_) for hash_, _ in pages]
    for n, key in enumerate(keys):
        # a page can hold no word at all (an empty body): it still has its entry
        _add(result, key, _words(*content[n]) if n in content else [])
    for (n, field), slots in sorted(meta_words.items()):
        _add(result, f"{keys[n]} (meta {fields[field]})", _words(*slots))


def _page_key(bundle: Path, rel: str, hash_: str) -> str:
    """The URL of the page whose fragment is ``hash_``, from the fragment's JSON."""
    path = bundle / "fragment" / f"{hash_}.pf_fragment"
    name = f"fragment/{hash_}.pf_fragment"
    if not path.is_file():
        raise IndexFormatError(f"{rel}：列出的页面片段 {name} 不存在。搜索索引不完整，请删除该文件夹后重新构建。")
    body = _unpack(path, name)
    try:
        url = json.loads(body).get("url")
    except (ValueError, AttributeError) as exc:
        raise IndexFormatError(f"{name}：不是 JSON 对象（{exc}）。请删除该文件夹后重新构建搜索索引。") from exc
    if type(url) is not str:
        raise IndexFormatError(f"{name}：缺少字符串字段 url，实际为 {url!r}。请删除该文件夹后重新构建搜索索引。")
    return url


def read(path: Path, rel: str | None = None) -> Any:
    """The one CBOR value inside the Pagefind file at ``path`` (``rel`` names it in errors)."""
    rel = rel or path.name
    decoder = cbor2.CBORDecoder(io.BytesIO(_unpack(path, rel)))
    try:
        value = decoder.decode()
    except (cbor2.CBORDecodeError, ValueError, RecursionError) as exc:
        raise IndexFormatError(f"{rel}：CBOR 数据已损坏或被截断（{exc}）。请删除该文件夹后重新构建搜索索引。") from exc
    try:
        decoder.read(1)
    except cbor2.CBORDecodeEOF:
        return value
    raise IndexFormatError(f"{rel}：CBOR 数据之后还有多余的字节。文件已损坏，请删除该文件夹后重新构建搜索索引。")


def _unpack(path: Path, rel: str) -> bytes:
    """The bytes after the signature inside the gzip file at ``path``."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, zlib.error) as exc:
        raise IndexFormatError(f"{rel}：不是完整的 gzip 文件（{exc}）。文件已损坏或被截断，"
                               "请删除该文件夹后重新构建搜索索引。") from exc
    if not data.startswith(SIGNATURE):
        raise IndexFormatError(f"{rel}：解压后应以 {SIGNATURE.decode()} 开头，实际为 {data[:12]!r}。"
                               "这不是本模块认识的 Pagefind 格式，请核对 Pagefind 版本后更新 generator/search/chunks.py。")
    return data[len(SIGNATURE):]


def _decode_chunk(path: Path, rel: str, content: dict[int, Slots], meta: dict[tuple[int, int], Slots],
                  counts: list[int] | None, fields: int | None) -> None:
    """Put every word of the chunk at ``path`` at its page and position: ``content``, and ``meta`` by field.

    ``counts`` (each page's word count) and ``fields`` (how many metadata fields) bound
    the page and field numbers; ``None`` for a chunk no meta file lists.
    """
    words = read(path, rel)
    if not (_is_list(words, 1) and type(words[0]) is list):
        raise _shape(rel, "[词条列表]", words)
    try:
        for entry in words[0]:
            if not (_is_list(entry, 3) and type(entry[0]) is str and type(entry[1]) is list
                    and type(entry[2]) is list):
                raise _shape(rel, "词条 [词, 页面列表, 变体列表]", entry)
            _place(entry[0], entry[1], content, meta, counts, fields, rel)
            for variant in entry[2]:
                if not (_is_list(variant, 2) and type(variant[0]) is str and type(variant[1]) is list):
                    raise _shape(rel, "变体 [写法, 页面列表]", variant)
                _place(variant[0], variant[1], content, meta, counts, fields, rel)
    except TypeError as exc:  # a position that is not a number
        raise _shape(rel, "位置列表只含整数", exc) from exc


def _place(word: str, pages: list[Any], content: dict[int, Slots], meta: dict[tuple[int, int], Slots],
           counts: list[int] | None, fields: int | None, rel: str) -> None:
    """Put ``word`` at every position ``pages`` gives it."""
    n = 0
    least = 0
    for page in pages:
        if type(page) is not list or len(page) != 3:
            raise _shape(rel, "页面 [页码, 位置列表, 元数据位置列表]", page)
        step, locs, meta_locs = page
        if type(step) is not int or type(locs) is not list or type(meta_locs) is not list:
            raise _shape(rel, "页面 [页码, 位置列表, 元数据位置列表]", page)
        # page numbers too are deltas, from 0 in each list, and each page comes once
        if step < least:
            raise _shape(rel, "页码递增", step)
        least = 1
        n += step
        known = content.get(n)
        if known is None:
            if counts is not None and n >= len(counts):
                raise _shape(rel, f"页码 0 至 {len(counts) - 1}", n)
            known = content[n] = ([None] * counts[n] if counts is not None else [], {})
        slots, extra = known
        at = 0
        # the hot loop of the module: no call per position unless a page must grow
        for v in locs:
            if v < 0:  # -(weight + 1): a new run of positions, as deltas from 0
                at = 0
                continue
            at += v
            try:
                here = slots[at]
            except IndexError:
                # past the word count the meta file gives: positions no longer mean
                # what they meant, and the rebuilt text could not be trusted
                if counts is not None:
                    raise _shape(rel, f"第 {n} 页的位置小于其词数 {counts[n]}", at) from None
                _grow(slots, at, rel)
                here = None
            if here is None:
                slots[at] = word
            else:
                extra.setdefault(at, []).append(word)
        if meta_locs:
            _place_meta(word, n, meta_locs, meta, fields, rel)


def _place_meta(word: str, n: int, meta_locs: list[int], meta: dict[tuple[int, int], Slots],
                fields: int | None, rel: str) -> None:
    """Put ``word`` at every position of page ``n``'s metadata values that ``meta_locs`` gives it."""
    field = -1
    at = 0
    for v in meta_locs:
        if v < 0:  # -(field + 1): positions inside that metadata value, as deltas from 0
            field, at = -v - 1, 0
            if fields is not None and field >= fields:
                raise _shape(rel, f"元数据字段 0 至 {fields - 1}", field)
            continue
        if field < 0:
            raise _shape(rel, "元数据位置列表以字段标记（负数）开头", meta_locs)
        at += v
        slots, extra = meta.setdefault((n, field), ([], {}))
        if at >= len(slots):
            _grow(slots, at, rel)
        if slots[at] is None:
            slots[at] = word
        else:
            extra.setdefault(at, []).append(word)


def _grow(slots: list[str | None], at: int, rel: str) -> None:
    """Make room for position ``at`` in a page whose length no meta file gives."""
    if at > MAX_POSITION:
        raise _shape(rel, f"位置不超过 {MAX_POSITION}", at)
    slots.extend([None] * (at + 1 - len(slots)))


def _decode_filter(path: Path, rel: str, pages: int | None) -> list[str]:
    """The filter's name and every value of the filter file at ``path``."""
    value = read(path, rel)
    if not (_is_list(value, 2) and type(value[0]) is str and type(value[1]) is list):
        raise _shape(rel, "[筛选名称, 取值列表]", value)
    strings = [value[0]]
    for item in value[1]:
        if not (_is_list(item, 2) and type(item[0]) is str and type(item[1]) is list
                and all(type(n) is int and 0 <= n < (pages if pages is not None else n + 1) for n in item[1])):
            raise _shape(rel, "取值 [值, 页码列表]", item)
        strings.append(item[0])
    return strings


def _words(slots: list[str | None], extra: dict[int, list[str]]) -> list[str]:
    """A page's words in position order; where several share a position, the longest first."""
    for at, others in extra.items():
        here = sorted({w for w in (slots[at], *others) if w}, key=lambda w: (-len(w), w))
        kept = here[0]
        for other in here[1:]:
            if other not in kept:  # a compound's parts are inside it; an emoji beside it is not
                kept += other
        slots[at] = kept
    return list(filter(None, slots))


def _add(result: dict[str, list[str]], key: str, words: list[str]) -> None:
    """Add one entry; two pages with one URL (Pagefind shares a fragment between identical pages) keep both."""
    base, n = key, 1
    while key in result:
        n += 1
        key = f"{base} ({n})"
    result[key] = words


def _is_list(value: Any, length: int) -> bool:
    return type(value) is list and len(value) == length


def _shape(rel: str, expected: str, found: Any) -> IndexFormatError:
    text = repr(found)
    text = text if len(text) <= 80 else text[:77] + "…"
    return IndexFormatError(f"{rel}：应为 {expected}，实际为 {text}。这不是本模块认识的 Pagefind 格式："
                            "文件已损坏，或 Pagefind 改了格式（请核对版本后更新 generator/search/chunks.py）。")
