"""Scheduled digests against the real database: once per group and period, across a crash, a restart, a
second process; missed runs within the grace; 429 waited out; 403 unbinds the group."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError, TelegramNetworkError, TelegramRetryAfter
from aiogram.methods import SendMessage, SendPhoto
from sqlmodel import select

from bot.retry import RetryMiddleware
from domain import digest_schedule
from domain.periods import Kind, containing
from jobs.digest_run import deliver_once, run_tick
from jobs.runtime import Runtime
from storage.models import DigestSent, GroupChat
from tests.conftest import TOKEN
from tests.handlers.conftest import GROUP_ID, SUPERVISOR
from tests.support.recording import RecordingSession

TZ = ZoneInfo("Asia/Shanghai")
MONTH = containing(Kind.MONTHLY, datetime(2026, 10, 15).date())


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ).astimezone(UTC)


@pytest.fixture
def recording_bot() -> tuple[Bot, RecordingSession]:
    session = RecordingSession()
    session.middleware(RetryMiddleware(base_delay=0))
    return Bot(TOKEN, session=session), session


def process(services, settings, clock, recording: RecordingSession) -> Runtime:
    """Another bot process on the same database, its Bot API calls recorded by `recording`."""
    return Runtime(
        bot=Bot(TOKEN, session=recording),
        session_pool=services.session_pool,
        catalogs=services.catalogs,
        settings=settings,
        clock=clock,
    )


@pytest.fixture
def runtime(services, settings, clock, recording_bot) -> Runtime:
    _, recording = recording_bot
    return process(services, settings, clock, recording)


def to_group(recording: RecordingSession) -> list:
    return [c for c in recording.calls if getattr(c.method, "chat_id", None) == GROUP_ID]


async def sent_rows(session) -> list[DigestSent]:
    await session.rollback()
    return list((await session.exec(select(DigestSent).order_by(DigestSent.id))).all())


async def test_the_monthly_run_goes_once_and_the_two_month_action_at_its_own_time(
    runtime, recording_bot, field, clock, session
):
    _, recording = recording_bot
    clock.set(local(2026, 11, 1, 9, 2))
    assert await run_tick(runtime) == 1
    calls = to_group(recording)
    assert [c.name for c in calls] == ["SendMessage", "SendPhoto", "SendDocument"]
    assert "一月一调度｜安吉县 2026年10月" in calls[0].text
    assert await run_tick(runtime) == 0  # the same period is never sent twice
    clock.advance(timedelta(minutes=30))
    assert await run_tick(runtime) == 1
    action = to_group(recording)[-1]
    assert "两月一行动｜安吉县 2026年11—12月" in action.text and "2027-01-05" in action.text
    # The township supervisor gets the 两月一报 reminder privately, once.
    reminders = [c for c in recording.calls if getattr(c.method, "chat_id", None) == SUPERVISOR.id]
    assert len(reminders) == 1 and "两月一报" in reminders[0].text
    assert await run_tick(runtime) == 0
    assert [(r.kind, r.period, r.state) for r in await sent_rows(session)] == [
        ("monthly", "2026-10", "sent"),
        ("bimonthly", "2026-11/12", "sent"),
        ("remind2m", f"2026-11/12#{field.town.id}", "sent"),  # one per township
    ]


async def test_a_missed_run_is_caught_up_within_the_grace_only(
    runtime, recording_bot, field, clock, settings
):
    _, recording = recording_bot
    clock.set(local(2026, 11, 1, 20, 59))  # down since before 09:00; 11 h 59 min late
    assert await run_tick(runtime) == 2  # the monthly and the two-month digests
    settings.digest_grace_hours = 12
    clock.set(local(2026, 12, 1, 21, 1))  # 12 h 1 min after December's run: too late
    before = len(to_group(recording))
    assert await run_tick(runtime) == 0 and len(to_group(recording)) == before


async def test_a_crash_mid_digest_resumes_without_repeating(runtime, recording_bot, field, clock, session):
    _, recording = recording_bot
    clock.set(local(2026, 11, 1, 9, 2))
    original = recording.make_request
    failures = {"left": 4}  # every attempt the retry middleware makes: the network is really gone

    async def flaky(bot, method, timeout=None):  # noqa: ASYNC109  (aiogram's session interface)
        if isinstance(method, SendPhoto) and failures["left"] > 0:
            failures["left"] -= 1
            raise TelegramNetworkError(method, "connection reset")
        return await original(bot, method, timeout)

    recording.make_request = flaky  # type: ignore[method-assign]
    assert await run_tick(runtime) == 0
    [row] = [r for r in await sent_rows(session) if r.kind == "monthly"]
    assert (row.state, row.parts_done) == ("sending", 1)
    assert await run_tick(runtime) == 0  # another process may still be on it: the lease holds
    clock.advance(timedelta(minutes=16))
    assert await run_tick(runtime) >= 1
    monthly_texts = [c for c in to_group(recording) if c.name == "SendMessage" and "一月一调度" in c.text]
    assert len(monthly_texts) == 1  # the text went once, before the crash
    assert [r.state for r in await sent_rows(session) if r.kind == "monthly"] == ["sent"]


async def test_two_processes_on_one_database_send_once(services, settings, clock, field):
    sessions = [RecordingSession(), RecordingSession()]
    runtimes = [process(services, settings, clock, s) for s in sessions]
    clock.set(local(2026, 11, 1, 9, 40))
    results = await asyncio.gather(*(run_tick(rt) for rt in runtimes))
    assert sum(results) == 2  # monthly and two-month, each by one of them
    texts = [c.text for s in sessions for c in s.calls if getattr(c.method, "chat_id", None) == GROUP_ID]
    assert sum("一月一调度" in text for text in texts) == 1
    assert sum("两月一行动" in text for text in texts) == 1


async def test_flood_control_is_waited_out_and_a_refusing_group_is_unbound(
    runtime, recording_bot, field, clock, session
):
    _, recording = recording_bot
    clock.set(local(2026, 11, 1, 9, 2))
    recording.fail["SendMessage"] = TelegramRetryAfter(
        SendMessage(chat_id=GROUP_ID, text="x"), "Too Many Requests: retry after 0", retry_after=0
    )
    assert await run_tick(runtime) == 1
    assert sum(c.name == "SendMessage" for c in to_group(recording)) == 2  # refused once, then sent

    clock.advance(timedelta(minutes=30))  # the two-month action is due: the group has removed the bot
    recording.fail["SendMessage"] = TelegramForbiddenError(
        SendMessage(chat_id=GROUP_ID, text="x"), "Forbidden: bot was kicked from the supergroup chat"
    )
    assert await run_tick(runtime) == 0
    await session.rollback()
    group = await session.get(GroupChat, GROUP_ID)
    assert group.area_id is None and not group.is_member and group.unbind_reason == "digest-refused"
    [row] = [r for r in await sent_rows(session) if r.kind == "bimonthly"]
    assert row.state == "failed" and "kicked" in row.error
    clock.advance(timedelta(minutes=30))
    calls_before = len(recording.calls)
    assert await run_tick(runtime) == 0 and len(recording.calls) == calls_before  # nothing more is tried


async def test_a_group_switches_a_kind_off_and_moves_another(runtime, recording_bot, field, clock, session):
    from domain.permissions import Actor, Grant
    from domain.roles import Role
    from tests.handlers.conftest import LEADER

    leader = Actor(LEADER.id, (Grant(Role.LEADER, field.county.id, field.county.path),), registered=True)
    await digest_schedule.change(session, leader, GROUP_ID, Kind.MONTHLY, clock.now(), enabled=False)
    day, at = digest_schedule.parse_slot(Kind.BIMONTHLY, "2", "08:15")
    await digest_schedule.change(session, leader, GROUP_ID, Kind.BIMONTHLY, clock.now(), day=day, at=at)
    _, recording = recording_bot
    clock.set(local(2026, 11, 1, 10, 0))
    assert await run_tick(runtime) == 0
    clock.set(local(2026, 11, 2, 8, 16))
    assert await run_tick(runtime) == 1
    assert ["两月一行动" in c.text for c in to_group(recording) if c.name == "SendMessage"] == [True]


async def test_every_start_keeps_one_persistent_tick_for_digests_and_one_for_tip_retention(settings):
    from jobs import digest_run, tip_retention
    from jobs.scheduler import build_scheduler

    for _ in range(2):  # two starts on the same job store
        scheduler = build_scheduler(settings)
        scheduler.start(paused=True)
        try:
            digest_run.schedule(scheduler, settings)
            tip_retention.schedule(scheduler, settings)
            jobs = {job.id: job for job in scheduler.get_jobs()}
            assert sorted(jobs) == ["digest-tick", "tip-retention"]
            assert jobs["digest-tick"].func_ref == "jobs.digest_run:scheduled_tick"
            assert jobs["tip-retention"].func_ref == "jobs.tip_retention:scheduled_run"
        finally:
            scheduler.shutdown(wait=False)
            await asyncio.sleep(0)


async def test_a_slow_sender_that_lost_its_claim_stops(services, settings, clock, field):
    """Process A hangs on a photo past its lease; B takes over and finishes; A, woken, sends nothing more."""
    gate, entered = asyncio.Event(), asyncio.Event()
    slow_session, fast_session = RecordingSession(), RecordingSession()
    original = slow_session.make_request

    async def hanging(bot, method, timeout=None):  # noqa: ASYNC109  (aiogram's session interface)
        if isinstance(method, SendPhoto) and not gate.is_set():
            entered.set()
            await gate.wait()
        return await original(bot, method, timeout)

    slow_session.make_request = hanging  # type: ignore[method-assign]
    a, b = (process(services, settings, clock, s) for s in (slow_session, fast_session))
    settings.digest_grace_hours = 24
    clock.set(local(2026, 11, 1, 9, 2))
    first = asyncio.create_task(deliver_once(a, GROUP_ID, field.county.id, Kind.MONTHLY, MONTH))
    await entered.wait()
    clock.advance(timedelta(minutes=16))
    assert await deliver_once(b, GROUP_ID, field.county.id, Kind.MONTHLY, MONTH) == 1
    gate.set()
    assert await first == 0
    sent = [
        c.name
        for s in (slow_session, fast_session)
        for c in s.calls
        if getattr(c.method, "chat_id", 0) == GROUP_ID
    ]
    assert sent.count("SendMessage") == 1 and sent.count("SendDocument") == 1
    assert sent.count("SendPhoto") == 2  # the one photo in flight when the claim changed hands


async def test_a_claim_taken_over_during_a_long_build_sends_nothing(
    services, settings, clock, field, monkeypatch
):
    """A builds past its lease; B takes the claim over and sends it all; A's build ends: A sends nothing."""
    from jobs import digest_run

    gate, entered = asyncio.Event(), asyncio.Event()
    real = digest_run.build

    async def slow_once(*args):
        if not entered.is_set():
            entered.set()
            await gate.wait()
        return await real(*args)

    monkeypatch.setattr(digest_run, "build", slow_once)
    sessions = RecordingSession(), RecordingSession()
    a, b = (process(services, settings, clock, s) for s in sessions)
    settings.digest_grace_hours = 24
    clock.set(local(2026, 11, 1, 9, 2))
    first = asyncio.create_task(deliver_once(a, GROUP_ID, field.county.id, Kind.MONTHLY, MONTH))
    await entered.wait()
    clock.advance(timedelta(minutes=16))
    assert await deliver_once(b, GROUP_ID, field.county.id, Kind.MONTHLY, MONTH) == 1
    gate.set()
    assert await first == 0
    slow, fast = ([c.name for c in s.calls if getattr(c.method, "chat_id", 0) == GROUP_ID] for s in sessions)
    assert slow == []
    assert fast == ["SendMessage", "SendPhoto", "SendDocument"]


async def test_a_reminder_cut_short_is_taken_up_on_a_later_tick(
    runtime, recording_bot, field, clock, monkeypatch
):
    from jobs import digest_run

    _, recording = recording_bot
    clock.set(local(2026, 11, 1, 9, 31))
    real = digest_run.remind_township_supervisors
    calls = {"n": 0}

    async def crashing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("crashed between the digest and the reminders")
        return await real(*args, **kwargs)

    monkeypatch.setattr(digest_run, "remind_township_supervisors", crashing)
    await run_tick(runtime)
    reminders = lambda: [c for c in recording.calls if getattr(c.method, "chat_id", None) == SUPERVISOR.id]  # noqa: E731
    assert reminders() == []
    clock.advance(timedelta(minutes=5))
    await run_tick(runtime)
    assert len(reminders()) == 1
    await run_tick(runtime)
    assert len(reminders()) == 1


OTHER_GROUPS = [-1003004, -1003005, -1003006, -1003007]


@pytest.fixture
async def five_groups(session, admin_actor, clock, field) -> list[int]:
    """The field's group and four more bound to the same county: one digest, five groups."""
    from domain import groups as group_rules

    for chat_id in OTHER_GROUPS:
        await group_rules.bind(session, admin_actor, chat_id, f"组{chat_id}", field.county.id, clock.now())
    return [GROUP_ID, *OTHER_GROUPS]


def count_builds(monkeypatch) -> Counter:
    from jobs import digest_run

    builds: Counter = Counter()
    real = digest_run.build

    async def counted(session, kind, area, period, *args):
        builds[(kind, area.id, period.key)] += 1
        return await real(session, kind, area, period, *args)

    monkeypatch.setattr(digest_run, "build", counted)
    return builds


def answer_out_of_turn(recording: RecordingSession, seed: int) -> None:
    """Each answer comes back after a varying number of the loop's turns, as over a network: groups served
    side by side interleave, and a part sent before the previous one was answered would overtake it."""
    rng, original = random.Random(seed), recording.make_request

    async def late(bot, method, timeout=None):  # noqa: ASYNC109  (aiogram's session interface)
        for _ in range(rng.randint(0, 8)):
            await asyncio.sleep(0)
        return await original(bot, method, timeout)

    recording.make_request = late  # type: ignore[method-assign]


def by_group(recordings: list[RecordingSession], groups: list[int]) -> dict[int, list[tuple[str, str]]]:
    calls = [c for r in recordings for c in r.calls]
    return {g: [(c.name, c.text) for c in calls if getattr(c.method, "chat_id", None) == g] for g in groups}


async def test_a_digest_is_built_once_for_all_the_groups_of_its_area_and_goes_to_each_in_order(
    runtime, recording_bot, five_groups, field, clock, monkeypatch
):
    _, recording = recording_bot
    answer_out_of_turn(recording, seed=1)
    # Side by side, not one group after another: no group's first part is answered until every group has
    # sent its first part (served one by one, the first would wait here for ever).
    started, everyone_started = set(), asyncio.Event()
    answer = recording.make_request

    async def all_start_together(bot, method, timeout=None):  # noqa: ASYNC109  (aiogram's session interface)
        chat = getattr(method, "chat_id", None)
        if chat in five_groups and chat not in started:
            started.add(chat)
            if started >= set(five_groups):
                everyone_started.set()
            await asyncio.wait_for(everyone_started.wait(), 10)
        return await answer(bot, method, timeout)

    recording.make_request = all_start_together  # type: ignore[method-assign]
    builds = count_builds(monkeypatch)
    clock.set(local(2026, 11, 1, 9, 2))
    assert await run_tick(runtime) == 5
    assert builds == {(Kind.MONTHLY, field.county.id, "2026-10"): 1}
    sent = by_group([recording], five_groups)
    parts = [name for name, _ in sent[GROUP_ID]]
    assert parts == ["SendMessage", "SendPhoto", "SendDocument"] and "一月一调度" in sent[GROUP_ID][0][1]
    assert all(sent[g] == sent[GROUP_ID] for g in five_groups)  # each group: every part once, in order
    assert await run_tick(runtime) == 0
    assert sum(builds.values()) == 1  # nothing left to send: nothing built


async def test_progress_is_one_write_per_message_the_last_one_marking_it_sent(
    runtime, services, field, clock, session
):
    from sqlalchemy import event

    updates: list[str] = []
    table = f"UPDATE {DigestSent.__tablename__} ".upper()

    def seen(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith(table):
            updates.append(statement)

    event.listen(services.engine.sync_engine, "before_cursor_execute", seen)
    try:
        clock.set(local(2026, 11, 1, 9, 2))
        assert await run_tick(runtime) == 1
    finally:
        event.remove(services.engine.sync_engine, "before_cursor_execute", seen)
    [row] = await sent_rows(session)
    assert (row.state, row.parts_done) == ("sent", 3)
    # The claim inserted the row; one UPDATE checks it is still ours after the build, then one per message.
    assert len(updates) == 4


async def test_two_ticks_side_by_side_send_every_part_once_to_every_group(
    services, settings, clock, five_groups
):
    recordings = [RecordingSession(), RecordingSession()]
    for seed, recording in enumerate(recordings):
        answer_out_of_turn(recording, seed)
    runtimes = [process(services, settings, clock, r) for r in recordings]
    clock.set(local(2026, 11, 1, 9, 2))
    assert sum(await asyncio.gather(*(run_tick(rt) for rt in runtimes))) == 5
    sent = by_group(recordings, five_groups)
    assert len(sent[GROUP_ID]) == 3
    # Which tick claims which groups is down to scheduling (on PostgreSQL one often takes them all).
    assert all(sent[g] == sent[GROUP_ID] for g in five_groups)


async def test_a_failed_build_is_tried_once_and_recorded_for_each_group(
    runtime, recording_bot, five_groups, clock, session, monkeypatch
):
    from jobs import digest_run

    tried = {"n": 0}

    async def broken(*_args):
        tried["n"] += 1
        raise ValueError("statistics failed")

    monkeypatch.setattr(digest_run, "build", broken)
    clock.set(local(2026, 11, 1, 9, 2))
    assert await run_tick(runtime) == 0
    _, recording = recording_bot
    assert tried["n"] == 1 and recording.calls == []
    rows = await sent_rows(session)
    assert sorted(r.chat_id for r in rows) == sorted(five_groups)
    assert {(r.state, r.parts_done, r.error) for r in rows} == {("sending", 0, "build: ValueError")}


async def test_flood_control_for_one_group_does_not_hold_up_the_others(
    services, settings, clock, five_groups
):
    recording, waiting, go_on, others_done = (RecordingSession(), *(asyncio.Event() for _ in range(3)))
    original = recording.make_request
    refused = {"left": 1}

    async def refuse_once(bot, method, timeout=None):  # noqa: ASYNC109  (aiogram's session interface)
        if method.chat_id == GROUP_ID and refused["left"]:
            refused["left"] -= 1
            raise TelegramRetryAfter(method, "Too Many Requests: retry after 5", retry_after=5)
        answer = await original(bot, method, timeout)
        if sum(len(s) for s in by_group([recording], OTHER_GROUPS).values()) == 3 * len(OTHER_GROUPS):
            others_done.set()
        return answer

    async def held_retry(_seconds: float) -> None:
        waiting.set()
        await go_on.wait()

    recording.make_request = refuse_once  # type: ignore[method-assign]
    recording.middleware(RetryMiddleware(sleep=held_retry))
    rt = process(services, settings, clock, recording)
    clock.set(local(2026, 11, 1, 9, 2))
    tick = asyncio.create_task(run_tick(rt))
    await asyncio.wait_for(waiting.wait(), 10)  # a guard against hanging, not a measure
    await asyncio.wait_for(others_done.wait(), 10)  # they finish while the refused group waits
    assert by_group([recording], [GROUP_ID])[GROUP_ID] == [] and not tick.done()
    go_on.set()
    assert await tick == 5
    sent = by_group([recording], five_groups)
    assert all(sent[g] == sent[GROUP_ID] and len(sent[g]) == 3 for g in five_groups)
