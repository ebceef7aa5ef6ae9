"""The figures of a digest for one area's subtree over one period.

Definitions (the digest's footnote says the same in words):
- new: hazards reported in the period (merged duplicates not counted);
- closed: hazards signed off (销号) in the period;
- closure rate: of the period's new hazards, the share signed off by the period's end;
- on-time rate: of the hazards signed off in the period that had a deadline, the share signed off on or
  before it (local date);
- overdue: hazards still being rectified whose deadline had passed on the period's last day (or today, for a
  period not over yet), with how many days;
- tips: received in the period, and of those, handled (triaged) by the period's end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.lifecycle import Status
from domain.periods import Kind, Period, add_months
from domain.sectors import Level
from domain.tips import TipStatus
from storage import areas as area_store
from storage.models import Area, Hazard, Tip

TOP_OVERDUE = 10


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class OverdueItem:
    ref: str
    area: str
    sector: str
    deadline: date
    days: int
    listed: bool


@dataclass
class AreaFigures:
    area: Area
    new: int = 0
    closed: int = 0
    new_closed: int = 0  # of the period's new ones, signed off by its end
    closed_with_deadline: int = 0
    closed_on_time: int = 0
    overdue: int = 0
    days_to_close_total: int = 0
    tips_received: int = 0
    tips_handled: int = 0
    by_sector: dict[str, int] = field(default_factory=dict)

    @property
    def closure_rate(self) -> float | None:
        return rate(self.new_closed, self.new)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.closed_on_time, self.closed_with_deadline)

    @property
    def avg_days_to_close(self) -> float | None:
        return self.days_to_close_total / self.closed if self.closed else None

    def add(self, other: AreaFigures) -> None:
        for name in (
            "new",
            "closed",
            "new_closed",
            "closed_with_deadline",
            "closed_on_time",
            "overdue",
            "days_to_close_total",
            "tips_received",
            "tips_handled",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for sector, count in other.by_sector.items():
            self.by_sector[sector] = self.by_sector.get(sector, 0) + count


@dataclass
class Figures:
    area: Area
    period: Period
    total: AreaFigures
    sub_areas: list[AreaFigures]
    overdue: list[OverdueItem]
    major_new: int
    listed_open: list[Hazard]
    trend: list[tuple[date, int, int]]  # (month, new, closed), oldest first


def _in_subtree(area: Area) -> ColumnElement[bool]:
    return col(Area.path).startswith(area.path)


def _last_day(period: Period, today: date) -> date:
    return min(period.end - timedelta(days=1), today)


async def _children(session: AsyncSession, area: Area) -> list[Area]:
    return list(await area_store.children(session, area.id))


def _bucket_of(path: str, children: Sequence[Area], area: Area) -> Area:
    """The direct child of `area` whose subtree holds `path` (or the area itself)."""
    return next((child for child in children if path.startswith(child.path)), area)


async def figures(
    session: AsyncSession, area: Area, period: Period, tz: ZoneInfo, now: datetime, *, with_trend: bool = True
) -> Figures:
    start, end = period.bounds(tz)
    today = now.astimezone(tz).date()
    last_day = _last_day(period, today)
    children = await _children(session, area)
    rows: dict[int, AreaFigures] = {child.id or 0: AreaFigures(child) for child in children}
    own = AreaFigures(area)  # hazards filed on the area itself, not below it

    def bucket(path: str) -> AreaFigures:
        found = _bucket_of(path, children, area)
        return rows[found.id or 0] if found is not area else own

    reported = and_(col(Hazard.reported_at) >= start, col(Hazard.reported_at) < end)
    closed = and_(col(Hazard.closed_at) >= start, col(Hazard.closed_at) < end)
    query = (
        select(Hazard, Area.path)
        .join(Area, col(Area.id) == Hazard.area_id)
        .where(_in_subtree(area), or_(reported, closed), Hazard.status != Status.MERGED)
    )
    major_new = 0
    for hazard, path in (await session.exec(query)).all():
        row = bucket(path)
        if start <= hazard.reported_at < end:
            row.new += 1
            row.by_sector[hazard.sector] = row.by_sector.get(hazard.sector, 0) + 1
            major_new += hazard.level == Level.MAJOR
            if hazard.status == Status.CLOSED and hazard.closed_at is not None and hazard.closed_at < end:
                row.new_closed += 1
        if (
            hazard.status == Status.CLOSED
            and hazard.closed_at is not None
            and start <= hazard.closed_at < end
        ):
            row.closed += 1
            row.days_to_close_total += (hazard.closed_at - hazard.reported_at).days
            if hazard.deadline is not None:
                row.closed_with_deadline += 1
                row.closed_on_time += hazard.closed_at.astimezone(tz).date() <= hazard.deadline

    overdue = await _overdue(session, area, last_day, end)
    for _, path in overdue:
        bucket(path).overdue += 1
    await _tips(session, area, start, end, bucket)

    total = AreaFigures(area)
    for row in [*rows.values(), own]:
        total.add(row)
    listed = list(
        (
            await session.exec(
                select(Hazard)
                .join(Area, col(Area.id) == Hazard.area_id)
                .where(
                    _in_subtree(area),
                    col(Hazard.listed),
                    col(Hazard.status).in_(_OPEN),
                    col(Hazard.listed_at) < end,  # as the period left them, not listed since
                )
                .order_by(col(Hazard.listed_at))
            )
        ).all()
    )
    items = sorted((item for item, _ in overdue), key=lambda i: (-i.days, i.ref))
    return Figures(
        area=area,
        period=period,
        total=total,
        sub_areas=list(rows.values()),
        overdue=items[:TOP_OVERDUE],
        major_new=major_new,
        listed_open=listed,
        trend=await trend(session, area, period.end, tz) if with_trend else [],
    )


_OPEN = [Status.REPORTED, Status.RECTIFYING, Status.AWAITING_VERIFICATION]


async def _overdue(
    session: AsyncSession, area: Area, last_day: date, end: datetime
) -> list[tuple[OverdueItem, str]]:
    """Rectifications past their deadline on the last day, not signed off before the period ended."""
    query = (
        select(Hazard, Area.path, Area.name)
        .join(Area, col(Area.id) == Hazard.area_id)
        .where(
            _in_subtree(area),
            col(Hazard.deadline).is_not(None),
            col(Hazard.deadline) < last_day,
            col(Hazard.reported_at) < end,
            or_(
                col(Hazard.status).in_([Status.REPORTED, Status.RECTIFYING]),
                and_(Hazard.status == Status.CLOSED, col(Hazard.closed_at) >= end),
            ),
        )
    )
    found = []
    for hazard, path, name in (await session.exec(query)).all():
        deadline = hazard.deadline
        assert deadline is not None
        item = OverdueItem(
            hazard.ref, name, hazard.sector, deadline, (last_day - deadline).days, hazard.listed
        )
        found.append((item, path))
    return found


async def _tips(
    session: AsyncSession, area: Area, start: datetime, end: datetime, bucket: Callable[[str], AreaFigures]
) -> None:
    query = (
        select(Tip.status, Tip.triaged_at, Area.path)
        .join(Area, col(Area.id) == Tip.area_id)
        .where(_in_subtree(area), col(Tip.received_at) >= start, col(Tip.received_at) < end)
    )
    for status, triaged_at, path in (await session.exec(query)).all():
        row = bucket(path)
        row.tips_received += 1
        row.tips_handled += status != TipStatus.NEW and triaged_at is not None and triaged_at < end


async def trend(
    session: AsyncSession, area: Area, end: date, tz: ZoneInfo, months: int = 12
) -> list[tuple[date, int, int]]:
    """New and signed-off hazards per month, for the `months` months before the month `end` starts."""
    out = []
    for i in range(months, 0, -1):
        month = add_months(end, -i)
        bounds = Period(Kind.MONTHLY, month, add_months(month, 1)).bounds(tz)
        new = await _count(session, area, col(Hazard.reported_at), bounds, exclude_merged=True)
        closed = await _count(session, area, col(Hazard.closed_at), bounds, closed_only=True)
        out.append((month, new, closed))
    return out


async def _count(
    session: AsyncSession,
    area: Area,
    column: ColumnElement,  # type: ignore[type-arg]
    bounds: tuple[datetime, datetime],
    *,
    exclude_merged: bool = False,
    closed_only: bool = False,
) -> int:
    conditions = [_in_subtree(area), column >= bounds[0], column < bounds[1]]
    if exclude_merged:
        conditions.append(Hazard.status != Status.MERGED)
    if closed_only:
        conditions.append(Hazard.status == Status.CLOSED)
    query = (
        select(func.count()).select_from(Hazard).join(Area, col(Area.id) == Hazard.area_id).where(*conditions)
    )
    return int((await session.exec(query)).one())
