"""预警: a sub-area or a sector whose new hazards this month run well above its usual.

"Usual" is the average of the three months before; a warning needs both the factor over that average and
a least count, so a village going from 0 to 1 raises nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.periods import Period
from domain.statistics import Figures, new_counts
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
    factor: float,
    least: int,
) -> list[Warning]:
    periods: list[Period] = [current.period.previous()]
    while len(periods) < HISTORY:
        periods.insert(0, periods[0].previous())
    history = await new_counts(session, area, periods, tz)
    found: list[Warning] = []
    for row in current.sub_areas:
        before = [h.by_sub_area.get(row.area.id or 0, 0) for h in history]
        found += _check("area", row.area.name, row.new, before, factor, least)
    for sector, count in sorted(current.total.by_sector.items()):
        before = [h.by_sector.get(sector, 0) for h in history]
        found += _check("sector", sector, count, before, factor, least)
    return found


def _check(
    subject: str, name: str, count: int, before: list[int], factor: float, least: int
) -> list[Warning]:
    average = sum(before) / len(before)
    if count >= least and count > factor * average:
        return [Warning(subject, name, count, round(average, 1))]
    return []
