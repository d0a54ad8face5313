"""Images: each checked and cleaned as a report's image is (``redaction/images.py``)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from generator.word.pandoc import rewrite
from generator.word.state import ImportState, Node
from redaction import images


def _publishable(path: Path, workdir: Path) -> images.Asset:
    """The image re-encoded without metadata; BMP and TIFF become PNG first."""
    if path.suffix.lower() not in images.ALLOWED:
        from PIL import Image, UnidentifiedImageError

        try:
            if path.stat().st_size > images.MAX_BYTES:
                raise ValueError(f"文件大于 {images.MAX_BYTES // 2**20} MB。{images.SHRINK}")
            with Image.open(path, formats=["BMP", "TIFF"]) as image:
                if image.width * image.height > images.MAX_PIXELS:  # before decoding: a bomb stops here
                    raise ValueError(f"{image.width}×{image.height} 像素，过大。{images.SHRINK}")
                image.load()
                converted = workdir / f"{path.stem}.png"
                image.save(converted, format="PNG")
        except ValueError:
            raise
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
            raise ValueError(f"格式「{path.suffix}」无法转换（{exc.__class__.__name__}）") from exc
        path = converted
    return images.clean(path)


def step_images(s: ImportState) -> None:
    """Images beside the report, re-encoded without EXIF/GPS, named by their content."""
    media = (s.workdir / "media").resolve()
    folder = s.out.parent / s.out.stem / "images"
    number = 0

    def visit(node: Node) -> list[Node] | None:
        nonlocal number
        if node["t"] != "Image":
            return None
        number += 1
        attr, alt, (url, title) = node["c"]
        path = Path(url)
        if not path.is_absolute() or not path.resolve().is_relative_to(media) or not path.is_file():
            s.error(f"的第 {number} 张图片是链接到外部文件的，没有保存在文档里。"
                    "请在 Word 中删除它，用「插入」→「图片」重新插入（不要选「链接到文件」）。")
            return []
        try:
            asset = _publishable(path, s.workdir)
        except ValueError as exc:
            s.error(f"的第 {number} 张图片无法使用：{exc}。请在 Word 中右键图片「另存为图片」"
                    "保存为 PNG 或 JPEG，删除原图后用「插入」→「图片」重新插入。")
            return []
        name = PurePosixPath(asset.name).name
        s.images[folder / name] = asset.data
        return [{"t": "Image", "c": [attr, alt, [f"{s.out.stem}/images/{name}", title]]}]

    s.blocks = rewrite(s.blocks, on_inline=visit)
