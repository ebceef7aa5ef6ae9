"""The demo county of the trial: areas, a person in every role, a leader group, and a year of history.

People join through real invites and the group is bound through the domain, so the trial starts from the
same state a county would reach by using the bot; the year of hazards and tips is written straight to the
tables (with their timeline events), deterministic, so a training session always looks the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.settings import Settings
from domain import areas as area_rules
from domain import groups as group_rules
from domain import invites as invite_rules
from domain.lifecycle import Status
from domain.people import Person, ensure_user
from domain.permissions import Actor
from domain.roles import Role
from domain.sectors import Sector
from jobs.overdue import rungs_due
from storage.models import Area, Hazard, HazardEvent, ReminderSent, Tip


@dataclass(frozen=True)
class DemoPerson:
    id: int
    name: str
    username: str
    role: Role | None  # None: a member of the public
    area_code: str | None


COUNTY = ("示范县", "9901")
TOWNSHIPS = {
    ("城关镇", "990101"): [("东街社区", "99010101"), ("西山村", "99010102")],
    ("河口乡", "990102"): [("河口村", "99010201"), ("桥头村", "99010202")],
}
ADMIN = DemoPerson(700001, "王管理", "demo_admin", Role.ADMIN, None)
PEOPLE = (
    ADMIN,
    DemoPerson(700002, "钱领导", "demo_leader", Role.LEADER, "9901"),
    DemoPerson(700003, "赵监管", "demo_supervisor", Role.SUPERVISOR, "990101"),
    DemoPerson(700004, "周监管", "demo_supervisor2", Role.SUPERVISOR, "990102"),
    DemoPerson(700005, "李网格", "demo_grid", Role.COORDINATOR, "99010102"),
    DemoPerson(700006, "陈网格", "demo_grid2", Role.COORDINATOR, "99010201"),
    DemoPerson(700007, "孙整改", "demo_fixer", Role.RECTIFIER, "99010102"),
    DemoPerson(700008, "吴群众", "demo_public", None, None),
)
GROUP = (-100990001, "示范县安委会")
LEADER_ID = 700002


async def seed(
    session: AsyncSession, now: datetime, settings: Settings, months: int = 12, per_month: int = 8
) -> dict[str, Area]:
    """Build the demo county; returns its areas by code."""
    admin = Actor(ADMIN.id, is_global_admin=True, registered=True)
    await ensure_user(session, Person(ADMIN.id, ADMIN.name, ADMIN.username, "zh-hans"), now)
    await session.commit()
    start = now - timedelta(days=31 * months + 5)
    areas: dict[str, Area] = {}
    county = await area_rules.create_area(
        session, admin, name=COUNTY[0], code=COUNTY[1], parent_id=None, now=start
    )
    areas[county.code] = county
    for (town_name, town_code), villages in TOWNSHIPS.items():
        town = await area_rules.create_area(
            session, admin, name=town_name, code=town_code, parent_id=county.id, now=start
        )
        areas[town.code] = town
        for name, code in villages:
            areas[code] = await area_rules.create_area(
                session, admin, name=name, code=code, parent_id=town.id, now=start
            )
    for person in PEOPLE:
        if person.role is None or person.role == Role.ADMIN:
            continue
        invite = await invite_rules.create_invite(
            session,
            admin,
            role=person.role,
            area_id=areas[person.area_code or ""].id,
            max_uses=1,
            ttl=timedelta(days=1),
            now=start,
        )
        who = Person(person.id, person.name, person.username, "zh-hans")
        await invite_rules.redeem_invite(session, who, invite.token, start)
    await group_rules.bind(session, admin, GROUP[0], GROUP[1], county.id or 0, start)
    await _history(session, areas, now, months, per_month)
    await _reminders_already_sent(session, now, settings)
    return areas


async def _reminders_already_sent(session: AsyncSession, now: datetime, settings: Settings) -> None:
    """The year's overdue reminders went out in their time: recorded, so the trainer's first fast-forward
    sends only what becomes due then, not a year of them at once."""
    today = now.astimezone(settings.tz).date()
    open_ = (await session.exec(select(Hazard).where(Hazard.status == Status.RECTIFYING))).all()
    for hazard in open_:
        if hazard.deadline is None:
            continue
        for rung in rungs_due(hazard.deadline, today, settings):
            session.add(
                ReminderSent(hazard_id=hazard.id or 0, rung=rung, deadline=hazard.deadline, sent_at=now)
            )
    await session.commit()


async def _history(
    session: AsyncSession, areas: dict[str, Area], now: datetime, months: int, per_month: int
) -> None:
    rng = random.Random(2026)
    villages = [areas[code] for _, codes in TOWNSHIPS.items() for _, code in codes]
    reporter = {v.code: (700005 if v.code.startswith("990101") else 700006) for v in villages}
    supervisor = {v.code: (700003 if v.code.startswith("990101") else 700004) for v in villages}
    sectors = list(Sector)
    n = 0
    for month in range(months, 0, -1):
        for _ in range(per_month + rng.randint(-2, 3)):
            n += 1
            village = villages[rng.randrange(len(villages))]
            reported = now - timedelta(days=30 * month - rng.randint(0, 27), hours=rng.randint(0, 9))
            hazard = _hazard(rng, n, village, sectors, reported, reporter[village.code], now)
            session.add(hazard)
            await session.flush()
            session.add_all(_events(hazard, supervisor[village.code]))
            if rng.random() < 0.3:
                session.add(
                    Tip(
                        ref=f"J9901-{reported:%y%m}-{n:04d}",
                        area_id=village.id or 0,
                        sector=hazard.sector,
                        description=f"群众反映：{hazard.description}",
                        status="accepted",
                        received_at=reported - timedelta(hours=3),
                        triaged_at=reported,
                        triaged_by=supervisor[village.code],
                        hazard_id=hazard.id,
                        outcome="real" if hazard.status == Status.CLOSED else None,
                        closed_at=hazard.closed_at,
                    )
                )
    await session.commit()


PROBLEMS = {
    Sector.ROAD: "村道急弯处缺少警示标志",
    Sector.CONSTRUCTION: "工地脚手架未设安全网",
    Sector.FIRE: "楼道堆放杂物堵塞消防通道",
    Sector.GAS: "餐馆液化气瓶未装报警器",
    Sector.HAZCHEM: "仓库危化品混放",
    Sector.FIREWORKS: "商店违规储存烟花爆竹",
    Sector.MINING: "采石场边坡未设防护",
    Sector.WATER: "渡船救生衣数量不足",
    Sector.EQUIPMENT: "电梯年检过期",
    Sector.CROWDED: "超市安全出口上锁",
    Sector.INDUSTRY: "粉尘车间除尘设施损坏",
    Sector.OTHER: "配电箱门损坏电线裸露",
}


def _hazard(
    rng: random.Random,
    n: int,
    village: Area,
    sectors: list[Sector],
    reported: datetime,
    reporter: int,
    now: datetime,
) -> Hazard:
    sector = sectors[rng.randrange(len(sectors))]
    major = rng.random() < 0.08
    deadline = (reported + timedelta(days=rng.choice((3, 7, 15)))).date()
    roll = rng.random()
    status, closed = Status.RECTIFYING, None
    if roll < 0.62:
        closed = reported + timedelta(days=rng.randint(1, 6))
    elif roll < 0.8:
        closed = reported + timedelta(days=rng.randint(8, 25))
    elif roll < 0.85:
        status = Status.REJECTED
    if closed is not None and closed < now:
        status = Status.CLOSED
    else:
        closed = None
    return Hazard(
        ref=f"9901-{reported:%y%m}-{n:04d}",
        area_id=village.id or 0,
        sector=sector.value,
        level="major" if major else "general",
        address=f"{village.name}{rng.randint(1, 40)}号附近",
        description=PROBLEMS[sector],
        reporter_id=reporter,
        status=status,
        reported_at=reported,
        rectifier_id=700007 if status != Status.REJECTED else None,
        supervisor_id=None,
        deadline=deadline if status != Status.REJECTED else None,
        measures="立即整改，完成后拍照上报" if status != Status.REJECTED else None,
        assigned_at=reported + timedelta(hours=4) if status != Status.REJECTED else None,
        closed_at=closed,
        listed=major and status == Status.RECTIFYING,
        listed_at=reported + timedelta(days=1) if major and status == Status.RECTIFYING else None,
    )


def _events(hazard: Hazard, supervisor: int) -> list[HazardEvent]:
    def event(
        kind: str, at: datetime, actor: int, role: Role, before: Status | None, after: Status
    ) -> HazardEvent:
        return HazardEvent(
            hazard_id=hazard.id or 0,
            at=at,
            actor_id=actor,
            actor_role=role.value,
            kind=kind,
            from_status=before.value if before else None,
            to_status=after.value,
        )

    reported = hazard.reported_at
    events = [event("reported", reported, hazard.reporter_id, Role.COORDINATOR, None, Status.REPORTED)]
    if hazard.status == Status.REJECTED:
        events.append(
            event(
                "rejected",
                reported + timedelta(hours=5),
                supervisor,
                Role.SUPERVISOR,
                Status.REPORTED,
                Status.REJECTED,
            )
        )
        return events
    hazard.supervisor_id = supervisor
    events.append(
        event(
            "assigned",
            hazard.assigned_at or reported,
            supervisor,
            Role.SUPERVISOR,
            Status.REPORTED,
            Status.RECTIFYING,
        )
    )
    if hazard.closed_at is not None:
        done = hazard.closed_at - timedelta(hours=6)
        events.append(
            event("completed", done, 700007, Role.RECTIFIER, Status.RECTIFYING, Status.AWAITING_VERIFICATION)
        )
        events.append(
            event(
                "closed",
                hazard.closed_at,
                supervisor,
                Role.SUPERVISOR,
                Status.AWAITING_VERIFICATION,
                Status.CLOSED,
            )
        )
    return events
