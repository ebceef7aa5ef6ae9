"""What staff do with a tip: turn it into a hazard, link it to one, dismiss it, talk to the tipster, reward
them; and what the tipster does back: reply and claim. Every change is an audit event."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from domain import audit
from domain.areas import get_area
from domain.errors import Conflict, InvalidInput, NotFound
from domain.hazards import Draft, EvidenceRef, clean_text, insert_hazard
from domain.lifecycle import OPEN_STATUSES, Status
from domain.numbering import normalise_ref
from domain.permissions import Action, Actor
from domain.sectors import Level
from domain.tip_secrets import Sealed, TipVault
from domain.tips import TipStatus, photos_of
from storage import areas as area_store
from storage.db import write_transaction
from storage.models import Area, Hazard, Tip, TipMessage

MESSAGE_MAX = 1000
REWARD_MAX = 1_000_000  # yuan


class Outcome:
    REAL = "real"
    NOT_REAL = "not_real"
    DUPLICATE = "duplicate"


def can_see(actor: Actor, area_path: str) -> bool:
    return actor.can(Action.TRIAGE_TIP, area_path) or actor.can(Action.SET_REWARD, area_path)


async def load(session: AsyncSession, actor: Actor, tip_id: int) -> tuple[Tip, Area]:
    tip = await session.get(Tip, tip_id)
    if tip is None:
        raise NotFound("tip-error-not-found")
    area = await get_area(session, tip.area_id)
    if not can_see(actor, area.path):
        raise NotFound("tip-error-not-found")  # out of scope looks the same as absent
    return tip, area


async def _locked(session: AsyncSession, tip_id: int) -> tuple[Tip, Area]:
    tip = (await session.exec(select(Tip).where(Tip.id == tip_id).with_for_update())).first()
    if tip is None:
        raise NotFound("tip-error-not-found")
    return tip, await get_area(session, tip.area_id)


def _new_only(tip: Tip) -> None:
    if tip.status != TipStatus.NEW:
        raise Conflict("tip-error-already-triaged", status=tip.status)


async def open_for(session: AsyncSession, actor: Actor) -> list[Tip]:
    """Tips waiting for this person: new ones to triage, real ones to reward."""
    triage = actor.scope_paths(Action.TRIAGE_TIP)
    reward = actor.scope_paths(Action.SET_REWARD)
    conditions = []
    if triage:
        areas = [a.id for a in await area_store.under(session, triage)]
        conditions.append((col(Tip.area_id).in_(areas)) & (Tip.status == TipStatus.NEW))
    if reward:
        areas = [a.id for a in await area_store.under(session, reward)]
        conditions.append(
            col(Tip.area_id).in_(areas)
            & (Tip.outcome == Outcome.REAL)
            & col(Tip.reward_amount).is_(None)
            & col(Tip.erased_at).is_(None)
        )
    if not conditions:
        return []
    query = select(Tip).where(or_(*conditions)).order_by(col(Tip.received_at)).limit(50)
    return list((await session.exec(query)).all())


async def convert(
    session: AsyncSession, actor: Actor, tip_id: int, level: Level, now: datetime, tz: ZoneInfo
) -> tuple[Tip, Hazard]:
    """立为隐患: the tip becomes a hazard in the rectification loop, reported by whoever took it on."""
    async with write_transaction(session):
        tip, area = await _locked(session, tip_id)
        actor.require(Action.TRIAGE_TIP, area.path)
        role = actor.require(Action.REPORT_HAZARD, area.path)
        _new_only(tip)
        photos = await photos_of(session, tip.id or 0)
        draft = Draft(
            area_id=area.id,
            sector=tip.sector,
            level=level.value,
            latitude=tip.latitude,
            longitude=tip.longitude,
            address=tip.address,
            no_unit=True,
            description=tip.description,
            photos=[EvidenceRef(p.file_id, p.sha256, p.size, p.mime, p.media) for p in photos],
        )
        hazard = await insert_hazard(session, actor, role.value, area, draft, now, tz, f"from-tip:{tip.ref}")
        tip.status, tip.hazard_id = TipStatus.ACCEPTED, hazard.id
        tip.triaged_by, tip.triaged_at = actor.user_id, now
        session.add(tip)
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="tip.accepted",
            subject=("tip", tip.ref),
            area_id=area.id,
            after={"hazard": hazard.ref, "level": level.value},
        )
    return tip, hazard


async def link_duplicate(
    session: AsyncSession, actor: Actor, tip_id: int, hazard_ref: str, now: datetime
) -> tuple[Tip, Hazard]:
    async with write_transaction(session):
        tip, area = await _locked(session, tip_id)
        role = actor.require(Action.TRIAGE_TIP, area.path)
        _new_only(tip)
        hazard = (await session.exec(select(Hazard).where(Hazard.ref == normalise_ref(hazard_ref)))).first()
        hazard_area = await get_area(session, hazard.area_id) if hazard else None
        if hazard is None or hazard_area is None or not actor.can(Action.VIEW_HAZARD, hazard_area.path):
            raise NotFound("hazard-error-not-found")
        if hazard.status not in OPEN_STATUSES:
            raise Conflict("tip-error-duplicate-closed")  # the tipster would be told it is being handled
        tip.status, tip.hazard_id, tip.outcome, tip.closed_at = (
            TipStatus.DUPLICATE,
            hazard.id,
            Outcome.DUPLICATE,
            now,
        )
        tip.triaged_by, tip.triaged_at = actor.user_id, now
        session.add(tip)
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="tip.duplicate",
            subject=("tip", tip.ref),
            area_id=area.id,
            after={"hazard": hazard.ref},
        )
    return tip, hazard


async def dismiss(session: AsyncSession, actor: Actor, tip_id: int, reason: str, now: datetime) -> Tip:
    """不属实, with the reason the tipster will read."""
    reason = clean_text(reason, limit=MESSAGE_MAX)
    async with write_transaction(session):
        tip, area = await _locked(session, tip_id)
        role = actor.require(Action.TRIAGE_TIP, area.path)
        _new_only(tip)
        tip.status, tip.outcome, tip.closed_at, tip.dismiss_reason = (
            TipStatus.DISMISSED,
            Outcome.NOT_REAL,
            now,
            reason,
        )
        tip.triaged_by, tip.triaged_at = actor.user_id, now
        session.add(tip)
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="tip.dismissed",
            subject=("tip", tip.ref),
            area_id=area.id,
            comment=reason,
        )
    return tip


def _relay_open(tip: Tip) -> None:
    if tip.chat_sealed is None:
        raise Conflict("tip-error-erased")


async def staff_message(session: AsyncSession, actor: Actor, tip_id: int, text: str, now: datetime) -> Tip:
    text = clean_text(text, limit=MESSAGE_MAX)
    async with write_transaction(session):
        tip, area = await _locked(session, tip_id)
        role = actor.role_for(Action.TRIAGE_TIP, area.path) or actor.require(Action.SET_REWARD, area.path)
        _relay_open(tip)
        session.add(
            TipMessage(tip_id=tip.id or 0, at=now, direction="out", author_id=actor.user_id, text=text)
        )
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="tip.message_out",
            subject=("tip", tip.ref),
            area_id=area.id,
        )
    return tip


async def tipster_message(session: AsyncSession, tip_id: int, text: str, now: datetime) -> Tip:
    """A reply from the tipster, who has just shown the receipt (the caller checked it)."""
    text = clean_text(text, limit=MESSAGE_MAX)
    async with write_transaction(session):
        tip, area = await _locked(session, tip_id)
        _relay_open(tip)
        session.add(TipMessage(tip_id=tip.id or 0, at=now, direction="in", text=text))
        audit.record(
            session,
            at=now,
            actor=None,
            role=None,
            action="tip.message_in",
            subject=("tip", tip.ref),
            area_id=area.id,
        )
    return tip


async def hazard_finished(session: AsyncSession, hazard: Hazard, now: datetime) -> None:
    """Called inside the transaction that closes, rejects or merges a hazard: the tips behind it follow."""
    if hazard.status == Status.MERGED:
        await session.exec(
            update(Tip)  # type: ignore[call-overload]
            .where(col(Tip.hazard_id) == hazard.id, Tip.status == TipStatus.ACCEPTED)
            .values(hazard_id=hazard.merged_into_id)
        )
        return
    outcome = {Status.CLOSED: Outcome.REAL, Status.REJECTED: Outcome.NOT_REAL}.get(Status(hazard.status))
    if outcome is None:
        return
    query = select(Tip).where(
        Tip.hazard_id == hazard.id, Tip.status == TipStatus.ACCEPTED, col(Tip.outcome).is_(None)
    )
    for tip in (await session.exec(query)).all():
        tip.outcome, tip.closed_at = outcome, now
        session.add(tip)
        audit.record(
            session,
            at=now,
            actor=None,
            role=None,
            action="tip.closed",
            subject=("tip", tip.ref),
            area_id=tip.area_id,
            after={"outcome": outcome, "hazard": hazard.ref},
        )


async def set_reward(session: AsyncSession, actor: Actor, tip_id: int, amount: int, now: datetime) -> Tip:
    if not 1 <= amount <= REWARD_MAX:
        raise InvalidInput("tip-error-amount", max=REWARD_MAX)
    async with write_transaction(session):
        tip, area = await _locked(session, tip_id)
        role = actor.require(Action.SET_REWARD, area.path)
        if tip.outcome != Outcome.REAL:
            raise Conflict("tip-error-not-eligible")
        if tip.reward_claimed_at is not None:
            raise Conflict("tip-error-claimed")
        _relay_open(tip)
        before = {"amount": tip.reward_amount}
        tip.reward_amount, tip.reward_set_by, tip.reward_set_at = amount, actor.user_id, now
        session.add(tip)
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="tip.reward_set",
            subject=("tip", tip.ref),
            area_id=area.id,
            before=before,
            after={"amount": amount},
        )
    return tip


@dataclass(frozen=True)
class Claim:
    tip: Tip
    claim_ref: str
    contact: Sealed | None  # only for a named tipster, who agreed to be contacted for this


def new_claim_ref() -> str:
    digits = f"{secrets.randbelow(10**8):08d}"
    return f"JL-{digits[:4]}-{digits[4:]}"


async def claim_reward(session: AsyncSession, vault: TipVault, tip_id: int, now: datetime) -> Claim:
    """The tipster, holding the receipt, claims: only now is a named tipster's contact opened."""
    async with write_transaction(session):
        tip, area = await _locked(session, tip_id)
        if tip.reward_amount is None:
            raise Conflict("tip-error-no-reward")
        if tip.reward_claimed_at is not None:
            raise Conflict("tip-error-claimed")
        tip.reward_claimed_at, tip.claim_ref = now, new_claim_ref()
        session.add(tip)
        audit.record(
            session,
            at=now,
            actor=None,
            role=None,
            action="tip.reward_claimed",
            subject=("tip", tip.ref),
            area_id=area.id,
            after={"amount": tip.reward_amount, "claim": tip.claim_ref, "named": not tip.anonymous},
        )
    contact = None if tip.anonymous else vault.open(tip.contact_sealed)
    return Claim(tip, tip.claim_ref or "", contact)


async def purge_expired(session: AsyncSession, now: datetime, retention_days: int) -> int:
    """Erase the way back to tipsters (and so their receipts) once a tip has been closed long enough.

    The clock restarts when a reward is set or claimed, so a tipster always has the whole period to act."""
    cutoff = now - timedelta(days=retention_days)

    def settled(column: object) -> object:
        return or_(col(column).is_(None), col(column) < cutoff)  # type: ignore[arg-type]

    async with write_transaction(session):
        query = select(Tip).where(
            col(Tip.erased_at).is_(None),
            col(Tip.closed_at).is_not(None),
            col(Tip.closed_at) < cutoff,
            settled(Tip.reward_set_at),
            settled(Tip.reward_claimed_at),
        )
        tips = list((await session.exec(query)).all())
        for tip in tips:
            tip.chat_sealed = tip.contact_sealed = tip.receipt_hash = None
            tip.erased_at = now
            session.add(tip)
            audit.record(
                session,
                at=now,
                actor=None,
                role=None,
                action="tip.erased",
                subject=("tip", tip.ref),
                area_id=tip.area_id,
            )
    return len(tips)


async def tips_of_hazard(session: AsyncSession, hazard_id: int) -> list[Tip]:
    query = (
        select(Tip).where(Tip.hazard_id == hazard_id, Tip.status == TipStatus.ACCEPTED).order_by(col(Tip.id))
    )
    return list((await session.exec(query)).all())
