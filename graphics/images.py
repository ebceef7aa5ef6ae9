"""Re-encode a user's photo so no EXIF/GPS/XMP/ICC/text metadata travels with it.

Photos sent to the bot as files keep their EXIF (Telegram strips it only from compressed photos),
and a tipster's GPS position or phone model must never reach the people a tip is about.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported by the first photo, not by the bot's start
    from PIL import Image

MAX_SIDE = 4096
# Below Pillow's own bomb limit (about 89 Mpx), so ordinary refusals happen before Pillow warns.
MAX_PIXELS = 50_000_000
# Only common photo and screenshot formats: every extra decoder is more attack surface.
# Multi-picture JPEGs from phones open through "JPEG" and report themselves as "MPO".
_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError)


class UnsupportedImage(ValueError):
    """The bytes are no image we can clean: unknown format (e.g. HEIC), corrupt, or too large."""


def strip_metadata(data: bytes) -> tuple[bytes, str]:
    """Return ``(bytes, mime)``: PNG stays PNG, everything else becomes JPEG; orientation is applied."""
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(data), formats=_FORMATS)
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise UnsupportedImage(f"image too large: {width}x{height}")
        as_png = image.format == "PNG"
        if image.format in ("JPEG", "MPO"):
            image.draft(None, (MAX_SIDE, MAX_SIDE))  # decode at reduced scale: less memory and time
        image = ImageOps.exif_transpose(image)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        image = _to_srgb(image)
        image = _png_mode(image) if as_png else _jpeg_mode(image)
    except UnsupportedImage:
        raise
    except Image.UnidentifiedImageError as exc:
        raise UnsupportedImage(_unidentified_reason(data)) from exc
    except (
        *_DECODE_ERRORS,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,  # raised instead of warned where warnings are errors (pytest here)
    ) as exc:
        raise UnsupportedImage(f"cannot decode image: {exc}") from exc

    # Savers fall back to image.info for some chunks (PNG takes the ICC profile from it, for one).
    image.info.clear()
    out = io.BytesIO()
    if as_png:
        image.save(out, "PNG", optimize=True)
        return out.getvalue(), "image/png"
    image.save(out, "JPEG", quality=90, optimize=True)
    return out.getvalue(), "image/jpeg"


def _to_srgb(image: Image.Image) -> Image.Image:
    # Dropping a wide-gamut profile (iPhone Display P3) without converting would dull the colours.
    from PIL import ImageCms

    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"))
        return converted or image
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _png_mode(image: Image.Image) -> Image.Image:
    # Palette transparency lives in image.info, which is cleared before saving: move it into alpha.
    if "transparency" in image.info or image.mode not in ("1", "L", "LA", "I", "I;16", "RGB", "RGBA"):
        return image.convert("RGBA")
    return image


def _jpeg_mode(image: Image.Image) -> Image.Image:
    from PIL import Image

    if image.mode in ("L", "RGB"):
        return image
    if image.mode in ("LA", "RGBA", "PA", "P") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")  # JPEG has no alpha; white reads best
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _unidentified_reason(data: bytes) -> str:
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"heif", b"mif1", b"msf1", b"hevc"):
        return "HEIC/HEIF photos are not supported: send the picture as JPEG or PNG"
    return "not an image in a supported format (JPEG, PNG, WebP, GIF, BMP, TIFF)"
