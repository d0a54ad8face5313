"""Images: local raster files only, published without EXIF/GPS or text chunks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from tests.conftest import BODY, messages, report_text, run_report


def with_image(markdown: str) -> str:
    return report_text(body=BODY.replace("执行总体顺畅。", markdown))


def gps_jpeg(path: Path) -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "张建华"  # Artist
    exif[0x8825] = {1: "N", 2: (32.0, 21.0, 10.0), 3: "E", 4: (114.0, 44.0, 5.0)}  # GPS IFD
    Image.new("RGB", (8, 8), "blue").save(path, format="JPEG", exif=exif)
    return path.read_bytes()


def test_image_is_published_without_exif_or_gps(tmp_path):
    first = run_report(with_image("![现场](photo.png)"))  # creates the reports folder
    folder = first.path.parent
    raw = gps_jpeg(folder / "gps.jpg")
    assert b"GPS" in raw or b"\x88\x25" in raw or "张建华".encode() in raw
    state = run_report(with_image("![现场照片](gps.jpg)"))
    assert messages(state) == []
    [asset] = state.assets
    assert asset.name.startswith("img/") and asset.name.endswith(".jpg")
    assert f'src="{asset.name}"' in state.html
    with Image.open(io.BytesIO(asset.data)) as image:
        assert not image.getexif()
    assert "张建华".encode() not in asset.data and b"Exif" not in asset.data


def test_png_text_chunks_are_dropped():
    folder = run_report(with_image("![图](photo.png)")).path.parent
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "李秀英 13812345678")
    Image.new("RGB", (4, 4), "green").save(folder / "chart.png", pnginfo=info)
    state = run_report(with_image("![图表](chart.png)"))
    assert messages(state) == []
    assert b"13812345678" not in state.assets[0].data and b"Author" not in state.assets[0].data


@pytest.mark.parametrize("src, expected", [
    ("https://example.com/a.png", "不能引用外部网址"),
    ("//cdn.example.com/a.png", "不能引用外部网址"),
    ("/abs/a.png", "不能引用外部网址或绝对路径"),
    ("missing.png", "找不到图片文件"),
    ("drawing.svg", "格式「.svg」不支持"),
    ("../../../etc/passwd.png", "必须放在报告目录之内"),
])
def test_unusable_images_are_errors(src, expected):
    state = run_report(with_image(f"![图]({src})"))
    found = messages(state)
    assert any(expected in m for m in found), found
    assert found[0].startswith("reports/2023/t.md:")


def test_broken_image_file_is_an_error():
    folder = run_report(with_image("![图](photo.png)")).path.parent
    (folder / "broken.png").write_bytes(b"not an image")
    assert any("无法读取图片" in m for m in messages(run_report(with_image("![图](broken.png)"))))
