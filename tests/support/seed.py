"""A year of hazards and tips in the test county, deterministic, written straight to the tables."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from domain.lifecycle import Status
from domain.sectors import Sector
from storage.models import Hazard, Tip


async def seed_year(
    session, areas, reporter_id: int, until: datetime, per_month: int = 6, seed: int = 7
) -> int:
    """`per_month` hazards a month for the 12 months before `until`, spread over `areas`; most signed off,
    some late, some still open past their deadline, a few major and listed; a tip for every third."""
    rng = random.Random(seed)
    sectors = list(Sector)
    hazards, tips, n = [], [], 0
    for month in range(12, 0, -1):
        for i in range(per_month):
            n += 1
            area = areas[(n + month) % len(areas)]
            reported = until - timedelta(days=30 * month - i * 4, hours=rng.randint(0, 8))
            deadline = (reported + timedelta(days=7)).date()
            roll = rng.random()
            closed = None
            status = Status.RECTIFYING
            if roll < 0.6:
                status, closed = Status.CLOSED, reported + timedelta(days=rng.randint(2, 6))
            elif roll < 0.75:
                status, closed = Status.CLOSED, reported + timedelta(days=rng.randint(9, 20))
            closed = closed if closed is None or closed < until else None
            if closed is None and status == Status.CLOSED:
                status = Status.RECTIFYING
            major = n % 9 == 0
            hazards.append(
                Hazard(
                    ref=f"3305-{reported:%y%m}-{n:04d}",
                    area_id=area.id,
                    sector=sectors[n % len(sectors)].value,
                    level="major" if major else "general",
                    description=f"隐患 {n}",
                    reporter_id=reporter_id,
                    status=status,
                    reported_at=reported,
                    deadline=deadline,
                    closed_at=closed,
                    listed=major and status != Status.CLOSED,
                    listed_at=reported if major and status != Status.CLOSED else None,
                )
            )
            if n % 3 == 0:
                tips.append(
                    Tip(
                        ref=f"J3305-{reported:%y%m}-{n:04d}",
                        area_id=area.id,
                        sector=sectors[n % len(sectors)].value,
                        description=f"举报 {n}",
                        status="accepted" if n % 2 else "new",
                        received_at=reported - timedelta(hours=2),
                        triaged_at=reported if n % 2 else None,
                    )
                )
    session.add_all([*hazards, *tips])
    await session.commit()
    return len(hazards)
