"""Chat routers, assembled in one visible order; the catch-all comes last."""

from aiogram import Router

from handlers import (
    accident,
    areas,
    digests,
    errors,
    fallback,
    groups,
    hazards,
    ledger,
    menu_buttons,
    people,
    rectify,
    report,
    schedule,
    start,
    tip_poster,
    tip_status,
    tip_triage,
    tips,
)
from handlers.filters import inline_filters


def build_root_router() -> Router:
    """A fresh tree each call, so every dispatcher (tests build many) gets its own routers."""
    root = Router(name="root")
    modules = (
        errors,
        tips,  # before start: its deep link (/start tip_…) is more specific than a plain /start
        tip_status,
        start,
        menu_buttons,
        accident,
        report,
        rectify,
        tip_triage,
        tip_poster,
        hazards,
        ledger,
        digests,
        schedule,
        areas,
        people,
        groups,
        fallback,
    )
    for module in modules:
        root.include_router(module.build_router())
    inline_filters(root)
    return root
