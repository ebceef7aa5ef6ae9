"""The hazard ledger (台账) in chat: `/ledger`, filters and pages on buttons, and the Excel export.

The filter travels in every button's callback data (no conversation state): a press after a restart shows
the same view, and every press goes through the domain again, which re-checks role and scope.
"""

from __future__ import annotations

import asyncio
from typing import TypeVar

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Markup, Translator
from bot.settings import Settings
from domain import areas as area_rules
from domain import ledger
from domain.clock import Clock
from domain.errors import PermissionDenied
from domain.lifecycle import Status
from domain.permissions import Action, Actor
from domain.rectification import local_today
from domain.sectors import Level, Sector
from handlers.callbacks import LedgerAct, LedgerCb
from handlers.render import PAGE_SIZE, accessible, page_slice, pager_row
from storage import areas as area_store
from storage.models import Area

# The ledger is an official record in Chinese: its header is fixed, so its cell texts are Chinese too.
EXPORT_LOCALE = "zh"
LONG_LABEL = 8


T = TypeVar("T")
STATUS_CYCLE: list[Status | None] = [None, *Status]
LEVEL_CYCLE: list[Level | None] = [None, *Level]


def _next(cycle: list[T], current: T) -> T:
    return cycle[(cycle.index(current) + 1) % len(cycle)]


def _filter(cb: LedgerCb) -> ledger.LedgerFilter:
    return ledger.LedgerFilter(
        status=cb.status.value if cb.status else None,
        sector=cb.sector.value if cb.sector else None,
        level=cb.level.value if cb.level else None,
        overdue=cb.overdue,
        area_id=cb.area or None,
    )


def _to(cb: LedgerCb, act: LedgerAct = LedgerAct.SHOW, page: int = 0, **changes: object) -> str:
    """The same view with some changes; changing the filter starts again at the first page."""
    return cb.model_copy(update={"act": act, "page": page, **changes}).pack()


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _back(t: Translator, cb: LedgerCb) -> list[InlineKeyboardButton]:
    return [_button(t.plain("ledger-btn-back"), _to(cb))]


async def _render(
    session: AsyncSession, actor: Actor, t: Translator, cb: LedgerCb, clock: Clock, settings: Settings
) -> tuple[str, InlineKeyboardMarkup]:
    today = local_today(clock.now(), settings.tz)
    flt = _filter(cb)
    page = cb.page
    rows, total = await ledger.page(session, actor, flt, today, page * PAGE_SIZE, PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    if page >= pages:  # the list shrank since the button was drawn: show its last page
        page = pages - 1
        rows, total = await ledger.page(session, actor, flt, today, page * PAGE_SIZE, PAGE_SIZE)
    area = await area_store.get(session, cb.area) if cb.area else None  # in scope: checked by page()
    every = t.plain("ledger-all")
    status = t.plain(f"status-{cb.status}") if cb.status else every
    sector = t.plain(f"sector-{cb.sector}") if cb.sector else every
    level = t.plain(f"level-{cb.level}") if cb.level else every
    overdue = {None: "ledger-overdue-any", True: "ledger-overdue-only", False: "ledger-overdue-not"}
    area_name = area.name if area else t.plain("ledger-all-areas")

    lines = [
        t("ledger-title", total=total),
        t(
            "ledger-filters",
            status=status,
            sector=sector,
            level=level,
            overdue=t.plain(overdue[cb.overdue]),
            area=area_name,
        ),
        "",
    ]
    for row in rows:
        marks = []
        if row.overdue:
            marks.append(t("ledger-overdue-mark", days=row.days_overdue))
        if row.listed:
            marks.append(t("ledger-listed-mark"))
        lines.append(
            t(
                "ledger-line",
                ref=row.ref,
                status=t.plain(f"status-{row.status}"),
                sector=t.plain(f"sector-{row.sector}"),
                level=t.plain(f"level-{row.level}"),
                marks=Markup("".join(f" {mark}" for mark in marks)),
            )
        )
    if not rows:
        lines.append(t("ledger-none"))

    keyboard = [
        [
            _button(
                t.plain("ledger-btn-status", value=status), _to(cb, status=_next(STATUS_CYCLE, cb.status))
            ),
            _button(t.plain("ledger-btn-level", value=level), _to(cb, level=_next(LEVEL_CYCLE, cb.level))),
        ],
        [
            _button(t.plain("ledger-btn-sector", value=sector), _to(cb, LedgerAct.SECTORS)),
            _button(
                t.plain("ledger-btn-overdue-on" if cb.overdue else "ledger-btn-overdue-off"),
                _to(cb, overdue=None if cb.overdue else True),
            ),
        ],
        [_button(t.plain("ledger-btn-area", value=area_name), _to(cb, LedgerAct.AREAS))],
    ]
    if flt != ledger.LedgerFilter():
        keyboard[-1].append(_button(t.plain("ledger-btn-reset"), LedgerCb(act=LedgerAct.SHOW).pack()))
    pager = pager_row(t, page, pages, lambda p: _to(cb, page=p))
    if pager:
        keyboard.append(pager)
    if total:
        keyboard.append([_button(t.plain("ledger-btn-export"), _to(cb, LedgerAct.EXPORT))])
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=keyboard)


def _require_ledger(actor: Actor | None) -> Actor:
    if actor is None or not actor.can_anywhere(Action.VIEW_LEDGER):
        raise PermissionDenied()
    return actor


async def ledger_command(
    message: Message, session: AsyncSession, actor: Actor, i18n: Translator, clock: Clock, settings: Settings
) -> None:
    _require_ledger(actor)
    text, markup = await _render(session, actor, i18n, LedgerCb(act=LedgerAct.SHOW), clock, settings)
    await message.answer(text, reply_markup=markup)


async def show(
    query: CallbackQuery,
    callback_data: LedgerCb,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    _require_ledger(actor)
    text, markup = await _render(session, actor, i18n, callback_data, clock, settings)
    await query.message.edit_text(text, reply_markup=markup)  # type: ignore[union-attr]
    await query.answer()


async def pick_sector(query: CallbackQuery, callback_data: LedgerCb, actor: Actor, i18n: Translator) -> None:
    _require_ledger(actor)
    cb = callback_data
    rows = [[_button(("✔️ " if cb.sector is None else "") + i18n.plain("ledger-all"), _to(cb, sector=None))]]
    for sector in Sector:
        button = _button(
            ("✔️ " if cb.sector == sector else "") + i18n.plain(f"sector-{sector}"), _to(cb, sector=sector)
        )
        # Two short names to a row; a long one gets its own so it is not cut off on a small phone.
        last = rows[-1]
        if len(rows) > 1 and len(last) == 1 and max(len(button.text), len(last[0].text)) <= LONG_LABEL:
            last.append(button)
        else:
            rows.append([button])
    rows.append(_back(i18n, cb))
    await query.message.edit_text(  # type: ignore[union-attr]
        i18n("ledger-pick-sector"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )
    await query.answer()


async def pick_area(
    query: CallbackQuery, callback_data: LedgerCb, session: AsyncSession, actor: Actor, i18n: Translator
) -> None:
    """The tops of the person's scope and the areas just below them."""
    _require_ledger(actor)
    cb = callback_data
    options: list[tuple[Area, bool]] = []
    for top in await area_rules.scope_tops(session, actor, Action.VIEW_LEDGER):
        options.append((top, False))
        options += [(child, True) for child in await area_store.children(session, top.id)]
    shown, page, pages = page_slice(options, cb.page)
    every = ("✔️ " if not cb.area else "") + i18n.plain("ledger-all-areas")
    rows = [[_button(every, _to(cb, area=0))]]
    for area, below in shown:
        label = ("✔️ " if area.id == cb.area else "") + ("　· " if below else "") + area.name
        rows.append([_button(label, _to(cb, area=area.id or 0))])
    pager = pager_row(i18n, page, pages, lambda p: _to(cb, LedgerAct.AREAS, page=p))
    if pager:
        rows.append(pager)
    rows.append(_back(i18n, cb))
    await query.message.edit_text(  # type: ignore[union-attr]
        i18n("ledger-pick-area"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )
    await query.answer()


async def export(
    query: CallbackQuery,
    callback_data: LedgerCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    catalogs: Catalogs,
    clock: Clock,
    settings: Settings,
) -> None:
    """Every row matching the filter (up to EXPORT_MAX, newest first) as an .xlsx document."""
    _require_ledger(actor)
    today = local_today(clock.now(), settings.tz)
    rows, total = await ledger.page(session, actor, _filter(callback_data), today, 0, ledger.EXPORT_MAX)
    await session.commit()  # end the read before the slow part: nothing is held while the file is built
    if not rows:
        await query.answer(i18n.plain("ledger-export-empty"), show_alert=True)
        return
    await query.answer(i18n.plain("ledger-exporting"))
    zh = catalogs.translator(EXPORT_LOCALE)
    data = await asyncio.to_thread(ledger.export_xlsx, rows, zh.plain, settings.data_dir, settings.tz)
    caption = i18n("ledger-export-caption", count=len(rows), date=today.isoformat())
    if total > len(rows):
        caption += "\n" + i18n("ledger-export-capped", total=total, max=ledger.EXPORT_MAX)
    document = BufferedInputFile(data, filename=f"ledger-{today:%Y%m%d}.xlsx")
    await bot.send_document(query.from_user.id, document, caption=caption)


def build_router() -> Router:
    """A fresh router each call: a router can belong to only one dispatcher."""
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(ledger_command, Command("ledger"))
    router.callback_query.register(show, LedgerCb.filter(F.act == LedgerAct.SHOW), accessible)
    router.callback_query.register(pick_sector, LedgerCb.filter(F.act == LedgerAct.SECTORS), accessible)
    router.callback_query.register(pick_area, LedgerCb.filter(F.act == LedgerAct.AREAS), accessible)
    router.callback_query.register(export, LedgerCb.filter(F.act == LedgerAct.EXPORT))
    return router
