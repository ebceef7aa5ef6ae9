"""预警: a sub-area or a sector whose new hazards this month run well above its usual.

"Usual" is the average of the three months before; a warning needs both the factor over that average and
a least count, so a village going from 0 to 1 raises nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.periods import Period
from domain.statistics import Figures, figures
from storage.models import Area

HISTORY = 3


@dataclass(frozen=True)
class Warning:
    subject: str  # "area" or "sector"
    name: str  # the area's name, or the sector's value
    count: int
    average: float


async def warnings(
    session: AsyncSession,
    area: Area,
    current: Figures,
    tz: ZoneInfo,
    now: datetime,
    factor: float,
    least: int,
) -> list[Warning]:
    history: list[Figures] = []
    period: Period = current.period
    for _ in range(HISTORY):
        period = period.previous()
        history.append(await figures(session, area, period, tz, now, with_trend=False))
    found: list[Warning] = []
    for row in current.sub_areas:
        before = [next((r.new for r in h.sub_areas if r.area.id == row.area.id), 0) for h in history]
        found += _check("area", row.area.name, row.new, before, factor, least)
    for sector, count in sorted(current.total.by_sector.items()):
        before = [h.total.by_sector.get(sector, 0) for h in history]
        found += _check("sector", sector, count, before, factor, least)
    return found


def _check(
    subject: str, name: str, count: int, before: list[int], factor: float, least: int
) -> list[Warning]:
    average = sum(before) / len(before)
    if count >= least and count > factor * average:
        return [Warning(subject, name, count, round(average, 1))]
    return []
