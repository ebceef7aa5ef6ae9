"""Accident quick report (事故直报): a few quick questions, then pushed at once to those who must know."""

from __future__ import annotations

from datetime import datetime, timedelta

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Translator
from bot.settings import Settings
from domain import accidents as accident_rules
from domain import units as unit_rules
from domain.accidents import AccidentDraft
from domain.clock import Clock
from domain.errors import PermissionDenied
from domain.hazards import MAX_PHOTOS, clean_text
from domain.permissions import Action, Actor
from handlers import evidence, notify, report
from handlers.callbacks import AccidentAct, AccidentCb, CancelCb
from handlers.conversation import (
    area_picker,
    first_of_album,
    input_kind,
    is_stale,
    lost_right,
    take_photo,
    touch,
)
from handlers.hazard_cards import place_text
from handlers.menu import main_menu
from handlers.render import accessible, area_trail, remember_prompt
from handlers.states import AccidentForm
from storage import areas as area_store

STEPS = ("area", "time", "place", "unit", "casualties", "account", "photos")
STATE_OF = {
    "area": AccidentForm.choosing_area,
    "time": AccidentForm.waiting_for_time,
    "place": AccidentForm.waiting_for_place,
    "unit": AccidentForm.waiting_for_unit,
    "casualties": AccidentForm.waiting_for_casualties,
    "account": AccidentForm.waiting_for_account,
    "photos": AccidentForm.waiting_for_photos,
    "review": AccidentForm.reviewing,
}
STEP_OF = {state.state: step for step, state in STATE_OF.items()}
AGO_MINUTES = (0, 30, 60, 120)


def _b(text: str, act: AccidentAct, id: int = 0, page: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=AccidentCb(act=act, id=id, page=page).pack())


def _cancel(t: Translator) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=t.plain("btn-cancel"), callback_data=CancelCb().pack())]


async def _draft(state: FSMContext) -> AccidentDraft:
    return AccidentDraft.from_data(await state.get_data())


async def _save(state: FSMContext, clock: Clock, draft: AccidentDraft) -> None:
    await touch(state, clock, accident=draft.as_data())


async def ask(
    target: Message,
    step: str,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    settings: Settings,
    node: int = 0,
    page: int = 0,
) -> None:
    draft = await _draft(state)
    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup
    if step == "area":
        text, markup = await area_picker(
            session,
            actor,
            t,
            Action.REPORT_HAZARD,
            node,
            page,
            pick=lambda i: AccidentCb(act=AccidentAct.AREA, id=i).pack(),
            below=lambda i, p: AccidentCb(act=AccidentAct.AREA_BELOW, id=i, page=p).pack(),
        )
        markup.inline_keyboard.append(_cancel(t))
    elif step == "time":
        buttons = [_b(t.plain("btn-ago", minutes=m), AccidentAct.AGO, id=m) for m in AGO_MINUTES]
        text, markup = (
            t("accident-ask-time"),
            InlineKeyboardMarkup(inline_keyboard=[buttons[:2], buttons[2:], _cancel(t)]),
        )
    elif step == "place":
        text = t("accident-ask-place")
        markup = ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text=t.plain("btn-send-location"), request_location=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
    elif step == "unit":
        text = t("accident-ask-unit")
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[_b(t.plain("btn-no-unit"), AccidentAct.NO_UNIT)], _cancel(t)]
        )
    elif step == "casualties":
        text = t("accident-ask-casualties")
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[_b(t.plain("btn-no-casualties"), AccidentAct.NO_CASUALTIES)], _cancel(t)]
        )
    elif step == "account":
        text, markup = t("accident-ask-account"), InlineKeyboardMarkup(inline_keyboard=[_cancel(t)])
    elif step == "photos":
        text = t("accident-ask-photos", max=MAX_PHOTOS, count=len(draft.photos))
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[_b(t.plain("btn-accident-photos-done"), AccidentAct.PHOTOS_DONE)], _cancel(t)]
        )
    else:
        area = await area_store.get(session, draft.area_id or 0)
        occurred = datetime.fromisoformat(draft.occurred_at or "")
        delay, late = accident_rules.lateness(occurred, clock.now(), settings.accident_late_minutes)
        text = t(
            "accident-review",
            trail=await area_trail(session, area) if area else "",
            occurred=occurred.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M"),
            place=place_text(t, draft.latitude, draft.longitude, draft.address),
            unit=draft.unit_name or t("unit-none"),
            deaths=draft.deaths or 0,
            injuries=draft.injuries or 0,
            account=draft.account or "",
            photos=len(draft.photos),
            delay=delay,
            late=t("accident-late-mark") if late else "",
        )
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[_b(t.plain("btn-accident-send"), AccidentAct.CONFIRM)], _cancel(t)]
        )
    await state.set_state(STATE_OF[step])
    await remember_prompt(state, await target.answer(text, reply_markup=markup))
    await touch(state, clock)


async def advance(
    target: Message,
    after: str,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    missing = set((await _draft(state)).missing())
    start = STEPS.index(after) + 1
    step = next((s for s in STEPS[start:] if s == "photos" or s in missing), "review")
    await ask(target, step, state, session, actor, t, clock, settings)


async def start(
    message: Message,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    state: FSMContext,
    clock: Clock,
    settings: Settings,
) -> None:
    if not actor.can_anywhere(Action.REPORT_HAZARD):
        raise PermissionDenied()
    current = await state.get_state() or ""
    if current.startswith("AccidentForm:"):
        await _offer_resume(message, i18n)
        return
    # An accident always comes first; a hazard report being filled in is parked and resumed afterwards.
    parked = {"state": current, "data": await state.get_data()} if current.startswith("ReportForm:") else None
    await state.clear()
    if parked:
        await state.update_data(parked_report=parked)
        await message.answer(i18n("accident-report-parked"))
    draft = AccidentDraft()
    scope = await area_store.under(session, actor.scope_paths(Action.REPORT_HAZARD))
    if len(scope) == 1:
        draft.area_id = scope[0].id
    await _save(state, clock, draft)
    await ask(message, "time" if draft.area_id else "area", state, session, actor, i18n, clock, settings)


async def pick_area(
    query: CallbackQuery,
    callback_data: AccidentCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    await query.answer()
    if callback_data.act == AccidentAct.AREA_BELOW:
        await query.message.delete()  # type: ignore[union-attr]
        await ask(
            query.message,
            "area",
            state,
            session,
            actor,
            i18n,
            clock,
            settings,
            callback_data.id,  # type: ignore[arg-type]
            callback_data.page,
        )
        return
    area = await area_store.get(session, callback_data.id)
    if area is None or not actor.can(Action.REPORT_HAZARD, area.path):
        raise PermissionDenied()
    draft = await _draft(state)
    draft.area_id = area.id
    await _save(state, clock, draft)
    await query.message.edit_text(i18n("report-chose", value=area.name))  # type: ignore[union-attr]
    await advance(query.message, "area", state, session, actor, i18n, clock, settings)  # type: ignore[arg-type]


async def _set_time(
    target: Message,
    when: datetime,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    draft = await _draft(state)
    draft.occurred_at = when.isoformat()
    await _save(state, clock, draft)
    await advance(target, "time", state, session, actor, t, clock, settings)


async def pick_ago(
    query: CallbackQuery,
    callback_data: AccidentCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    await query.answer()
    await query.message.edit_text(i18n("report-chose", value=i18n.plain("btn-ago", minutes=callback_data.id)))  # type: ignore[union-attr]
    when = clock.now() - timedelta(minutes=callback_data.id)
    await _set_time(query.message, when, state, session, actor, i18n, clock, settings)  # type: ignore[arg-type]


async def got_time(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    when = accident_rules.parse_when(message.text or "", clock.now(), settings.tz)
    await _set_time(message, when, state, session, actor, i18n, clock, settings)


async def got_place(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    draft = await _draft(state)
    if message.location is not None:
        draft.latitude, draft.longitude, draft.address = (
            message.location.latitude,
            message.location.longitude,
            None,
        )
    else:
        draft.address, draft.latitude, draft.longitude = clean_text(message.text, limit=200), None, None
    await _save(state, clock, draft)
    await message.answer(i18n("report-place-saved"), reply_markup=main_menu(actor, i18n))
    await advance(message, "place", state, session, actor, i18n, clock, settings)


async def got_unit(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    draft = await _draft(state)
    draft.unit_name, draft.no_unit = unit_rules.clean_unit_name(message.text or ""), False
    await _save(state, clock, draft)
    await advance(message, "unit", state, session, actor, i18n, clock, settings)


async def quick_answer(
    query: CallbackQuery,
    callback_data: AccidentCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    """The one-tap answers: no unit concerned, no casualties."""
    draft = await _draft(state)
    if callback_data.act == AccidentAct.NO_UNIT:
        draft.unit_name, draft.no_unit, step, label = None, True, "unit", i18n("unit-none")
    else:
        draft.deaths, draft.injuries, step, label = 0, 0, "casualties", i18n("btn-no-casualties")
    await _save(state, clock, draft)
    await query.answer()
    await query.message.edit_text(i18n("report-chose", value=label))  # type: ignore[union-attr]
    await advance(query.message, step, state, session, actor, i18n, clock, settings)  # type: ignore[arg-type]


async def got_casualties(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    draft = await _draft(state)
    draft.deaths, draft.injuries = accident_rules.parse_casualties(message.text or "")
    await _save(state, clock, draft)
    await advance(message, "casualties", state, session, actor, i18n, clock, settings)


async def got_account(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    draft = await _draft(state)
    draft.account = clean_text(message.text)
    await _save(state, clock, draft)
    await advance(message, "account", state, session, actor, i18n, clock, settings)


async def got_photo(
    message: Message, bot: Bot, state: FSMContext, i18n: Translator, clock: Clock, settings: Settings
) -> None:
    draft = await _draft(state)
    photo = await take_photo(message, bot, i18n, settings.data_dir, len(draft.photos))
    if photo is None:
        return
    draft.photos.append(photo)
    await _save(state, clock, draft)
    if await first_of_album(message, state):
        markup = InlineKeyboardMarkup(
            inline_keyboard=[
                [_b(i18n.plain("btn-accident-photos-done"), AccidentAct.PHOTOS_DONE)],
                _cancel(i18n),
            ]
        )
        await message.answer(i18n("accident-photo-received"), reply_markup=markup)


async def photos_done(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    await ask(query.message, "review", state, session, actor, i18n, clock, settings)  # type: ignore[arg-type]


async def send(
    query: CallbackQuery,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
) -> None:
    draft = await _draft(state)
    accident = await accident_rules.create_accident(
        session, actor, draft, clock.now(), settings.tz, settings.accident_late_minutes
    )
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    parked = (await state.get_data()).get("parked_report")
    await state.clear()
    told = await notify.new_accident(bot, session, catalogs, settings, accident.id or 0)
    key = "accident-saved-late" if accident.late else "accident-saved"
    message: Message = query.message  # type: ignore[assignment]
    await message.answer(
        i18n(key, ref=accident.ref, delay=accident.delay_minutes, told=told),
        reply_markup=main_menu(actor, i18n),
    )
    if parked:
        await state.set_state(parked["state"])
        await state.set_data(parked["data"])
        await message.answer(i18n("report-unparked"))
        await report.ask(
            message, report.STEP_OF.get(parked["state"], "review"), state, session, actor, i18n, clock
        )


async def _offer_resume(message: Message, t: Translator) -> None:
    rows = [[_b(t.plain("btn-resume"), AccidentAct.RESUME), _b(t.plain("btn-discard"), AccidentAct.DISCARD)]]
    await message.answer(t("accident-resume-offer"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


async def stale(event: Message | CallbackQuery, i18n: Translator) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer()
    await _offer_resume(event if isinstance(event, Message) else event.message, i18n)  # type: ignore[arg-type]


async def resume(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    step = STEP_OF.get(await state.get_state() or "", "review")
    await ask(query.message, step, state, session, actor, i18n, clock, settings)  # type: ignore[arg-type]


async def discard(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    await state.clear()
    await query.answer(i18n.plain("report-discarded"))
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    await start(query.message, session, actor, i18n, state, clock, settings)  # type: ignore[arg-type]


async def bad_input(message: Message, state: FSMContext, i18n: Translator) -> None:
    step = STEP_OF.get(await state.get_state() or "", "review")
    await message.answer(
        i18n("bad-input", got=i18n(f"input-{input_kind(message)}"), expect=i18n(f"expect-a-{step}"))
    )


def build_router() -> Router:
    """A fresh router each call: a router can belong to only one dispatcher."""
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private", accessible)
    text = F.text & ~F.text.startswith("/")
    image = evidence.is_image  # also a .jpg a phone labels application/octet-stream
    in_accident = StateFilter(*AccidentForm.__all_states__)
    router.message.register(start, Command("accident"))
    router.message.register(report.right_lost, in_accident, lost_right)
    router.callback_query.register(report.right_lost, in_accident, lost_right)
    router.message.register(stale, in_accident, is_stale, ~F.text.startswith("/"))
    own = AccidentCb.filter(F.act.in_({AccidentAct.RESUME, AccidentAct.DISCARD}))
    router.callback_query.register(stale, in_accident, is_stale, ~own)
    router.callback_query.register(resume, in_accident, AccidentCb.filter(F.act == AccidentAct.RESUME))
    router.callback_query.register(discard, in_accident, AccidentCb.filter(F.act == AccidentAct.DISCARD))
    router.callback_query.register(
        pick_area,
        AccidentForm.choosing_area,
        AccidentCb.filter(F.act.in_({AccidentAct.AREA, AccidentAct.AREA_BELOW})),
    )
    router.callback_query.register(
        pick_ago,
        AccidentForm.waiting_for_time,
        AccidentCb.filter((F.act == AccidentAct.AGO) & F.id.in_(set(AGO_MINUTES))),
    )
    router.message.register(got_time, AccidentForm.waiting_for_time, text)
    router.message.register(got_place, AccidentForm.waiting_for_place, F.location | text)
    router.message.register(got_unit, AccidentForm.waiting_for_unit, text)
    router.callback_query.register(
        quick_answer, AccidentForm.waiting_for_unit, AccidentCb.filter(F.act == AccidentAct.NO_UNIT)
    )
    router.callback_query.register(
        quick_answer,
        AccidentForm.waiting_for_casualties,
        AccidentCb.filter(F.act == AccidentAct.NO_CASUALTIES),
    )
    router.message.register(got_casualties, AccidentForm.waiting_for_casualties, text)
    router.message.register(got_account, AccidentForm.waiting_for_account, text)
    router.message.register(got_photo, AccidentForm.waiting_for_photos, image)
    router.callback_query.register(
        photos_done, AccidentForm.waiting_for_photos, AccidentCb.filter(F.act == AccidentAct.PHOTOS_DONE)
    )
    router.callback_query.register(
        send, AccidentForm.reviewing, AccidentCb.filter(F.act == AccidentAct.CONFIRM)
    )
    router.message.register(bad_input, in_accident, ~F.text.startswith("/"))
    return router
