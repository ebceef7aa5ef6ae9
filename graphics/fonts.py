"""A CJK font that ships with the package, so Chinese renders on a machine with no system fonts.

The font is Noto Sans CJK (SIL Open Font Licence 1.1) from the ``noto-cjk-sans-otc`` wheel: one
Regular-weight collection holding the JP/KR/SC/TC/HK faces. We use the SC face, whose glyph shapes
are the ones mainland readers expect.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported by the first poster or chart, not by the bot's start
    from PIL import ImageFont

FAMILY = "Noto Sans CJK SC"


@functools.cache
def cjk_font_path() -> Path:
    from noto_cjk_sans_otc import FONT_PATH

    path = Path(str(FONT_PATH))
    if not path.is_file():
        raise FileNotFoundError(f"CJK font missing at {path}: reinstall noto-cjk-sans-otc")
    return path


@functools.cache
def _face_index() -> int:
    # The collection's face order is upstream's choice; look the face up by name instead of trusting it.
    from PIL import ImageFont

    path = cjk_font_path()
    index = 0
    while True:
        try:
            face = ImageFont.truetype(path, 12, index=index)
        except OSError:
            raise LookupError(f"{FAMILY} not found in {path}") from None
        if face.getname()[0] == FAMILY:
            return index
        index += 1


@functools.cache
def pil_font(size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(cjk_font_path(), size, index=_face_index())


def register_matplotlib() -> str:
    """Make matplotlib draw Chinese with the bundled font; safe to call on every render."""
    import matplotlib
    from matplotlib import font_manager

    path = str(cjk_font_path())
    manager = font_manager.fontManager
    if not any(entry.fname == path for entry in manager.ttflist):
        manager.addfont(path)  # adds every face of the collection, the SC one included
    # Re-asserted each call: other code may have reset rcParams since the last one.
    rc = matplotlib.rcParams
    rc["font.family"] = "sans-serif"
    rc["font.sans-serif"] = [FAMILY, *(name for name in rc["font.sans-serif"] if name != FAMILY)]
    rc["axes.unicode_minus"] = False  # '-' exists in every fallback font; U+2212 may not
    return FAMILY
