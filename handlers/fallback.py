"""Last in line: whatever no feature took gets a short, useful answer instead of silence."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from domain.permissions import Actor

router = Router(name=__name__)


@router.callback_query(F.data == "noop")
async def noop(query: CallbackQuery):
    await query.answer()


@router.callback_query()
async def stale_button(query: CallbackQuery, i18n: Translator):
    # A button from an old message, or one whose conversation has ended.
    await query.answer(i18n("error-stale-button"), show_alert=True)


@router.message(F.chat.type == "private")
async def unknown(message: Message, actor: Actor, i18n: Translator, state: FSMContext):
    if await state.get_state() is not None:
        await message.answer(i18n("hint-in-conversation"))
    elif actor.is_staff:
        await message.answer(i18n("hint-unknown-staff"))
    else:
        await message.answer(i18n("start-stranger"))
