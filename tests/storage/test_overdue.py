"""The overdue ladder against the real database, with a frozen clock and a recording Bot session."""

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError, TelegramNetworkError, TelegramServerError
from aiogram.methods import SendMessage, TelegramMethod
from sqlmodel import select

from bot.app import build_services
from domain import groups as group_rules
from domain import rectification as rect
from domain.clock import FrozenClock
from domain.hazards import Draft, EvidenceRef, create_hazard
from domain.invites import create_invite, redeem_invite
from domain.people import Person, load_actor
from domain.roles import Role
from handlers.callbacks import HazardCb
from jobs import overdue
from jobs.overdue import run_ladder, rungs_due, schedule, scheduled_run
from jobs.runtime import Runtime, current, install
from jobs.scheduler import build_scheduler
from storage.models import ReminderSent
from tests.conftest import TOKEN, make_settings
from tests.storage.test_area_cases import make_tree
from tests.support.recording import RecordingSession

TZ = ZoneInfo("Asia/Shanghai")
BEFORE = EvidenceRef(file_id="b", sha256="b" * 64, size=1, mime="image/jpeg")
AFTER = EvidenceRef(file_id="a", sha256="a" * 64, size=1, mime="image/jpeg")
COORD, RECT, TOWN_SUP = 21, 22, 23
COUNTY_GROUP, TOWN_GROUP, OTHER_GROUP, UNBOUND_GROUP = -1001, -1002, -1003, -1004
DEADLINE = date(2026, 3, 9)


@dataclass
class FlakySession(RecordingSession):
    """Records like RecordingSession; chats listed in `refuse` fail every time with the given error."""

    refuse: dict[int, Exception] = field(default_factory=dict)
    calls_refused: list[int] = field(default_factory=list)

    # The signature is aiogram's session interface.
    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:  # noqa: ASYNC109
        chat_id = getattr(method, "chat_id", None)
        if chat_id in self.refuse:
            self.calls_refused.append(chat_id)
            raise self.refuse[chat_id]
        return await super().make_request(bot, method, timeout)


@dataclass
class World:
    hazard_id: int
    ref: str
    village_id: int
    session: Any  # the session the test acts with

    async def actor(self, user_id: int):
        return await load_actor(self.session, user_id, admin_ids=[])


async def join(session, admin, person: Person, role: Role, area, now) -> None:
    invite = await create_invite(
        session, admin, role=role, area_id=area.id, max_uses=1, ttl=timedelta(days=1), now=now
    )
    await redeem_invite(session, person, invite.token, now)


@pytest.fixture
async def world(session, admin_actor, clock) -> World:
    """A fire hazard in a village, assigned on 2026-03-02 to be fixed by 2026-03-09; groups bound nearby."""
    now = clock.now()
    county, town, village, other = await make_tree(session, admin_actor, now)
    await join(session, admin_actor, Person(COORD, "张网格"), Role.COORDINATOR, village, now)
    # The rectifier's Telegram is in English; the supervisor's says nothing (the default, Chinese).
    await join(session, admin_actor, Person(RECT, "李师傅", language_code="en"), Role.RECTIFIER, village, now)
    await join(session, admin_actor, Person(TOWN_SUP, "王监管"), Role.SUPERVISOR, town, now)
    for chat_id, area in ((COUNTY_GROUP, county), (TOWN_GROUP, town), (OTHER_GROUP, other)):
        await group_rules.bind(session, admin_actor, chat_id, f"群{chat_id}", area.id, now)
    await group_rules.bot_joined(session, UNBOUND_GROUP, "未绑定的群", now)

    draft = Draft(
        area_id=village.id,
        sector="fire",
        level="general",
        address="村口",
        no_unit=True,
        description="灭火器过期",
        photos=[BEFORE],
    )
    hazard = await create_hazard(session, await load_actor(session, COORD, []), draft, now, TZ)
    plan = rect.Assignment(
        rectifier_id=RECT,
        rectifier_name=None,
        rectifier_phone=None,
        supervisor_id=None,
        deadline=DEADLINE,
        measures="更换灭火器",
    )
    await rect.assign(session, await load_actor(session, TOWN_SUP, []), hazard.id, plan, now, TZ)
    return World(hazard.id, hazard.ref, village.id, session)


def at(day: date, hour: int = 8, minute: int = 30) -> FrozenClock:
    return FrozenClock(datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ))


def runtime(services, day: date, hour: int = 8, bot_session: RecordingSession | None = None) -> Runtime:
    return Runtime(
        bot=Bot(TOKEN, session=bot_session or RecordingSession()),
        session_pool=services.session_pool,
        catalogs=services.catalogs,
        settings=services.settings,
        clock=at(day, hour),
    )


def sends(rt: Runtime) -> list[tuple[int, str]]:
    """(chat id, text) of every message the run sent."""
    return [
        (int(call.method.chat_id), call.text)
        for call in rt.bot.session.calls  # type: ignore[attr-defined]
        if isinstance(call.method, SendMessage)
    ]


async def rows(services) -> list[tuple[str, date]]:
    async with services.session_pool() as session:
        found = (await session.exec(select(ReminderSent).order_by(ReminderSent.id))).all()
        return [(r.rung, r.deadline) for r in found]


# --- the pure rule ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2026, 3, 1), []),
        (date(2026, 3, 7), []),
        (date(2026, 3, 8), ["before"]),  # one day before
        (
            date(2026, 3, 9),
            ["before"],
        ),  # the deadline itself: still due (the day before may have been missed)
        (date(2026, 3, 10), ["after"]),  # the day after
        (date(2026, 3, 11), ["after"]),
        (date(2026, 3, 12), ["after", "leader"]),  # three days after
        (date(2026, 4, 30), ["after", "leader"]),  # long overdue: still due (sent once, by the key)
    ],
)
def test_rungs_due_by_today(tmp_path, today, due):
    assert rungs_due(DEADLINE, today, make_settings(tmp_path)) == due


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2026, 3, 8), []),
        (date(2026, 3, 9), ["before"]),  # remind on the day itself
        (date(2026, 3, 10), []),
        (date(2026, 3, 11), ["after"]),
        (date(2026, 3, 13), ["after"]),
        (date(2026, 3, 14), ["after", "leader"]),
    ],
)
def test_rungs_due_follow_the_settings(tmp_path, today, due):
    settings = make_settings(tmp_path, remind_before_days=0, escalate_after_days=2, leader_after_days=5)
    assert rungs_due(DEADLINE, today, settings) == due


# --- the ladder ------------------------------------------------------------------------------------------


async def test_each_rung_reaches_the_right_people_once(world, services, settings):
    expected = {
        date(2026, 3, 7): set(),
        date(2026, 3, 8): {RECT},
        date(2026, 3, 9): set(),
        date(2026, 3, 10): {RECT, TOWN_SUP},
        date(2026, 3, 11): set(),
        date(2026, 3, 12): {COUNTY_GROUP, TOWN_GROUP},  # the area's ancestors' groups; not another town's
        date(2026, 3, 13): set(),
    }
    texts: dict[date, dict[int, str]] = {}
    for day, chats in expected.items():
        morning, afternoon = runtime(services, day, 8), runtime(services, day, 15)
        assert await run_ladder(morning) == len(chats)
        assert await run_ladder(afternoon) == 0  # a second run the same day sends nothing again
        assert {chat for chat, _ in sends(morning)} == chats and sends(afternoon) == []
        texts[day] = dict(sends(morning))

    before = texts[date(2026, 3, 8)][RECT]
    assert "Rectification due soon" in before and world.ref in before and "2026-03-09 (1 day left)" in before
    after = texts[date(2026, 3, 10)]
    assert "overdue by 1 day" in after[RECT] and "Rectifier: 李师傅" in after[RECT]  # English for him
    assert "整改已逾期 1 天" in after[TOWN_SUP] and "整改责任人：李师傅" in after[TOWN_SUP]
    leader = texts[date(2026, 3, 12)][COUNTY_GROUP]
    assert "逾期 3 天" in leader and world.ref in leader and "2026-03-09" in leader and "李师傅" in leader
    assert await rows(services) == [("before", DEADLINE), ("after", DEADLINE), ("leader", DEADLINE)]

    # A restart: a fresh Runtime over the same database file, with its own engine, sends nothing again.
    fresh = build_services(settings, clock=at(date(2026, 3, 14)))
    try:
        again = Runtime(
            Bot(TOKEN, session=RecordingSession()), fresh.session_pool, fresh.catalogs, settings, fresh.clock
        )
        assert await run_ladder(again) == 0 and sends(again) == []
    finally:
        await fresh.dispose()


async def test_every_message_has_a_view_button(world, services):
    rt = runtime(services, date(2026, 3, 12))
    assert await run_ladder(rt) == 4  # after (2 people) and leader (2 groups) at once
    calls = [c for c in rt.bot.session.calls if isinstance(c.method, SendMessage)]  # type: ignore[attr-defined]
    view = HazardCb(id=world.hazard_id).pack()
    assert {int(c.method.chat_id): c.buttons() for c in calls} == {
        RECT: [("🔎 View", view)],  # in the rectifier's language
        TOWN_SUP: [("🔎 查看详情", view)],
        COUNTY_GROUP: [("🔎 查看详情", view)],  # groups in the default language
        TOWN_GROUP: [("🔎 查看详情", view)],
    }


async def test_days_missed_while_down_still_send_once(world, services):
    early = runtime(services, date(2026, 3, 7))
    assert await run_ladder(early) == 0 and sends(early) == []
    # Down on the 8th: on the deadline day itself the "before" reminder still goes out.
    on_the_day = runtime(services, date(2026, 3, 9))
    assert await run_ladder(on_the_day) == 1 and [c for c, _ in sends(on_the_day)] == [RECT]
    # Down from the 10th to the 13th: "after" and "leader" both go out on return, once.
    back = runtime(services, date(2026, 3, 14), 15)
    assert await run_ladder(back) == 4
    assert sorted(c for c, _ in sends(back)) == sorted([RECT, TOWN_SUP, COUNTY_GROUP, TOWN_GROUP])
    assert "整改已逾期 5 天" in dict(sends(back))[TOWN_SUP]
    assert await run_ladder(runtime(services, date(2026, 3, 15))) == 0


async def test_a_long_absence_skips_the_reminder_before(world, services):
    back = runtime(services, date(2026, 3, 10))
    assert await run_ladder(back) == 2
    assert sorted(c for c, _ in sends(back)) == sorted([RECT, TOWN_SUP])
    assert await rows(services) == [("after", DEADLINE)]


async def test_extending_the_deadline_rearms_the_ladder(world, services, clock):
    for day in (date(2026, 3, 8), date(2026, 3, 10)):
        await run_ladder(runtime(services, day))
    assert await rows(services) == [("before", DEADLINE), ("after", DEADLINE)]
    new_deadline = date(2026, 3, 20)
    now = at(date(2026, 3, 10), 10).now()
    await rect.extend(
        world.session, await world.actor(TOWN_SUP), world.hazard_id, new_deadline, "需订购配件", now, TZ
    )

    quiet = runtime(services, date(2026, 3, 12))  # would have been the leader rung for the old deadline
    assert await run_ladder(quiet) == 0 and sends(quiet) == []
    again = runtime(services, date(2026, 3, 19))
    assert await run_ladder(again) == 1 and [c for c, _ in sends(again)] == [RECT]
    assert "2026-03-20" in sends(again)[0][1]
    late = runtime(services, date(2026, 3, 21))
    assert await run_ladder(late) == 2 and sorted(c for c, _ in sends(late)) == sorted([RECT, TOWN_SUP])
    assert await rows(services) == [
        ("before", DEADLINE),
        ("after", DEADLINE),
        ("before", new_deadline),
        ("after", new_deadline),
    ]


async def test_hazards_no_longer_rectifying_get_nothing(world, services):
    now = at(date(2026, 3, 9), 10).now()
    await rect.complete(world.session, await world.actor(RECT), world.hazard_id, "已更换", [AFTER], now)
    waiting = runtime(services, date(2026, 3, 12))  # awaiting verification: the rectifier has done the work
    assert await run_ladder(waiting) == 0 and sends(waiting) == []
    await rect.accept(world.session, await world.actor(TOWN_SUP), world.hazard_id, "合格", now)
    closed = runtime(services, date(2026, 3, 14))
    assert await run_ladder(closed) == 0 and sends(closed) == []
    assert await rows(services) == []


async def test_a_transient_failure_releases_the_claim(world, services):
    flaky = FlakySession(refuse={RECT: TelegramNetworkError(SendMessage(chat_id=RECT, text="x"), "timeout")})
    first = runtime(services, date(2026, 3, 8), bot_session=flaky)
    assert await run_ladder(first) == 0 and flaky.calls_refused == [RECT]
    assert await rows(services) == []  # released: nobody got it
    later = runtime(services, date(2026, 3, 8), 15)
    assert await run_ladder(later) == 1 and [c for c, _ in sends(later)] == [RECT]
    assert await rows(services) == [("before", DEADLINE)]


async def test_a_blocked_chat_is_not_retried(world, services):
    blocked = FlakySession(
        refuse={
            RECT: TelegramForbiddenError(SendMessage(chat_id=RECT, text="x"), "bot was blocked by the user")
        }
    )
    first = runtime(services, date(2026, 3, 8), bot_session=blocked)
    assert await run_ladder(first) == 0 and blocked.calls_refused == [RECT]
    assert await rows(services) == [("before", DEADLINE)]  # delivered to nobody, and that is final
    again = runtime(services, date(2026, 3, 9))
    assert await run_ladder(again) == 0 and sends(again) == []


async def test_a_rung_partly_delivered_is_not_resent(world, services):
    flaky = FlakySession(
        refuse={RECT: TelegramServerError(SendMessage(chat_id=RECT, text="x"), "Bad Gateway")}
    )
    first = runtime(services, date(2026, 3, 10), bot_session=flaky)
    assert await run_ladder(first) == 1 and [c for c, _ in sends(first)] == [TOWN_SUP]
    assert await rows(services) == [("after", DEADLINE)]
    again = runtime(services, date(2026, 3, 10), 15)
    assert await run_ladder(again) == 0 and sends(again) == []


async def test_nobody_reached_with_one_failure_passing_is_retried(world, services):
    method = SendMessage(chat_id=RECT, text="x")
    flaky = FlakySession(
        refuse={
            RECT: TelegramForbiddenError(method, "bot was blocked by the user"),
            TOWN_SUP: TelegramNetworkError(method, "timeout"),
        }
    )
    first = runtime(services, date(2026, 3, 10), bot_session=flaky)
    assert await run_ladder(first) == 0 and sorted(flaky.calls_refused) == sorted([RECT, TOWN_SUP])
    assert await rows(services) == []
    again = runtime(services, date(2026, 3, 11))
    assert await run_ladder(again) == 2 and sorted(c for c, _ in sends(again)) == sorted([RECT, TOWN_SUP])


async def test_two_processes_at_once_send_each_rung_once(world, services, settings):
    other = build_services(settings)
    try:
        a = runtime(services, date(2026, 3, 12))
        b = Runtime(
            Bot(TOKEN, session=RecordingSession()),
            other.session_pool,
            other.catalogs,
            settings,
            at(date(2026, 3, 12)),
        )
        results = await asyncio.gather(run_ladder(a), run_ladder(b))
    finally:
        await other.dispose()
    assert sum(results) == 4
    assert sorted(c for c, _ in sends(a) + sends(b)) == sorted([RECT, TOWN_SUP, COUNTY_GROUP, TOWN_GROUP])
    assert sorted(await rows(services)) == [("after", DEADLINE), ("leader", DEADLINE)]


async def test_the_scheduled_target_uses_the_installed_runtime(world, services):
    rt = runtime(services, date(2026, 3, 8))
    install(rt)
    try:
        assert current() is rt
        await scheduled_run()
    finally:
        install(None)
    assert [c for c, _ in sends(rt)] == [RECT]
    with pytest.raises(RuntimeError, match="no Runtime installed"):
        current()


# --- the schedule ----------------------------------------------------------------------------------------


async def _stop(scheduler) -> None:
    scheduler.shutdown(wait=False)
    await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn


async def test_schedule_registers_one_persistent_daily_job(settings):
    first = build_scheduler(settings)
    first.start(paused=True)
    try:
        job = schedule(first, settings)
        schedule(first, settings)  # every start calls it: still one job
        jobs = first.get_jobs()
        assert [j.id for j in jobs] == ["overdue-ladder"]
        assert job.func is scheduled_run and job.func_ref == "jobs.overdue:scheduled_run"
        assert job.args == () and job.kwargs == {}
        assert repr(job.trigger) == "<CronTrigger (hour='8', minute='30', timezone='Asia/Shanghai')>"
        assert job.misfire_grace_time == 12 * 3600 and job.coalesce and job.max_instances == 1
        nxt = job.next_run_time.astimezone(TZ)
        assert (nxt.hour, nxt.minute) == (8, 30) and nxt > datetime.now(TZ)
        # Pretend the bot goes down with a run due: the stored run time is in the past on return.
        missed = datetime.now(UTC) - timedelta(hours=2)
        first.modify_job("overdue-ladder", next_run_time=missed)
    finally:
        await _stop(first)

    second = build_scheduler(settings)
    second.start(paused=True)
    try:
        kept = schedule(second, settings)
        assert [j.id for j in second.get_jobs()] == ["overdue-ladder"]
        # Left as stored, so the missed run is made once on start (within the grace), not pushed to tomorrow.
        assert kept.next_run_time == missed and kept.func is scheduled_run
    finally:
        await _stop(second)

    moved = make_settings(settings.data_dir, reminder_time="07:05")
    third = build_scheduler(moved)
    third.start(paused=True)
    try:
        schedule(third, moved)
        jobs = third.get_jobs()
        assert [j.id for j in jobs] == ["overdue-ladder"]
        assert repr(jobs[0].trigger) == "<CronTrigger (hour='7', minute='5', timezone='Asia/Shanghai')>"
        assert jobs[0].next_run_time > datetime.now(UTC)
    finally:
        await _stop(third)
    assert overdue.JOB_ID == "overdue-ladder"


async def test_the_unique_claim_alone_keeps_a_rung_from_going_twice(world, services, monkeypatch):
    """As when another process claimed the rung after this run read the list: the insert decides."""
    first = runtime(services, date(2026, 3, 10))
    assert await run_ladder(first) == 2

    async def stale_view(session):
        return set()

    monkeypatch.setattr(overdue, "_sent_keys", stale_view)
    second = runtime(services, date(2026, 3, 10), 15)
    assert await run_ladder(second) == 0 and sends(second) == []
    assert await rows(services) == [("after", DEADLINE)]


async def test_a_deadline_extended_during_the_run_is_not_reminded(world, services, monkeypatch):
    """The claim reads the hazard again under the write lock: a change since the list was read wins."""
    read_facts = overdue._facts

    async def extended_meanwhile(session, hazard, *, with_groups):
        facts = await read_facts(session, hazard, with_groups=with_groups)
        async with services.session_pool() as other:
            supervisor = await load_actor(other, TOWN_SUP, [])
            now = at(date(2026, 3, 10), 8).now()
            await rect.extend(other, supervisor, world.hazard_id, date(2026, 3, 30), "等配件", now, TZ)
        return facts

    monkeypatch.setattr(overdue, "_facts", extended_meanwhile)
    rt = runtime(services, date(2026, 3, 10))
    assert await run_ladder(rt) == 0 and sends(rt) == []
    assert await rows(services) == []


async def test_nobody_to_tell_leaves_the_rung_unclaimed(world, services, clock):
    """An outside rectifier who has not joined yet cannot be reminded; the supervisor still is, later."""
    session = world.session
    draft = Draft(
        area_id=world.village_id,
        sector="gas",
        level="general",
        address="菜场",
        no_unit=True,
        description="燃气软管老化",
        photos=[BEFORE],
    )
    hazard = await create_hazard(session, await world.actor(COORD), draft, clock.now(), TZ)
    outside = rect.Assignment(
        rectifier_id=None,
        rectifier_name="王师傅",
        rectifier_phone="13800000000",
        supervisor_id=None,
        deadline=DEADLINE,
        measures="更换软管",
    )
    await rect.assign(session, await world.actor(TOWN_SUP), hazard.id, outside, clock.now(), TZ)
    day_before = runtime(services, date(2026, 3, 8))
    assert await run_ladder(day_before) == 1
    assert [c for c, _ in sends(day_before)] == [RECT]  # the other hazard's rectifier only
    async with services.session_pool() as fresh:
        kept = (await fresh.exec(select(ReminderSent).where(ReminderSent.hazard_id == hazard.id))).all()
    assert kept == []
    day_after = runtime(services, date(2026, 3, 10))
    assert await run_ladder(day_after) == 3
    told = [(chat, text) for chat, text in sends(day_after) if hazard.ref in text]
    assert [chat for chat, _ in told] == [TOWN_SUP]
    assert "整改责任人：王师傅" in told[0][1] and "13800000000" not in told[0][1]
