"""Looking at hazards: `/h <number>`, the "view" button of a notification, and `/mine`."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramForbiddenError
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Translator
from bot.settings import Settings
from domain import hazards as hazard_rules
from domain import units as unit_rules
from domain.clock import Clock
from domain.errors import PermissionDenied
from domain.permissions import Action, Actor
from handlers.callbacks import HazardCb, MineCb, UnitCb
from handlers.hazard_cards import hazard_card
from handlers.notify import send_evidence
from handlers.rectify import actions
from handlers.render import PAGE_SIZE, accessible, area_trail, pager_row
from storage import areas as area_store

ALBUM_MAX = 10


async def show_card(
    bot: Bot,
    chat_id: int,
    view: hazard_rules.HazardView,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    actor: Actor | None = None,
) -> None:
    """Before-photos, then after-photos (each an album where Telegram allows), then the card with its
    timeline and the buttons this person may press now."""
    for kind in ("before", "progress", "after"):
        photos = [p for p in view.photos if p.kind == kind and p.media == "photo"]
        for start in range(0, len(photos), ALBUM_MAX):
            batch = photos[start : start + ALBUM_MAX]
            caption = t(f"photos-{kind}") if start == 0 else None
            if len(batch) == 1:
                await bot.send_photo(chat_id, batch[0].file_id, caption=caption)
            else:
                media = [
                    InputMediaPhoto(media=p.file_id, caption=caption if i == 0 else None)
                    for i, p in enumerate(batch)
                ]
                await bot.send_media_group(chat_id, media)
    for photo in (p for p in view.photos if p.media != "photo"):
        await send_evidence(bot, chat_id, photo.file_id, photo.media, t(f"photos-{photo.kind}"))
    rows = actions(view, actor, t) if actor is not None else []
    if view.unit is not None:
        rows.append(
            [
                InlineKeyboardButton(
                    text=t.plain("btn-unit-history"), callback_data=UnitCb(id=view.unit.id or 0).pack()
                )
            ]
        )
    card = hazard_card(t, view, await area_trail(session, view.area), settings.tz)
    await bot.send_message(
        chat_id, card, reply_markup=InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
    )


async def unit_history(
    query: CallbackQuery,
    callback_data: UnitCb,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    """A unit's hazards: what the registry is for (屡查屡犯 shows at a glance)."""
    unit, hazards = await unit_rules.history(session, callback_data.id)
    area = await area_store.get(session, unit.area_id) if unit else None
    if unit is None or area is None or not actor.can(Action.VIEW_HAZARD, area.path):
        raise PermissionDenied()
    repeat = unit.id in await unit_rules.repeat_offenders(session, [unit.id or 0], clock.now())
    lines = [
        i18n(
            "unit-history-title",
            name=unit.name,
            count=len(hazards),
            repeat=i18n("unit-repeat-offender") if repeat else "",
        )
    ]
    lines += [
        i18n(
            "mine-line",
            ref=h.ref,
            status=i18n(f"status-{h.status}"),
            sector=i18n(f"sector-{h.sector}"),
            level=i18n(f"level-{h.level}"),
            date=h.reported_at.astimezone(settings.tz).strftime("%Y-%m-%d"),
            repeat="",
        )
        for h in hazards
    ]
    await query.answer()
    await query.message.answer("\n".join(lines))  # type: ignore[union-attr]


async def by_reference(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    if not actor.is_staff:
        raise PermissionDenied()
    if not command.args:
        await message.answer(i18n("hazard-ask-ref"))
        return
    view = await hazard_rules.view(session, actor, ref=command.args, now=clock.now())
    await show_card(bot, message.chat.id, view, session, i18n, settings, actor)


async def by_button(
    query: CallbackQuery,
    callback_data: HazardCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    # The press is checked like any other: the button may be old, or forwarded to someone else.
    if not actor.is_staff:
        raise PermissionDenied()
    view = await hazard_rules.view(session, actor, hazard_id=callback_data.id, now=clock.now())
    try:
        await show_card(bot, query.from_user.id, view, session, i18n, settings, actor)
    except TelegramForbiddenError:
        # Pressed in a group by someone who never opened a private chat with the bot.
        await query.answer(i18n.plain("hazard-open-private"), show_alert=True)
        return
    await query.answer()


async def _mine_page(
    session: AsyncSession, actor: Actor, t: Translator, page: int, clock: Clock, settings: Settings
):
    hazards, total = await hazard_rules.reported_by(
        session, actor.user_id, offset=page * PAGE_SIZE, limit=PAGE_SIZE
    )
    pages = max(1, -(-total // PAGE_SIZE))
    offenders = await unit_rules.repeat_offenders(session, [h.unit_id or 0 for h in hazards], clock.now())
    lines = [t("mine-title", count=total)] if total else [t("mine-none")]
    rows = []
    for hazard in hazards:
        lines.append(
            t(
                "mine-line",
                ref=hazard.ref,
                status=t(f"status-{hazard.status}"),
                sector=t(f"sector-{hazard.sector}"),
                level=t(f"level-{hazard.level}"),
                date=hazard.reported_at.astimezone(settings.tz).strftime("%m-%d"),
                repeat=t("unit-repeat-offender") if hazard.unit_id in offenders else "",
            )
        )
        rows.append([InlineKeyboardButton(text=hazard.ref, callback_data=HazardCb(id=hazard.id or 0).pack())])
    pager = pager_row(t, page, pages, lambda p: MineCb(page=p).pack())
    if pager:
        rows.append(pager)
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


async def mine(
    message: Message, session: AsyncSession, actor: Actor, i18n: Translator, clock: Clock, settings: Settings
) -> None:
    if not actor.is_staff:
        raise PermissionDenied()
    text, markup = await _mine_page(session, actor, i18n, 0, clock, settings)
    await message.answer(text, reply_markup=markup)


async def mine_page(
    query: CallbackQuery,
    callback_data: MineCb,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    text, markup = await _mine_page(session, actor, i18n, callback_data.page, clock, settings)
    await query.message.edit_text(text, reply_markup=markup)  # type: ignore[union-attr]
    await query.answer()


def build_router() -> Router:
    """A fresh router each call: a router can belong to only one dispatcher."""
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(by_reference, Command("h"))
    router.message.register(mine, Command("mine"))
    router.callback_query.register(by_button, HazardCb.filter())
    router.callback_query.register(mine_page, MineCb.filter(), accessible)
    router.callback_query.register(unit_history, UnitCb.filter(), accessible)
    return router
