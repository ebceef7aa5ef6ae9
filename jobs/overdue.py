"""The overdue ladder (逾期提醒): a daily job that reminds, then escalates; each rung goes out once.

    deadline - remind_before_days … deadline   "before"  the rectifier
    deadline + escalate_after_days and later    "after"   the rectifier and the supervisor (督办责任人)
    deadline + leader_after_days and later      "leader"  the leader groups bound to the area or above it

A rung is due *by* a day, not *on* it: a day missed while the bot was down still sends once when it is back
(except "before", which has no point once the deadline has passed).

Once, even across restarts and with two processes: a rung is claimed by inserting its ReminderSent row
(unique on hazard, rung and deadline) in its own transaction before anything is sent; whoever loses the
insert skips it. If nothing reached anyone and a send failed for a passing reason (network, 5xx, flood
control beyond the retries), the claim is released so the next run tries again; a chat that refuses the bot
(403: blocked, kicked) is not retried for. The deadline is part of the key, so extending it re-arms the
ladder for the new date.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum, StrEnum

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from apscheduler.job import Job
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Markup, Translator, pick_locale
from bot.settings import Settings
from domain.areas import ancestor_ids, get_area
from domain.groups import bound_groups
from domain.lifecycle import Status, days_overdue
from handlers.callbacks import HazardCb
from handlers.hazard_cards import shorten
from handlers.render import area_trail
from jobs.runtime import Runtime, current
from jobs.scheduler import ensure_job
from storage.db import write_transaction
from storage.models import GroupChat, Hazard, ReminderSent, User

log = logging.getLogger(__name__)

JOB_ID = "overdue-ladder"
# The job store keeps this reference, never a pickled object: the target must stay importable by this name.
JOB_TARGET = "jobs.overdue:scheduled_run"
DESCRIPTION_LIMIT = 300
NOBODY = "—"


class Rung(StrEnum):
    BEFORE = "before"
    AFTER = "after"
    LEADER = "leader"


def rungs_due(deadline: date, today: date, settings: Settings) -> list[str]:
    """The rungs due by today (sent or not): the job sends those not yet sent."""
    due: list[str] = []
    if deadline - timedelta(days=settings.remind_before_days) <= today <= deadline:
        due.append(Rung.BEFORE)
    if today >= deadline + timedelta(days=settings.escalate_after_days):
        due.append(Rung.AFTER)
    if today >= deadline + timedelta(days=settings.leader_after_days):
        due.append(Rung.LEADER)
    return due


# --- the daily run ---------------------------------------------------------------------------------------


class Delivery(Enum):
    DELIVERED = "delivered"
    REFUSED = "refused"  # the chat will not take it (blocked, kicked, gone): retrying cannot help
    TRANSIENT = "transient"  # network, server or flood control beyond the retries: the next run may do


@dataclass(frozen=True)
class Letter:
    chat_id: int
    text: str
    markup: InlineKeyboardMarkup


@dataclass(frozen=True)
class _Facts:
    """What the messages about one hazard say, loaded once for all its due rungs."""

    hazard: Hazard
    trail: Markup
    rectifier: User | None
    supervisor: User | None
    groups: Sequence[GroupChat]


async def scheduled_run() -> None:
    """The scheduler's target: no arguments, so the job store pickles nothing but this function's name."""
    sent = await run_ladder()
    log.info("overdue ladder: %d reminders sent", sent)


async def run_ladder(runtime: Runtime | None = None) -> int:
    """Send every due rung not sent yet; returns how many messages were delivered."""
    rt = runtime or current()
    now = rt.clock.now()
    today = now.astimezone(rt.settings.tz).date()
    delivered = 0
    async with rt.session_pool() as session:
        hazards, sent = await _open_hazards(session), await _sent_keys(session)
        for hazard in hazards:
            deadline, ref = hazard.deadline, hazard.ref
            if deadline is None or hazard.id is None:
                continue
            due = [r for r in rungs_due(deadline, today, rt.settings) if (hazard.id, r, deadline) not in sent]
            if not due:
                continue
            try:
                facts = await _facts(session, hazard, with_groups=Rung.LEADER in due)
                for rung in due:
                    delivered += await _climb(rt, session, facts, rung, deadline, today, now)
            except Exception:
                # One broken hazard must not keep the others' reminders back.
                log.exception("overdue ladder: hazard %s failed", ref)
    return delivered


async def _open_hazards(session: AsyncSession) -> Sequence[Hazard]:
    query = (
        select(Hazard)
        .where(Hazard.status == Status.RECTIFYING.value, col(Hazard.deadline).is_not(None))
        .order_by(col(Hazard.id))
    )
    return (await session.exec(query)).all()


async def _sent_keys(session: AsyncSession) -> set[tuple[int, str, date]]:
    """Rungs already sent for the current deadlines of open hazards (to skip them without a write)."""
    query = (
        select(ReminderSent.hazard_id, ReminderSent.rung, ReminderSent.deadline)
        .join(Hazard, col(Hazard.id) == ReminderSent.hazard_id)
        .where(Hazard.status == Status.RECTIFYING.value, col(ReminderSent.deadline) == Hazard.deadline)
    )
    return {(hazard_id, rung, deadline) for hazard_id, rung, deadline in (await session.exec(query)).all()}


async def _facts(session: AsyncSession, hazard: Hazard, *, with_groups: bool) -> _Facts:
    area = await get_area(session, hazard.area_id)
    rectifier = await session.get(User, hazard.rectifier_id) if hazard.rectifier_id else None
    supervisor = await session.get(User, hazard.supervisor_id) if hazard.supervisor_id else None
    groups = await bound_groups(session, ancestor_ids(area.path)) if with_groups else []
    return _Facts(hazard, await area_trail(session, area), rectifier, supervisor, groups)


async def _climb(
    rt: Runtime,
    session: AsyncSession,
    facts: _Facts,
    rung: str,
    deadline: date,
    today: date,
    now: datetime,
) -> int:
    """One rung of one hazard: write the letters, claim the rung, send, release if it all failed for now."""
    letters = _letters(rt, facts, rung, deadline, today)
    if not letters:
        # Nobody to tell yet (an outside rectifier who has not joined, no leader group bound): left unclaimed,
        # so it goes out once someone can be reached while it is still due.
        log.info("overdue ladder: %s rung %s has nobody to tell", facts.hazard.ref, rung)
        return 0
    claim = await _claim(session, facts.hazard.id or 0, rung, deadline, now)
    if claim is None:
        return 0
    outcomes = [await deliver(rt.bot, letter) for letter in letters]
    delivered = outcomes.count(Delivery.DELIVERED)
    if not delivered and Delivery.TRANSIENT in outcomes:
        await _release(session, claim)
        log.warning("overdue ladder: %s rung %s not delivered, will retry", facts.hazard.ref, rung)
    return delivered


async def _claim(
    session: AsyncSession, hazard_id: int, rung: str, deadline: date, now: datetime
) -> int | None:
    """The ReminderSent row's id if this run may send the rung; None if it is taken or no longer due."""
    try:
        async with write_transaction(session):
            # Read again under the write lock: closed or extended since the list was read means not now.
            hazard = await session.get(Hazard, hazard_id, populate_existing=True)
            if hazard is None or hazard.status != Status.RECTIFYING or hazard.deadline != deadline:
                return None
            row = ReminderSent(hazard_id=hazard_id, rung=rung, deadline=deadline, sent_at=now)
            session.add(row)
            await session.flush()
            return row.id
    except IntegrityError:
        return None  # another run (or process) has it


async def _release(session: AsyncSession, claim: int) -> None:
    async with write_transaction(session):
        row = await session.get(ReminderSent, claim)
        if row is not None:
            await session.delete(row)


async def deliver(bot: Bot, letter: Letter) -> Delivery:
    """Send one letter; failures are logged here, and only their kind goes back."""
    try:
        await bot.send_message(letter.chat_id, letter.text, reply_markup=letter.markup)
    except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter) as exc:
        log.warning("overdue reminder not delivered for now: %s", exc.message)
        return Delivery.TRANSIENT
    except TelegramAPIError as exc:
        log.info("overdue reminder refused by the chat: %s", exc.message)
        return Delivery.REFUSED
    return Delivery.DELIVERED


# --- the letters -----------------------------------------------------------------------------------------


def _letters(rt: Runtime, facts: _Facts, rung: str, deadline: date, today: date) -> list[Letter]:
    default = rt.settings.default_locale
    people: list[User] = []
    if rung in (Rung.BEFORE, Rung.AFTER) and facts.rectifier is not None:
        people.append(facts.rectifier)
    if (
        rung == Rung.AFTER
        and facts.supervisor is not None
        and facts.supervisor.id not in {p.id for p in people}
    ):
        people.append(facts.supervisor)
    letters = [
        _letter(
            rt.catalogs.translator(pick_locale(person.language_code, default)),
            person.id,
            facts,
            rung,
            deadline,
            today,
        )
        for person in people
    ]
    if rung == Rung.LEADER:  # groups read the default language, as every group notice does
        group_t = rt.catalogs.translator(default)
        letters += [_letter(group_t, group.id, facts, rung, deadline, today) for group in facts.groups]
    return letters


def _letter(t: Translator, chat_id: int, facts: _Facts, rung: str, deadline: date, today: date) -> Letter:
    hazard = facts.hazard
    text = t(
        f"remind-{rung}",
        ref=hazard.ref,
        trail=facts.trail,
        description=shorten(hazard.description, DESCRIPTION_LIMIT),
        deadline=deadline.isoformat(),
        days_left=max(0, (deadline - today).days),
        days=days_overdue(deadline, today),
        rectifier=_rectifier_name(hazard, facts.rectifier),
        supervisor=facts.supervisor.full_name if facts.supervisor else NOBODY,
    )
    button = InlineKeyboardButton(text=t.plain("btn-view"), callback_data=HazardCb(id=hazard.id or 0).pack())
    return Letter(chat_id, text, InlineKeyboardMarkup(inline_keyboard=[[button]]))


def _rectifier_name(hazard: Hazard, rectifier: User | None) -> str:
    if rectifier is not None:
        return rectifier.full_name
    # An outside person who has not opened the invite yet; the phone stays on the card, out of group chats.
    return hazard.rectifier_name or NOBODY


# --- the schedule ----------------------------------------------------------------------------------------


def daily_trigger(settings: Settings) -> CronTrigger:
    hour, minute = (int(part) for part in settings.reminder_time.split(":"))
    return CronTrigger(hour=hour, minute=minute, timezone=settings.tz)


def schedule(scheduler: BaseScheduler, settings: Settings) -> Job:
    """Register the daily run in the (persistent) job store; see `jobs.scheduler.ensure_job`."""
    return ensure_job(scheduler, JOB_ID, JOB_TARGET, daily_trigger(settings), "overdue ladder")
