"""Queries on the area tree."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import String, func, literal, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Area


async def get(session: AsyncSession, area_id: int) -> Area | None:
    return await session.get(Area, area_id)


async def by_code(session: AsyncSession, code: str) -> Area | None:
    return (await session.exec(select(Area).where(Area.code == code))).first()


async def children(session: AsyncSession, parent_id: int | None) -> Sequence[Area]:
    query = select(Area).where(Area.parent_id == parent_id).order_by(Area.code)
    return (await session.exec(query)).all()


async def having_children(session: AsyncSession, ids: Sequence[int]) -> set[int]:
    """Which of these areas have sub-areas (to offer going down only where there is somewhere to go)."""
    if not ids:
        return set()
    rows = await session.exec(select(Area.parent_id).where(col(Area.parent_id).in_(ids)).distinct())
    return {row for row in rows if row is not None}


async def child_by_name(session: AsyncSession, parent_id: int, name: str) -> Area | None:
    query = select(Area).where(Area.parent_id == parent_id, Area.name == name)
    return (await session.exec(query)).first()


async def under(session: AsyncSession, paths: Sequence[str]) -> Sequence[Area]:
    """Every area inside the given subtrees, in tree order."""
    if not paths:
        return []
    query = select(Area).where(or_(*(col(Area.path).startswith(path) for path in paths))).order_by(Area.path)
    return (await session.exec(query)).all()


async def by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Area]:
    if not ids:
        return {}
    rows = await session.exec(select(Area).where(col(Area.id).in_(ids)))
    return {area.id: area for area in rows if area.id is not None}


async def codes_taken(session: AsyncSession, codes: Sequence[str]) -> dict[str, Area]:
    if not codes:
        return {}
    rows = await session.exec(select(Area).where(col(Area.code).in_(codes)))
    return {area.code: area for area in rows}


async def all_codes(session: AsyncSession) -> dict[str, str]:
    """Every code in use, with the name of the area that has it."""
    return {code: name for code, name in (await session.exec(select(Area.code, Area.name))).all()}


async def count(session: AsyncSession) -> int:
    return (await session.exec(select(func.count()).select_from(Area))).one()


async def insert(session: AsyncSession, area: Area, parent: Area | None) -> Area:
    """Insert and give the area its materialised path (which needs its id)."""
    session.add(area)
    await session.flush()
    area.path = f"{parent.path if parent else '/'}{area.id}/"
    await session.flush()
    return area


async def repath_subtree(session: AsyncSession, old_prefix: str, new_prefix: str) -> None:
    """Rewrite the paths of a moved subtree in one statement."""
    await session.exec(
        update(Area)
        .where(col(Area.path).startswith(old_prefix))
        .values(path=literal(new_prefix, String) + func.substr(Area.path, len(old_prefix) + 1, type_=String))
        .execution_options(synchronize_session=False)
    )
