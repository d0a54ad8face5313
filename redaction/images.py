"""Images of a report: only local files, only raster formats, always without metadata.

A photo carries its camera's EXIF (GPS position, owner name, serial number), XMP and an ICC
profile (whose description is free text), a PNG its text chunks, a JPEG or GIF a comment;
none of that may reach the site.  Every image is decoded and encoded again with only its
pixels, under a name derived from its content (so no file name reaches the site either).
An image too large to decode safely is refused before its pixels are decoded.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ALLOWED = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
FORMATS = sorted(set(ALLOWED.values()))  # decoders tried whatever the extension: never EPS, PSD and the like
MAX_PIXELS = 40_000_000  # a 40-megapixel photo decodes to 160 MB; anything larger is not meant for a web page
MAX_BYTES = 20 * 2**20
SHRINK = "请缩小图片后重新插入（如长边不超过 4000 像素）"
SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Asset:
    """A file the report's page needs, as bytes fit to publish."""

    name: str  # relative to the report's page, e.g. img/3f2a….png
    data: bytes


def resolve(src: str, report: Path, root: Path) -> tuple[Path | None, str]:
    """The local file an image address names, or None and why it cannot be used."""
    parts = urlsplit(src)
    if parts.scheme or src.startswith("//") or src.startswith("/"):
        return None, "图片必须随报告一起提交并用相对路径引用（如 images/photo.png），不能引用外部网址或绝对路径"
    path = (report.parent / unquote(parts.path)).resolve()
    if not path.is_relative_to(root.resolve()):
        return None, "图片文件必须放在报告目录之内"
    if path.suffix.lower() not in ALLOWED:
        return None, f"图片格式「{path.suffix or '无扩展名'}」不支持，请用 PNG、JPEG、GIF 或 WebP（SVG 可能含脚本）"
    if not path.is_file():
        return None, f"找不到图片文件 {path.relative_to(root.resolve()).as_posix()}"
    return path, ""


class _TooLarge(ValueError):
    """An image refused for its size, before Pillow's own errors are translated."""


def clean(path: Path) -> Asset:
    """The image's pixels only, re-encoded without any metadata; named by its content.

    Nothing of the file but its pixels is written: no EXIF (GPS), XMP, ICC profile, comment,
    PNG text chunk or DPI.  What showing the image needs is applied or kept: the EXIF
    orientation is applied to the pixels, an ICC profile's colours are converted to sRGB,
    and palette and transparency stay.  An animation keeps only its first frame.
    """
    kind = ALLOWED[path.suffix.lower()]
    data = _encode(_decode(path), kind)
    name = f"img/{hashlib.sha256(data).hexdigest()[:16]}{path.suffix.lower().replace('.jpeg', '.jpg')}"
    return Asset(name, data)


def _decode(path: Path) -> Image.Image:
    """The image upright and in sRGB, refused before decoding if it is too large to decode safely."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ValueError(f"图片文件大小为 {size / 2**20:.1f} MB，超过上限 {MAX_BYTES // 2**20} MB；{SHRINK}")
    try:
        # Pillow only warns between its limit and twice it; a warning would let the bomb decode.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with path.open("rb") as file, Image.open(file, formats=FORMATS) as image:
                width, height = image.size  # from the header: nothing is decoded yet
                if width * height > MAX_PIXELS:
                    raise _TooLarge(
                        f"图片尺寸为 {width}×{height} 像素（{width * height / 1e4:.0f} 万像素），"
                        f"超过上限 {MAX_PIXELS // 10**4} 万像素；{SHRINK}")
                image.load()
                icc = image.info.get("icc_profile")
                upright = ImageOps.exif_transpose(image)
    except _TooLarge:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValueError(f"图片的像素数超过 {(Image.MAX_IMAGE_PIXELS or MAX_PIXELS) // 10**4} 万（可能是恶意构造的文件），"
                         f"上限为 {MAX_PIXELS // 10**4} 万像素；{SHRINK}") from exc
    except (UnidentifiedImageError, OSError, EOFError, ValueError) as exc:
        # Pillow reports a damaged file as OSError, EOFError or ValueError (e.g. an oversized text chunk).
        raise ValueError("无法读取图片：文件损坏，或不是 PNG、JPEG、GIF、WebP 图片（扩展名与内容不符，如把 SVG 改名为 .png）。"
                         "请在图片软件中另存为 PNG 或 JPEG 后重新插入。") from exc
    return _to_srgb(upright, icc)


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """The image's colours converted from its ICC profile to sRGB, which browsers assume once the profile is gone."""
    if not icc:
        return image
    if image.mode == "P" or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
        return image  # 16-bit and float modes: converting them to 8 bits would lose more than the profile
    alpha = image.getchannel("A") if image.mode in ("RGBA", "LA") else None
    colour = image.convert(image.mode[:-1]) if alpha is not None else image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(colour, source, SRGB, outputMode="RGB")
    except (OSError, ImageCms.PyCMSError):
        # A damaged or mismatched profile: the pixels as they are are the best guess, and still safe.
        return image
    assert converted is not None
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _encode(image: Image.Image, kind: str) -> bytes:
    """The pixels in a new image of the format, carrying nothing of the source's ``info``."""
    # Pillow's writers copy image.info (comments, ICC profile, GIF extensions) into the file, so
    # the pixels go into a fresh image and only the transparency is passed on, by name.
    transparency = None if kind == "JPEG" else image.info.get("transparency")
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif kind == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image, transparency = image.convert("RGBA" if image.has_transparency_data else "RGB"), None
    pixels = Image.new(image.mode, image.size)
    pixels.paste(image)
    if image.mode in ("P", "PA"):
        assert image.palette is not None
        pixels.putpalette(image.palette.tobytes(), image.palette.mode)
    options: dict[str, object] = {"quality": 90} if kind in ("JPEG", "WEBP") else {}
    if transparency is not None:
        options["transparency"] = transparency
    out = io.BytesIO()
    pixels.save(out, format=kind, **options)  # no exif=, icc_profile=, pnginfo=, comment=, xmp=
    return out.getvalue()
