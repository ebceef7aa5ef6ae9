"""Digest charts render Chinese with real glyphs (a missing glyph is an error here) at phone width."""

import io
import warnings
from datetime import date

from PIL import Image

from jobs import charts


def _size(png: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return image.size


def test_trend_and_ranked_charts_render_chinese_without_missing_glyphs():
    months = [(date(2025, 11 + i, 1) if i < 2 else date(2026, i - 1, 1), i * 3, i * 2) for i in range(12)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" fails the test
        trend = charts.trend("安吉县 2026年10月 新发现与销号", months, "新发现", "已销号")
        sectors = charts.ranked_bars("按行业领域", [("消防", 5), ("燃气", 2), ("工贸/粉尘涉爆/有限空间", 1)])
        rates = charts.ranked_bars("各乡镇整改率", [("递铺街道", 0.4), ("孝丰镇", 1.0)], percent=True)
    for png in (trend, sectors, rates):
        width, height = _size(png)
        assert width >= 1080 and 300 < height < 2000


def test_empty_figures_still_make_a_chart():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = charts.ranked_bars("按行业领域", [])
        trend = charts.trend("无数据", [(date(2026, m, 1), 0, 0) for m in range(1, 13)], "新发现", "已销号")
    assert _size(png)[0] >= 1080 and _size(trend)[0] >= 1080
