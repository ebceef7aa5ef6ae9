"""Accident quick reports (事故直报): when it happened, how late it was reported, who must know at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from domain import audit
from domain.areas import ancestor_ids, get_area
from domain.errors import InvalidInput
from domain.hazards import MAX_PHOTOS, EvidenceRef, clean_text
from domain.numbering import next_ref, ref_prefix
from domain.permissions import Action, Actor
from storage.db import write_transaction
from storage.models import Accident

_CLOCK = re.compile(r"^(?:(\d{1,2})[-/.月](\d{1,2})日?\s*)?(\d{1,2})[:：点时](\d{2})?分?$")


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """ "14:30", "14点30", "11-23 14:30" or "11月23日 14:30", in local time; never in the future.

    A bare time later than now means yesterday (reported after midnight).
    """
    match = _CLOCK.match(text.strip())
    if not match:
        raise InvalidInput("accident-error-time")
    month, day, hour, minute = (int(g) if g else None for g in match.groups())
    local_now = now.astimezone(tz)
    try:
        when = local_now.replace(
            month=month or local_now.month,
            day=day or local_now.day,
            hour=hour or 0,
            minute=minute or 0,
            second=0,
            microsecond=0,
        )
    except ValueError:
        raise InvalidInput("accident-error-time") from None
    if when > local_now and month is None:
        when -= timedelta(days=1)
    if when > local_now + timedelta(minutes=1):
        raise InvalidInput("accident-error-future")
    if local_now - when > timedelta(days=30):
        raise InvalidInput("accident-error-too-old")
    return when.astimezone(now.tzinfo)


def parse_casualties(text: str) -> tuple[int, int]:
    """ "0 2", "死亡0 受伤2", "0/2": deaths, then injuries."""
    numbers = re.findall(r"\d+", text)
    if len(numbers) != 2 or any(len(n) > 4 for n in numbers):
        raise InvalidInput("accident-error-casualties")
    return int(numbers[0]), int(numbers[1])


@dataclass
class AccidentDraft:
    area_id: int | None = None
    occurred_at: str | None = None  # ISO, so the draft stays plain JSON in the conversation state
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    unit_name: str | None = None
    no_unit: bool = False
    deaths: int | None = None
    injuries: int | None = None
    account: str | None = None
    photos: list[EvidenceRef] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> AccidentDraft:
        raw = dict(data.get("accident") or {})
        photos = [EvidenceRef(**p) for p in raw.pop("photos", [])]
        return cls(**raw, photos=photos)

    def as_data(self) -> dict[str, Any]:
        return {
            **{k: v for k, v in self.__dict__.items() if k != "photos"},
            "photos": [p.as_dict() for p in self.photos],
        }

    def missing(self) -> list[str]:
        checks = [
            ("area", self.area_id is not None),
            ("time", self.occurred_at is not None),
            ("place", self.latitude is not None or bool(self.address)),
            ("unit", bool(self.unit_name) or self.no_unit),
            ("casualties", self.deaths is not None),
            ("account", bool(self.account)),
            ("photos", len(self.photos) <= MAX_PHOTOS),
        ]
        return [name for name, ok in checks if not ok]


def lateness(occurred_at: datetime, reported_at: datetime, late_after_minutes: int) -> tuple[int, bool]:
    minutes = max(0, int((reported_at - occurred_at).total_seconds() // 60))
    return minutes, minutes > late_after_minutes


async def create_accident(
    session: AsyncSession,
    actor: Actor,
    draft: AccidentDraft,
    now: datetime,
    tz: ZoneInfo,
    late_after_minutes: int,
) -> Accident:
    missing = draft.missing()
    if missing:
        raise InvalidInput("report-error-incomplete", fields=",".join(missing))
    occurred = datetime.fromisoformat(draft.occurred_at or "")
    delay, late = lateness(occurred, now, late_after_minutes)
    async with write_transaction(session):
        area = await get_area(session, draft.area_id or 0)
        role = actor.require(Action.REPORT_HAZARD, area.path)
        county = await get_area(session, ancestor_ids(area.path)[0])
        accident = Accident(
            ref=await next_ref(session, ref_prefix(county.code, now, tz, kind="A")),
            area_id=area.id or 0,
            occurred_at=occurred,
            reported_at=now,
            delay_minutes=delay,
            late=late,
            latitude=draft.latitude,
            longitude=draft.longitude,
            address=draft.address,
            unit_name=draft.unit_name,
            deaths=draft.deaths or 0,
            injuries=draft.injuries or 0,
            account=clean_text(draft.account),
            reporter_id=actor.user_id,
        )
        session.add(accident)
        await session.flush()
        session.add_all([p.to_photo(actor.user_id, now, accident_id=accident.id) for p in draft.photos])
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="accident.report",
            subject=("accident", accident.id),
            area_id=area.id,
            after={"ref": accident.ref, "delay_minutes": delay, "late": late},
        )
    return accident
