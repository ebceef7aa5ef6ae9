"""Staff and tips: the list (/tips), the card, and its actions — make it a hazard, link it to one, dismiss
it, write to the tipster, set a reward. Staff never see who the tipster is; the relay hides both sides."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Translator
from bot.settings import Settings
from domain import tip_triage
from domain.clock import Clock
from domain.errors import InvalidInput, PermissionDenied
from domain.permissions import Actor
from domain.sectors import Level
from domain.tip_secrets import TipVault
from domain.tips import photos_of
from handlers import notify
from handlers.callbacks import CancelCb, HazardCb, TipStaffAct, TipStaffCb
from handlers.hazard_cards import shorten
from handlers.render import remember_prompt
from handlers.states import TipStaffForm
from handlers.tip_cards import send_card, staff_buttons, staff_card, tell_tipster

PROMPTS = {
    TipStaffAct.DUPLICATE: (TipStaffForm.waiting_for_hazard_ref, "tip-ask-hazard-ref"),
    TipStaffAct.DISMISS: (TipStaffForm.waiting_for_reason, "tip-ask-dismiss-reason"),
    TipStaffAct.MESSAGE: (TipStaffForm.waiting_for_message, "tip-ask-message"),
    TipStaffAct.REWARD: (TipStaffForm.waiting_for_amount, "tip-ask-amount"),
}


async def list_tips(message: Message, session: AsyncSession, actor: Actor, i18n: Translator) -> None:
    if not actor.is_staff:
        raise PermissionDenied()
    tips = await tip_triage.open_for(session, actor)
    if not tips:
        await message.answer(i18n("tips-none"))
        return
    rows = [
        [
            InlineKeyboardButton(
                text=f"{tip.ref} · {i18n.plain(f'sector-{tip.sector}')} · {shorten(tip.description, 20)}",
                callback_data=TipStaffCb(act=TipStaffAct.OPEN, tip=tip.id or 0).pack(),
            )
        ]
        for tip in tips
    ]
    await message.answer(
        i18n("tips-title", count=len(tips)), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


async def open_card(
    query: CallbackQuery,
    callback_data: TipStaffCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    settings: Settings,
) -> None:
    tip, area = await tip_triage.load(session, actor, callback_data.tip)
    await query.answer()
    photos = await photos_of(session, tip.id or 0)
    text = await staff_card(session, i18n, tip, settings.tz)
    heading = i18n("tip-photos-of", ref=tip.ref)
    await send_card(
        bot, query.from_user.id, photos, heading, text, staff_buttons(i18n, tip, actor, area.path)
    )


async def convert(
    query: CallbackQuery,
    callback_data: TipStaffCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
    tip_vault: TipVault,
) -> None:
    level = Level.MAJOR if callback_data.act == TipStaffAct.MAJOR else Level.GENERAL
    tip, hazard = await tip_triage.convert(session, actor, callback_data.tip, level, clock.now(), settings.tz)
    await query.answer()
    view = InlineKeyboardButton(text=i18n.plain("btn-view"), callback_data=HazardCb(id=hazard.id or 0).pack())
    await bot.send_message(
        query.from_user.id,
        i18n("tip-converted", ref=tip.ref, hazard=hazard.ref),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[view]]),
    )
    await tell_tipster(bot, catalogs, tip_vault, tip, "tipster-notify-accepted")
    await notify.new_hazard(bot, session, catalogs, settings, hazard.id or 0, clock.now())


async def ask(
    query: CallbackQuery,
    callback_data: TipStaffCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
) -> None:
    """The actions that need a word from the person first: a hazard number, a reason, a message, an amount."""
    await tip_triage.load(session, actor, callback_data.tip)  # out of scope: refused before any typing
    form, key = PROMPTS[callback_data.act]
    await query.answer()
    await state.clear()
    await state.set_state(form)
    await state.update_data(tip_id=callback_data.tip)
    cancel = InlineKeyboardButton(text=i18n.plain("btn-cancel"), callback_data=CancelCb().pack())
    sent = await query.bot.send_message(  # type: ignore[union-attr]
        query.from_user.id, i18n(key), reply_markup=InlineKeyboardMarkup(inline_keyboard=[[cancel]])
    )
    await remember_prompt(state, sent)


async def got_hazard_ref(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    tip_vault: TipVault,
) -> None:
    tip_id = (await state.get_data())["tip_id"]
    tip, hazard = await tip_triage.link_duplicate(session, actor, tip_id, message.text or "", clock.now())
    await state.clear()
    await message.answer(i18n("tip-linked", ref=tip.ref, hazard=hazard.ref))
    await tell_tipster(bot, catalogs, tip_vault, tip, "tipster-notify-duplicate")


async def got_reason(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    tip_vault: TipVault,
) -> None:
    tip_id = (await state.get_data())["tip_id"]
    tip = await tip_triage.dismiss(session, actor, tip_id, message.text or "", clock.now())
    await state.clear()
    await message.answer(i18n("tip-dismissed", ref=tip.ref))
    await tell_tipster(
        bot, catalogs, tip_vault, tip, "tipster-notify-dismissed", reason=tip.dismiss_reason or ""
    )


async def got_message(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    tip_vault: TipVault,
) -> None:
    tip_id = (await state.get_data())["tip_id"]
    text = message.text or ""
    tip = await tip_triage.staff_message(session, actor, tip_id, text, clock.now())
    await state.clear()
    delivered = await tell_tipster(bot, catalogs, tip_vault, tip, "tipster-notify-message", text=text.strip())
    await message.answer(i18n("tip-message-sent" if delivered else "tip-message-kept", ref=tip.ref))


async def got_amount(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    tip_vault: TipVault,
) -> None:
    typed = (message.text or "").strip().removesuffix("元").strip()
    if not typed.isdecimal():
        raise InvalidInput("tip-error-amount", max=tip_triage.REWARD_MAX)
    tip_id = (await state.get_data())["tip_id"]
    tip = await tip_triage.set_reward(session, actor, tip_id, int(typed), clock.now())
    await state.clear()
    await message.answer(i18n("tip-reward-set", ref=tip.ref, amount=tip.reward_amount or 0))
    await tell_tipster(bot, catalogs, tip_vault, tip, "tipster-notify-reward", amount=tip.reward_amount or 0)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(list_tips, Command("tips"))
    router.callback_query.register(open_card, TipStaffCb.filter(F.act == TipStaffAct.OPEN))
    router.callback_query.register(
        convert, TipStaffCb.filter(F.act.in_({TipStaffAct.GENERAL, TipStaffAct.MAJOR}))
    )
    router.callback_query.register(ask, TipStaffCb.filter(F.act.in_(set(PROMPTS))))
    text = F.text & ~F.text.startswith("/")
    router.message.register(got_hazard_ref, TipStaffForm.waiting_for_hazard_ref, text)
    router.message.register(got_reason, TipStaffForm.waiting_for_reason, text)
    router.message.register(got_message, TipStaffForm.waiting_for_message, text)
    router.message.register(got_amount, TipStaffForm.waiting_for_amount, text)
    return router
