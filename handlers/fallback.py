"""Last in line: whatever no feature took gets a short, useful answer instead of silence."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from domain.permissions import Actor


async def noop(query: CallbackQuery):
    await query.answer()


async def stale_button(query: CallbackQuery, i18n: Translator):
    # A button from an old message, or one whose conversation has ended.
    await query.answer(i18n("error-stale-button"), show_alert=True)


async def unknown(message: Message, actor: Actor, i18n: Translator, state: FSMContext):
    if await state.get_state() is not None:
        await message.answer(i18n("hint-in-conversation"))
    elif actor.is_staff:
        await message.answer(i18n("hint-unknown-staff"))
    else:
        await message.answer(i18n("start-stranger"))


def build_router() -> Router:
    """A fresh router each call: a router can belong to only one dispatcher."""
    router = Router(name=__name__)
    router.callback_query.register(noop, F.data == "noop")
    router.callback_query.register(stale_button)
    router.message.register(unknown, F.chat.type == "private")
    return router
