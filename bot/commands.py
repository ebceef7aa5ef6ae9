"""The command menus Telegram shows, per scope (strangers, staff by role, groups) and language."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)

from bot.i18n import SUPPORTED, Catalogs
from domain.permissions import Action, Actor

log = logging.getLogger(__name__)

PUBLIC = ("start", "tip", "status", "help", "cancel")
GROUP = ("bind", "unbind", "digest", "schedule", "help")


def staff_commands(actor: Actor) -> tuple[str, ...]:
    # Everyone who may invite may also view members, so one test decides the area browser.
    report = ("report", "accident") if actor.can_anywhere(Action.REPORT_HAZARD) else ()
    areas = ("areas",) if actor.can_anywhere(Action.VIEW_MEMBERS) else ()
    ledger = ("ledger",) if actor.can_anywhere(Action.VIEW_LEDGER) else ()
    tips = ("tips",) if actor.can_anywhere(Action.TRIAGE_TIP) or actor.can_anywhere(Action.SET_REWARD) else ()
    poster = ("poster",) if actor.can_anywhere(Action.MANAGE_AREAS) else ()
    digest = ("digest",) if actor.can_anywhere(Action.VIEW_LEDGER) else ()
    plan = ("plan",) if actor.can_anywhere(Action.SEND_DIGEST) else ()
    return (*report, "mine", "h", *tips, *ledger, *digest, *plan, "me", *areas, *poster, "help", "cancel")


def _build(catalogs: Catalogs, locale: str, names: tuple[str, ...]) -> list[BotCommand]:
    t = catalogs.translator(locale)
    return [BotCommand(command=name, description=t(f"cmd-{name}")) for name in names]


async def set_default_menus(bot: Bot, catalogs: Catalogs, default_locale: str) -> None:
    for scope, names in ((BotCommandScopeAllPrivateChats(), PUBLIC), (BotCommandScopeAllGroupChats(), GROUP)):
        await bot.set_my_commands(_build(catalogs, default_locale, names), scope=scope)
        for locale in SUPPORTED:
            await bot.set_my_commands(_build(catalogs, locale, names), scope=scope, language_code=locale)


async def set_user_menu(bot: Bot, catalogs: Catalogs, actor: Actor, default_locale: str) -> None:
    """Per-person menu; called whenever someone's roles change, and for admins at start."""
    scope = BotCommandScopeChat(chat_id=actor.user_id)
    try:
        if not actor.is_staff:
            await bot.delete_my_commands(scope=scope)
            for locale in SUPPORTED:
                await bot.delete_my_commands(scope=scope, language_code=locale)
            return
        names = staff_commands(actor)
        await bot.set_my_commands(_build(catalogs, default_locale, names), scope=scope)
        for locale in SUPPORTED:
            await bot.set_my_commands(_build(catalogs, locale, names), scope=scope, language_code=locale)
    except TelegramAPIError as exc:
        # A person who never opened a chat with the bot has no chat to scope a menu to.
        log.info("menu for a staff chat not set: %s", exc.message)
