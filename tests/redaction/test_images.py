"""Images: local raster files only, published without EXIF/GPS or text chunks."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from redaction import images
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


# ---------------------------------------------------------------- metadata of every kind, in every container

CORE = "ZHANGJIANHUA-SECRET"
MARKER = CORE + "-测试"
D50 = (0.9642, 1.0, 0.8249)
SRGB_PRIMARIES = ((0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141))
SWAPPED_PRIMARIES = (SRGB_PRIMARIES[1], SRGB_PRIMARIES[0], SRGB_PRIMARIES[2])  # red and green exchanged
XMP = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
       f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{MARKER}</dc:creator>'
       '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
FORBIDDEN_INFO = {"icc_profile", "exif", "comment", "xmp", "dpi", "extension", "Comment"}


def icc_profile(description: str, primaries: tuple[tuple[float, float, float], ...] = SRGB_PRIMARIES) -> bytes:
    """A minimal ICC v4 RGB display profile: sRGB's tone curve, the given primaries, a description."""
    def xyz(values: tuple[float, ...]) -> bytes:
        return b"XYZ " + bytes(4) + b"".join(struct.pack(">i", round(v * 65536)) for v in values)

    text = description.encode("utf-16-be")
    desc = b"mluc" + bytes(4) + struct.pack(">II2s2sII", 1, 12, b"en", b"US", len(text), 28) + text
    curve = b"para" + bytes(4) + struct.pack(">HH", 3, 0) + b"".join(
        struct.pack(">i", round(v * 65536)) for v in (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045))
    tags = [(b"desc", desc), (b"wtpt", xyz(D50)), (b"rXYZ", xyz(primaries[0])),
            (b"gXYZ", xyz(primaries[1])), (b"bXYZ", xyz(primaries[2])),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset, table, body = 128 + 4 + 12 * len(tags), b"", b""
    for signature, data in tags:
        data += bytes(-len(data) % 4)
        table += struct.pack(">4sII", signature, offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I4sI4s4s4s6H4s", size, b"lcms", 0x04300000, b"mntr", b"RGB ", b"XYZ ",
                          2024, 1, 1, 0, 0, 0, b"acsp")
              + bytes(28) + b"".join(struct.pack(">i", round(v * 65536)) for v in D50) + bytes(48))
    return header + struct.pack(">I", len(tags)) + table + body


def exif_block(gps: bool) -> bytes:
    exif = Image.Exif()
    if gps:  # a position, and the marker in the GPS IFD's own text field
        exif[0x8825] = {1: "N", 2: (32.0, 21.0, 10.0), 3: "E", 4: (114.0, 44.0, 5.0),
                        0x1C: b"ASCII\x00\x00\x00" + CORE.encode()}
    else:
        exif[0x013B] = CORE  # Artist
        exif[0x9C9D] = MARKER.encode("utf-16-le") + b"\x00\x00"  # XPAuthor, Windows' own field
    return exif.tobytes()


def png_text(kind: str) -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    if kind == "tEXt":
        info.add_text("Comment", CORE)
    elif kind == "zTXt":
        info.add_text("Comment", CORE, zip=True)
    elif kind == "iTXt":
        info.add_itxt("Comment", MARKER, zip=True)
    else:
        info.add_itxt("XML:com.adobe.xmp", XMP)
    return info


def gif_with_xmp(data: bytes) -> bytes:
    """The GIF with an XMP application extension inserted after its global colour table."""
    flags = data[10]
    at = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    payload = XMP.encode()
    blocks = b"".join(bytes([len(payload[i:i + 255])]) + payload[i:i + 255] for i in range(0, len(payload), 255))
    return data[:at] + b"!\xff\x0bXMP DataXMP" + blocks + b"\x00" + data[at:]


# (container, kind of metadata, what Pillow calls it in info, how to write it, carries the marker)
METADATA = [
    ("PNG", "EXIF", "exif", {"exif": lambda: exif_block(gps=False)}, True),
    ("PNG", "GPS", "exif", {"exif": lambda: exif_block(gps=True)}, True),
    ("PNG", "ICC", "icc_profile", {"icc_profile": lambda: icc_profile(MARKER)}, True),
    ("PNG", "tEXt", "Comment", {"pnginfo": lambda: png_text("tEXt")}, True),
    ("PNG", "zTXt", "Comment", {"pnginfo": lambda: png_text("zTXt")}, True),
    ("PNG", "iTXt", "Comment", {"pnginfo": lambda: png_text("iTXt")}, True),
    ("PNG", "XMP", "xmp", {"pnginfo": lambda: png_text("xmp")}, True),
    ("PNG", "DPI", "dpi", {"dpi": lambda: (300, 300)}, False),
    ("JPEG", "EXIF", "exif", {"exif": lambda: exif_block(gps=False)}, True),
    ("JPEG", "GPS", "exif", {"exif": lambda: exif_block(gps=True)}, True),
    ("JPEG", "ICC", "icc_profile", {"icc_profile": lambda: icc_profile(MARKER)}, True),
    ("JPEG", "COM", "comment", {"comment": lambda: MARKER.encode()}, True),
    ("JPEG", "XMP", "xmp", {"xmp": lambda: XMP.encode()}, True),
    ("JPEG", "DPI", "dpi", {"dpi": lambda: (300, 300)}, False),
    ("GIF", "comment", "comment", {"comment": lambda: MARKER.encode()}, True),
    ("GIF", "XMP", "extension", {}, True),
    ("WEBP", "EXIF", "exif", {"exif": lambda: exif_block(gps=False)}, True),
    ("WEBP", "GPS", "exif", {"exif": lambda: exif_block(gps=True)}, True),
    ("WEBP", "ICC", "icc_profile", {"icc_profile": lambda: icc_profile(MARKER)}, True),
    ("WEBP", "XMP", "xmp", {"xmp": lambda: XMP.encode()}, True),
]
SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}


def searchable(data: bytes) -> bytes:
    """The file's bytes and, for a PNG, every chunk inflated (iCCP, zTXt and iTXt are compressed)."""
    if not data.startswith(b"\x89PNG"):
        return data
    found, at = [data], 8
    while at + 8 <= len(data):
        length, = struct.unpack(">I", data[at:at + 4])
        chunk = data[at + 8:at + 8 + length]
        for start in range(len(chunk) - 1):  # the stream follows a keyword of any length
            cmf, flg = chunk[start], chunk[start + 1]
            if cmf & 0x0F == 8 and (cmf * 256 + flg) % 31 == 0:
                try:
                    found.append(zlib.decompressobj().decompress(chunk[start:]))
                except zlib.error:
                    pass
        at += 12 + length
    return b"".join(found)


def leaks(data: bytes) -> bool:
    text = searchable(data)
    return any(CORE.encode(encoding) in text for encoding in ("ascii", "utf-16-le", "utf-16-be"))


def info_of(data: bytes) -> dict[str, object]:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return dict(image.info) | ({"exif": image.getexif()} if image.getexif() else {})


@pytest.mark.parametrize("container, kind, key, options, marked", METADATA,
                         ids=[f"{c}-{k}" for c, k, *_ in METADATA])
def test_no_metadata_survives_in_any_container(tmp_path, container, kind, key, options, marked):
    source = tmp_path / f"source{SUFFIX[container]}"
    Image.new("RGB", (8, 8), (200, 120, 40)).save(
        source, format=container, **{name: make() for name, make in options.items()})
    if container == "GIF" and kind == "XMP":
        source.write_bytes(gif_with_xmp(source.read_bytes()))
    raw = source.read_bytes()
    assert key in info_of(raw)  # the source really carries it, so the test can fail
    assert leaks(raw) == marked
    data = images.clean(source).data
    assert not leaks(data)
    assert not FORBIDDEN_INFO & info_of(data).keys()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == container and image.size == (8, 8)
        assert not image.getexif().get_ifd(0x8825)


# ---------------------------------------------------------------- what showing the image needs stays

def two_tone(mode: str, left: object, right: object) -> Image.Image:
    """A 16×8 image, left half one colour, right half another (big blocks survive lossy codecs)."""
    image = Image.new(mode, (16, 8), left)
    image.paste(right, (8, 0, 16, 8))
    return image


def palette_image() -> Image.Image:
    image = Image.new("P", (16, 8), 0)
    image.putpalette([0, 255, 0, 255, 0, 0] + [0] * 762)
    image.paste(1, (8, 0, 16, 8))
    return image


# (container, source image, how it is saved, expected RGBA left and right, tolerance)
APPEARANCE = [
    ("PNG", palette_image, {"transparency": 0}, (0, 0, 0, 0), (255, 0, 0, 255), 0),
    ("PNG", lambda: two_tone("RGBA", (200, 120, 40, 128), (10, 20, 30, 255)), {},
     (200, 120, 40, 128), (10, 20, 30, 255), 0),
    ("PNG", lambda: two_tone("RGB", (0, 255, 0), (200, 120, 40)), {"transparency": (0, 255, 0)},
     (0, 0, 0, 0), (200, 120, 40, 255), 0),
    ("PNG", lambda: two_tone("L", 30, 220), {}, (30, 30, 30, 255), (220, 220, 220, 255), 0),
    ("GIF", palette_image, {"transparency": 0}, (0, 0, 0, 0), (255, 0, 0, 255), 0),
    ("WEBP", lambda: two_tone("RGBA", (200, 120, 40, 128), (10, 20, 30, 255)), {},
     (200, 120, 40, 128), (10, 20, 30, 255), 8),
    ("JPEG", lambda: two_tone("RGB", (200, 120, 40), (10, 20, 30)), {},
     (200, 120, 40, 255), (10, 20, 30, 255), 8),
]


def rgba(image: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    pixel = image.convert("RGBA").getpixel(xy)
    return (0, 0, 0, 0) if pixel[3] == 0 else pixel  # a fully transparent pixel has no colour to keep


def close(found: tuple[int, ...], expected: tuple[int, ...], tolerance: int) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found, expected, strict=True))


@pytest.mark.parametrize("container, make, options, left, right, tolerance", APPEARANCE,
                         ids=["png-palette", "png-rgba", "png-rgb-trns", "png-grey", "gif-palette",
                              "webp-rgba", "jpeg-rgb"])
def test_transparency_and_colours_survive(tmp_path, container, make, options, left, right, tolerance):
    source = tmp_path / f"source{SUFFIX[container]}"
    original = make()
    original.save(source, format=container, **options)
    with Image.open(io.BytesIO(images.clean(source).data)) as image:
        assert image.mode == original.mode or container == "WEBP"  # WebP decodes to RGB(A) only
        assert close(rgba(image, (2, 4)), left, tolerance), rgba(image, (2, 4))
        assert close(rgba(image, (13, 4)), right, tolerance), rgba(image, (13, 4))


# (primaries the profile declares, the pixel written, what an sRGB screen must be sent)
ICC_COLOURS = [
    (SRGB_PRIMARIES, (200, 120, 40), (200, 120, 40)),
    (SRGB_PRIMARIES, (30, 60, 220), (30, 60, 220)),
    (SWAPPED_PRIMARIES, (255, 0, 0), (0, 255, 0)),  # "red" in that space is sRGB's green
    (SWAPPED_PRIMARIES, (200, 120, 40), (120, 200, 40)),
]


@pytest.mark.parametrize("container", ["PNG", "JPEG", "WEBP"])
@pytest.mark.parametrize("primaries, written, shown", ICC_COLOURS)
def test_icc_colours_are_converted_to_srgb(tmp_path, container, primaries, written, shown):
    source = tmp_path / f"source{SUFFIX[container]}"
    Image.new("RGB", (16, 16), written).save(source, format=container, icc_profile=icc_profile("x", primaries))
    data = images.clean(source).data
    with Image.open(io.BytesIO(data)) as image:
        assert "icc_profile" not in image.info
        tolerance = 2 if container == "PNG" else 8
        assert close(image.convert("RGB").getpixel((8, 8)), shown, tolerance), image.getpixel((8, 8))


def test_icc_profile_on_a_transparent_palette_image_keeps_transparency(tmp_path):
    source = tmp_path / "source.png"
    palette_image().save(source, transparency=0, icc_profile=icc_profile(MARKER, SWAPPED_PRIMARIES))
    with Image.open(io.BytesIO(images.clean(source).data)) as image:
        assert rgba(image, (2, 4)) == (0, 0, 0, 0)
        assert close(rgba(image, (13, 4)), (0, 255, 0, 255), 2)


# (EXIF orientation, size shown, colour at the top or left, colour at the bottom or right)
ORIENTATIONS = [
    (1, (16, 8), "red", "blue"),
    (3, (16, 8), "blue", "red"),
    (6, (8, 16), "red", "blue"),  # turned a quarter clockwise: the stored left edge is on top
    (8, (8, 16), "blue", "red"),
]


@pytest.mark.parametrize("container", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("orientation, size, first, last", ORIENTATIONS)
def test_exif_orientation_is_applied_before_exif_is_dropped(tmp_path, container, orientation, size,
                                                            first, last):
    source = tmp_path / f"source{SUFFIX[container]}"
    exif = Image.Exif()
    exif[0x0112] = orientation
    two_tone("RGB", "red", "blue").save(source, format=container, exif=exif.tobytes())
    with Image.open(io.BytesIO(images.clean(source).data)) as image:
        assert image.size == size and not image.getexif()
        ends = [(2, 4), (13, 4)] if size == (16, 8) else [(4, 2), (4, 13)]
        colours = {"red": (255, 0, 0), "blue": (0, 0, 255)}
        assert close(image.convert("RGB").getpixel(ends[0]), colours[first], 12)
        assert close(image.convert("RGB").getpixel(ends[1]), colours[last], 12)


def test_animated_gif_keeps_its_first_frame(tmp_path):
    source = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "blue", "green")]
    frames[0].save(source, save_all=True, append_images=frames[1:], duration=100, loop=0, comment=MARKER)
    with Image.open(io.BytesIO(images.clean(source).data)) as image:
        assert getattr(image, "n_frames", 1) == 1
        assert close(image.convert("RGB").getpixel((4, 4)), (255, 0, 0), 0)


# ---------------------------------------------------------------- oversized and disguised files

def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width``×``height`` pixels (nothing that large is allocated)."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    data = bytearray(out.getvalue())
    ihdr = bytes(data[12:16]) + struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:24] = ihdr[4:12]
    data[29:33] = struct.pack(">I", zlib.crc32(ihdr))
    return bytes(data)


# (declared width, height, what the message must say): Pillow's error, Pillow's warning, our limit
BOMBS = [
    (100_000, 100_000, "像素数超过"),
    (10_000, 10_000, "像素数超过"),
    (8_000, 6_000, "图片尺寸为 8000×6000 像素（4800 万像素），超过上限 4000 万像素"),
    (40_001, 1_000, "图片尺寸为 40001×1000 像素"),
]


@pytest.mark.parametrize("width, height, expected", BOMBS)
def test_oversized_images_are_refused_before_decoding(tmp_path, width, height, expected):
    source = tmp_path / "huge.png"
    source.write_bytes(png_declaring(width, height))
    with pytest.raises(ValueError) as caught:
        images.clean(source)
    assert expected in str(caught.value) and "请缩小图片后重新插入" in str(caught.value)
    assert "长边不超过 4000 像素" in str(caught.value)


def test_oversized_file_is_refused_before_reading(tmp_path):
    source = tmp_path / "big.png"
    source.write_bytes(png_declaring(4, 4))
    with source.open("r+b") as file:
        file.truncate(21 * 2**20)  # sparse: no 21 MB are written
    with pytest.raises(ValueError, match=r"图片文件大小为 21\.0 MB，超过上限 20 MB；请缩小图片后重新插入"):
        images.clean(source)


def test_oversized_image_in_a_report_is_an_error_at_its_line():
    folder = run_report(with_image("![图](photo.png)")).path.parent
    (folder / "huge.png").write_bytes(png_declaring(8_000, 6_000))
    text = with_image("![现场大图](huge.png)")
    line = text.splitlines().index("![现场大图](huge.png)") + 1
    found = messages(run_report(text))
    assert found == [f"reports/2023/t.md:{line} 图片「huge.png」：图片尺寸为 8000×6000 像素（4800 万像素），"
                     "超过上限 4000 万像素；请缩小图片后重新插入（如长边不超过 4000 像素）"]


def encoded(data_format: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format=data_format)
    return out.getvalue()


# (file name, what it really is, published or refused)
DISGUISES = [
    ("photo.jpg", "PNG", True),  # renamed by hand: still one of the four, re-encoded as the name says
    ("photo.png", "WEBP", True),
    ("photo.png", "BMP", False),  # only the four decoders run, never Pillow's other ones (EPS runs Ghostscript)
    ("photo.gif", "TIFF", False),
]


@pytest.mark.parametrize("name, real, published", DISGUISES)
def test_only_the_four_formats_are_decoded(tmp_path, name, real, published):
    source = tmp_path / name
    source.write_bytes(encoded(real))
    if published:
        with Image.open(io.BytesIO(images.clean(source).data)) as image:
            assert image.format == images.ALLOWED[source.suffix]
    else:
        with pytest.raises(ValueError, match="无法读取图片"):
            images.clean(source)
