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
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.lifecycle import Status
from domain.periods import Period, add_months, local_midnight
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


Bucket = Callable[[str], AreaFigures]  # a hazard's area path to the row it counts in


def _in_subtree(area: Area) -> ColumnElement[bool]:
    return col(Area.path).startswith(area.path)


def _last_day(period: Period, today: date) -> date:
    return min(period.end - timedelta(days=1), today)


async def _children(session: AsyncSession, area: Area) -> list[Area]:
    return list(await area_store.children(session, area.id))


def _bucket_of(path: str, children: Sequence[Area], area: Area) -> Area:
    """The direct child of `area` whose subtree holds `path` (or the area itself)."""
    return next((child for child in children if path.startswith(child.path)), area)


def _bucket_id_by_path(children: Sequence[Area], area: Area) -> Callable[[str], int]:
    """The id of the row a hazard counts in, from its area's path: a direct child, or the area itself.

    Queries group by the hazard's area path (a few hundred groups), folded into rows here. By path, not by
    a list of the subtree's areas read beforehand: on PostgreSQL each statement sees what was committed
    since, so a village added during a build would be missing from such a list."""
    known: dict[str, int] = {}

    def bucket_id(path: str) -> int:
        if path not in known:
            known[path] = _bucket_of(path, children, area).id or 0
        return known[path]

    return bucket_id


def _hazards_in(area: Area, *columns: Any) -> Any:
    """A query selecting `columns` of the subtree's hazards, joined to their area."""
    return (
        select(*columns)
        .select_from(Hazard)
        .join(Area, col(Area.id) == Hazard.area_id)
        .where(_in_subtree(area))
    )


async def figures(
    session: AsyncSession, area: Area, period: Period, tz: ZoneInfo, now: datetime, *, with_trend: bool = True
) -> Figures:
    start, end = period.bounds(tz)
    today = now.astimezone(tz).date()
    last_day = _last_day(period, today)
    children = await _children(session, area)
    # A row per direct child, and one for hazards filed on the area itself (in the total, not listed).
    rows = {row.area.id or 0: row for row in map(AreaFigures, [*children, area])}
    bucket_id = _bucket_id_by_path(children, area)

    def bucket(path: str) -> AreaFigures:
        return rows[bucket_id(path)]

    major_new = await _add_new(session, area, start, end, bucket)
    await _add_closed(session, area, start, end, tz, bucket)
    for path, count in await _overdue_counts(session, area, last_day, end):
        bucket(path).overdue += count
    await _tips(session, area, start, end, bucket)

    total = AreaFigures(area)
    for row in rows.values():
        total.add(row)
    listed = list(
        (
            await session.exec(
                _hazards_in(area, Hazard)
                .where(
                    col(Hazard.listed),
                    col(Hazard.status).in_(_OPEN),
                    col(Hazard.listed_at) < end,  # as the period left them, not listed since
                )
                .order_by(col(Hazard.listed_at))
            )
        ).all()
    )
    return Figures(
        area=area,
        period=period,
        total=total,
        sub_areas=[rows[child.id or 0] for child in children],
        overdue=await _top_overdue(session, area, last_day, end),
        major_new=major_new,
        listed_open=listed,
        trend=await trend(session, area, period.end, tz) if with_trend else [],
    )


_OPEN = [Status.REPORTED, Status.RECTIFYING, Status.AWAITING_VERIFICATION]


def _count_if(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


async def _add_new(session: AsyncSession, area: Area, start: datetime, end: datetime, bucket: Bucket) -> int:
    """Counts the period's new hazards into their rows, counted in SQL; returns how many were major."""
    signed_off = and_(Hazard.status == Status.CLOSED, col(Hazard.closed_at) < end)
    query = (
        _hazards_in(
            area,
            Area.path,
            Hazard.sector,
            func.count(),
            _count_if(Hazard.level == Level.MAJOR),
            _count_if(signed_off),
        )
        .where(
            col(Hazard.reported_at) >= start, col(Hazard.reported_at) < end, Hazard.status != Status.MERGED
        )
        .group_by(col(Area.path), col(Hazard.sector))
    )
    major_new = 0
    for path, sector, count, major, new_closed in (await session.exec(query)).all():
        row = bucket(path)
        row.new += count
        row.new_closed += int(new_closed)
        row.by_sector[sector] = row.by_sector.get(sector, 0) + count
        major_new += int(major)
    return major_new


async def _add_closed(
    session: AsyncSession, area: Area, start: datetime, end: datetime, tz: ZoneInfo, bucket: Bucket
) -> None:
    """Counts the hazards signed off in the period into their rows.

    Row by row, as plain columns: days to close and "on time" (a local date against the deadline) need
    date arithmetic and time zones that SQLite and PostgreSQL do not share."""
    query = _hazards_in(area, Area.path, Hazard.reported_at, Hazard.closed_at, Hazard.deadline).where(
        Hazard.status == Status.CLOSED, col(Hazard.closed_at) >= start, col(Hazard.closed_at) < end
    )
    for path, reported_at, closed_at, deadline in (await session.exec(query)).all():
        row = bucket(path)
        row.closed += 1
        row.days_to_close_total += (closed_at - reported_at).days
        if deadline is not None:
            row.closed_with_deadline += 1
            row.closed_on_time += closed_at.astimezone(tz).date() <= deadline


def _overdue_on(last_day: date, end: datetime) -> list[ColumnElement[bool]]:
    """Rectifications past their deadline on the last day, not signed off before the period ended."""
    return [
        col(Hazard.deadline).is_not(None),
        col(Hazard.deadline) < last_day,
        col(Hazard.reported_at) < end,
        or_(
            col(Hazard.status).in_([Status.REPORTED, Status.RECTIFYING]),
            and_(Hazard.status == Status.CLOSED, col(Hazard.closed_at) >= end),
        ),
    ]


async def _overdue_counts(
    session: AsyncSession, area: Area, last_day: date, end: datetime
) -> list[tuple[str, int]]:
    query = (
        _hazards_in(area, Area.path, func.count()).where(*_overdue_on(last_day, end)).group_by(col(Area.path))
    )
    return [(path, count) for path, count in (await session.exec(query)).all()]


async def _top_overdue(session: AsyncSession, area: Area, last_day: date, end: datetime) -> list[OverdueItem]:
    """The longest overdue, by days then reference.

    SQL picks the candidates (every hazard as late as the tenth latest, ties included) and Python orders
    them, so the order of references does not depend on the database's collation."""
    overdue = _overdue_on(last_day, end)
    tenth = (
        _hazards_in(area, Hazard.deadline)
        .where(*overdue)
        .order_by(col(Hazard.deadline))
        .offset(TOP_OVERDUE - 1)
        .limit(1)
        .scalar_subquery()
    )
    query = _hazards_in(area, Hazard.ref, Area.name, Hazard.sector, Hazard.deadline, Hazard.listed).where(
        *overdue, col(Hazard.deadline) <= func.coalesce(tenth, last_day)
    )
    items = [
        OverdueItem(ref, name, sector, deadline, (last_day - deadline).days, listed)
        for ref, name, sector, deadline, listed in (await session.exec(query)).all()
    ]
    return sorted(items, key=lambda i: (-i.days, i.ref))[:TOP_OVERDUE]


async def _tips(session: AsyncSession, area: Area, start: datetime, end: datetime, bucket: Bucket) -> None:
    query = (
        select(Area.path, Tip.status, Tip.triaged_at)
        .select_from(Tip)
        .join(Area, col(Area.id) == Tip.area_id)
        .where(_in_subtree(area), col(Tip.received_at) >= start, col(Tip.received_at) < end)
    )
    for path, status, triaged_at in (await session.exec(query)).all():
        row = bucket(path)
        row.tips_received += 1
        row.tips_handled += status != TipStatus.NEW and triaged_at is not None and triaged_at < end


def _slot(column: Any, instants: Sequence[datetime]) -> Any:
    """Which of the ranges [instants[i], instants[i + 1]) the column falls in, as i."""
    return case(*((column < instant, i) for i, instant in enumerate(instants[1:])), else_=None)


async def _count_by_slot(
    session: AsyncSession,
    area: Area,
    column: Any,
    instants: Sequence[datetime],
    condition: ColumnElement[bool],
    *keys: Any,
) -> list[tuple[Any, ...]]:
    """Rows (slot, *keys, count) of the subtree's hazards with `column` in [instants[0], instants[-1]).

    The slot is computed in a subquery and grouped outside it: PostgreSQL does not take a GROUP BY
    expression with bound values as the same expression as in the SELECT."""
    inner = (
        _hazards_in(area, _slot(column, instants).label("slot"), *keys)
        .where(column >= instants[0], column < instants[-1], condition)
        .subquery()
    )
    grouped = [inner.c.slot, *(inner.c[key.key] for key in keys)]
    query = select(*grouped, func.count()).group_by(*grouped)
    return [tuple(found) for found in (await session.exec(query)).all()]


async def trend(
    session: AsyncSession, area: Area, end: date, tz: ZoneInfo, months: int = 12
) -> list[tuple[date, int, int]]:
    """New and signed-off hazards per month, for the `months` months before the month `end` starts.

    Months are local: their bounds are local midnights, so a month's UTC length varies with the zone."""
    firsts = [add_months(end, -i) for i in range(months, -1, -1)]
    instants = [local_midnight(first, tz) for first in firsts]
    new = dict(
        await _count_by_slot(session, area, col(Hazard.reported_at), instants, Hazard.status != Status.MERGED)
    )
    closed = dict(
        await _count_by_slot(session, area, col(Hazard.closed_at), instants, Hazard.status == Status.CLOSED)
    )
    return [(firsts[i], new.get(i, 0), closed.get(i, 0)) for i in range(months)]


@dataclass
class NewCounts:
    """New hazards of one period: per direct sub-area (by id) and per sector (the whole subtree)."""

    by_sub_area: dict[int, int] = field(default_factory=dict)
    by_sector: dict[str, int] = field(default_factory=dict)


async def new_counts(
    session: AsyncSession, area: Area, periods: Sequence[Period], tz: ZoneInfo
) -> list[NewCounts]:
    """`figures(...).sub_areas[i].new` and `.total.by_sector` for several back-to-back periods (oldest
    first), in one grouped query instead of a full `figures` per period."""
    instants = [period.bounds(tz)[0] for period in periods] + [periods[-1].bounds(tz)[1]]
    bucket_id = _bucket_id_by_path(await _children(session, area), area)
    found = [NewCounts() for _ in periods]
    rows = await _count_by_slot(
        session,
        area,
        col(Hazard.reported_at),
        instants,
        Hazard.status != Status.MERGED,
        col(Area.path),
        col(Hazard.sector),
    )
    for slot, path, sector, count in rows:
        counts = found[slot]
        counts.by_sector[sector] = counts.by_sector.get(sector, 0) + count
        if (child := bucket_id(path)) != area.id:
            counts.by_sub_area[child] = counts.by_sub_area.get(child, 0) + count
    return found
