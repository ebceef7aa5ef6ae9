"""/digest: preview any digest for one's area, and (leaders, admins) send it to a bound group now.

In a private chat the preview comes to the person, with buttons to send it to the groups bound to that
area. In a bound group, a leader or admin over its area sends it there; anyone else with the ledger right
gets the preview privately.
"""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.exceptions import TelegramForbiddenError
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Translator
from bot.settings import Settings
from domain import audit
from domain import groups as group_rules
from domain.areas import get_area, scope_tops
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.periods import Kind, Period, parse, reported_by_run
from domain.permissions import Action, Actor
from handlers.callbacks import DigestCb
from jobs.digest_run import send_part
from jobs.digests import Digest, build, period_name
from jobs.pacing import Pacer
from storage import areas as area_store
from storage.db import write_transaction
from storage.models import Area, GroupChat

ALIASES = {
    **{kind.value: kind for kind in Kind},
    "一月一调度": Kind.MONTHLY,
    "月": Kind.MONTHLY,
    "两月一行动": Kind.BIMONTHLY,
    "三月一公告": Kind.QUARTERLY,
    "季": Kind.QUARTERLY,
    "半年一讲评": Kind.HALF_YEAR,
    "一年一考核": Kind.ANNUAL,
    "年": Kind.ANNUAL,
}


def _kind_buttons(t: Translator, area_id: int) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=t.plain(f"digest-kind-{kind}"), callback_data=DigestCb(kind=kind, area=area_id).pack()
            )
        ]
        for kind in Kind
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _period(kind: Kind, typed: str | None, clock: Clock, settings: Settings) -> Period:
    if typed:
        return parse(kind, typed)
    return reported_by_run(kind, clock.now().astimezone(settings.tz).date())


async def _area_for(session: AsyncSession, actor: Actor, code: str | None) -> Area:
    """The area a private /digest is about: the one named by code, or the top of the person's scope."""
    if code:
        area = await area_store.by_code(session, code.upper())
        if area is None or not actor.can(Action.VIEW_LEDGER, area.path):
            raise NotFound("area-error-not-found")
        return area
    tops = await scope_tops(session, actor, Action.VIEW_LEDGER)
    if not tops:
        raise PermissionDenied()
    return tops[0]


async def send_digest(bot: Bot, pacer: Pacer, chat_id: int, digest: Digest) -> None:
    for part in digest.parts:
        await send_part(bot, pacer, chat_id, part)


async def command(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
    pacer: Pacer,
) -> None:
    args = (command.args or "").split()
    in_group = message.chat.type in ("group", "supergroup")
    if in_group:
        group = await session.get(GroupChat, message.chat.id)
        if group is None or group.area_id is None:
            raise NotFound("schedule-error-unbound")
        area = await get_area(session, group.area_id)
        if not actor.can(Action.VIEW_LEDGER, area.path) and not actor.can(Action.SEND_DIGEST, area.path):
            raise PermissionDenied()
    else:
        area = await _area_for(session, actor, args[2] if len(args) > 2 else None)
    if not args:
        await message.answer(
            i18n("digest-pick-kind", area=area.name), reply_markup=_kind_buttons(i18n, area.id or 0)
        )
        return
    kind = ALIASES.get(args[0].lower()) or ALIASES.get(args[0])
    if kind is None:
        raise InvalidInput("digest-error-kind")
    period = _period(kind, args[1] if len(args) > 1 else None, clock, settings)
    if in_group and actor.can(Action.SEND_DIGEST, area.path):
        await _send_now(
            bot, session, actor, area, kind, period, message.chat.id, i18n, catalogs, settings, clock, pacer
        )
        return
    target = message.from_user.id if message.from_user else message.chat.id
    await _preview(bot, session, actor, area, kind, period, target, i18n, settings, clock, pacer)
    if in_group:
        await message.answer(i18n("digest-previewed-privately"))


async def pressed(
    query: CallbackQuery,
    callback_data: DigestCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
    pacer: Pacer,
) -> None:
    area = await get_area(session, callback_data.area)
    kind = callback_data.kind
    period = _period(kind, callback_data.period or None, clock, settings)
    if callback_data.chat == 0:
        if not actor.can(Action.VIEW_LEDGER, area.path):
            raise PermissionDenied()
        await query.answer(i18n.plain("digest-building"))
        await _preview(
            bot, session, actor, area, kind, period, query.from_user.id, i18n, settings, clock, pacer
        )
        return
    group = await session.get(GroupChat, callback_data.chat)
    if group is None or group.area_id != area.id:
        raise NotFound("schedule-error-unbound")
    await query.answer(i18n.plain("digest-building"))
    await _send_now(
        bot,
        session,
        actor,
        area,
        kind,
        period,
        group.id,
        i18n,
        catalogs,
        settings,
        clock,
        pacer,
        tell=query.from_user.id,
    )


async def _preview(
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    area: Area,
    kind: Kind,
    period: Period,
    chat_id: int,
    t: Translator,
    settings: Settings,
    clock: Clock,
    pacer: Pacer,
) -> None:
    digest = await build(session, kind, area, period, t, settings, clock.now())
    try:
        await send_digest(bot, pacer, chat_id, digest)
    except TelegramForbiddenError:
        raise PermissionDenied("digest-need-private") from None
    if not actor.can(Action.SEND_DIGEST, area.path):
        return
    groups = await group_rules.bound_groups(session, [area.id or 0])
    rows = [
        [
            InlineKeyboardButton(
                text=t.plain("btn-digest-send", title=group.title),
                callback_data=DigestCb(kind=kind, period=period.key, area=area.id or 0, chat=group.id).pack(),
            )
        ]
        for group in groups
        if group.area_id == area.id
    ]
    if rows:
        await bot.send_message(
            chat_id,
            t("digest-send-offer", period=period_name(t, period)),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
        )


async def _send_now(
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    area: Area,
    kind: Kind,
    period: Period,
    chat_id: int,
    t: Translator,
    catalogs: Catalogs,
    settings: Settings,
    clock: Clock,
    pacer: Pacer,
    tell: int | None = None,
) -> None:
    """A leader's send: not the scheduled one (that still goes once), but recorded as who sent what."""
    role = actor.require(Action.SEND_DIGEST, area.path)
    group_t = catalogs.translator(settings.default_locale)  # groups read the default language, as scheduled
    digest = await build(session, kind, area, period, group_t, settings, clock.now())
    try:
        await send_digest(bot, pacer, chat_id, digest)
    except TelegramForbiddenError:
        # As for a scheduled send: a group that removed the bot is unbound, with the reason kept.
        await group_rules.bot_left(session, chat_id, "digest-refused", clock.now())
        raise NotFound("schedule-error-unbound") from None
    async with write_transaction(session):
        audit.record(
            session,
            at=clock.now(),
            actor=actor,
            role=role,
            action="digest.sent_now",
            subject=("group", chat_id),
            area_id=area.id,
            after={"kind": kind.value, "period": period.key},
        )
    if tell is not None:
        group = await session.get(GroupChat, chat_id)
        await bot.send_message(tell, t("digest-sent-to-group", title=group.title if group else ""))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(command, Command("digest"))
    router.callback_query.register(pressed, DigestCb.filter())
    return router
