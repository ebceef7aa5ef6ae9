"""Pieces every step-by-step conversation shares: telling bad input apart, staleness, the area picker."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StateType
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, TelegramObject
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Translator
from domain import areas as area_rules
from domain.clock import Clock
from domain.hazards import MAX_PHOTOS, EvidenceRef
from domain.permissions import Action, Actor
from handlers import evidence
from handlers.render import page_slice, pager_row
from storage import areas as area_store
from storage.db import single_statement

STALE_AFTER = timedelta(hours=24)
TOUCHED = "touched"


def input_kind(message: Message) -> str:
    """What the person sent, in the words the hints use."""
    if message.text is not None:
        return "command" if message.text.startswith("/") else "text"
    if message.photo:
        return "photo"
    if message.document is not None:
        return "image-file" if (message.document.mime_type or "").startswith("image/") else "file"
    for kind in (
        "sticker",
        "voice",
        "video",
        "video_note",
        "audio",
        "animation",
        "contact",
        "location",
        "venue",
        "poll",
        "dice",
    ):
        if getattr(message, kind, None) is not None:
            return kind.replace("_", "-")
    return "other"


async def touch(state: FSMContext, clock: Clock, **data: Any) -> None:
    await state.update_data({TOUCHED: clock.now().isoformat(), **data})


async def save(state: FSMContext, to: StateType, data: Mapping[str, Any]) -> None:
    """Move to the state `to` with the conversation's `data`: one write where the storage can do it
    (storage.fsm.SQLStorage, storage.redis_state.ConversationStorage; asked by name, as Redis is optional)."""
    both = getattr(state.storage, "set_state_and_data", None)
    if both is not None:
        await both(state.key, to, data)
    else:
        await state.set_state(to)
        await state.set_data(data)


async def end(state: FSMContext) -> None:
    """End the conversation; `FSMContext.clear` would write twice (the state, then the data)."""
    await save(state, None, {})


async def is_stale(_event: TelegramObject, state: FSMContext, clock: Clock) -> bool:
    """A draft untouched for a day is offered for resume or discard instead of silently continued."""
    touched = (await state.get_data()).get(TOUCHED)
    return bool(touched) and clock.now() - datetime.fromisoformat(touched) > STALE_AFTER


async def area_picker(
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    action: Action,
    node: int,
    page: int,
    pick: Any,
    below: Any,
) -> tuple[str, InlineKeyboardMarkup]:
    """Choose an area inside one's scope for an action: the node itself, or go down one level.

    `pick(area_id)` and `below(area_id, page)` build the callback data of the two kinds of button.
    """
    if node:
        area = await area_rules.get_area(session, node)
        actor.require(action, area.path)
        options = list(await area_store.children(session, area.id))
        text = t("pick-area-under", name=area.name)
    else:
        area = None
        options = await area_rules.scope_tops(session, actor, action)
        text = t("pick-area")
    shown, page, pages = page_slice(options, page)
    with_children = await area_store.having_children(session, [o.id or 0 for o in shown])
    rows: list[list[InlineKeyboardButton]] = []
    if area is not None:
        rows.append(
            [InlineKeyboardButton(text=t.plain("btn-pick-here", name=area.name), callback_data=pick(area.id))]
        )
    for option in shown:
        row = [InlineKeyboardButton(text=option.name, callback_data=pick(option.id))]
        if option.id in with_children:
            row.append(InlineKeyboardButton(text=t.plain("btn-go-below"), callback_data=below(option.id, 0)))
        rows.append(row)
    pager = pager_row(t, page, pages, lambda p: below(node, p))
    if pager:
        rows.append(pager)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


async def lost_right(
    _event: TelegramObject, state: FSMContext, actor: Actor | None, session: AsyncSession
) -> bool:
    """True when someone in the middle of a report may no longer report there (checked at every step)."""
    if actor is None:
        return True
    data = await state.get_data()
    area_id = (data.get("draft") or data.get("accident") or {}).get("area_id")
    if area_id is None:
        return not actor.can_anywhere(Action.REPORT_HAZARD)
    async with single_statement(session):
        area = await area_store.get(session, area_id)
    return area is None or not actor.can(Action.REPORT_HAZARD, area.path)


async def take_photo(
    message: Message, bot: Bot, t: Translator, data_dir: Path, have: int
) -> EvidenceRef | None:
    """The next photo of a step, stored by hash; None (with a note) once the step has all it takes."""
    if have >= MAX_PHOTOS:
        await message.answer(t("report-photos-full", max=MAX_PHOTOS))
        return None
    return await evidence.receive(bot, message, data_dir)


async def first_of_album(message: Message, state: FSMContext) -> bool:
    """An album arrives as one message per photo; it is one step, so only its first photo gets a reply."""
    group = message.media_group_id
    if group and (await state.get_data()).get("album") == group:
        return False
    await state.update_data(album=group)
    return True
