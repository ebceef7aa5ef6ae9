"""/schedule in a bound group: when each digest comes, switched on and off with a tap, moved by a command;
/plan: a leader sets the focus sectors and notice of the coming two-month action (两月一行动)."""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Translator
from bot.settings import Settings
from domain import action_plans
from domain import digest_schedule as rules
from domain.areas import get_area, scope_tops
from domain.clock import Clock
from domain.digest_schedule import Slot
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.periods import Kind, containing
from domain.permissions import Action, Actor
from domain.sectors import Sector
from handlers.callbacks import CancelCb, PlanCb, ScheduleCb
from handlers.digests import ALIASES
from handlers.render import remember_prompt
from handlers.states import PlanForm
from jobs.digests import period_name
from storage import areas as area_store
from storage.models import GroupChat


def _when(t: Translator, slot: Slot) -> str:
    return t.plain(f"schedule-when-{slot.kind}", day=slot.day, at=slot.at.strftime("%H:%M"))


def _panel(t: Translator, slots: dict[Kind, Slot]) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t("schedule-title")]
    rows = []
    for kind, slot in slots.items():
        name = t.plain(f"digest-kind-{kind}")
        state = t.plain("schedule-on" if slot.enabled else "schedule-off")
        lines.append(t("schedule-line", name=name, when=_when(t, slot), state=state))
        label = t.plain("btn-schedule-off" if slot.enabled else "btn-schedule-on", name=name)
        rows.append(
            [
                InlineKeyboardButton(
                    text=label, callback_data=ScheduleCb(kind=kind, on=not slot.enabled).pack()
                )
            ]
        )
    lines.append(t("schedule-hint"))
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


async def _bound(session: AsyncSession, chat_id: int) -> GroupChat:
    group = await session.get(GroupChat, chat_id)
    if group is None or group.area_id is None:
        raise NotFound("schedule-error-unbound")
    return group


async def show_or_change(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
) -> None:
    group = await _bound(session, message.chat.id)
    args = (command.args or "").split()
    if args:
        kind = ALIASES.get(args[0].lower()) or ALIASES.get(args[0])
        if kind is None:
            raise InvalidInput("digest-error-kind")
        if len(args) == 2 and args[1].lower() in ("on", "off", "开", "关"):
            await rules.change(
                session, actor, group.id, kind, clock.now(), enabled=args[1].lower() in ("on", "开")
            )
        elif len(args) == 3:
            day, at = rules.parse_slot(kind, args[1], args[2])
            await rules.change(session, actor, group.id, kind, clock.now(), day=day, at=at, enabled=True)
        else:
            raise InvalidInput("schedule-error-usage")
    text, markup = _panel(i18n, await rules.slots_of(session, group.id))
    await message.answer(text, reply_markup=markup)


async def toggle(
    query: CallbackQuery,
    callback_data: ScheduleCb,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
) -> None:
    chat_id = query.message.chat.id  # type: ignore[union-attr]
    group = await _bound(session, chat_id)
    await rules.change(session, actor, group.id, callback_data.kind, clock.now(), enabled=callback_data.on)
    text, markup = _panel(i18n, await rules.slots_of(session, group.id))
    await query.answer()
    await query.message.edit_text(text, reply_markup=markup)  # type: ignore[union-attr]


# --- /plan ------------------------------------------------------------------------------------------------


def _sector_panel(t: Translator, chosen: list[str]) -> InlineKeyboardMarkup:
    rows = []
    for sector in Sector:
        mark = "✅ " if sector.value in chosen else ""
        rows.append(
            [
                InlineKeyboardButton(
                    text=mark + t.plain(f"sector-{sector}"), callback_data=PlanCb(sector=sector).pack()
                )
            ]
        )
    rows.append([InlineKeyboardButton(text=t.plain("btn-plan-next"), callback_data=PlanCb().pack())])
    rows.append([InlineKeyboardButton(text=t.plain("btn-cancel"), callback_data=CancelCb().pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def plan(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    code = (command.args or "").strip()
    if code:  # "/plan 990101": a leader over several areas names the one
        area = await area_store.by_code(session, code.upper())
        if area is None or not actor.can(Action.SEND_DIGEST, area.path):
            raise NotFound("area-error-not-found")
    else:
        tops = await scope_tops(session, actor, Action.SEND_DIGEST)
        if not tops:
            raise PermissionDenied()
        area = tops[0]
    period = action_plans.upcoming(clock.now().astimezone(settings.tz).date())
    await state.clear()
    await state.set_state(PlanForm.choosing_sectors)
    await state.update_data(area_id=area.id, period_start=period.start.isoformat(), sectors=[])
    sent = await message.answer(
        i18n("plan-ask-sectors", area=area.name, period=period_name(i18n, period)),
        reply_markup=_sector_panel(i18n, []),
    )
    await remember_prompt(state, sent)


async def pick_sector(
    query: CallbackQuery, callback_data: PlanCb, state: FSMContext, i18n: Translator
) -> None:
    chosen: list[str] = list((await state.get_data()).get("sectors", []))
    if not callback_data.sector:
        await query.answer()
        await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
        await state.set_state(PlanForm.waiting_for_text)
        await query.message.answer(i18n("plan-ask-text"))  # type: ignore[union-attr]
        return
    sector = Sector(callback_data.sector).value
    chosen = [s for s in chosen if s != sector] if sector in chosen else [*chosen, sector]
    await state.update_data(sectors=chosen)
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=_sector_panel(i18n, chosen))  # type: ignore[union-attr]


async def got_text(
    message: Message, state: FSMContext, session: AsyncSession, actor: Actor, i18n: Translator, clock: Clock
) -> None:
    data = await state.get_data()
    period = containing(Kind.BIMONTHLY, date.fromisoformat(data["period_start"]))
    saved = await action_plans.set_plan(
        session, actor, data["area_id"], period, data.get("sectors", []), message.text or "", clock.now()
    )
    await state.clear()
    area = await get_area(session, saved.area_id)
    names = "、".join(i18n.plain(f"sector-{s}") for s in saved.sectors) or i18n.plain(
        "digest-plan-all-sectors"
    )
    await message.answer(i18n("plan-saved", area=area.name, period=period_name(i18n, period), sectors=names))


def build_router() -> Router:
    router = Router(name=__name__)
    groups = F.chat.type.in_({"group", "supergroup"})
    router.message.register(show_or_change, Command("schedule"), groups)
    router.callback_query.register(
        toggle, ScheduleCb.filter(), F.message.chat.type.in_({"group", "supergroup"})
    )
    router.message.register(plan, Command("plan"), F.chat.type == "private")
    router.callback_query.register(pick_sector, PlanCb.filter(), PlanForm.choosing_sectors)
    router.message.register(got_text, PlanForm.waiting_for_text, F.text & ~F.text.startswith("/"))
    return router
