"""Images of a report: only local files, only raster formats, always without metadata.

A photo carries its camera's EXIF (GPS position, owner name, serial number) and a PNG its
text chunks; none of that may reach the site.  Every image is decoded and encoded again
with only its pixels, under a name derived from its content (so no file name reaches the
site either).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, UnidentifiedImageError

ALLOWED = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}


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


def clean(path: Path) -> Asset:
    """The image's pixels only, re-encoded; named by its content."""
    try:
        with Image.open(path) as image:
            image.load()
            kind = ALLOWED[path.suffix.lower()]
            pixels = image.copy()
    except (UnidentifiedImageError, OSError) as exc:
        raise ValueError(f"无法读取图片（文件损坏或不是图片）：{exc}") from exc
    if kind == "JPEG" and pixels.mode not in ("RGB", "L"):
        pixels = pixels.convert("RGB")
    out = io.BytesIO()
    options = {"quality": 90} if kind in ("JPEG", "WEBP") else {}
    pixels.save(out, format=kind, **options)  # no exif=, no pnginfo=: metadata is not written
    data = out.getvalue()
    name = f"img/{hashlib.sha256(data).hexdigest()[:16]}{path.suffix.lower().replace('.jpeg', '.jpg')}"
    return Asset(name, data)
