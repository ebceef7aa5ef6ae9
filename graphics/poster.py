"""A printable A4 poster inviting anonymous tips through a QR code."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphics.fonts import pil_font

if TYPE_CHECKING:  # Pillow and segno are imported by the first poster, not by the bot's start
    from PIL import Image, ImageDraw, ImageFont

# A4 at 150 dpi: sharp enough for an office printer, small enough to send as a Telegram document.
WIDTH, HEIGHT, DPI = 1240, 1754, 150
MARGIN = 90
CONTENT = WIDTH - 2 * MARGIN
BAND = 260
GAP = 36
QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules
QR_MIN = 480  # about 8 cm printed: still scans from a metre or two
RED, INK, GREY, WHITE = "#C62828", "#111111", "#555555", "#FFFFFF"

# Latin words, numbers and URL runs stay whole when they fit; each CJK character may break anywhere.
_TOKENS = re.compile(r"[0-9A-Za-z_\-./:?=&%#@+~]+|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class _Block:
    lines: list[str]
    font: ImageFont.FreeTypeFont
    line_height: int

    @property
    def height(self) -> int:
        return len(self.lines) * self.line_height


@dataclass(frozen=True)
class QrPlacement:
    left: int
    top: int
    module: int  # pixels per module
    size: int  # modules per side, quiet zone excluded


def tip_poster_png(*, link: str, area_name: str, invitation: str, title: str = "安全生产举报") -> bytes:
    image, _ = render_poster(link=link, area_name=area_name, invitation=invitation, title=title)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True, dpi=(DPI, DPI))
    return out.getvalue()


def render_poster(
    *, link: str, area_name: str, invitation: str, title: str = "安全生产举报"
) -> tuple[Image.Image, QrPlacement]:
    """The poster as an image, and where its QR modules are (tests sample them)."""
    import segno
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)

    draw.rectangle((0, 0, WIDTH, BAND), fill=RED)
    heading = _fit(title, start=150, smallest=40, max_height=BAND - 60)
    _draw_block(draw, heading, (BAND - heading.height) // 2, WHITE)

    y = BAND + GAP
    area = _fit(area_name, start=84, smallest=24, max_height=270)
    y = _draw_block(draw, area, y, INK) + GAP
    pitch = _fit(invitation, start=54, smallest=20, max_height=170)
    y = _draw_block(draw, pitch, y, INK) + GAP // 2

    url = _fit(link, start=30, smallest=14, max_height=110)
    qr = segno.make(link, error="q", micro=False)
    modules = qr.symbol_size(scale=1, border=0)[0]
    free = HEIGHT - MARGIN // 2 - url.height - GAP // 2 - y
    # Whole pixels per module keep every edge sharp for the scanner.
    module = max(min(CONTENT, free), QR_MIN) // (modules + 2 * QR_BORDER)
    spare = max(0, free - (modules + 2 * QR_BORDER) * module)
    left = (WIDTH - modules * module) // 2
    top = y + spare // 2 + QR_BORDER * module
    for row, bits in enumerate(qr.matrix):
        for col, dark in enumerate(bits):
            if dark:
                x0, y0 = left + col * module, top + row * module
                draw.rectangle((x0, y0, x0 + module - 1, y0 + module - 1), fill="#000000")
    y = top + (modules + QR_BORDER) * module
    _draw_block(draw, url, y, GREY)
    return image, QrPlacement(left=left, top=top, module=module, size=modules)


def _fit(text: str, *, start: int, smallest: int, max_height: int) -> _Block:
    """The largest size at which ``text`` wraps to the content width within ``max_height``.

    Nothing is ever cut: if even the smallest size is too tall, the block is simply taller and
    the QR code below it gives up the room.
    """
    text = " ".join(text.split())
    # One line at a slightly smaller size reads better than a big line and an orphaned character.
    for size in range(start, start * 3 // 4 - 1, -2):
        if pil_font(size).getlength(text) <= CONTENT:
            return _Block([text], pil_font(size), round(size * 1.3))
    for size in range(start, smallest - 1, -2):
        font, line_height = pil_font(size), round(size * 1.3)
        count = len(_wrap(text, font, CONTENT))
        if count * line_height <= max_height or size - 2 < smallest:
            return _Block(_balanced(text, font, count), font, line_height)
    raise ValueError("start must not be below smallest")


def _balanced(text: str, font: ImageFont.FreeTypeFont, count: int) -> list[str]:
    """Narrow the measure as far as the line count allows, so the last line is no orphan."""
    low, high = CONTENT // 3, CONTENT
    while low < high:
        mid = (low + high) // 2
        if len(_wrap(text, font, mid)) <= count:
            high = mid
        else:
            low = mid + 1
    return _wrap(text, font, low)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, line = [], ""
    for token in _TOKENS.findall(text):
        if font.getlength(line + token) <= width:
            line += token
            continue
        if line.strip():
            lines.append(line.strip())
        line = "" if token.isspace() else token
        while font.getlength(line) > width:  # a single run wider than the line: break inside it
            cut = max((i for i in range(1, len(line)) if font.getlength(line[:i]) <= width), default=1)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.strip())
    return lines or [""]


def _draw_block(draw: ImageDraw.ImageDraw, block: _Block, top: int, fill: str) -> int:
    for i, line in enumerate(block.lines):
        middle = top + i * block.line_height + block.line_height // 2
        draw.text((WIDTH // 2, middle), line, font=block.font, fill=fill, anchor="mm")
    return top + block.height
