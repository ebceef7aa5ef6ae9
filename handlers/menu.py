"""The main menu: a reply keyboard of the few things field staff do every day."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import KeyboardButton, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.i18n import SUPPORTED, Catalogs, Translator
from domain.permissions import Action, Actor


def main_menu(actor: Actor, t: Translator) -> ReplyKeyboardMarkup | ReplyKeyboardRemove:
    if not actor.can_anywhere(Action.REPORT_HAZARD):
        return ReplyKeyboardRemove()
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=t.plain("menu-report")), KeyboardButton(text=t.plain("menu-accident"))],
            [KeyboardButton(text=t.plain("menu-mine"))],
        ],
        resize_keyboard=True,
        is_persistent=True,
    )


class menu_button(Filter):
    """A press of a main-menu button, in whichever language the person's menu was drawn."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, catalogs: Catalogs) -> bool:
        return message.text is not None and message.text in {
            catalogs.translator(locale).plain(self.key) for locale in SUPPORTED
        }
