"""A digest's figures on a fixture month with exact expected numbers, boundaries included."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from domain.lifecycle import Status
from domain.periods import Kind, Period, add_months, reported_by_run
from domain.statistics import figures
from storage import areas as area_store
from storage.models import Area, Hazard, Tip
from tests.handlers.conftest import COORDINATOR

TZ = ZoneInfo("Asia/Shanghai")
# Ahead of UTC; with summer time ending in October; behind UTC (local months end after UTC ones).
ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/Sao_Paulo"]


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ).astimezone(UTC)


@pytest.fixture
async def month(session, field):
    village, other = field.village.id, field.other_village.id

    def hazard(
        n,
        area,
        sector,
        reported,
        *,
        level="general",
        status=Status.RECTIFYING,
        deadline=None,
        closed=None,
        listed=False,
    ):
        return Hazard(
            ref=f"3305-2610-{n:04d}",
            area_id=area,
            sector=sector,
            level=level,
            description=f"h{n}",
            reporter_id=COORDINATOR.id,
            status=Status.CLOSED if closed else status,
            reported_at=reported,
            deadline=deadline,
            closed_at=closed,
            listed=listed,
            listed_at=reported if listed else None,
        )

    session.add_all(
        [
            hazard(
                1,
                village,
                "fire",
                local(2026, 10, 3, 9),
                deadline=date(2026, 10, 10),
                closed=local(2026, 10, 9, 15),
            ),
            hazard(
                2,
                village,
                "gas",
                local(2026, 10, 5, 9),
                level="major",
                deadline=date(2026, 10, 12),
                closed=local(2026, 10, 15, 10),
            ),
            hazard(3, other, "fire", local(2026, 10, 20, 9), deadline=date(2026, 10, 25)),
            hazard(
                4,
                other,
                "road",
                local(2026, 9, 20, 9),
                deadline=date(2026, 9, 30),
                closed=local(2026, 10, 2, 9),
            ),
            hazard(5, village, "fire", local(2026, 10, 31, 23, 30)),  # the last half hour of October
            hazard(6, village, "fire", local(2026, 11, 1, 0, 10)),  # November, locally
            hazard(7, other, "fire", local(2026, 10, 8, 9), status=Status.MERGED),
            hazard(8, village, "fire", local(2026, 9, 1, 9), deadline=date(2026, 9, 15)),
            hazard(
                10,
                other,
                "gas",
                local(2026, 10, 12, 9),
                deadline=date(2026, 10, 20),
                closed=local(2026, 11, 3, 9),  # signed off only after the month: overdue at its end
            ),
            hazard(
                9,
                other,
                "hazchem",
                local(2026, 10, 1, 0, 5),
                level="major",
                deadline=date(2026, 11, 20),
                listed=True,
            ),
        ]
    )

    def tip(n, area, received, triaged=None):
        return Tip(
            ref=f"J3305-2610-{n:04d}",
            area_id=area,
            sector="fire",
            description="t",
            status="accepted" if triaged else "new",
            received_at=received,
            triaged_at=triaged,
        )

    session.add_all(
        [
            tip(1, village, local(2026, 10, 10, 9), triaged=local(2026, 10, 11, 9)),
            tip(2, other, local(2026, 10, 30, 9)),
            tip(4, other, local(2026, 10, 29, 9), triaged=local(2026, 11, 2, 9)),  # handled after the month
            tip(3, village, local(2026, 9, 30, 9), triaged=local(2026, 10, 1, 9)),
        ]
    )
    await session.commit()
    return reported_by_run(Kind.MONTHLY, date(2026, 11, 1))


async def test_monthly_figures_for_a_township(session, field, month):
    result = await figures(session, field.town, month, TZ, local(2026, 11, 1, 9))
    total = result.total
    assert (total.new, total.closed, total.new_closed) == (6, 3, 2)
    assert total.closure_rate == pytest.approx(2 / 6)
    assert total.on_time_rate == pytest.approx(1 / 3)
    assert (total.tips_received, total.tips_handled) == (3, 1)
    assert total.by_sector == {"fire": 3, "gas": 2, "hazchem": 1}
    assert result.major_new == 2
    assert [h.ref for h in result.listed_open] == ["3305-2610-0009"]
    assert [(i.ref, i.days) for i in result.overdue] == [
        ("3305-2610-0008", 46),
        ("3305-2610-0010", 11),
        ("3305-2610-0003", 6),
    ]
    rows = {row.area.name: row for row in result.sub_areas}
    village, other = rows["古城村"], rows["鹤鹿溪村"]
    assert (village.new, village.closed, village.overdue, village.tips_received, village.tips_handled) == (
        3,
        2,
        1,
        1,
        1,
    )
    assert (other.new, other.closed, other.overdue, other.tips_received, other.tips_handled) == (
        3,
        1,
        2,
        2,
        0,
    )
    assert village.closure_rate == pytest.approx(2 / 3) and other.closure_rate == 0
    assert village.avg_days_to_close == pytest.approx((6 + 10) / 2)
    assert result.trend[-1] == (date(2026, 10, 1), 6, 3)
    assert result.trend[-2] == (date(2026, 9, 1), 2, 0)
    assert len(result.trend) == 12 and result.trend[0][0] == date(2025, 11, 1)


async def test_a_county_sees_its_townships_and_a_village_only_itself(session, field, month):
    county = await figures(session, field.county, month, TZ, local(2026, 11, 1, 9))
    assert [row.area.name for row in county.sub_areas] == ["递铺街道"]
    assert county.sub_areas[0].new == county.total.new == 6
    village = await figures(session, field.village, month, TZ, local(2026, 11, 1, 9))
    assert village.total.new == 3 and village.sub_areas == []


async def test_a_village_added_while_the_figures_are_read_counts_in_its_township(
    session, services, field, month, admin_actor, monkeypatch
):
    """On PostgreSQL each statement sees what was committed since the figures began: a village made and a
    hazard reported there meanwhile must land in its township's row (SQLite reads one snapshot: not seen)."""
    from domain import areas as area_rules
    from domain import statistics

    real = statistics._add_new

    async def with_a_new_village(*args):
        async with services.session_pool() as other:
            village = await area_rules.create_area(
                other,
                admin_actor,
                name="新村",
                code="330523001099",
                parent_id=field.town.id,
                now=local(2026, 10, 1),
            )
            other.add(
                Hazard(
                    ref="3305-2610-0099",
                    area_id=village.id,
                    sector="fire",
                    level="general",
                    description="新村的隐患",
                    reporter_id=COORDINATOR.id,
                    status=Status.REPORTED,
                    reported_at=local(2026, 10, 8, 9),
                )
            )
            await other.commit()
        return await real(*args)

    monkeypatch.setattr(statistics, "_add_new", with_a_new_village)
    county = await figures(session, field.county, month, TZ, local(2026, 11, 1, 9))
    [town] = county.sub_areas
    assert town.new == county.total.new
    # PostgreSQL's statements see the hazard committed meanwhile; SQLite's read transaction keeps a snapshot.
    assert county.total.new == (7 if session.get_bind().dialect.name == "postgresql" else 6)


async def test_early_warning_flags_a_jump_over_the_three_months_before(session, field):
    from domain.early_warning import warnings

    def h(n, area, sector, when):
        return Hazard(
            ref=f"3305-W-{n:04d}",
            area_id=area,
            sector=sector,
            level="general",
            description="w",
            reporter_id=COORDINATOR.id,
            status=Status.REPORTED,
            reported_at=when,
        )

    village, other = field.village.id, field.other_village.id
    rows = [h(i, village, "fire", local(2026, m, 10, 9)) for i, m in enumerate((7, 8, 9))]
    rows += [h(10 + i, village, "fire", local(2026, 10, 3 + i, 9)) for i in range(4)]
    rows += [h(20 + i, other, "gas", local(2026, 10, 5 + i, 9)) for i in range(2)]  # from 0 to 2: too few
    session.add_all(rows)
    await session.commit()
    month = reported_by_run(Kind.MONTHLY, date(2026, 11, 1))
    now = local(2026, 11, 1, 9)
    current = await figures(session, field.town, month, TZ, now)
    found = await warnings(session, field.town, current, TZ, factor=1.5, least=3)
    assert [(w.subject, w.name, w.count, w.average) for w in found] == [
        ("area", "古城村", 4, 1.0),
        ("sector", "fire", 4, 1.0),
    ]
    assert await warnings(session, field.town, current, TZ, factor=5, least=3) == []


# ---- the grouped queries against the definitions, row by row, on random hazards near every edge ----


def _reference(hazards, paths, area, children, start, end, last_day, tz):
    """The definitions of the module docstring, applied to each hazard in Python (as figures() once did)."""

    def bucket(area_id):
        path = paths[area_id]
        return next((child.id for child in children if path.startswith(child.path)), area.id)

    rows = {child.id: {} for child in [*children, area]}
    overdue = []

    def add(row, name, n=1):
        rows[row][name] = rows[row].get(name, 0) + n

    for h in hazards:
        if not paths[h.area_id].startswith(area.path) or h.status == Status.MERGED:
            continue
        row = bucket(h.area_id)
        if start <= h.reported_at < end:
            add(row, "new")
            add(row, f"sector:{h.sector}")
            add(row, "major", h.level == "major")
            add(row, "new_closed", h.status == Status.CLOSED and h.closed_at < end)
        if h.status == Status.CLOSED and start <= h.closed_at < end:
            add(row, "closed")
            add(row, "days", (h.closed_at - h.reported_at).days)
            if h.deadline is not None:
                add(row, "with_deadline")
                add(row, "on_time", h.closed_at.astimezone(tz).date() <= h.deadline)
        late = h.status in (Status.REPORTED, Status.RECTIFYING) or (
            h.status == Status.CLOSED and h.closed_at >= end
        )
        if h.deadline is not None and h.deadline < last_day and h.reported_at < end and late:
            add(row, "overdue")
            overdue.append((-(last_day - h.deadline).days, h.ref))
    return rows, [ref for _, ref in sorted(overdue)[:10]]


def _as_reference(row):
    found = {
        "new": row.new,
        "major": 0,
        "new_closed": row.new_closed,
        "closed": row.closed,
        "days": row.days_to_close_total,
        "with_deadline": row.closed_with_deadline,
        "on_time": row.closed_on_time,
        "overdue": row.overdue,
        **{f"sector:{s}": n for s, n in row.by_sector.items()},
    }
    return {k: v for k, v in found.items() if v and k != "major"}


@pytest.fixture
async def random_hazards(session, field, clock):
    """300 hazards on the town, its villages, a hamlet below a village and nowhere in an empty village;
    times cluster at local midnights around month ends, deadlines share a few dates (ties in the top 10)."""
    import random

    from domain import areas as area_rules
    from domain.permissions import Actor

    admin = Actor(user_id=0, is_global_admin=True, registered=True)
    now = clock.now()
    hamlet = await area_rules.create_area(
        session, admin, name="小村", code="3305010101", parent_id=field.village.id, now=now
    )
    await area_rules.create_area(
        session, admin, name="空村", code="33050103", parent_id=field.town.id, now=now
    )
    rng = random.Random(20261101)
    places = [field.town.id, field.village.id, field.other_village.id, hamlet.id, field.county.id]
    statuses = [
        Status.REPORTED,
        Status.RECTIFYING,
        Status.AWAITING_VERIFICATION,
        Status.CLOSED,
        Status.MERGED,
    ]
    edges = [datetime(2026, m, 1, tzinfo=UTC) for m in (8, 9, 10, 11, 12)]
    hazards = []
    for n in range(300):
        edge = rng.choice(edges)
        reported = edge + timedelta(hours=rng.uniform(-20, 20), days=rng.choice([0, 0, -9, 12]))
        status = rng.choice(statuses)
        closed = reported + timedelta(hours=rng.uniform(1, 900)) if status == Status.CLOSED else None
        deadline = rng.choice(
            [None, date(2026, 9, 20), date(2026, 10, 5), date(2026, 10, 30), date(2026, 10, 31)]
        )
        hazards.append(
            Hazard(
                ref=f"3305-R-{rng.randrange(10_000):04d}-{n:03d}",
                area_id=rng.choice(places),
                sector=rng.choice(["fire", "gas", "road"]),
                level=rng.choice(["general", "major"]),
                description="r",
                reporter_id=COORDINATOR.id,
                status=status,
                reported_at=reported,
                deadline=deadline,
                closed_at=closed,
            )
        )
    # Exactly at a local midnight that starts or ends a month, in each zone the tests use.
    for i, (zone, m) in enumerate((z, m) for z in ZONES for m in (9, 10, 11)):
        midnight = datetime(2026, m, 1, tzinfo=ZoneInfo(zone))
        hazards.append(
            Hazard(
                ref=f"3305-E-{i:04d}",
                area_id=field.other_village.id,
                sector="gas",
                level="general",
                description="e",
                reporter_id=COORDINATOR.id,
                status=Status.CLOSED,
                reported_at=midnight,
                closed_at=datetime(2026, m + 1, 1, tzinfo=ZoneInfo(zone)),
            )
        )
    session.add_all(hazards)
    await session.commit()
    return hazards


def _sum(rows):
    total = {}
    for row in rows:
        for name, n in row.items():
            total[name] = total.get(name, 0) + n
    return total


def _nonzero(row):
    return {name: n for name, n in row.items() if n and name != "major"}


@pytest.mark.parametrize("zone", ZONES)
async def test_figures_agree_with_the_definitions_row_by_row(session, field, random_hazards, zone):
    hazards = random_hazards
    tz = ZoneInfo(zone)
    paths = {a.id: a.path for a in (await session.exec(select(Area))).all()}
    month = reported_by_run(Kind.MONTHLY, date(2026, 11, 1))
    start, end = month.bounds(tz)
    for area in (field.county, field.town):
        children = list(await area_store.children(session, area.id))
        # After the month, and in the middle of it (the overdue count then stops at "today").
        for now in (datetime(2026, 11, 1, 9, tzinfo=tz), datetime(2026, 10, 20, 9, tzinfo=tz)):
            result = await figures(session, area, month, tz, now)
            last_day = min(date(2026, 10, 31), now.date())
            expected, top = _reference(hazards, paths, area, children, start, end, last_day, tz)
            assert _as_reference(result.total) == _nonzero(_sum(expected.values()))
            assert result.major_new == _sum(expected.values()).get("major", 0)
            del expected[area.id]  # filed on the area itself: in the total, in no sub-area's row
            assert {r.area.id: _as_reference(r) for r in result.sub_areas} == {
                k: _nonzero(row) for k, row in expected.items()
            }
            assert [item.ref for item in result.overdue] == top
        assert len(top) == 10  # enough overdue, with ties on the deadline, to cut the list
    town = await figures(session, field.town, month, tz, datetime(2026, 11, 1, 9, tzinfo=tz))
    assert {r.area.name: r.new for r in town.sub_areas}["空村"] == 0


@pytest.mark.parametrize("zone", ZONES)
async def test_trend_and_history_agree_with_the_definitions(session, field, random_hazards, zone):
    from domain.statistics import new_counts, trend

    hazards = random_hazards
    tz = ZoneInfo(zone)
    paths = {a.id: a.path for a in (await session.exec(select(Area))).all()}
    found = await trend(session, field.town, date(2026, 12, 1), tz)
    assert [month for month, _, _ in found][-5:] == [date(2026, m, 1) for m in range(7, 12)]
    for month, new, closed in found:
        start, end = Period(Kind.MONTHLY, month, add_months(month, 1)).bounds(tz)
        mine = [h for h in hazards if paths[h.area_id].startswith(field.town.path)]
        assert new == sum(start <= h.reported_at < end and h.status != Status.MERGED for h in mine)
        assert closed == sum(h.status == Status.CLOSED and start <= h.closed_at < end for h in mine)
    assert sum(new for _, new, _ in found) > 100

    children = list(await area_store.children(session, field.town.id))
    periods = [Period(Kind.MONTHLY, date(2026, m, 1), date(2026, m + 1, 1)) for m in (8, 9, 10)]
    history = await new_counts(session, field.town, periods, tz)
    for period, counts in zip(periods, history, strict=True):
        start, end = period.bounds(tz)
        expected, _ = _reference(hazards, paths, field.town, children, start, end, period.end, tz)
        sectors = {
            k.removeprefix("sector:"): n for k, n in _sum(expected.values()).items() if k[:7] == "sector:"
        }
        assert counts.by_sector == sectors
        del expected[field.town.id]
        assert counts.by_sub_area == {k: row["new"] for k, row in expected.items() if row.get("new")}
