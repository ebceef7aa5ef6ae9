"""Rectification to sign-off (整改闭环): who fixes, who supervises, by when, how — and who signed.

Every use case re-checks role and scope, applies the life-cycle table, bumps the hazard's version and
records an event (谁检查、谁签字、谁负责). They run in one write transaction, so two supervisors pressing
at once are serialised and the second finds the new state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain import lifecycle
from domain import tip_triage as tip_rules
from domain.areas import ancestor_paths, get_area
from domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.hazards import EvidenceRef, clean_text
from domain.invites import new_token
from domain.lifecycle import Move, Status
from domain.permissions import Action, Actor
from domain.roles import Role
from domain.sectors import Level
from storage import members as member_store
from storage.db import write_transaction
from storage.models import Area, Hazard, HazardEvent, Invite

OUTSIDE_INVITE_TTL = timedelta(days=30)


@dataclass(frozen=True)
class Assignment:
    rectifier_id: int | None  # a registered rectifier, or
    rectifier_name: str | None  # an outside person by name and phone
    rectifier_phone: str | None
    supervisor_id: int | None  # 督办责任人; None: the assigning supervisor
    deadline: date
    measures: str


@dataclass(frozen=True)
class Done:
    hazard: Hazard
    event: HazardEvent
    invite: Invite | None = None  # for an outside rectifier: the link to pass on


FINISHED = {Status.CLOSED, Status.REJECTED, Status.MERGED}


async def _load(session: AsyncSession, hazard_id: int) -> tuple[Hazard, Area]:
    query = select(Hazard).where(Hazard.id == hazard_id).with_for_update()  # row lock on PostgreSQL
    hazard = (await session.exec(query)).first()
    if hazard is None:
        raise NotFound("hazard-error-not-found")
    return hazard, await get_area(session, hazard.area_id)


def _is_county_level(actor: Actor, area: Area, roles: set[Role]) -> bool:
    """Holds one of the roles at the top (county) of the hazard's tree."""
    county_path = "/" + area.path.strip("/").split("/")[0] + "/"
    return (actor.is_global_admin and Role.ADMIN in roles) or any(
        grant.role in roles and grant.area_path == county_path for grant in actor.grants
    )


async def _record(
    session: AsyncSession,
    hazard: Hazard,
    actor: Actor,
    role: Role | None,
    kind: str,
    before: Status,
    now: datetime,
    comment: str | None = None,
    photos: Sequence[EvidenceRef] = (),
    photo_kind: str = "after",
) -> HazardEvent:
    hazard.version += 1
    session.add(hazard)
    event = HazardEvent(
        hazard_id=hazard.id or 0,
        at=now,
        actor_id=actor.user_id,
        actor_role=role.value if role else None,
        kind=kind,
        from_status=before.value,
        to_status=hazard.status,
        comment=comment,
    )
    session.add(event)
    await session.flush()
    session.add_all(
        [
            p.to_photo(actor.user_id, now, kind=photo_kind, hazard_id=hazard.id, event_id=event.id)
            for p in photos
        ]
    )
    if hazard.status in FINISHED:
        await tip_rules.hazard_finished(session, hazard, now)  # in the same transaction: tips never lag
    return event


def _has_township_level(area: Area) -> bool:
    """The hazard lies below the county, so there is a township whose check comes first."""
    return area.path.count("/") > 2


def local_today(now: datetime, tz: ZoneInfo) -> date:
    return now.astimezone(tz).date()


async def assign(
    session: AsyncSession, actor: Actor, hazard_id: int, plan: Assignment, now: datetime, tz: ZoneInfo
) -> Done:
    if plan.deadline < local_today(now, tz):
        raise InvalidInput("rectify-error-deadline-past")
    measures = clean_text(plan.measures)
    if plan.rectifier_id is None and not (plan.rectifier_name and plan.rectifier_phone):
        raise InvalidInput("rectify-error-who")
    async with write_transaction(session):
        hazard, area = await _load(session, hazard_id)
        role = actor.require(Action.ASSIGN_RECTIFICATION, area.path)
        before = Status(hazard.status)
        # Every check before any change: a refused assignment leaves the loaded hazard untouched.
        new_status = lifecycle.apply(before, Move.ASSIGN).to
        ancestors = ancestor_paths(area.path)
        if plan.rectifier_id is not None:
            rectifiers = await member_store.holders(session, [Role.RECTIFIER.value], ancestors)
            if plan.rectifier_id not in {u.id for u in rectifiers}:
                raise InvalidInput("rectify-error-not-a-rectifier")
        supervisor_id = plan.supervisor_id or actor.user_id
        if supervisor_id != actor.user_id:
            supervisors = await member_store.holders(session, [Role.SUPERVISOR.value], ancestors)
            if supervisor_id not in {u.id for u in supervisors}:
                raise InvalidInput("rectify-error-not-a-supervisor")
        hazard.status = new_status
        hazard.rectifier_id, hazard.rectifier_name, hazard.rectifier_phone = (
            plan.rectifier_id,
            plan.rectifier_name,
            plan.rectifier_phone,
        )
        hazard.supervisor_id, hazard.deadline, hazard.measures, hazard.assigned_at = (
            supervisor_id,
            plan.deadline,
            measures,
            now,
        )
        invite = None
        if plan.rectifier_id is None:
            invite = Invite(
                token=new_token(),
                role=Role.RECTIFIER.value,
                area_id=area.id or 0,
                max_uses=1,
                expires_at=now + OUTSIDE_INVITE_TTL,
                created_by=actor.user_id,
                created_at=now,
                hazard_id=hazard.id,
            )
            session.add(invite)
        event = await _record(session, hazard, actor, role, "assigned", before, now, comment=measures)
    return Done(hazard, event, invite)


async def _rectifier_step(
    session: AsyncSession,
    actor: Actor,
    hazard_id: int,
    move: Move,
    note: str | None,
    photos: Sequence[EvidenceRef],
    now: datetime,
    kind: str,
    photo_kind: str,
) -> Done:
    async with write_transaction(session):
        hazard, area = await _load(session, hazard_id)
        if hazard.rectifier_id != actor.user_id:
            raise PermissionDenied()  # only the named 整改责任人 reports on the work
        role = actor.require(Action.RECTIFY, area.path)
        before = Status(hazard.status)
        hazard.status = lifecycle.apply(before, move, after_photos=len(photos)).to
        if move == Move.COMPLETE:
            hazard.completed_at = now
        event = await _record(session, hazard, actor, role, kind, before, now, note, photos, photo_kind)
    return Done(hazard, event)


async def progress(
    session: AsyncSession,
    actor: Actor,
    hazard_id: int,
    note: str | None,
    photos: Sequence[EvidenceRef],
    now: datetime,
) -> Done:
    if not (note or photos):
        raise InvalidInput("input-error-empty")
    return await _rectifier_step(
        session, actor, hazard_id, Move.PROGRESS, note, photos, now, "progress", "progress"
    )


async def complete(
    session: AsyncSession,
    actor: Actor,
    hazard_id: int,
    note: str | None,
    photos: Sequence[EvidenceRef],
    now: datetime,
) -> Done:
    return await _rectifier_step(
        session, actor, hazard_id, Move.COMPLETE, note, photos, now, "completed", "after"
    )


async def fix_on_spot(
    session: AsyncSession,
    actor: Actor,
    hazard_id: int,
    note: str | None,
    photos: Sequence[EvidenceRef],
    now: datetime,
) -> Done:
    """边查边改: the reporter fixed it at once; the after-photo goes straight to verification."""
    async with write_transaction(session):
        hazard, area = await _load(session, hazard_id)
        if hazard.reporter_id != actor.user_id:
            raise PermissionDenied()
        role = actor.require(Action.REPORT_HAZARD, area.path)
        before = Status(hazard.status)
        hazard.status = lifecycle.apply(before, Move.FIX_ON_SPOT, after_photos=len(photos)).to
        hazard.completed_at = now
        event = await _record(session, hazard, actor, role, "fixed_on_spot", before, now, note, photos)
    return Done(hazard, event)


async def accept(
    session: AsyncSession, actor: Actor, hazard_id: int, comment: str | None, now: datetime
) -> Done:
    """销号. A listed hazard closes on a second signature, by someone else at county level."""
    async with write_transaction(session):
        hazard, area = await _load(session, hazard_id)
        role = actor.require(Action.VERIFY_RECTIFICATION, area.path)
        before = Status(hazard.status)
        county = _is_county_level(actor, area, {Role.SUPERVISOR})
        if hazard.listed and hazard.township_signed_by == actor.user_id:
            raise Conflict("lifecycle-error-county-signoff")  # two signatures means two people
        if hazard.listed and hazard.township_signed_by is None and county and _has_township_level(area):
            raise Conflict("lifecycle-error-township-first")  # the township checks first, then the county
        outcome = lifecycle.apply(
            before,
            Move.ACCEPT,
            listed=hazard.listed,
            township_signed=hazard.township_signed_by is not None,
            county_level=county,
        )
        if outcome.needs_county_signoff:
            hazard.township_signed_by = actor.user_id
            event = await _record(session, hazard, actor, role, "signed_township", before, now, comment)
            return Done(hazard, event)
        hazard.status, hazard.closed_at = outcome.to, now
        event = await _record(session, hazard, actor, role, "closed", before, now, comment)
    return Done(hazard, event)


async def send_back(session: AsyncSession, actor: Actor, hazard_id: int, reason: str, now: datetime) -> Done:
    """退回重改: back to the rectifier with the reason; any first signature is void."""
    async with write_transaction(session):
        hazard, area = await _load(session, hazard_id)
        role = actor.require(Action.VERIFY_RECTIFICATION, area.path)
        before = Status(hazard.status)
        hazard.status = lifecycle.apply(before, Move.RETURN, reason=reason).to
        hazard.township_signed_by, hazard.completed_at = None, None
        event = await _record(session, hazard, actor, role, "returned", before, now, clean_text(reason))
    return Done(hazard, event)


async def extend(
    session: AsyncSession,
    actor: Actor,
    hazard_id: int,
    deadline: date,
    reason: str,
    now: datetime,
    tz: ZoneInfo,
) -> Done:
    async with write_transaction(session):
        hazard, area = await _load(session, hazard_id)
        role = actor.require(Action.ASSIGN_RECTIFICATION, area.path)
        before = Status(hazard.status)
        lifecycle.apply(before, Move.EXTEND, reason=reason)
        if deadline < local_today(now, tz) or (hazard.deadline and deadline <= hazard.deadline):
            raise InvalidInput("rectify-error-extend-later")
        old = hazard.deadline
        hazard.deadline = deadline
        comment = f"{old.isoformat() if old else '—'} → {deadline.isoformat()}: {clean_text(reason)}"
        event = await _record(session, hazard, actor, role, "extended", before, now, comment)
    return Done(hazard, event)


async def reject(session: AsyncSession, actor: Actor, hazard_id: int, reason: str, now: datetime) -> Done:
    """不属实: not a hazard after all, with the reason on record."""
    async with write_transaction(session):
        hazard, area = await _load(session, hazard_id)
        role = actor.require(Action.ASSIGN_RECTIFICATION, area.path)
        before = Status(hazard.status)
        hazard.status = lifecycle.apply(before, Move.REJECT, reason=reason).to
        event = await _record(session, hazard, actor, role, "rejected", before, now, clean_text(reason))
    return Done(hazard, event)


async def merge(session: AsyncSession, actor: Actor, hazard_id: int, into_id: int, now: datetime) -> Done:
    async with write_transaction(session):
        hazard, area = await _load(session, hazard_id)
        target, target_area = await _load(session, into_id)
        role = actor.require(Action.ASSIGN_RECTIFICATION, area.path)
        actor.require(Action.ASSIGN_RECTIFICATION, target_area.path)
        if target.id == hazard.id or target.status not in lifecycle.OPEN_STATUSES:
            raise InvalidInput("rectify-error-merge-target")
        before = Status(hazard.status)
        hazard.status = lifecycle.apply(before, Move.MERGE).to
        hazard.merged_into_id = target.id
        event = await _record(session, hazard, actor, role, "merged", before, now, target.ref)
    return Done(hazard, event)


async def list_for_supervision(session: AsyncSession, actor: Actor, hazard_id: int, now: datetime) -> Done:
    """挂牌督办: a county-level supervisor or leader lists an open major hazard."""
    async with write_transaction(session):
        hazard, area = await _load(session, hazard_id)
        role = actor.require(Action.LIST_SUPERVISION, area.path)
        if not _is_county_level(actor, area, {Role.SUPERVISOR, Role.LEADER}):
            raise PermissionDenied()
        if hazard.level != Level.MAJOR or hazard.status not in lifecycle.OPEN_STATUSES or hazard.listed:
            raise InvalidInput("rectify-error-cannot-list")
        hazard.listed, hazard.listed_at = True, now
        event = await _record(session, hazard, actor, role, "listed", Status(hazard.status), now)
    return Done(hazard, event)
