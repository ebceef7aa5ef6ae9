"""The area tree: county → township → village/community, of any depth. Rules and use cases."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from domain import audit
from domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from domain.permissions import Action, Actor
from storage import areas as area_store
from storage.db import write_transaction
from storage.models import Area

CODE_RE = re.compile(r"^[A-Z0-9]{2,16}$")
NAME_MAX = 32


def clean_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise InvalidInput("area-error-name-empty")
    if len(name) > NAME_MAX:
        raise InvalidInput("area-error-name-long", max=NAME_MAX)
    return name


def clean_code(raw: str) -> str:
    """Codes are said aloud and typed on phones: upper-case letters and digits, 2–16 of them."""
    code = raw.strip().upper()
    if not CODE_RE.match(code):
        raise InvalidInput("area-error-code-format")
    return code


def next_child_code(parent_code: str, taken: set[str], width: int = 2) -> str | None:
    """The parent's code plus the first free number, as Chinese division codes are built."""
    for number in range(1, 10**width):
        code = f"{parent_code}{number:0{width}d}"
        if len(code) > 16:
            return None
        if code not in taken:
            return code
    return None


def ancestor_ids(path: str) -> list[int]:
    """The ids on a path, from the top down to the area itself."""
    return [int(part) for part in path.strip("/").split("/") if part]


def ancestor_paths(path: str) -> list[str]:
    """The paths of the area and every area above it."""
    ids = path.strip("/").split("/")
    return ["/" + "/".join(ids[: i + 1]) + "/" for i in range(len(ids))]


def is_inside(path: str, ancestor_path: str) -> bool:
    return path.startswith(ancestor_path)


@dataclass(frozen=True)
class TreeLine:
    prefix: str
    area: Area


def tree_lines(areas: Sequence[Area]) -> list[TreeLine]:
    """Draw a forest with box characters; areas may be any subset (e.g. one person's scope)."""
    by_parent: dict[int | None, list[Area]] = {}
    ids = {area.id for area in areas}
    for area in areas:
        parent = area.parent_id if area.parent_id in ids else None
        by_parent.setdefault(parent, []).append(area)
    for siblings in by_parent.values():
        siblings.sort(key=lambda a: a.code)

    lines: list[TreeLine] = []

    def walk(parent: int | None, indent: str, top: bool) -> None:
        siblings = by_parent.get(parent, [])
        for i, area in enumerate(siblings):
            last = i == len(siblings) - 1
            lines.append(TreeLine("" if top else indent + ("└ " if last else "├ "), area))
            walk(area.id, "" if top else indent + ("　 " if last else "│ "), False)

    walk(None, "", True)
    return lines


async def get_area(session: AsyncSession, area_id: int) -> Area:
    area = await area_store.get(session, area_id)
    if area is None:
        raise NotFound("area-error-not-found")
    return area


async def suggest_code(session: AsyncSession, parent: Area) -> str | None:
    taken = {child.code for child in await area_store.children(session, parent.id)}
    candidate = next_child_code(parent.code, taken)
    while candidate and await area_store.by_code(session, candidate):
        taken.add(candidate)
        candidate = next_child_code(parent.code, taken)
    return candidate


async def create_area(
    session: AsyncSession, actor: Actor, *, name: str, code: str, parent_id: int | None, now: datetime
) -> Area:
    async with write_transaction(session):
        parent = await get_area(session, parent_id) if parent_id is not None else None
        if parent is None and not actor.is_global_admin:
            raise PermissionDenied()
        role = actor.require(Action.MANAGE_AREAS, parent.path) if parent else None
        name, code = clean_name(name), clean_code(code)
        if await area_store.by_code(session, code):
            raise Conflict("area-error-code-taken", code=code)
        area = await area_store.insert(
            session, Area(name=name, code=code, parent_id=parent_id, created_at=now), parent
        )
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role or actor.role_for(Action.MANAGE_AREAS, area.path),
            action="area.create",
            subject=("area", area.id),
            area_id=area.id,
            after={"name": name, "code": code, "parent_id": parent_id},
        )
        return area


async def rename_area(session: AsyncSession, actor: Actor, area_id: int, name: str, now: datetime) -> Area:
    async with write_transaction(session):
        area = await get_area(session, area_id)
        role = actor.require(Action.MANAGE_AREAS, area.path)
        new_name = clean_name(name)
        before = area.name
        area.name = new_name
        session.add(area)
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="area.rename",
            subject=("area", area.id),
            area_id=area.id,
            before={"name": before},
            after={"name": new_name},
        )
        return area


async def move_area(
    session: AsyncSession, actor: Actor, area_id: int, new_parent_id: int | None, now: datetime
) -> Area:
    async with write_transaction(session):
        area = await get_area(session, area_id)
        role = actor.require(Action.MANAGE_AREAS, area.path)
        new_parent = await get_area(session, new_parent_id) if new_parent_id is not None else None
        if new_parent is None:
            if not actor.is_global_admin:
                raise PermissionDenied()
        else:
            actor.require(Action.MANAGE_AREAS, new_parent.path)
            if is_inside(new_parent.path, area.path):
                raise InvalidInput("area-error-move-into-itself")
        if area.parent_id == new_parent_id:
            return area
        old_path = area.path
        new_path = f"{new_parent.path if new_parent else '/'}{area.id}/"
        before = {"parent_id": area.parent_id}
        await area_store.repath_subtree(session, old_path, new_path)
        area.parent_id = new_parent_id
        area.path = new_path
        session.add(area)
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="area.move",
            subject=("area", area.id),
            area_id=area.id,
            before=before,
            after={"parent_id": new_parent_id},
        )
        return area


async def scope_tops(session: AsyncSession, actor: Actor, action: Action) -> list[Area]:
    """The highest areas where the person may do the action (their parents are outside the scope)."""
    scope = await area_store.under(session, actor.scope_paths(action))
    ids = {area.id for area in scope}
    return [area for area in scope if area.parent_id not in ids]


async def areas_in_scope(session: AsyncSession, actor: Actor, action: Action) -> Sequence[Area]:
    return await area_store.under(session, actor.scope_paths(action))
