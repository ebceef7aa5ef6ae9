"""Group chats: the bot joining and leaving, and binding a group to an area for its digests."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import JOIN_TRANSITION, LEAVE_TRANSITION, ChatMemberUpdatedFilter, Command
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Translator
from domain import areas as area_rules
from domain import groups as group_rules
from domain.clock import Clock
from domain.errors import PermissionDenied
from domain.permissions import Action, Actor
from handlers.callbacks import BindCb
from handlers.render import accessible, area_trail, page_slice, pager_row
from storage import areas as area_store


async def bot_added(event: ChatMemberUpdated, session: AsyncSession, i18n: Translator, clock: Clock):
    if event.chat.type not in ("group", "supergroup"):
        return
    group = await group_rules.bot_joined(session, event.chat.id, event.chat.title or "", clock.now())
    if group.area_id is not None:  # bound already (bound before the bot's join was seen): say to what
        area = await area_rules.get_area(session, group.area_id)
        await event.answer(i18n("group-welcome-bound", trail=await area_trail(session, area)))
        return
    await event.answer(i18n("group-welcome"))


async def bot_removed(event: ChatMemberUpdated, session: AsyncSession, clock: Clock):
    if event.chat.type in ("group", "supergroup"):
        await group_rules.bot_left(session, event.chat.id, "removed", clock.now())


async def migrated(message: Message, session: AsyncSession, clock: Clock):
    await group_rules.migrated(session, message.chat.id, message.migrate_to_chat_id or 0, clock.now())


async def _picker(session: AsyncSession, actor: Actor, t: Translator, area_id: int, page: int):
    if area_id:
        area = await area_rules.get_area(session, area_id)
        actor.require(Action.BIND_GROUP, area.path)
        options = list(await area_store.children(session, area.id))
        text = t("bind-pick-under", trail=await area_trail(session, area))
    else:
        if actor is None or not actor.can_anywhere(Action.BIND_GROUP):
            raise PermissionDenied()
        area = None
        options = await area_rules.scope_tops(session, actor, Action.BIND_GROUP)
        text = t("bind-pick")
    shown, page, pages = page_slice(options, page)
    rows = []
    if area is not None:
        rows.append(
            [
                InlineKeyboardButton(
                    text=t.plain("btn-bind-here", name=area.name),
                    callback_data=BindCb(area=area.id or 0, bind=True).pack(),
                )
            ]
        )
    for option in shown:
        rows.append(
            [
                InlineKeyboardButton(
                    text=f"✅ {option.name}", callback_data=BindCb(area=option.id or 0, bind=True).pack()
                ),
                InlineKeyboardButton(
                    text=t.plain("btn-bind-below"), callback_data=BindCb(area=option.id or 0).pack()
                ),
            ]
        )
    pager = pager_row(t, page, pages, lambda p: BindCb(area=area_id, page=p).pack())
    if pager:
        rows.append(pager)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


async def cmd_bind(message: Message, session: AsyncSession, actor: Actor, i18n: Translator):
    if actor is None or not actor.can_anywhere(Action.BIND_GROUP):
        await message.reply(i18n("bind-not-allowed"))
        return
    text, markup = await _picker(session, actor, i18n, 0, 0)
    await message.reply(text, reply_markup=markup)


async def browse(
    query: CallbackQuery, callback_data: BindCb, session: AsyncSession, actor: Actor, i18n: Translator
):
    text, markup = await _picker(session, actor, i18n, callback_data.area, callback_data.page)
    await query.message.edit_text(text, reply_markup=markup)  # type: ignore[union-attr]
    await query.answer()


async def bind(
    query: CallbackQuery,
    callback_data: BindCb,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
):
    chat = query.message.chat  # type: ignore[union-attr]
    group = await group_rules.bind(session, actor, chat.id, chat.title or "", callback_data.area, clock.now())
    area = await area_rules.get_area(session, group.area_id or 0)
    await query.message.edit_text(  # type: ignore[union-attr]
        i18n("bind-done", trail=await area_trail(session, area), by=query.from_user.full_name)
    )
    await query.answer()


async def cmd_unbind(message: Message, session: AsyncSession, actor: Actor, i18n: Translator, clock: Clock):
    if actor is None or not actor.can_anywhere(Action.BIND_GROUP):
        raise PermissionDenied()
    group = await group_rules.unbind(session, actor, message.chat.id, clock.now())
    await message.reply(i18n("unbind-done" if group is not None else "unbind-not-bound"))


async def group_help(message: Message, i18n: Translator):
    await message.reply(i18n("group-help"))


def build_router() -> Router:
    """A fresh router each call: a router can belong to only one dispatcher."""
    router = Router(name=__name__)
    router.message.filter(F.chat.type.in_({"group", "supergroup"}))
    router.callback_query.filter(F.message.chat.type.in_({"group", "supergroup"}), accessible)
    router.my_chat_member.register(bot_added, ChatMemberUpdatedFilter(JOIN_TRANSITION))
    router.my_chat_member.register(bot_removed, ChatMemberUpdatedFilter(LEAVE_TRANSITION))
    router.message.register(migrated, F.migrate_to_chat_id)
    router.message.register(cmd_bind, Command("bind"))
    router.callback_query.register(browse, BindCb.filter(~F.bind))
    router.callback_query.register(bind, BindCb.filter(F.bind))
    router.message.register(cmd_unbind, Command("unbind"))
    router.message.register(group_help, Command("help"))
    return router
