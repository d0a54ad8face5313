"""Pagefind's index chunks read back into each page's text, on indexes the real binary builds."""

from __future__ import annotations

import gzip
import random
import shutil
from pathlib import Path

import cbor2
import pytest

from generator.search import chunks as pagefind_index
from generator.search.chunks import FILTERS, IndexFormatError, page_texts, page_words
from generator.search.pagefind import index_documents

A = "reports/2023/a/"
B = "reports/2023/b/"
DOCUMENTS = {
    A: '<div data-pagefind-body><h1>标题</h1><p>受访群众李国强同志表示满意，电话咨询</p></div>',
    B: '<div data-pagefind-body data-pagefind-filter="年份:2023"><h1>回访</h1><p>受访群众王秀英同志反映问题</p></div>',
}


def words_of(text: str) -> str:
    """``text`` as Pagefind indexes it: lower case, without punctuation or white space."""
    return "".join(c.lower() for c in text if c.isalnum())


def chunks(bundle: Path) -> list[bytes]:
    """The CBOR of every chunk of ``bundle``, unpacked from gzip."""
    return [gzip.decompress(p.read_bytes()) for p in sorted((bundle / "index").glob("*.pf_index"))]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("small")
    index_documents(site, DOCUMENTS)
    return site / "pagefind"


@pytest.fixture(scope="module")
def long_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Forty pages of 3,000 characters: more words than one chunk holds."""
    rnd = random.Random(7)
    vocabulary = ("评估 报告 政策 实施 群众 满意 调查 问卷 乡镇 街道 财政 资金 项目 建设 管理 服务 改革 风险 "
                  "决策 执行 效果 指标 数据 分析 建议 措施 部门 社会 经济 环境 教育 医疗 养老 就业 交通").split()
    texts = {}
    for i in range(40):
        parts: list[str] = []
        while sum(map(len, parts)) < 3000:
            roll = rnd.random()
            if roll < 0.05:
                parts.append(rnd.choice("王李张刘陈杨赵黄周吴") + rnd.choice("秀建国志海德") + rnd.choice("英华强勇涛明"))
            elif roll < 0.08:
                parts.append(str(rnd.randint(1, 99999)))
            elif roll < 0.1:
                parts.append(rnd.choice([" Pagefind ", " CBOR ", " Café ", " GDP "]))
            elif roll < 0.18:
                parts.append(rnd.choice("，。；、："))
            else:
                parts.append(rnd.choice(vocabulary))
        texts[f"long/{i}/"] = "".join(parts)[:3000]
    site = tmp_path_factory.mktemp("long")
    index_documents(site, {url: f"<div data-pagefind-body><p>{text}</p></div>" for url, text in texts.items()})
    return site / "pagefind", texts


def test_a_segmented_name_comes_back_whole(small: Path) -> None:
    """王秀英 is indexed as 王 / 秀英: no chunk holds the name, the rebuilt page does."""
    raw = b"".join(chunks(small))
    assert "王秀英".encode() not in raw
    assert "秀英".encode() in raw and "王".encode() in raw
    # a name in the segmenter's dictionary stays one word, in the chunk as on the page
    assert "李国强".encode() in raw
    texts = page_texts(small)
    assert "王秀英" in texts["/" + B]
    assert "李国强" in texts["/" + A]


def test_each_page_comes_back_in_order_under_its_own_address(small: Path) -> None:
    texts = page_texts(small)
    assert texts["/" + A] == words_of("标题受访群众李国强同志表示满意，电话咨询")
    assert texts["/" + B] == words_of("回访受访群众王秀英同志反映问题")


def test_words_can_be_had_apart(small: Path) -> None:
    assert page_texts(small, sep=" ")["/" + B] == "回访 受访 群众 王 秀英 同志 反映 问题"


def test_titles_and_filters_are_read_too(small: Path) -> None:
    words = page_words(small)
    assert "".join(words[f"/{A} (meta title)"]) == "标题"
    assert {"年份", "2023"} <= set(words[FILTERS])


def test_long_pages_come_back_word_for_word(long_pages: tuple[Path, dict[str, str]]) -> None:
    bundle, texts = long_pages
    assert len(chunks(bundle)) > 1  # the words of one page are spread over several chunks
    rebuilt = page_texts(bundle)
    for url, text in texts.items():
        assert rebuilt["/" + url] == words_of(text), url


def test_every_index_file_of_a_site_is_in_a_bundle_that_is_read(small: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(small, site / "pagefind")
    shutil.copytree(small, site / "pagefind-delta")
    rels = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    index_files = [r for r in rels if pagefind_index.is_index_file(r)]
    assert {r.rsplit(".", 1)[1] for r in index_files} == {"pf_index", "pf_filter", "pf_meta"}
    assert not any(pagefind_index.is_index_file(r) for r in rels if r.endswith((".pf_fragment", ".js")))
    assert pagefind_index.bundles(site) == [site / "pagefind", site / "pagefind-delta"]
    assert page_texts(site / "pagefind-delta") == page_texts(small)


def test_a_chunk_no_meta_file_lists_is_read_all_the_same(small: Path, tmp_path: Path) -> None:
    bundle = shutil.copytree(small, tmp_path / "pagefind")
    chunk = next((bundle / "index").glob("*.pf_index"))
    shutil.copy(chunk, chunk.with_name("zh_left_over.pf_index"))
    texts = page_texts(bundle)
    assert any(key.startswith("index/zh_left_over.pf_index") and "王秀英" in text for key, text in texts.items())


def damage(small: Path, tmp_path: Path, change: object) -> Path:
    """A copy of the bundle whose chunk's bytes (gzip as written) are passed through ``change``."""
    bundle = shutil.copytree(small, tmp_path / "pagefind")
    chunk = next((bundle / "index").glob("*.pf_index"))
    chunk.write_bytes(change(chunk.read_bytes()))  # type: ignore[operator]
    return bundle


def repack(body: bytes) -> bytes:
    return gzip.compress(b"pagefind_dcd" + body)


def unpack(data: bytes) -> bytes:
    return gzip.decompress(data)[len(b"pagefind_dcd"):]


@pytest.mark.parametrize("change", [
    pytest.param(lambda data: data[: len(data) // 2], id="gzip-cut-short"),
    pytest.param(lambda data: repack(unpack(data)[:-5]), id="cbor-cut-short"),
    pytest.param(lambda data: repack(unpack(data) + b"\x00"), id="bytes-after-the-cbor"),
    pytest.param(lambda data: gzip.compress(b"pagefind_xyz" + unpack(data)), id="other-signature"),
    pytest.param(lambda data: unpack(data), id="not-gzip"),
    pytest.param(lambda data: repack(b"\xff" + unpack(data)[1:]), id="cbor-garbage"),
    # Pagefind 1.4's pages had no metadata positions: a format change, not a page without words
    pytest.param(lambda data: repack(cbor2.dumps([[[w[0], [p[:2] for p in w[1]]] for w in cbor2.loads(unpack(data))[0]]])),
                 id="older-format"),
    pytest.param(lambda data: repack(cbor2.dumps([[[w[0], [[p[0], [-25, 10_000], p[2]] for p in w[1]], w[2]]
                                                     for w in cbor2.loads(unpack(data))[0]]])),
                 id="position-past-the-page"),
])
def test_a_damaged_chunk_stops_the_guard(small: Path, tmp_path: Path, change: object) -> None:
    bundle = damage(small, tmp_path, change)
    with pytest.raises(IndexFormatError, match=r"index/zh_\w+\.pf_index：") as error:
        page_texts(bundle)
    assert "重新构建" in str(error.value) or "更新 generator/search/chunks.py" in str(error.value)


def test_an_unknown_pagefind_version_stops_the_guard(small: Path, tmp_path: Path) -> None:
    bundle = shutil.copytree(small, tmp_path / "pagefind")
    meta = next(bundle.glob("*.pf_meta"))
    value = cbor2.loads(unpack(meta.read_bytes()))
    meta.write_bytes(repack(cbor2.dumps(["1.6.0", *value[1:]])))
    with pytest.raises(IndexFormatError, match="Pagefind 版本 1.6.0"):
        page_texts(bundle)
