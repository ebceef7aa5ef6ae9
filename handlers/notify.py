"""Telling people that something happened: supervisors of a new hazard, leader groups of major ones."""

from __future__ import annotations

import logging
from datetime import datetime

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Translator, pick_locale
from bot.settings import Settings
from domain import groups as group_rules
from domain import hazards as hazard_rules
from domain.areas import ancestor_ids, ancestor_paths, get_area
from domain.roles import Role
from domain.sectors import Level
from handlers.callbacks import HazardCb
from handlers.hazard_cards import hazard_caption, place_text, shorten
from handlers.render import area_trail
from storage import members as member_store
from storage.models import Accident, Hazard, Photo

log = logging.getLogger(__name__)


async def send_evidence(
    bot: Bot, chat_id: int, file_id: str, media: str, caption: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """A photo as it came: a compressed photo, or an image sent as a file (Telegram keeps the two apart)."""
    if media == "document":
        await bot.send_document(chat_id, file_id, caption=caption, reply_markup=markup)
    else:
        await bot.send_photo(chat_id, file_id, caption=caption, reply_markup=markup)


async def _card_to(
    bot: Bot, chat_id: int, photo: Photo | None, caption: str, markup: InlineKeyboardMarkup
) -> bool:
    """Send one card; True if it arrived."""
    buttons = markup if markup.inline_keyboard else None
    try:
        if photo is not None:
            await send_evidence(bot, chat_id, photo.file_id, photo.media, shorten(caption, 1024), buttons)
        else:
            await bot.send_message(chat_id, caption, reply_markup=buttons)
    except TelegramAPIError as exc:
        # One unreachable person (blocked the bot, never started it) must not stop the others.
        log.info("notification to a chat not delivered: %s", exc.message)
        return False
    return True


async def new_hazard(
    bot: Bot, session: AsyncSession, catalogs: Catalogs, settings: Settings, hazard_id: int, now: datetime
) -> int:
    """Returns how many supervisors were reached, so the reporter is told the truth."""
    hazard = await session.get(Hazard, hazard_id)
    if hazard is None:
        return 0
    area = await get_area(session, hazard.area_id)
    view = await hazard_rules.load_view(session, hazard, area, now)
    trail = await area_trail(session, area)
    photo = view.photos[0] if view.photos else None
    supervisors = await member_store.holders(session, [Role.SUPERVISOR.value], ancestor_paths(area.path))
    told = 0
    for person in supervisors:
        if person.id == hazard.reporter_id:
            continue
        t = catalogs.translator(pick_locale(person.language_code, settings.default_locale))
        markup = _view_button(t.plain("btn-view"), hazard_id)
        told += await _card_to(
            bot,
            person.id,
            photo,
            t("notify-new-hazard") + "\n" + hazard_caption(t, view, trail, settings.tz),
            markup,
        )
    if hazard.level == Level.MAJOR:
        t = catalogs.translator(settings.default_locale)
        for group in await group_rules.bound_groups(session, ancestor_ids(area.path)):
            caption = t("notify-major-hazard") + "\n" + hazard_caption(t, view, trail, settings.tz)
            await _card_to(bot, group.id, photo, caption, _view_button(t.plain("btn-view"), hazard_id))
    return told


def _view_button(text: str, hazard_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=HazardCb(id=hazard_id).pack())]]
    )


async def new_accident(
    bot: Bot, session: AsyncSession, catalogs: Catalogs, settings: Settings, accident_id: int
) -> int:
    """An accident goes at once to the leader groups above it and to the supervisors over its area.

    Returns how many groups and people it reached."""
    accident = await session.get(Accident, accident_id)
    if accident is None:
        return 0
    area = await get_area(session, accident.area_id)
    trail = await area_trail(session, area)
    photos = list(
        (await session.exec(select(Photo).where(Photo.accident_id == accident_id).order_by(Photo.id))).all()
    )
    photo = photos[0] if photos else None

    def card(t: Translator) -> str:
        return t(
            "notify-accident",
            ref=accident.ref,
            trail=trail,
            occurred=accident.occurred_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M"),
            place=place_text(t, accident.latitude, accident.longitude, accident.address),
            unit=accident.unit_name or t("unit-none"),
            deaths=accident.deaths,
            injuries=accident.injuries,
            delay=accident.delay_minutes,
            late=t("accident-late-mark") if accident.late else "",
            account=shorten(accident.account, 500),
        )

    empty = InlineKeyboardMarkup(inline_keyboard=[])
    group_t = catalogs.translator(settings.default_locale)
    told = 0
    for group in await group_rules.bound_groups(session, ancestor_ids(area.path)):
        told += await _card_to(bot, group.id, photo, card(group_t), empty)
    for person in await member_store.holders(session, [Role.SUPERVISOR.value], ancestor_paths(area.path)):
        if person.id != accident.reporter_id:
            t = catalogs.translator(pick_locale(person.language_code, settings.default_locale))
            told += await _card_to(bot, person.id, photo, card(t), empty)
    return told
