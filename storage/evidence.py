"""Evidence files on disk, content-addressed by SHA-256: the same photo is stored once, its hash names it.

Beside each photo lies its thumbnail for the ledger's .xlsx, made when the photo is stored: an export of
thousands of rows then reads small files instead of decoding every photo again.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "image/gif": ".gif",
    "image/tiff": ".tif",
    "image/bmp": ".bmp",
}
THUMB_PX = 120


def evidence_path(data_dir: Path, sha256: str, mime: str) -> Path:
    return data_dir / "evidence" / sha256[:2] / f"{sha256}{EXTENSIONS.get(mime, '.bin')}"


def thumbnail_path(data_dir: Path, sha256: str) -> Path:
    # Not "<hash>.<ext>": whatever looks for the original by its hash and any extension finds only it.
    return data_dir / "evidence" / sha256[:2] / f"{sha256}-thumb.jpg"


def _write_atomically(path: Path, data: bytes) -> None:
    """A crash never leaves half a file; a temporary name of its own, so two writers never collide."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(partial, path)


def store(data_dir: Path, data: bytes, mime: str) -> tuple[str, Path]:
    """Write the bytes under their hash, and their thumbnail beside them; return the hash and the path."""
    digest = hashlib.sha256(data).hexdigest()
    path = evidence_path(data_dir, digest, mime)
    if not path.exists():
        _write_atomically(path, data)
    thumb = thumbnail_path(data_dir, digest)
    if not thumb.exists() and (small := make_thumbnail(io.BytesIO(data), digest)) is not None:
        _write_atomically(thumb, small)
    return digest, path


def thumbnail(data_dir: Path, sha256: str, mime: str) -> bytes | None:
    """The stored thumbnail of a photo, made now (and kept) if the photo came before thumbnails did;
    None if the photo is missing or unreadable."""
    thumb = thumbnail_path(data_dir, sha256)
    try:
        return thumb.read_bytes()
    except FileNotFoundError:
        pass
    small = make_thumbnail(evidence_path(data_dir, sha256, mime), sha256)
    if small is not None:
        try:
            _write_atomically(thumb, small)
        except OSError as exc:  # a read-only copy of the data still exports
            log.info("thumbnail of %s not kept: %s", sha256[:16], exc)
    return small


def make_thumbnail(source: Path | io.BytesIO, name: str, size: int = THUMB_PX) -> bytes | None:
    """A small upright RGB JPEG of an image, at most `size` pixels a side; None if it cannot be read."""
    from PIL import Image, ImageOps

    try:
        with Image.open(source) as image:
            image.draft("RGB", (size * 2, size * 2))  # JPEG: decode at a fraction of full size, much faster
            small = ImageOps.exif_transpose(image)
            small = small.convert("RGB")
            small.thumbnail((size, size))
            out = io.BytesIO()
            small.save(out, format="JPEG", quality=80, optimize=True)
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        log.info("no thumbnail for %s: %s", name[:16], exc)
        return None
