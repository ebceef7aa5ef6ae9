"""Group chats the bot is in, and the area each is bound to (its digests cover that subtree)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain import audit
from domain.areas import get_area
from domain.permissions import Action, Actor
from storage.db import write_transaction
from storage.models import GroupChat


async def bot_joined(session: AsyncSession, chat_id: int, title: str, now: datetime) -> GroupChat:
    async with write_transaction(session):
        group = await session.get(GroupChat, chat_id)
        if group is None:
            group = GroupChat(id=chat_id, title=title, joined_at=now)
        group.title, group.is_member, group.left_at, group.joined_at = title, True, None, now
        session.add(group)
        audit.record(
            session, at=now, actor=None, role=None, action="group.joined", subject=("group", chat_id)
        )
        return group


async def bot_left(session: AsyncSession, chat_id: int, reason: str, now: datetime) -> GroupChat | None:
    """The bot was removed (or found it can no longer post): record it and unbind."""
    async with write_transaction(session):
        group = await session.get(GroupChat, chat_id)
        if group is None or not group.is_member:
            return group
        before = {"area_id": group.area_id}
        group.is_member, group.left_at, group.unbind_reason, group.area_id = False, now, reason, None
        session.add(group)
        audit.record(
            session,
            at=now,
            actor=None,
            role=None,
            action="group.left",
            subject=("group", chat_id),
            area_id=before["area_id"],
            before=before,
            after={"area_id": None},
            comment=reason,
        )
        return group


async def bind(
    session: AsyncSession, actor: Actor, chat_id: int, title: str, area_id: int, now: datetime
) -> GroupChat:
    async with write_transaction(session):
        area = await get_area(session, area_id)
        role = actor.require(Action.BIND_GROUP, area.path)
        group = await session.get(GroupChat, chat_id)
        if group is None:
            group = GroupChat(id=chat_id, title=title, joined_at=now)
        before = {"area_id": group.area_id}
        group.title, group.is_member, group.area_id = title, True, area.id
        group.bound_by, group.bound_at, group.unbind_reason = actor.user_id, now, None
        session.add(group)
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="group.bind",
            subject=("group", chat_id),
            area_id=area.id,
            before=before,
            after={"area_id": area.id},
        )
        return group


async def unbind(session: AsyncSession, actor: Actor, chat_id: int, now: datetime) -> GroupChat | None:
    """Returns the group if it was bound (and now is not), None if there was nothing to unbind."""
    async with write_transaction(session):
        group = await session.get(GroupChat, chat_id)
        if group is None or group.area_id is None:
            return None
        area = await get_area(session, group.area_id)
        role = actor.require(Action.BIND_GROUP, area.path)
        group.area_id, group.unbind_reason = None, "unbound"
        session.add(group)
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="group.unbind",
            subject=("group", chat_id),
            area_id=area.id,
            before={"area_id": area.id},
            after={"area_id": None},
        )
        return group


async def migrated(session: AsyncSession, old_chat_id: int, new_chat_id: int, now: datetime) -> None:
    """A group became a supergroup and got a new id: carry the binding over."""
    async with write_transaction(session):
        old = await session.get(GroupChat, old_chat_id)
        if old is None or await session.get(GroupChat, new_chat_id) is not None:
            return
        new = GroupChat(
            id=new_chat_id,
            title=old.title,
            area_id=old.area_id,
            bound_by=old.bound_by,
            bound_at=old.bound_at,
            joined_at=now,
        )
        old.is_member, old.left_at, old.area_id, old.unbind_reason = False, now, None, "migrated"
        session.add_all([old, new])
        audit.record(
            session,
            at=now,
            actor=None,
            role=None,
            action="group.migrated",
            subject=("group", new_chat_id),
            area_id=new.area_id,
            before={"chat_id": old_chat_id},
            after={"chat_id": new_chat_id},
        )


async def bound_groups(session: AsyncSession, area_ids: Sequence[int]) -> Sequence[GroupChat]:
    if not area_ids:
        return []
    query = select(GroupChat).where(col(GroupChat.area_id).in_(area_ids), col(GroupChat.is_member).is_(True))
    return (await session.exec(query)).all()
