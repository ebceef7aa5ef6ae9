"""Evidence files on disk, content-addressed by SHA-256: the same photo is stored once, its hash names it."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

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


def evidence_path(data_dir: Path, sha256: str, mime: str) -> Path:
    return data_dir / "evidence" / sha256[:2] / f"{sha256}{EXTENSIONS.get(mime, '.bin')}"


def store(data_dir: Path, data: bytes, mime: str) -> tuple[str, Path]:
    """Write the bytes under their hash (atomically, so a crash never leaves half a photo) and return both."""
    digest = hashlib.sha256(data).hexdigest()
    path = evidence_path(data_dir, digest, mime)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # A temporary name of its own: two people sending the same photo at once must not collide.
        fd, partial = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(partial, path)
    return digest, path
