"""Queries on users and their role grants."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Area, RoleGrant, User


async def active_grants_with_areas(session: AsyncSession, user_id: int) -> Sequence[tuple[RoleGrant, Area]]:
    query = (
        select(RoleGrant, Area)
        .join(Area, col(Area.id) == RoleGrant.area_id)
        .where(RoleGrant.user_id == user_id, col(RoleGrant.revoked_at).is_(None))
        .order_by(Area.path, RoleGrant.role)
    )
    return (await session.exec(query)).all()


# Built once: it runs for every update, and building it cost about as much as running it.
_ACTOR = (
    select(User.id, RoleGrant.role, Area.id, Area.path)
    .select_from(User)
    .outerjoin(RoleGrant, (RoleGrant.user_id == User.id) & col(RoleGrant.revoked_at).is_(None))
    .outerjoin(Area, col(Area.id) == RoleGrant.area_id)
    .where(User.id == bindparam("user_id"))
    .order_by(Area.path, RoleGrant.role)
)


async def actor_record(session: AsyncSession, user_id: int) -> tuple[bool, list[tuple[str, int, str]]]:
    """Whether the person has a user record, and their active grants as (role, area id, area path).

    One statement (a grant cannot exist without its user row), selecting plain columns: no ORM objects
    are built for what is read and dropped at once."""
    rows = (await session.exec(_ACTOR, params={"user_id": user_id})).all()
    return bool(rows), [(role, area_id, path) for _, role, area_id, path in rows if role is not None]


async def active_grant(session: AsyncSession, user_id: int, role: str, area_id: int) -> RoleGrant | None:
    query = select(RoleGrant).where(
        RoleGrant.user_id == user_id,
        RoleGrant.role == role,
        RoleGrant.area_id == area_id,
        col(RoleGrant.revoked_at).is_(None),
    )
    return (await session.exec(query)).first()


async def members_under(
    session: AsyncSession, path: str, *, offset: int, limit: int
) -> tuple[Sequence[tuple[RoleGrant, User, Area]], int]:
    """Active grants in a subtree with their people and areas, one page, and the total."""
    where = (col(Area.path).startswith(path), col(RoleGrant.revoked_at).is_(None))
    query = (
        select(RoleGrant, User, Area)
        .join(User, col(User.id) == RoleGrant.user_id)
        .join(Area, col(Area.id) == RoleGrant.area_id)
        .where(*where)
        .order_by(Area.path, RoleGrant.role, User.full_name, RoleGrant.id)
        .offset(offset)
        .limit(limit)
    )
    total_query = (
        select(func.count())
        .select_from(RoleGrant)
        .join(Area, col(Area.id) == RoleGrant.area_id)
        .where(*where)
    )
    return (await session.exec(query)).all(), (await session.exec(total_query)).one()


async def holders(session: AsyncSession, roles: Sequence[str], area_paths: Sequence[str]) -> Sequence[User]:
    """People holding any of the roles in an area whose path is one of the given (e.g. ancestors)."""
    if not roles or not area_paths:
        return []
    query = (
        select(User)
        .join(RoleGrant, col(RoleGrant.user_id) == User.id)
        .join(Area, col(Area.id) == RoleGrant.area_id)
        .where(
            col(RoleGrant.role).in_(roles),
            col(RoleGrant.revoked_at).is_(None),
            or_(*(Area.path == path for path in area_paths)),
        )
        .distinct()
    )
    return (await session.exec(query)).all()
