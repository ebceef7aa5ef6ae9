"""/poster: a printable QR poster per area whose code opens a tip already placed in that area."""

from __future__ import annotations

import asyncio

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Translator
from domain.areas import get_area
from domain.errors import PermissionDenied
from domain.permissions import Action, Actor
from graphics.poster import tip_poster_png
from handlers.callbacks import PosterCb
from handlers.conversation import area_picker
from handlers.tips import DEEP_LINK_PREFIX


def tip_link(bot_username: str, area_code: str) -> str:
    return f"https://t.me/{bot_username}?start={DEEP_LINK_PREFIX}{area_code}"


async def _picker(
    session: AsyncSession, actor: Actor, t: Translator, node: int, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    return await area_picker(
        session,
        actor,
        t,
        Action.MANAGE_AREAS,
        node,
        page,
        pick=lambda i: PosterCb(area=i).pack(),
        below=lambda i, p: PosterCb(area=i, below=True, page=p).pack(),
    )


async def start(message: Message, session: AsyncSession, actor: Actor, i18n: Translator) -> None:
    if not actor.can_anywhere(Action.MANAGE_AREAS):
        raise PermissionDenied()
    text, markup = await _picker(session, actor, i18n, 0, 0)
    await message.answer(i18n("poster-pick-area") + "\n" + text, reply_markup=markup)


async def below(
    query: CallbackQuery, callback_data: PosterCb, session: AsyncSession, actor: Actor, i18n: Translator
) -> None:
    text, markup = await _picker(session, actor, i18n, callback_data.area, callback_data.page)
    await query.message.edit_text(i18n("poster-pick-area") + "\n" + text, reply_markup=markup)  # type: ignore[union-attr]
    await query.answer()


async def make(
    query: CallbackQuery,
    callback_data: PosterCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    catalogs: Catalogs,
) -> None:
    area = await get_area(session, callback_data.area)
    actor.require(Action.MANAGE_AREAS, area.path)
    await query.answer(i18n.plain("poster-making"))
    me = await bot.me()
    link = tip_link(me.username or "", area.code)
    # The poster is printed for the public in China: its text is Chinese whatever the admin's language.
    zh = catalogs.translator("zh")
    png = await asyncio.to_thread(
        tip_poster_png,
        link=link,
        area_name=area.name,
        invitation=zh.plain("poster-invitation"),
        title=zh.plain("poster-title"),
    )
    await bot.send_document(
        query.from_user.id,
        BufferedInputFile(png, filename=f"tip-poster-{area.code}.png"),
        caption=i18n("poster-caption", name=area.name, link=link),
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(start, Command("poster"))
    router.callback_query.register(below, PosterCb.filter(F.below))
    router.callback_query.register(make, PosterCb.filter(~F.below))
    return router
