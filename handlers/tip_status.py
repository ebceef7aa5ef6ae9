"""A tipster following up with the receipt: see the state and the messages, reply, claim a reward.

Buttons here carry no tip id: the tip is the one whose receipt this chat has just shown, kept in the
conversation state for a short while and dropped as soon as the errand is done.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Translator, pick_locale
from bot.settings import Settings
from domain import tip_triage
from domain import tips as tip_rules
from domain.areas import ancestor_paths, get_area
from domain.clock import Clock
from domain.errors import Conflict
from domain.people import load_actor
from domain.permissions import Action
from domain.roles import Role
from domain.tip_secrets import TipVault
from handlers.callbacks import CancelCb, TipAct, TipCb
from handlers.render import remember_prompt
from handlers.states import TipStatusForm
from handlers.tip_cards import tell_staff, tipster_status
from storage import members as member_store
from storage.models import Tip, User

log = logging.getLogger(__name__)
VERIFIED_FOR = timedelta(minutes=15)


def _b(t: Translator, key: str, act: TipAct) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t.plain(key), callback_data=TipCb(act=act).pack())


def _cancel(t: Translator) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=t.plain("btn-tip-done"), callback_data=CancelCb().pack())]


async def ask_receipt(target: Message, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await state.set_state(TipStatusForm.waiting_for_receipt)
    sent = await target.answer(
        t("tip-ask-receipt"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[_cancel(t)])
    )
    await remember_prompt(state, sent)


async def by_command(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
    tip_vault: TipVault,
) -> None:
    if command.args:  # "/status 1234 5678 ..." in one go
        await _show(message, command.args, state, session, i18n, clock, settings, tip_vault)
    else:
        await ask_receipt(message, state, i18n)


async def by_button(query: CallbackQuery, state: FSMContext, i18n: Translator) -> None:
    await query.answer()
    await ask_receipt(query.message, state, i18n)  # type: ignore[arg-type]


async def got_receipt(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
    tip_vault: TipVault,
) -> None:
    await _show(message, message.text or "", state, session, i18n, clock, settings, tip_vault)


async def _show(
    message: Message,
    typed: str,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    clock: Clock,
    settings: Settings,
    vault: TipVault,
) -> None:
    tip = await tip_rules.find_by_receipt(session, vault, message.chat.id, typed, clock.now())
    await state.set_state(TipStatusForm.viewing)
    await state.update_data(tip_id=tip.id, verified_at=clock.now().isoformat())
    rows: list[list[InlineKeyboardButton]] = []
    if tip.chat_sealed is not None:
        rows.append([_b(t, "btn-tip-reply", TipAct.REPLY)])
    if tip.reward_amount is not None and tip.reward_claimed_at is None:
        rows.append([_b(t, "btn-tip-claim", TipAct.CLAIM)])
    rows.append(_cancel(t))
    sent = await message.answer(
        await tipster_status(session, t, tip, settings.tz),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
    )
    await remember_prompt(state, sent)


async def _verified_tip(state: FSMContext, session: AsyncSession, now: datetime) -> Tip | None:
    data = await state.get_data()
    verified = data.get("verified_at")
    if not data.get("tip_id") or not verified or now - datetime.fromisoformat(verified) > VERIFIED_FOR:
        return None
    return await session.get(Tip, data["tip_id"])


async def start_reply(
    query: CallbackQuery, state: FSMContext, session: AsyncSession, i18n: Translator, clock: Clock
) -> None:
    await query.answer()
    if await _verified_tip(state, session, clock.now()) is None:
        await ask_receipt(query.message, state, i18n)  # type: ignore[arg-type]
        return
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    await state.set_state(TipStatusForm.waiting_for_reply)
    sent = await query.message.answer(  # type: ignore[union-attr]
        i18n("tip-ask-reply"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[_cancel(i18n)])
    )
    await remember_prompt(state, sent)


async def got_reply(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
) -> None:
    tip = await _verified_tip(state, session, clock.now())
    if tip is None:
        await ask_receipt(message, state, i18n)
        return
    tip = await tip_triage.tipster_message(session, tip.id or 0, message.text or "", clock.now())
    await state.clear()
    await message.answer(i18n("tip-reply-sent"))
    await tell_staff(bot, session, catalogs, settings, tip, "notify-tip-message", text=message.text or "")


async def start_claim(
    query: CallbackQuery, state: FSMContext, session: AsyncSession, i18n: Translator, clock: Clock
) -> None:
    await query.answer()
    tip = await _verified_tip(state, session, clock.now())
    if tip is None:
        await ask_receipt(query.message, state, i18n)  # type: ignore[arg-type]
        return
    if tip.reward_amount is None or tip.reward_claimed_at is not None:
        raise Conflict("tip-error-no-reward")
    rows = [[_b(i18n, "btn-tip-claim-yes", TipAct.CLAIM_YES)], _cancel(i18n)]
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    sent = await query.message.answer(  # type: ignore[union-attr]
        i18n("tip-claim-confirm", amount=tip.reward_amount),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
    )
    await remember_prompt(state, sent)


async def claim(
    query: CallbackQuery,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
    tip_vault: TipVault,
) -> None:
    tip = await _verified_tip(state, session, clock.now())
    if tip is None:
        await query.answer()
        await ask_receipt(query.message, state, i18n)  # type: ignore[arg-type]
        return
    done = await tip_triage.claim_reward(session, tip_vault, tip.id or 0, clock.now())
    await state.clear()
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    key = "tip-claimed-anonymous" if done.contact is None else "tip-claimed-named"
    await query.message.answer(i18n(key, claim=done.claim_ref, amount=done.tip.reward_amount or 0))  # type: ignore[union-attr]
    await tell_reward_leaders(bot, session, catalogs, settings, done)


async def tell_reward_leaders(
    bot: Bot, session: AsyncSession, catalogs: Catalogs, settings: Settings, done: tip_triage.Claim
) -> int:
    """Only whoever pays the reward learns how: the leader who set it, if they still hold the right over the
    tip's area; else every leader who does. A claim reference, or the contact a named tipster gave."""
    tip = done.tip
    area = await get_area(session, tip.area_id)
    setter = await session.get(User, tip.reward_set_by or 0)
    if setter is not None and (await load_actor(session, setter.id, settings.admin_ids)).can(
        Action.SET_REWARD, area.path
    ):
        leaders = [setter]
    else:
        leaders = list(await member_store.holders(session, [Role.LEADER.value], ancestor_paths(area.path)))
    told = 0
    for leader in leaders:
        t = catalogs.translator(pick_locale(leader.language_code, settings.default_locale))
        args = {"ref": tip.ref, "amount": tip.reward_amount or 0, "claim": done.claim_ref}
        if done.contact is None:
            text = t("notify-tip-claimed-anonymous", **args)
        else:
            text = t(
                "notify-tip-claimed-named",
                name=done.contact.name or "",
                phone=done.contact.phone or "",
                **args,
            )
        try:
            await bot.send_message(leader.id, text)
        except TelegramAPIError as exc:
            log.info("a reward claim notice to a leader was not delivered: %s", exc.message)
            continue
        told += 1
    return told


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(by_command, Command("status"))
    router.callback_query.register(by_button, TipCb.filter(F.act == TipAct.STATUS))
    router.message.register(got_receipt, TipStatusForm.waiting_for_receipt, F.text & ~F.text.startswith("/"))
    router.callback_query.register(start_reply, TipCb.filter(F.act == TipAct.REPLY))
    router.message.register(got_reply, TipStatusForm.waiting_for_reply, F.text & ~F.text.startswith("/"))
    router.callback_query.register(start_claim, TipCb.filter(F.act == TipAct.CLAIM))
    router.callback_query.register(claim, TipCb.filter(F.act == TipAct.CLAIM_YES))
    return router
