"""The main-menu buttons, ahead of every conversation: a press is always a command, never an answer."""

from __future__ import annotations

from aiogram import F, Router

from handlers import accident, hazards, report
from handlers.menu import menu_button


def build_router() -> Router:
    """A fresh router each call: a router can belong to only one dispatcher."""
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(accident.start, menu_button("menu-accident"))
    router.message.register(report.start, menu_button("menu-report"))
    router.message.register(hazards.mine, menu_button("menu-mine"))
    return router
