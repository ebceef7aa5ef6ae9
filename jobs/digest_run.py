"""Sending digests: on each group's schedule, once per group and period, paced to Telegram's limits.

A tick every few minutes looks at every bound group's schedule. A run is due from its scheduled time until
DIGEST_GRACE_HOURS later, so a run missed while the bot was down goes out once when it is back. Groups are
served side by side (the shared pacer keeps to the limits across them), and each digest is built once per
tick for all the groups of its area.

Exactly once, across restarts and processes: a DigestSent row (unique on kind, period and chat) is claimed
before anything is sent, with a token; after each message the holder writes `parts_done` and renews the
lease in one UPDATE, only while the token is still its own. A run cut short (crash, network) leaves the
claim in "sending"; once the lease has run out another tick takes it over with a new token and goes on from
the next part, and a slow holder that lost its claim stops at its next write, before its next message. (A
message in flight when its sender crashed or lost the claim can go twice; nothing else ever does.) A group
that refuses the bot (403) is unbound with the reason recorded, and its claim marked failed.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import BufferedInputFile
from apscheduler.job import Job
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import pick_locale
from bot.settings import Settings
from domain import groups as group_rules
from domain.areas import get_area
from domain.digest_schedule import due, slots_of
from domain.periods import Kind, Period, reported_by_run
from domain.roles import Role
from jobs.digests import Digest, Part, build, period_name, report_due
from jobs.pacing import Pacer
from jobs.runtime import Runtime, current
from jobs.scheduler import ensure_job
from storage import areas as area_store
from storage import members as member_store
from storage.db import begin_write, write_transaction
from storage.models import Area, DigestSent, GroupChat

log = logging.getLogger(__name__)

JOB_ID = "digest-tick"
JOB_TARGET = "jobs.digest_run:scheduled_tick"
# Renewed after each message; one message can take a few minutes of retries and pacing.
LEASE = timedelta(minutes=15)
# Groups served at once. The pacer, not this, keeps to Telegram's limits; enough groups must be at it that
# the progress writes and HTTP round trips of some overlap the pacing waits of others.
GROUPS_AT_ONCE = 12
REMINDER = "remind2m"  # the private 两月一报 reminder, recorded like a digest so it also goes once


async def scheduled_tick() -> None:
    sent = await run_tick()
    if sent:
        log.info("digests: %d sent", sent)


def schedule(scheduler: BaseScheduler, settings: Settings) -> Job:
    trigger = CronTrigger(minute="*/5", timezone=settings.tz)
    return ensure_job(scheduler, JOB_ID, JOB_TARGET, trigger, "digest tick")


async def run_tick(runtime: Runtime | None = None) -> int:
    """Send every digest that is due and not yet sent; returns how many were completed."""
    rt = runtime or current()
    now = rt.clock.now()
    async with rt.session_pool() as session:
        query = select(GroupChat).where(col(GroupChat.area_id).is_not(None), col(GroupChat.is_member))
        groups = [(g.id, g.area_id or 0) for g in (await session.exec(query)).all()]
    digests = Digests(rt, now)
    gate = asyncio.Semaphore(GROUPS_AT_ONCE)

    async def serve(chat_id: int, area_id: int) -> int:
        async with gate:
            return await _run_group(rt, digests, chat_id, area_id, now)

    return sum(await asyncio.gather(*(serve(chat_id, area_id) for chat_id, area_id in groups)))


async def _run_group(rt: Runtime, digests: Digests, chat_id: int, area_id: int, now: datetime) -> int:
    grace = timedelta(hours=rt.settings.digest_grace_hours)
    async with rt.session_pool() as session:
        slots = await slots_of(session, chat_id)
    completed = 0
    for kind, slot in slots.items():
        run = due(slot, now, rt.settings.tz, grace)
        if run is None:
            continue
        period = reported_by_run(kind, run.date())
        try:
            completed += await deliver_once(rt, chat_id, area_id, kind, period, digests)
            if kind == Kind.BIMONTHLY and await sent_already(rt, kind, period, chat_id):
                # Every tick while due, not only after the send: a reminder cut short is taken up again.
                await remind_township_supervisors(rt, area_id, period)
        except Exception:
            # One group's trouble must not keep the others' digests back; the claim stays for later.
            log.exception("digest %s %s to a group failed", kind, period.key)
    return completed


class Digests:
    """The digests of one tick, each (kind, area, period, locale) built once and shared by every group it
    goes to: a Digest holds only text and bytes. A digest is built when the first group has claimed it, so a
    tick with nothing left to send builds nothing; groups that want it meanwhile wait for that one build."""

    def __init__(self, rt: Runtime, now: datetime) -> None:
        self.rt, self.now = rt, now
        self._builds: dict[tuple[Kind, int, str, str], asyncio.Task[Digest]] = {}

    async def get(self, kind: Kind, area_id: int, period: Period, locale: str) -> Digest:
        key = (kind, area_id, period.key, locale)
        if key not in self._builds:
            self._builds[key] = asyncio.create_task(self._build(kind, area_id, period, locale))
        # Shielded: one waiting group given up must not cancel the build the others wait for.
        return await asyncio.shield(self._builds[key])

    async def _build(self, kind: Kind, area_id: int, period: Period, locale: str) -> Digest:
        async with self.rt.session_pool() as session:
            area = await get_area(session, area_id)
            t = self.rt.catalogs.translator(locale)
            return await build(session, kind, area, period, t, self.rt.settings, self.now)


@dataclass(frozen=True)
class Claim:
    id: int
    parts_done: int
    token: str


class ClaimLost(Exception):
    """Another process took the claim over (this one was too slow): stop sending at once."""


async def claim(
    session: AsyncSession, kind: str, period: str, chat_id: int, area_id: int, now: datetime
) -> Claim | None:
    """This process's right to send (or go on sending) the digest; None if it is done or someone has it."""
    token = secrets.token_hex(8)
    try:
        async with write_transaction(session):
            query = select(DigestSent).where(
                DigestSent.kind == kind, DigestSent.period == period, DigestSent.chat_id == chat_id
            )
            row = (await session.exec(query)).first()
            if row is None:
                row = DigestSent(
                    kind=kind,
                    period=period,
                    chat_id=chat_id,
                    area_id=area_id,
                    state="sending",
                    claimed_at=now,
                    token=token,
                )
                session.add(row)
                await session.flush()
                return Claim(row.id or 0, 0, token)
            if row.state != "sending" or now - row.claimed_at < LEASE:
                return None
            taken = await session.exec(
                update(DigestSent)  # type: ignore[call-overload]
                .where(col(DigestSent.id) == row.id, col(DigestSent.token) == row.token)
                .values(claimed_at=now, token=token)
            )
            return Claim(row.id or 0, row.parts_done, token) if taken.rowcount == 1 else None
    except IntegrityError:
        return None  # another process inserted it first


async def _progress(session: AsyncSession, held: Claim, now: datetime, **values: object) -> None:
    """Record progress and renew the lease, only while this process still holds the claim.

    One UPDATE in a write transaction of its own, without write_transaction's savepoint: nothing loaded
    before needs keeping, and this runs once per message sent."""
    await begin_write(session)
    try:
        done = await session.exec(
            update(DigestSent)  # type: ignore[call-overload]
            .where(col(DigestSent.id) == held.id, col(DigestSent.token) == held.token)
            .values(claimed_at=now, **values)
        )
    except BaseException:
        await session.rollback()
        raise
    await session.commit()
    if done.rowcount != 1:
        raise ClaimLost()


async def send_part(bot: Bot, pacer: Pacer, chat_id: int, part: Part) -> None:
    async with pacer.sending(chat_id):
        if part.photo is not None:
            photo = BufferedInputFile(part.photo, "chart.png")
            await bot.send_photo(chat_id, photo, caption=part.text or None)
        elif part.document is not None:
            file = BufferedInputFile(part.document, part.filename)
            await bot.send_document(chat_id, file, caption=part.text or None)
        else:
            await bot.send_message(chat_id, part.text)


async def deliver_once(
    rt: Runtime,
    chat_id: int,
    area_id: int,
    kind: Kind,
    period: Period,
    digests: Digests | None = None,
) -> int:
    digests = digests or Digests(rt, rt.clock.now())
    async with rt.session_pool() as session:
        held = await claim(session, kind.value, period.key, chat_id, area_id, rt.clock.now())
        if held is None:
            return 0
        try:
            digest = await digests.get(kind, area_id, period, rt.settings.default_locale)
        except Exception as exc:
            await _progress(session, held, rt.clock.now(), error=f"build: {type(exc).__name__}"[:200])
            raise
        try:
            await _send_parts(rt, session, held, chat_id, digest.parts)
        except ClaimLost:
            log.warning("digest %s %s: another process took over", kind, period.key)
            return 0
        except TelegramForbiddenError as exc:
            await group_rules.bot_left(session, chat_id, "digest-refused", rt.clock.now())
            await _progress(
                session,
                held,
                rt.clock.now(),
                state="failed",
                error=exc.message[:200],
                finished_at=rt.clock.now(),
            )
            log.warning("digest %s %s: the group refused the bot and was unbound", kind, period.key)
            return 0
        except TelegramAPIError as exc:
            # Flood control and server trouble were already retried; the claim is resumed after its lease.
            log.warning("digest %s %s cut short: %s", kind, period.key, exc.message)
            return 0
    return 1


async def _send_parts(
    rt: Runtime, session: AsyncSession, held: Claim, chat_id: int, parts: list[Part]
) -> None:
    """The parts after the last one recorded, in order. One write before the first part, then one per part
    after it was sent: it records the part (a resumed run starts after it), renews the lease and, for the
    last part, marks the digest sent; it fails with ClaimLost, before the next part, if another process has
    taken the claim over."""
    # The shared build may have taken a while: make sure the claim is still ours before the first part,
    # so a process that took it over meanwhile is not doubled (and the lease starts afresh).
    await _progress(session, held, rt.clock.now())
    for done in range(held.parts_done, len(parts)):
        await send_part(rt.bot, rt.pacer, chat_id, parts[done])
        now = rt.clock.now()
        finished = {"state": "sent", "finished_at": now} if done + 1 == len(parts) else {}
        await _progress(session, held, now, parts_done=done + 1, **finished)
    if held.parts_done >= len(parts):  # cut short after its last part was recorded: only "sent" is missing
        await _progress(session, held, rt.clock.now(), state="sent", finished_at=rt.clock.now())


async def sent_already(rt: Runtime, kind: Kind, period: Period, chat_id: int) -> bool:
    async with rt.session_pool() as session:
        query = select(DigestSent.state).where(
            DigestSent.kind == kind.value, DigestSent.period == period.key, DigestSent.chat_id == chat_id
        )
        return (await session.exec(query)).first() == "sent"


async def remind_township_supervisors(rt: Runtime, area_id: int, period: Period) -> int:
    """两月一报: each township supervisor in the group's tree is reminded privately, once per township and
    period (claimed like a digest, so a crash or a second process neither loses nor doubles one)."""
    reminded = 0
    async with rt.session_pool() as session:
        area = await get_area(session, area_id)
        for township in await _townships_under(session, area):
            for person in await member_store.holders(session, [Role.SUPERVISOR.value], [township.path]):
                key = f"{period.key}#{township.id}"
                held = await claim(session, REMINDER, key, person.id, township.id or 0, rt.clock.now())
                if held is None:
                    continue
                t = rt.catalogs.translator(pick_locale(person.language_code, rt.settings.default_locale))
                text = t(
                    "remind-two-month-report",
                    area=township.name,
                    period=period_name(t, period),
                    due=report_due(period).strftime("%Y-%m-%d"),
                )
                try:
                    await send_part(rt.bot, rt.pacer, person.id, Part(text=text))
                except (TelegramForbiddenError, TelegramBadRequest) as exc:
                    # The person cannot be reached this way at all: recorded, not retried.
                    await _progress(session, held, rt.clock.now(), state="failed", error=exc.message[:200])
                    continue
                except TelegramAPIError as exc:
                    log.info("a two-month reminder is delayed: %s", exc.message)  # resumed after the lease
                    continue
                await _progress(
                    session, held, rt.clock.now(), state="sent", parts_done=1, finished_at=rt.clock.now()
                )
                reminded += 1
    return reminded


async def _townships_under(session: AsyncSession, area: Area) -> list[Area]:
    depth = area.path.count("/")  # "/1/" a county, "/1/2/" a township, "/1/2/3/" a village
    if depth == 3:
        return [area]
    if depth > 3:
        parent = await area_store.get(session, area.parent_id or 0)
        return [parent] if parent else []
    return list(await area_store.children(session, area.id))
