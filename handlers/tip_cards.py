"""How a tip looks to staff and to its tipster, and the relay between them.

The relay is the only place that opens a tip's sealed chat id, and it only ever hands it to Telegram.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Markup, Translator, pick_locale
from bot.settings import Settings
from domain import tip_triage
from domain.areas import ancestor_paths, get_area
from domain.people import load_actor
from domain.permissions import Action, Actor
from domain.roles import Role
from domain.tip_secrets import TipVault
from domain.tips import TipStatus, messages_of, photos_of
from handlers.callbacks import TipStaffAct, TipStaffCb
from handlers.hazard_cards import place_text, shorten
from handlers.notify import send_evidence
from handlers.render import area_trail
from storage import members as member_store
from storage.models import Hazard, Photo, Tip, TipMessage, User

log = logging.getLogger(__name__)
TEXT_BUDGET = 4096
DESCRIPTION_SHOWN = 1500


def _when(at: datetime, tz: ZoneInfo) -> str:
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def status_text(t: Translator, tip: Tip, hazard: Hazard | None) -> Markup:
    """Already rendered (a dismissal reason is escaped once, here): pass it on as Markup."""
    if tip.status == TipStatus.DISMISSED:
        return Markup(t("tip-status-dismissed", reason=tip.dismiss_reason or ""))
    if tip.status == TipStatus.DUPLICATE:
        return Markup(t("tip-status-duplicate", ref=hazard.ref if hazard else ""))
    if tip.status == TipStatus.ACCEPTED:
        key = {"real": "tip-status-closed", "not_real": "tip-status-rejected"}.get(tip.outcome or "")
        return Markup(t(key or "tip-status-accepted", ref=hazard.ref if hazard else ""))
    return Markup(t("tip-status-new"))


def thread_lines(t: Translator, messages: list[TipMessage], tz: ZoneInfo, *, for_tipster: bool) -> list[str]:
    lines = []
    for message in messages:
        if message.direction == "in":
            key = "tip-thread-you" if for_tipster else "tip-thread-tipster"
        else:
            key = "tip-thread-staff"
        lines.append(t(key, at=_when(message.at, tz), text=shorten(message.text, 400)))
    return lines


def reward_line(t: Translator, tip: Tip) -> str | None:
    if tip.reward_amount is None:
        return t("tip-reward-due") if tip.outcome == tip_triage.Outcome.REAL else None
    if tip.reward_claimed_at is not None:
        return t("tip-reward-claimed", amount=tip.reward_amount, claim=tip.claim_ref or "")
    return t("tip-reward-offered", amount=tip.reward_amount)


def fit(head: list[str], thread: list[str], t: Translator, limit: int = TEXT_BUDGET) -> str:
    """The card within Telegram's limit: the head whole, then as many of the newest messages as fit (the
    newest always: it is usually why the card was sent)."""
    size = sum(len(line) + 1 for line in head)
    kept: list[str] = []
    for line in reversed(thread):
        if kept and size + len(line) + 1 > limit - 80:
            break
        kept.insert(0, line)
        size += len(line) + 1
    if not thread:
        return "\n".join(head)
    title = [t("tip-thread-title")]
    if len(kept) < len(thread):
        title.append(t("tip-thread-earlier", count=len(thread) - len(kept)))
    return "\n".join([*head, *title, *kept])


async def staff_card(session: AsyncSession, t: Translator, tip: Tip, tz: ZoneInfo, heading: str = "") -> str:
    area = await get_area(session, tip.area_id)
    hazard = await session.get(Hazard, tip.hazard_id) if tip.hazard_id else None
    has_place = tip.latitude is not None or bool(tip.address)
    head = [heading] if heading else []
    head += [
        t(
            "tip-card",
            ref=tip.ref,
            trail=await area_trail(session, area),
            sector=t.plain(f"sector-{tip.sector}"),
            place=place_text(t, tip.latitude, tip.longitude, tip.address)
            if has_place
            else t.plain("tip-place-none"),
            received=_when(tip.received_at, tz),
            mode=t.plain("tip-mode-anonymous" if tip.anonymous else "tip-mode-named"),
            status=status_text(t, tip, hazard),
            description=shorten(tip.description, DESCRIPTION_SHOWN),
        )
    ]
    reward = reward_line(t, tip)
    if reward:
        head.append(reward)
    if tip.erased_at is not None:
        head.append(t("tip-erased-note"))
    thread = thread_lines(t, await messages_of(session, tip.id or 0), tz, for_tipster=False)
    return fit(head, thread, t)


def staff_buttons(t: Translator, tip: Tip, actor: Actor, area_path: str) -> InlineKeyboardMarkup:
    def b(key: str, act: TipStaffAct) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=t.plain(key), callback_data=TipStaffCb(act=act, tip=tip.id or 0).pack()
        )

    rows: list[list[InlineKeyboardButton]] = []
    if tip.status == TipStatus.NEW and actor.can(Action.TRIAGE_TIP, area_path):
        rows += [
            [b("btn-tip-general", TipStaffAct.GENERAL), b("btn-tip-major", TipStaffAct.MAJOR)],
            [b("btn-tip-duplicate", TipStaffAct.DUPLICATE), b("btn-tip-dismiss", TipStaffAct.DISMISS)],
        ]
    if (
        tip.outcome == tip_triage.Outcome.REAL
        and tip.reward_claimed_at is None
        and tip.chat_sealed is not None
        and actor.can(Action.SET_REWARD, area_path)
    ):
        rows.append([b("btn-tip-reward", TipStaffAct.REWARD)])
    if tip.chat_sealed is not None:
        rows.append([b("btn-tip-message", TipStaffAct.MESSAGE)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def tipster_status(session: AsyncSession, t: Translator, tip: Tip, tz: ZoneInfo) -> str:
    area = await get_area(session, tip.area_id)
    hazard = await session.get(Hazard, tip.hazard_id) if tip.hazard_id else None
    head = [
        t(
            "tip-status-card",
            received=_when(tip.received_at, tz),
            trail=await area_trail(session, area),
            sector=t.plain(f"sector-{tip.sector}"),
            status=status_text(t, tip, hazard),
        )
    ]
    reward = reward_line(t, tip) if tip.reward_amount is not None else None
    if reward:
        head.append(reward)
    thread = thread_lines(t, await messages_of(session, tip.id or 0), tz, for_tipster=True)
    return fit(head, thread, t)


async def send_card(
    bot: Bot, chat_id: int, photos: list[Photo], caption: str, text: str, markup: InlineKeyboardMarkup
) -> None:
    """The photos first (as an album, or one with a short caption), then the whole card with its buttons:
    a caption holds only 1024 characters, the card up to 4096."""
    if len(photos) > 1:
        await bot.send_media_group(chat_id, [InputMediaPhoto(media=p.file_id) for p in photos[:10]])
    elif photos:
        await send_evidence(bot, chat_id, photos[0].file_id, photos[0].media, caption)
    await bot.send_message(chat_id, text, reply_markup=markup if markup.inline_keyboard else None)


# --- the relay ---------------------------------------------------------------------------------------------


async def tell_tipster(
    bot: Bot, catalogs: Catalogs, vault: TipVault, tip: Tip, key: str, **args: object
) -> bool:
    """Send to the tipster in their language; False when they cannot be reached (or were erased)."""
    sealed = vault.open(tip.chat_sealed)
    if sealed is None or sealed.chat_id is None:
        return False
    t = catalogs.translator(tip.locale)
    try:
        await bot.send_message(sealed.chat_id, t(key, **args))
    except TelegramAPIError as exc:
        # Never the chat id in the log: only that a tip's tipster was not reached, and why.
        log.info("tipster of a tip not reached: %s", exc.message)
        return False
    return True


async def _staff_over(session: AsyncSession, tip: Tip, roles: list[str]) -> list[User]:
    area = await get_area(session, tip.area_id)
    return list(await member_store.holders(session, roles, ancestor_paths(area.path)))


async def tell_staff(
    bot: Bot,
    session: AsyncSession,
    catalogs: Catalogs,
    settings: Settings,
    tip: Tip,
    heading_key: str,
    roles: tuple[Role, ...] = (Role.SUPERVISOR,),
    with_photo: bool = False,
    **args: object,
) -> int:
    """The tip card, under a heading, to everyone holding one of the roles over its area."""
    area = await get_area(session, tip.area_id)
    photos = await photos_of(session, tip.id or 0) if with_photo else []
    told = 0
    for person in await _staff_over(session, tip, [r.value for r in roles]):
        t = catalogs.translator(pick_locale(person.language_code, settings.default_locale))
        card = await staff_card(session, t, tip, settings.tz, heading=t(heading_key, ref=tip.ref, **args))
        # Buttons as each person's roles allow; the press is checked again when it comes.
        actor = await load_actor(session, person.id, settings.admin_ids)
        try:
            caption = t("tip-photos-of", ref=tip.ref)
            await send_card(bot, person.id, photos, caption, card, staff_buttons(t, tip, actor, area.path))
        except TelegramAPIError as exc:
            log.info("tip notification to a staff chat not delivered: %s", exc.message)
            continue
        told += 1
    return told


async def hazard_finished(
    bot: Bot, session: AsyncSession, catalogs: Catalogs, settings: Settings, vault: TipVault, hazard: Hazard
) -> None:
    """A hazard that came from tips was signed off or found not real: its tipsters hear it, and for a real
    one the leaders over the area are asked to set a reward (举报奖励)."""
    for tip in await tip_triage.tips_of_hazard(session, hazard.id or 0):
        if tip.outcome == tip_triage.Outcome.REAL:
            await tell_tipster(bot, catalogs, vault, tip, "tipster-notify-closed")
            await tell_staff(
                bot,
                session,
                catalogs,
                settings,
                tip,
                "notify-tip-reward-due",
                roles=(Role.LEADER,),
                hazard=hazard.ref,
            )
        elif tip.outcome == tip_triage.Outcome.NOT_REAL:
            await tell_tipster(bot, catalogs, vault, tip, "tipster-notify-rejected")
