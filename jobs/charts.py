"""Digest charts: PNG bytes, 1200 px wide with large labels so they read on a phone in a group chat.

matplotlib's object API on the Agg canvas (never pyplot, which keeps global state in a long-running bot);
rendering is CPU work, so callers run these in a thread. Chinese renders through the font that pip installs
(graphics.fonts), so a fresh machine with no system fonts draws no boxes.
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, ParamSpec

from graphics.fonts import register_matplotlib

if TYPE_CHECKING:  # matplotlib (with numpy, ~50 MB) is imported by the first chart, not by the bot's start
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH_IN, DPI = 8.0, 150  # 1200 px
NEW, CLOSED, RATE = "#d9480f", "#2b8a3e", "#1864ab"  # the same meaning has the same colour in every chart
TITLE, LABEL, TICK = 17, 14, 13
P = ParamSpec("P")


MAX_BARS = 25  # a taller picture stops being readable on a phone (and Telegram caps photo sizes)
# Font registration and text layout touch matplotlib's process-wide state: one chart at a time.
_RENDER = threading.Lock()


def _figure(height_in: float) -> Figure:
    from matplotlib.figure import Figure

    register_matplotlib()
    return Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, layout="constrained")


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _one_at_a_time(draw: Callable[P, bytes]) -> Callable[P, bytes]:
    @functools.wraps(draw)
    def locked(*args: P.args, **kwargs: P.kwargs) -> bytes:
        with _RENDER:
            return draw(*args, **kwargs)

    return locked


@_one_at_a_time
def trend(title: str, months: Sequence[tuple[date, int, int]], new_label: str, closed_label: str) -> bytes:
    """New against signed-off hazards per month, as paired bars with the counts written on them."""
    figure = _figure(4.8)
    ax = figure.subplots()
    xs = range(len(months))
    width = 0.4
    news = [n for _, n, _ in months]
    closeds = [c for _, _, c in months]
    bars_new = ax.bar([x - width / 2 for x in xs], news, width, color=NEW, label=new_label)
    bars_closed = ax.bar([x + width / 2 for x in xs], closeds, width, color=CLOSED, label=closed_label)
    for bars in (bars_new, bars_closed):
        ax.bar_label(bars, fontsize=TICK - 3, padding=2)
    ax.set_xticks(list(xs), [f"{m.month}月" if m.month != 1 else f"{m.year}\n1月" for m, _, _ in months])
    _style(ax, title)
    ax.legend(fontsize=LABEL, frameon=False, loc="upper left")
    ax.set_ylim(0, max([*news, *closeds, 1]) * 1.2)
    return _png(figure)


@_one_at_a_time
def ranked_bars(
    title: str, items: Sequence[tuple[str, float]], *, percent: bool = False, colour: str = NEW
) -> bytes:
    """Horizontal bars, largest on top: counts per sector, or a rate per sub-area (the first MAX_BARS)."""
    ordered = sorted(items, key=lambda item: item[1])[-MAX_BARS:]
    figure = _figure(max(2.6, 0.5 * len(ordered) + 1.4))
    ax = figure.subplots()
    values = [value * 100 if percent else value for _, value in ordered]
    bars = ax.barh([name for name, _ in ordered], values, color=colour)
    ax.bar_label(
        bars, labels=[f"{v:.0f}%" if percent else f"{v:g}" for v in values], fontsize=TICK, padding=3
    )
    ax.set_xlim(0, 110 if percent else max([*values, 1]) * 1.2)
    _style(ax, title)
    ax.xaxis.set_visible(False)
    return _png(figure)


def _style(ax: Axes, title: str) -> None:
    ax.set_title(title, fontsize=TITLE, loc="left", pad=12)
    ax.tick_params(labelsize=TICK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y" if ax.get_xlabel() == "" else "x", alpha=0.25)
