"""Hazard intake: validating a report, finding possible duplicates, saving, and reading hazards back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain import units as unit_rules
from domain.areas import get_area
from domain.errors import Conflict, InvalidInput, NotFound
from domain.geo import distance_m
from domain.lifecycle import OPEN_STATUSES, Status
from domain.numbering import next_ref, normalise_ref, ref_prefix
from domain.permissions import Action, Actor
from domain.sectors import Level, Sector
from storage import areas as area_store
from storage.db import write_transaction
from storage.models import Area, Hazard, HazardEvent, Photo, Unit, User

TEXT_MAX = 2000
MAX_PHOTOS = 10
DUPLICATE_WINDOW = timedelta(days=14)
DUPLICATE_RADIUS_M = 200.0


def clean_text(raw: str | None, limit: int = TEXT_MAX) -> str:
    text = (raw or "").strip()
    if not text:
        raise InvalidInput("input-error-empty")
    if len(text) > limit:
        raise InvalidInput("input-error-too-long", max=limit, length=len(text))
    return text


@dataclass
class EvidenceRef:
    """A photo already received and stored: its Telegram id, hash, size and type."""

    file_id: str
    sha256: str
    size: int
    mime: str
    media: str = "photo"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def to_photo(self, added_by: int, now: datetime, kind: str = "before", **owner: Any) -> Photo:
        return Photo(
            kind=kind,
            media=self.media,
            file_id=self.file_id,
            sha256=self.sha256,
            size=self.size,
            mime=self.mime,
            added_by=added_by,
            added_at=now,
            **owner,
        )


@dataclass
class Draft:
    """A report being filled in; lives in the conversation state until it is confirmed."""

    area_id: int | None = None
    sector: str | None = None
    level: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    unit_name: str | None = None
    no_unit: bool = False
    description: str | None = None
    photos: list[EvidenceRef] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Draft:
        raw = dict(data.get("draft") or {})
        photos = [EvidenceRef(**p) for p in raw.pop("photos", [])]
        return cls(**raw, photos=photos)

    def as_data(self) -> dict[str, Any]:
        return {
            **{k: v for k, v in self.__dict__.items() if k != "photos"},
            "photos": [p.as_dict() for p in self.photos],
        }

    @property
    def has_place(self) -> bool:
        return self.latitude is not None or bool(self.address)

    def missing(self) -> list[str]:
        """Fields still to fill, in the order they are asked."""
        checks = [
            ("area", self.area_id is not None),
            ("sector", self.sector in set(Sector)),
            ("level", self.level in set(Level)),
            ("place", self.has_place),
            ("unit", bool(self.unit_name) or self.no_unit),
            ("description", bool(self.description)),
            ("photos", 1 <= len(self.photos) <= MAX_PHOTOS),
        ]
        return [name for name, ok in checks if not ok]


async def report_areas(session: AsyncSession, actor: Actor) -> Sequence[Area]:
    return await area_store.under(session, actor.scope_paths(Action.REPORT_HAZARD))


@dataclass(frozen=True)
class Candidate:
    hazard: Hazard
    first_photo: Photo | None
    distance_m: float | None
    same_unit: bool


async def possible_duplicates(session: AsyncSession, draft: Draft, now: datetime) -> list[Candidate]:
    """Open reports in the same area and sector from the last 14 days, within 200 m or for the same unit."""
    unit_key = unit_rules.normalise(draft.unit_name) if draft.unit_name else None
    query = (
        select(Hazard, Unit)
        .outerjoin(Unit, col(Unit.id) == Hazard.unit_id)
        .where(
            Hazard.area_id == draft.area_id,
            Hazard.sector == draft.sector,
            Hazard.reported_at >= now - DUPLICATE_WINDOW,
            col(Hazard.status).in_(list(OPEN_STATUSES)),
        )
        .order_by(col(Hazard.reported_at).desc())
    )
    found: list[Candidate] = []
    for hazard, unit in (await session.exec(query)).all():
        near = None
        if None not in (draft.latitude, draft.longitude, hazard.latitude, hazard.longitude):
            near = distance_m(draft.latitude, draft.longitude, hazard.latitude, hazard.longitude)  # type: ignore[arg-type]
        same_unit = unit is not None and unit_key is not None and unit.name_key == unit_key
        if (near is not None and near <= DUPLICATE_RADIUS_M) or same_unit:
            found.append(Candidate(hazard, await first_photo(session, hazard.id or 0), near, same_unit))
    return found[:3]


async def first_photo(session: AsyncSession, hazard_id: int) -> Photo | None:
    query = select(Photo).where(Photo.hazard_id == hazard_id).order_by(col(Photo.id)).limit(1)
    return (await session.exec(query)).first()


def _photos(draft: Draft, actor: Actor, now: datetime, **owner: Any) -> list[Photo]:
    return [p.to_photo(actor.user_id, now, **owner) for p in draft.photos]


async def create_hazard(
    session: AsyncSession,
    actor: Actor,
    draft: Draft,
    now: datetime,
    tz: ZoneInfo,
    declined_duplicates: Sequence[str] = (),
) -> Hazard:
    missing = draft.missing()
    if missing:
        raise InvalidInput("report-error-incomplete", fields=",".join(missing))
    async with write_transaction(session):
        area = await get_area(session, draft.area_id or 0)
        role = actor.require(Action.REPORT_HAZARD, area.path)
        comment = None
        if declined_duplicates:
            comment = "not-duplicate-of:" + ",".join(declined_duplicates)
        return await insert_hazard(session, actor, role.value, area, draft, now, tz, comment)


async def insert_hazard(
    session: AsyncSession,
    actor: Actor,
    role: str,
    area: Area,
    draft: Draft,
    now: datetime,
    tz: ZoneInfo,
    comment: str | None,
) -> Hazard:
    """The new hazard, its first event and photos; inside the caller's write transaction."""
    county = await get_area(session, int(area.path.strip("/").split("/")[0]))
    unit = (
        await unit_rules.find_or_create(session, area.id or 0, draft.unit_name, now)
        if draft.unit_name
        else None
    )
    hazard = Hazard(
        ref=await next_ref(session, ref_prefix(county.code, now, tz)),
        area_id=area.id or 0,
        sector=draft.sector or "",
        level=draft.level or "",
        latitude=draft.latitude,
        longitude=draft.longitude,
        address=draft.address,
        unit_id=unit.id if unit else None,
        description=draft.description or "",
        reporter_id=actor.user_id,
        status=Status.REPORTED,
        reported_at=now,
    )
    session.add(hazard)
    await session.flush()
    event = HazardEvent(
        hazard_id=hazard.id or 0,
        at=now,
        actor_id=actor.user_id,
        actor_role=role,
        kind="reported",
        to_status=Status.REPORTED,
        comment=comment,
    )
    session.add(event)
    await session.flush()
    session.add_all(_photos(draft, actor, now, hazard_id=hazard.id, event_id=event.id))
    return hazard


async def add_to_existing(
    session: AsyncSession, actor: Actor, hazard_id: int, draft: Draft, now: datetime
) -> Hazard:
    """The reporter says it is the same hazard: their photos and note join it, and that is recorded."""
    async with write_transaction(session):
        hazard = await session.get(Hazard, hazard_id)
        if hazard is None:
            raise NotFound("hazard-error-not-found")
        area = await get_area(session, hazard.area_id)
        role = actor.require(Action.REPORT_HAZARD, area.path)
        if hazard.status not in OPEN_STATUSES:
            raise Conflict("lifecycle-error-not-now", status=hazard.status, move="add")
        event = HazardEvent(
            hazard_id=hazard_id,
            at=now,
            actor_id=actor.user_id,
            actor_role=role.value,
            kind="duplicate_report",
            comment=draft.description,
        )
        session.add(event)
        await session.flush()
        session.add_all(_photos(draft, actor, now, hazard_id=hazard_id, event_id=event.id))
        return hazard


@dataclass
class HazardView:
    """Everything a hazard card shows, loaded in one go (nothing lazy after the session)."""

    hazard: Hazard
    area: Area
    unit: Unit | None
    repeat_offender: bool
    photos: list[Photo]
    events: list[HazardEvent]
    names: dict[int, str]


async def view(
    session: AsyncSession,
    actor: Actor,
    *,
    ref: str | None = None,
    hazard_id: int | None = None,
    now: datetime,
) -> HazardView:
    """The card of a hazard for someone whose scope covers it (or who reported it)."""
    if ref is not None:
        hazard = (await session.exec(select(Hazard).where(Hazard.ref == normalise_ref(ref)))).first()
    else:
        hazard = await session.get(Hazard, hazard_id or 0)
    if hazard is None:
        raise NotFound("hazard-error-not-found")
    area = await get_area(session, hazard.area_id)
    if not actor.can(Action.VIEW_HAZARD, area.path) and hazard.reporter_id != actor.user_id:
        raise NotFound("hazard-error-not-found")  # out of scope looks the same as absent
    return await load_view(session, hazard, area, now)


async def load_view(session: AsyncSession, hazard: Hazard, area: Area, now: datetime) -> HazardView:
    """Everything on a hazard's card, with no permission check (for notifications the system sends)."""
    unit = await session.get(Unit, hazard.unit_id) if hazard.unit_id else None
    photos = list(
        (await session.exec(select(Photo).where(Photo.hazard_id == hazard.id).order_by(Photo.id))).all()
    )
    events = list(
        await session.exec(
            select(HazardEvent).where(HazardEvent.hazard_id == hazard.id).order_by(HazardEvent.id)
        )
    )
    people = {e.actor_id for e in events if e.actor_id} | {hazard.reporter_id}
    users = (await session.exec(select(User).where(col(User.id).in_(people)))).all()
    offenders = await unit_rules.repeat_offenders(session, [unit.id or 0] if unit else [], now)
    return HazardView(
        hazard,
        area,
        unit,
        bool(unit and unit.id in offenders),
        photos,
        events,
        {u.id: u.full_name for u in users},
    )


async def reported_by(
    session: AsyncSession, user_id: int, *, offset: int, limit: int
) -> tuple[list[Hazard], int]:
    where = Hazard.reporter_id == user_id
    query = select(Hazard).where(where).order_by(col(Hazard.reported_at).desc(), col(Hazard.id).desc())
    rows = list((await session.exec(query.offset(offset).limit(limit))).all())
    total = (await session.exec(select(func.count()).select_from(Hazard).where(where))).one()
    return rows, total
