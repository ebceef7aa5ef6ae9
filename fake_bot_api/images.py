"""Image dimensions read from file headers (no Pillow) and the size ladder Telegram builds for photos."""

from __future__ import annotations

import struct

# Telegram stores photos as 's' (90 px box), 'm' (320 px box), ... and the original; two thumbnails
# plus the original is enough for clients and bots that pick photo[-1].
THUMBNAIL_BOXES = (90, 320)
UNKNOWN_SIZE = (800, 600)
# Telegram refuses photos whose sides add up to more than this or are too elongated.
MAX_SIDES_TOTAL = 10000
MAX_ASPECT_RATIO = 20

_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG or GIF, or None for anything else or a damaged header."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data.startswith((b"GIF87a", b"GIF89a")) and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in _SOF_MARKERS:
            if i + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


def dimensions_acceptable(width: int, height: int) -> bool:
    if width <= 0 or height <= 0 or width + height > MAX_SIDES_TOTAL:
        return False
    return max(width, height) / min(width, height) <= MAX_ASPECT_RATIO


def photo_ladder(width: int, height: int) -> list[tuple[int, int]]:
    """Sizes for a photo, smallest first, ending with the original: always 2 or 3 entries."""
    sizes = [_fit(width, height, THUMBNAIL_BOXES[0])]
    if max(width, height) > THUMBNAIL_BOXES[1]:
        sizes.append(_fit(width, height, THUMBNAIL_BOXES[1]))
    sizes.append((width, height))
    return sizes


def _fit(width: int, height: int, box: int) -> tuple[int, int]:
    scale = min(1.0, box / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))
