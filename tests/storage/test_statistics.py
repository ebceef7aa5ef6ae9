"""A digest's figures on a fixture month with exact expected numbers, boundaries included."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.lifecycle import Status
from domain.periods import Kind, reported_by_run
from domain.statistics import figures
from storage.models import Hazard, Tip
from tests.handlers.conftest import COORDINATOR

TZ = ZoneInfo("Asia/Shanghai")


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
    found = await warnings(session, field.town, current, TZ, now, factor=1.5, least=3)
    assert [(w.subject, w.name, w.count, w.average) for w in found] == [
        ("area", "古城村", 4, 1.0),
        ("sector", "fire", 4, 1.0),
    ]
    assert await warnings(session, field.town, current, TZ, now, factor=5, least=3) == []
