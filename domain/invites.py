"""Invite links that bind whoever opens them to a role in an area."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain import audit
from domain.areas import get_area
from domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.people import Person, ensure_user
from domain.permissions import INVITABLE, Actor
from domain.roles import Role
from storage import members as member_store
from storage.db import write_transaction
from storage.models import Area, Hazard, HazardEvent, Invite, RoleGrant

PAYLOAD_PREFIX = "inv_"
TTL_CHOICES = (1, 7, 30)  # days
USES_CHOICES = (1, 50, 0)  # 0: no limit


def new_token() -> str:
    # 96 random bits: unguessable, and the deep-link payload stays well under Telegram's 64 characters.
    return secrets.token_urlsafe(12)


def deep_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


def token_from_payload(payload: str) -> str | None:
    return payload[len(PAYLOAD_PREFIX) :] if payload.startswith(PAYLOAD_PREFIX) else None


def invite_state(invite: Invite, now: datetime) -> str:
    """One word for why an invite does or does not work, used for messages and listings."""
    if invite.revoked_at is not None:
        return "revoked"
    if invite.expires_at <= now:
        return "expired"
    if invite.max_uses is not None and invite.uses >= invite.max_uses:
        return "used-up"
    return "active"


async def create_invite(
    session: AsyncSession,
    actor: Actor,
    *,
    role: Role,
    area_id: int,
    max_uses: int | None,
    ttl: timedelta,
    now: datetime,
) -> Invite:
    async with write_transaction(session):
        area = await get_area(session, area_id)
        if not actor.can_invite(role, area.path):
            raise PermissionDenied()
        if (max_uses is not None and max_uses < 1) or not timedelta(0) < ttl <= timedelta(days=90):
            raise InvalidInput()
        invite = Invite(
            token=new_token(),
            role=role.value,
            area_id=area_id,
            max_uses=max_uses,
            expires_at=now + ttl,
            created_by=actor.user_id,
            created_at=now,
        )
        session.add(invite)
        await session.flush()
        audit.record(
            session,
            at=now,
            actor=actor,
            role=_inviting_role(actor, role, area),
            action="invite.create",
            subject=("invite", invite.id),
            area_id=area_id,
            after={"role": role.value, "max_uses": max_uses, "expires_at": invite.expires_at.isoformat()},
        )
        return invite


def _inviting_role(actor: Actor, role: Role, area: Area) -> Role | None:
    return next((r for r in Role if r in actor.roles_over(area.path) and role in INVITABLE.get(r, ())), None)


@dataclass(frozen=True)
class Redeemed:
    grant: RoleGrant
    area: Area
    already_held: bool
    hazard_id: int | None = None  # an outside rectifier's link: the hazard that is now theirs


async def redeem_invite(session: AsyncSession, person: Person, token: str, now: datetime) -> Redeemed:
    async with write_transaction(session):
        invite = (await session.exec(select(Invite).where(Invite.token == token))).first()
        if invite is None:
            raise NotFound("invite-error-unknown")
        area = await get_area(session, invite.area_id)
        existing = await member_store.active_grant(session, person.id, invite.role, invite.area_id)
        if existing is not None and invite.hazard_id is not None and invite_state(invite, now) == "active":
            # A rectifier named by phone who already had the role: the task is still theirs to take.
            await _join_as_rectifier(session, invite.hazard_id, person, now)
        if existing is not None:
            # Opening one's own link again (even a spent one) just confirms the role.
            return Redeemed(existing, area, already_held=True, hazard_id=invite.hazard_id)
        state = invite_state(invite, now)
        if state != "active":
            raise Conflict(f"invite-error-{state}")
        await ensure_user(session, person, now)
        # A conditional increment, so two people racing for the last use cannot both get in.
        claimed = await session.exec(
            update(Invite)
            .where(
                col(Invite.id) == invite.id,
                or_(col(Invite.max_uses).is_(None), col(Invite.uses) < col(Invite.max_uses)),
            )
            .values(uses=Invite.uses + 1)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("invite-error-used-up")
        grant = RoleGrant(
            user_id=person.id,
            role=invite.role,
            area_id=invite.area_id,
            invite_id=invite.id,
            granted_by=invite.created_by,
            granted_at=now,
        )
        session.add(grant)
        await session.flush()
        if invite.hazard_id is not None:
            await _join_as_rectifier(session, invite.hazard_id, person, now)
        audit.record(
            session,
            at=now,
            actor=Actor(user_id=person.id),
            role=Role(invite.role),
            action="invite.redeem",
            subject=("invite", invite.id),
            area_id=invite.area_id,
            after={"grant_id": grant.id, "user_id": person.id, "role": invite.role},
        )
        return Redeemed(grant, area, already_held=False, hazard_id=invite.hazard_id)


async def revoke_invite(session: AsyncSession, actor: Actor, invite_id: int, now: datetime) -> Invite:
    async with write_transaction(session):
        invite = await session.get(Invite, invite_id)
        if invite is None:
            raise NotFound("invite-error-unknown")
        area = await get_area(session, invite.area_id)
        if not actor.can_invite(Role(invite.role), area.path):
            raise PermissionDenied()
        if invite.revoked_at is None:
            invite.revoked_at, invite.revoked_by = now, actor.user_id
            session.add(invite)
            audit.record(
                session,
                at=now,
                actor=actor,
                role=_inviting_role(actor, Role(invite.role), area),
                action="invite.revoke",
                subject=("invite", invite.id),
                area_id=area.id,
            )
        return invite


async def active_invites(session: AsyncSession, area_id: int, now: datetime) -> Sequence[Invite]:
    query = (
        select(Invite)
        .where(Invite.area_id == area_id, col(Invite.revoked_at).is_(None), Invite.expires_at > now)
        .order_by(col(Invite.created_at).desc())
    )
    return [invite for invite in (await session.exec(query)).all() if invite_state(invite, now) == "active"]


async def _join_as_rectifier(session: AsyncSession, hazard_id: int, person: Person, now: datetime) -> None:
    """An outside 整改责任人 named by name and phone opened their link: the hazard is now theirs."""
    hazard = await session.get(Hazard, hazard_id)
    if hazard is None or hazard.rectifier_id is not None:
        return
    hazard.rectifier_id = person.id
    hazard.version += 1
    session.add(hazard)
    session.add(
        HazardEvent(
            hazard_id=hazard_id,
            at=now,
            actor_id=person.id,
            actor_role=Role.RECTIFIER.value,
            kind="rectifier_joined",
            from_status=hazard.status,
            to_status=hazard.status,
        )
    )
