"""The registry of units (生产经营单位) per area, built from reports, and who offends repeatedly."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import InvalidInput
from domain.lifecycle import Status
from storage.models import Hazard, Unit

NAME_MAX = 100
REPEAT_THRESHOLD = 3
REPEAT_WINDOW = timedelta(days=365)
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(name: str) -> str:
    """Full-width and half-width, case, spaces and punctuation do not make a different unit."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", name)).casefold()


def clean_unit_name(raw: str) -> str:
    name = " ".join(unicodedata.normalize("NFKC", raw).split())
    if not normalise(name):
        raise InvalidInput("unit-error-empty")
    if len(name) > NAME_MAX:
        raise InvalidInput("unit-error-long", max=NAME_MAX)
    return name


async def find_or_create(session: AsyncSession, area_id: int, raw_name: str, now: datetime) -> Unit:
    name = clean_unit_name(raw_name)
    key = normalise(name)
    unit = (await session.exec(select(Unit).where(Unit.area_id == area_id, Unit.name_key == key))).first()
    if unit is None:
        unit = Unit(area_id=area_id, name=name, name_key=key, created_at=now, last_used_at=now)
    unit.last_used_at = now
    session.add(unit)
    await session.flush()
    return unit


async def recent(session: AsyncSession, area_id: int, limit: int = 6) -> Sequence[Unit]:
    query = select(Unit).where(Unit.area_id == area_id).order_by(col(Unit.last_used_at).desc()).limit(limit)
    return (await session.exec(query)).all()


async def repeat_offenders(session: AsyncSession, unit_ids: Sequence[int], now: datetime) -> set[int]:
    """Units with REPEAT_THRESHOLD or more real hazards in twelve months (merged and rejected not counted)."""
    ids = [i for i in set(unit_ids) if i]
    if not ids:
        return set()
    query = (
        select(Hazard.unit_id, func.count())
        .where(
            col(Hazard.unit_id).in_(ids),
            Hazard.reported_at >= now - REPEAT_WINDOW,
            col(Hazard.status).not_in([Status.MERGED, Status.REJECTED]),
        )
        .group_by(Hazard.unit_id)
    )
    return {unit_id for unit_id, count in (await session.exec(query)).all() if count >= REPEAT_THRESHOLD}


async def history(
    session: AsyncSession, unit_id: int, limit: int = 30
) -> tuple[Unit | None, Sequence[Hazard]]:
    """The unit and its hazards, newest first (merged duplicates left out)."""
    unit = await session.get(Unit, unit_id)
    if unit is None:
        return None, []
    query = (
        select(Hazard)
        .where(Hazard.unit_id == unit_id, Hazard.status != Status.MERGED)
        .order_by(col(Hazard.reported_at).desc())
        .limit(limit)
    )
    return unit, (await session.exec(query)).all()
