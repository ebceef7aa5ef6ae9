"""Small rendering helpers shared by handlers: names of roles and areas, paging, chunking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Markup, Translator, escape
from storage import areas as area_store
from storage.models import Area

T = TypeVar("T")
PAGE_SIZE = 8
TEXT_LIMIT = 4000  # under Telegram's 4096, leaving room for a header


def role_name(t: Translator, role: str) -> str:
    return t(f"role-{role}")


async def area_trail(session: AsyncSession, area: Area) -> Markup:
    """ "County › Township › Village", escaped, for showing where something is."""
    ids = [int(part) for part in area.path.strip("/").split("/") if part]
    found = await area_store.by_ids(session, ids)
    return Markup(" › ".join(escape(found[i].name) for i in ids if i in found))


def page_slice(items: Sequence[T], page: int, size: int = PAGE_SIZE) -> tuple[Sequence[T], int, int]:
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 0), pages - 1)
    return items[page * size : (page + 1) * size], page, pages


def pager_row(t: Translator, page: int, pages: int, make: object) -> list[InlineKeyboardButton]:
    """« and » buttons around "2/5"; `make(page)` builds the callback data for a page."""
    if pages <= 1:
        return []
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(text="«", callback_data=make(page - 1)))  # type: ignore[operator]
    row.append(InlineKeyboardButton(text=t("page-of", page=page + 1, pages=pages), callback_data="noop"))
    if page < pages - 1:
        row.append(InlineKeyboardButton(text="»", callback_data=make(page + 1)))  # type: ignore[operator]
    return row


def chunks(lines: Sequence[str], limit: int = TEXT_LIMIT) -> list[str]:
    """Split lines into messages that each fit Telegram's text limit."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        if current and size + len(line) + 1 > limit:
            out.append("\n".join(current))
            current, size = [], 0
        current.append(line[:limit])
        size += len(line) + 1
    if current:
        out.append("\n".join(current))
    return out


def accessible(query: CallbackQuery) -> bool:
    """The pressed message can still be edited (Telegram sends only a stub for very old messages)."""
    return isinstance(query.message, Message)


PROMPT_KEY = "prompt_message_id"


async def remember_prompt(state: FSMContext, prompt: Message) -> None:
    """The conversation's current question, so that only its Cancel button cancels it."""
    await state.update_data({PROMPT_KEY: prompt.message_id})
