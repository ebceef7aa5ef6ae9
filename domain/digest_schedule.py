"""When each bound group gets each kind of digest: the policy's defaults, and what a leader changed.

A kind runs in fixed months (every month, odd months, quarter starts, January and July, January); the day of
the month and the local time are the group's to change, and a kind can be switched off for a group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain import audit
from domain.areas import get_area
from domain.errors import InvalidInput, NotFound
from domain.periods import Kind, add_months
from domain.permissions import Action, Actor
from storage.db import write_transaction
from storage.models import DigestSchedule, GroupChat

MONTHS_OF = {
    Kind.MONTHLY: frozenset(range(1, 13)),
    Kind.BIMONTHLY: frozenset({1, 3, 5, 7, 9, 11}),
    Kind.QUARTERLY: frozenset({1, 4, 7, 10}),
    Kind.HALF_YEAR: frozenset({1, 7}),
    Kind.ANNUAL: frozenset({1}),
}
MAX_DAY = 28  # every month has it


@dataclass(frozen=True)
class Slot:
    kind: Kind
    enabled: bool
    day: int
    at: time

    def runs_before(self, moment: datetime, tz: ZoneInfo) -> datetime | None:
        """The latest scheduled run at or before `moment` (local calendar), None if switched off."""
        if not self.enabled:
            return None
        local = moment.astimezone(tz)
        month = date(local.year, local.month, 1)
        for back in range(13):
            candidate_month = add_months(month, -back)
            if candidate_month.month not in MONTHS_OF[self.kind]:
                continue
            run = datetime.combine(candidate_month.replace(day=self.day), self.at, tzinfo=tz)
            if run <= local:
                return run
        return None


DEFAULTS = {
    Kind.MONTHLY: Slot(Kind.MONTHLY, True, 1, time(9, 0)),
    Kind.BIMONTHLY: Slot(Kind.BIMONTHLY, True, 1, time(9, 30)),
    Kind.QUARTERLY: Slot(Kind.QUARTERLY, True, 1, time(10, 0)),
    Kind.HALF_YEAR: Slot(Kind.HALF_YEAR, True, 1, time(10, 30)),
    Kind.ANNUAL: Slot(Kind.ANNUAL, True, 5, time(9, 0)),  # early January, after the New Year holiday
}


def _slot(row: DigestSchedule) -> Slot:
    hour, minute = (int(part) for part in row.at.split(":"))
    return Slot(Kind(row.kind), row.enabled, row.day, time(hour, minute))


async def slots_of(session: AsyncSession, chat_id: int) -> dict[Kind, Slot]:
    rows = (await session.exec(select(DigestSchedule).where(DigestSchedule.chat_id == chat_id))).all()
    slots = dict(DEFAULTS)
    slots.update({Kind(row.kind): _slot(row) for row in rows if row.kind in set(Kind)})
    return slots


def due(slot: Slot, now: datetime, tz: ZoneInfo, grace: timedelta) -> datetime | None:
    """The run to make now: the latest scheduled one, if it is not older than the grace."""
    run = slot.runs_before(now, tz)
    if run is None or now - run > grace:
        return None
    return run


def parse_slot(kind: Kind, day_text: str, at_text: str) -> tuple[int, time]:
    if not (day_text.isascii() and day_text.isdecimal()) or not 1 <= int(day_text) <= MAX_DAY:
        raise InvalidInput("schedule-error-day", max=MAX_DAY)
    match = re.fullmatch(r"([01]?\d|2[0-3])[:：]([0-5]\d)", at_text.strip())
    if not match:
        raise InvalidInput("schedule-error-time")
    return int(day_text), time(int(match.group(1)), int(match.group(2)))


async def change(
    session: AsyncSession,
    actor: Actor,
    chat_id: int,
    kind: Kind,
    now: datetime,
    *,
    enabled: bool | None = None,
    day: int | None = None,
    at: time | None = None,
) -> Slot:
    """A leader (or admin) over the group's area changes one kind's slot; recorded as an audit event."""
    async with write_transaction(session):
        group = await session.get(GroupChat, chat_id)
        if group is None or group.area_id is None:
            raise NotFound("schedule-error-unbound")
        area = await get_area(session, group.area_id)
        role = actor.require(Action.BIND_GROUP, area.path)
        current = (await slots_of(session, chat_id))[kind]
        new = Slot(
            kind,
            current.enabled if enabled is None else enabled,
            current.day if day is None else day,
            current.at if at is None else at,
        )
        row = await session.get(DigestSchedule, (chat_id, kind.value)) or DigestSchedule(
            chat_id=chat_id, kind=kind.value, at=""
        )
        row.enabled, row.day, row.at = new.enabled, new.day, new.at.strftime("%H:%M")
        row.updated_by, row.updated_at = actor.user_id, now
        session.add(row)
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="digest.schedule",
            subject=("group", chat_id),
            area_id=area.id,
            before=_plain(current),
            after=_plain(new),
        )
    return new


def _plain(slot: Slot) -> dict[str, object]:
    return {
        "kind": slot.kind.value,
        "enabled": slot.enabled,
        "day": slot.day,
        "at": slot.at.strftime("%H:%M"),
    }
