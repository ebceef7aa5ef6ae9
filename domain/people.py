"""Who is acting: registered staff and their grants, built into an Actor for each update."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from domain import audit
from domain.errors import NotFound, PermissionDenied
from domain.permissions import Action, Actor, Grant
from domain.roles import Role
from storage import members as member_store
from storage.db import write_transaction
from storage.models import Area, RoleGrant, User


@dataclass(frozen=True)
class Person:
    """What Telegram tells us of a user; stored only once they join as staff."""

    id: int
    full_name: str
    username: str | None = None
    language_code: str | None = None


async def load_actor(session: AsyncSession, user_id: int, admin_ids: Collection[int]) -> Actor:
    registered, rows = await member_store.actor_record(session, user_id)
    grants = tuple(Grant(Role(role), area_id, path) for role, area_id, path in rows)
    return Actor(user_id=user_id, grants=grants, is_global_admin=user_id in admin_ids, registered=registered)


async def ensure_user(session: AsyncSession, person: Person, now: datetime) -> User:
    """Create or refresh the staff record (names change; the record follows)."""
    user = await session.get(User, person.id)
    if user is None:
        user = User(id=person.id, full_name=person.full_name, created_at=now)
    user.full_name = person.full_name[:256]
    user.username = person.username
    user.language_code = person.language_code
    session.add(user)
    await session.flush()
    return user


async def grants_of(session: AsyncSession, user_id: int) -> list[tuple[RoleGrant, Area]]:
    return list(await member_store.active_grants_with_areas(session, user_id))


async def revoke_grant(
    session: AsyncSession, actor: Actor, grant_id: int, now: datetime
) -> tuple[RoleGrant, bool]:
    """Revoke a role; the flag says whether this call changed anything (a second tap does not)."""
    if not actor.can_anywhere(Action.MANAGE_MEMBERS):
        raise PermissionDenied()  # before any lookup, so strangers learn nothing about what exists
    async with write_transaction(session):
        grant = await session.get(RoleGrant, grant_id)
        if grant is None:
            raise NotFound("member-error-not-found")
        area = await session.get(Area, grant.area_id)
        assert area is not None  # foreign key
        role = actor.require(Action.MANAGE_MEMBERS, area.path)
        if grant.revoked_at is not None:
            return grant, False
        grant.revoked_at = now
        grant.revoked_by = actor.user_id
        session.add(grant)
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="member.revoke",
            subject=("grant", grant.id),
            area_id=area.id,
            before={"user_id": grant.user_id, "role": grant.role},
            after={"revoked": True},
        )
        return grant, True
