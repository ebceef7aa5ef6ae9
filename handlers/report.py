"""Reporting a hazard from the field: one question per message, buttons over typing, nothing lost.

The draft lives in the conversation state (the database), so it survives a restart and a lost signal.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Translator
from bot.settings import Settings
from domain import hazards as hazard_rules
from domain import units as unit_rules
from domain.clock import Clock
from domain.errors import InvalidInput, PermissionDenied
from domain.hazards import MAX_PHOTOS, Draft
from domain.permissions import Action, Actor
from domain.sectors import Level, Sector
from handlers import evidence, notify
from handlers.callbacks import CancelCb, HazardCb, ReportAct, ReportCb
from handlers.conversation import (
    TOUCHED,
    area_picker,
    end,
    input_kind,
    is_stale,
    lost_right,
    save,
    take_photo,
)
from handlers.hazard_cards import draft_card
from handlers.menu import main_menu
from handlers.render import PROMPT_KEY, accessible, area_trail
from handlers.states import ReportForm
from storage import areas as area_store
from storage.models import Unit

STEPS = ("area", "sector", "level", "place", "unit", "description", "photos")
STATE_OF = {
    "area": ReportForm.choosing_area,
    "sector": ReportForm.choosing_sector,
    "level": ReportForm.choosing_level,
    "place": ReportForm.waiting_for_place,
    "unit": ReportForm.waiting_for_unit,
    "description": ReportForm.waiting_for_description,
    "photos": ReportForm.waiting_for_photos,
    "review": ReportForm.reviewing,
    "choosing_duplicate": ReportForm.choosing_duplicate,
}
STEP_OF = {state.state: step for step, state in STATE_OF.items()}
# Long sector names get a row of their own so they are not cut off on a small phone.
LONG_LABEL = 6


def _cb(act: ReportAct, val: str = "", id: int = 0, page: int = 0) -> str:
    return ReportCb(act=act, val=val, id=id, page=page).pack()


def _button(text: str, act: ReportAct, val: str = "", id: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=_cb(act, val, id))


def _cancel(t: Translator) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=t.plain("btn-cancel"), callback_data=CancelCb().pack())]


def next_step(draft: Draft, after: str | None) -> str:
    """The next question: the first unanswered one after `after`; the photo step is always shown once."""
    missing = set(draft.missing())
    start = STEPS.index(after) + 1 if after else 0
    return next((step for step in STEPS[start:] if step == "photos" or step in missing), "review")


async def _draft(state: FSMContext) -> Draft:
    return Draft.from_data(await state.get_data())


async def _step(state: FSMContext) -> tuple[dict[str, Any], Draft]:
    """The conversation's data, read once for the step, and the draft in it."""
    data = await state.get_data()
    return data, Draft.from_data(data)


async def ask(
    target: Message,
    step: str,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    node: int = 0,
    page: int = 0,
    data: dict[str, Any] | None = None,
) -> None:
    """Put the question of a step to the person, and wait for its answer.

    `data` is the conversation's data as the answered step left it (read here when not given). It is
    written once, after the question went out, together with the new state, the question's message id and
    the time: if sending fails, nothing moved and the person answers the previous question again.
    """
    if data is None:
        data = await state.get_data()
    draft = Draft.from_data(data)
    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None
    if step == "area":
        text, markup = await area_picker(
            session,
            actor,
            t,
            Action.REPORT_HAZARD,
            node,
            page,
            pick=lambda i: _cb(ReportAct.AREA, id=i),
            below=lambda i, p: _cb(ReportAct.AREA_BELOW, str(p), i),
        )
        markup.inline_keyboard.append(_cancel(t))
    elif step == "sector":
        rows: list[list[InlineKeyboardButton]] = []
        for sector in Sector:
            button = _button(t.plain(f"sector-{sector}"), ReportAct.SECTOR, sector.value)
            if (
                len(button.text) > LONG_LABEL
                or not rows
                or len(rows[-1]) == 2
                or len(rows[-1][0].text) > LONG_LABEL
            ):
                rows.append([button])
            else:
                rows[-1].append(button)
        text, markup = t("report-ask-sector"), InlineKeyboardMarkup(inline_keyboard=[*rows, _cancel(t)])
    elif step == "level":
        rows = [[_button(t.plain(f"level-{lv}"), ReportAct.LEVEL, lv.value) for lv in Level], _cancel(t)]
        text, markup = t("report-ask-level"), InlineKeyboardMarkup(inline_keyboard=rows)
    elif step == "place":
        text = t("report-ask-place")
        markup = ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text=t.plain("btn-send-location"), request_location=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
            input_field_placeholder=t.plain("place-placeholder"),
        )
    elif step == "unit":
        units = await unit_rules.recent(session, draft.area_id or 0)
        rows = [[_button(u.name, ReportAct.UNIT, id=u.id or 0)] for u in units]
        rows += [[_button(t.plain("btn-no-unit"), ReportAct.NO_UNIT)], _cancel(t)]
        text = t("report-ask-unit-recent" if units else "report-ask-unit")
        markup = InlineKeyboardMarkup(inline_keyboard=rows)
    elif step == "description":
        text, markup = t("report-ask-description"), InlineKeyboardMarkup(inline_keyboard=[_cancel(t)])
    elif step == "photos":
        text = t("report-ask-photos", max=MAX_PHOTOS, count=len(draft.photos))
        if not draft.photos:
            text = t("report-ask-photos-first", max=MAX_PHOTOS)
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[_button(t.plain("btn-photos-done"), ReportAct.PHOTOS_DONE)], _cancel(t)]
        )
    else:
        area = await area_store.get(session, draft.area_id or 0)
        trail = await area_trail(session, area) if area else ""
        edits = [_button(t.plain(f"btn-edit-{s}"), ReportAct.EDIT, s) for s in STEPS]
        rows = [edits[i : i + 3] for i in range(0, len(edits), 3)]
        rows += [[_button(t.plain("btn-confirm-report"), ReportAct.CONFIRM)], _cancel(t)]
        text, markup = draft_card(t, draft, trail), InlineKeyboardMarkup(inline_keyboard=rows)  # type: ignore[arg-type]
    sent = await target.answer(text, reply_markup=markup)
    data.update({PROMPT_KEY: sent.message_id, TOUCHED: clock.now().isoformat()})
    await save(state, STATE_OF[step], data)


async def advance(
    target: Message,
    after: str,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    data: dict[str, Any],
    draft: Draft,
) -> None:
    """The step `after` was answered (its answer in `draft`): ask the next question, saving both at once."""
    data["draft"] = draft.as_data()
    if data.get("editing"):
        # An edit returns to the review, unless it left something unanswered (a new area clears the unit).
        missing = draft.missing()
        step = missing[0] if missing else "review"
        data["editing"] = bool(missing)
    else:
        step = next_step(draft, after)
    await ask(target, step, state, session, actor, t, clock, data=data)


async def start(
    message: Message, session: AsyncSession, actor: Actor, i18n: Translator, state: FSMContext, clock: Clock
) -> None:
    if not actor.can_anywhere(Action.REPORT_HAZARD):
        raise PermissionDenied()
    current = await state.get_state() or ""
    if current.startswith("ReportForm:"):
        await _offer_resume(message, i18n)
        return
    if current.startswith("AccidentForm:"):
        await message.answer(i18n("accident-in-progress"))  # an accident report is never dropped by a tap
        return
    await state.clear()
    draft = Draft()
    scope = await area_store.under(session, actor.scope_paths(Action.REPORT_HAZARD))
    if len(scope) == 1:  # one village: nothing to choose
        draft.area_id = scope[0].id
    data = {"draft": draft.as_data()}
    await ask(message, next_step(draft, None), state, session, actor, i18n, clock, data=data)


async def _offer_resume(message: Message, t: Translator) -> None:
    rows = [
        [_button(t.plain("btn-resume"), ReportAct.RESUME), _button(t.plain("btn-discard"), ReportAct.DISCARD)]
    ]
    await message.answer(t("report-resume-offer"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


async def stale(event: Message | CallbackQuery, i18n: Translator) -> None:
    target = event if isinstance(event, Message) else event.message
    if isinstance(event, CallbackQuery):
        await event.answer()
    await _offer_resume(target, i18n)  # type: ignore[arg-type]


async def resume(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
) -> None:
    step = STEP_OF.get(await state.get_state() or "")
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    if step == "choosing_duplicate":
        step = "review"  # the candidates may have changed meanwhile: look again from the review
    await ask(query.message, step or "review", state, session, actor, i18n, clock)  # type: ignore[arg-type]


async def discard(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
) -> None:
    await state.clear()
    await query.answer(i18n.plain("report-discarded"))
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    await start(query.message, session, actor, i18n, state, clock)  # type: ignore[arg-type]


async def pick_area(
    query: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
) -> None:
    if callback_data.act == ReportAct.AREA_BELOW:
        page = callback_data.page
        text, markup = await area_picker(
            session,
            actor,
            i18n,
            Action.REPORT_HAZARD,
            callback_data.id,
            page,
            pick=lambda i: _cb(ReportAct.AREA, id=i),
            below=lambda i, p: _cb(ReportAct.AREA_BELOW, str(p), i),
        )
        markup.inline_keyboard.append(_cancel(i18n))
        await query.message.edit_text(text, reply_markup=markup)  # type: ignore[union-attr]
        await query.answer()
        return
    area = await area_store.get(session, callback_data.id)
    if area is None or not actor.can(Action.REPORT_HAZARD, area.path):
        raise PermissionDenied()
    data, draft = await _step(state)
    if draft.area_id != area.id:
        draft.area_id, draft.unit_name, draft.no_unit = area.id, None, False  # units belong to an area
    await _done_with(query, i18n("report-chose", value=area.name))
    await advance(query.message, "area", state, session, actor, i18n, clock, data, draft)  # type: ignore[arg-type]


async def _done_with(query: CallbackQuery, summary: str) -> None:
    """Replace the answered question's buttons by the answer, so old buttons cannot be pressed again."""
    await query.answer()
    await query.message.edit_text(summary)  # type: ignore[union-attr]


async def pick_sector(
    query: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
) -> None:
    sector = Sector(callback_data.val)
    data, draft = await _step(state)
    draft.sector = sector.value
    await _done_with(query, i18n("report-chose", value=i18n(f"sector-{sector}")))
    await advance(query.message, "sector", state, session, actor, i18n, clock, data, draft)  # type: ignore[arg-type]


async def pick_level(
    query: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
) -> None:
    level = Level(callback_data.val)
    data, draft = await _step(state)
    draft.level = level.value
    await _done_with(query, i18n("report-chose", value=i18n(f"level-{level}")))
    await advance(query.message, "level", state, session, actor, i18n, clock, data, draft)  # type: ignore[arg-type]


async def got_location(
    message: Message, state: FSMContext, session: AsyncSession, actor: Actor, i18n: Translator, clock: Clock
) -> None:
    location = message.location
    assert location is not None
    data, draft = await _step(state)
    draft.latitude, draft.longitude, draft.address = location.latitude, location.longitude, None
    await message.answer(i18n("report-place-saved"), reply_markup=main_menu(actor, i18n))
    await advance(message, "place", state, session, actor, i18n, clock, data, draft)


async def got_address(
    message: Message, state: FSMContext, session: AsyncSession, actor: Actor, i18n: Translator, clock: Clock
) -> None:
    data, draft = await _step(state)
    draft.address = hazard_rules.clean_text(message.text, limit=200)
    draft.latitude = draft.longitude = None
    await message.answer(i18n("report-place-saved"), reply_markup=main_menu(actor, i18n))
    await advance(message, "place", state, session, actor, i18n, clock, data, draft)


async def pick_unit(
    query: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
) -> None:
    data, draft = await _step(state)
    if callback_data.act == ReportAct.NO_UNIT:
        draft.unit_name, draft.no_unit = None, True
        summary = i18n("report-chose", value=i18n("unit-none"))
    else:
        unit = await session.get(Unit, callback_data.id)
        if unit is None or unit.area_id != draft.area_id:
            raise InvalidInput("unit-error-empty")
        draft.unit_name, draft.no_unit = unit.name, False
        summary = i18n("report-chose", value=unit.name)
    await _done_with(query, summary)
    await advance(query.message, "unit", state, session, actor, i18n, clock, data, draft)  # type: ignore[arg-type]


async def got_unit(
    message: Message, state: FSMContext, session: AsyncSession, actor: Actor, i18n: Translator, clock: Clock
) -> None:
    data, draft = await _step(state)
    draft.unit_name, draft.no_unit = unit_rules.clean_unit_name(message.text or ""), False
    await advance(message, "unit", state, session, actor, i18n, clock, data, draft)


async def got_description(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    data, draft = await _step(state)
    if message.text is not None:
        draft.description = hazard_rules.clean_text(message.text)
    else:  # a photo with a caption answers this step and the first photo at once
        draft.description = hazard_rules.clean_text(message.caption)
        if len(draft.photos) < MAX_PHOTOS:
            draft.photos.append(await evidence.receive(bot, message, settings.data_dir))
    await advance(message, "description", state, session, actor, i18n, clock, data, draft)


async def got_photo(
    message: Message, bot: Bot, state: FSMContext, i18n: Translator, clock: Clock, settings: Settings
) -> None:
    data, draft = await _step(state)
    photo = await take_photo(message, bot, i18n, settings.data_dir, len(draft.photos))
    if photo is None:
        return
    draft.photos.append(photo)
    data.update({"draft": draft.as_data(), TOUCHED: clock.now().isoformat()})
    text = i18n("report-photos-received", count=len(draft.photos), max=MAX_PHOTOS)
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[_button(i18n.plain("btn-photos-done"), ReportAct.PHOTOS_DONE)], _cancel(i18n)]
    )
    group = message.media_group_id
    if group and data.get("album") == group and data.get("album_reply"):
        # An album arrives as one message per photo; it is one step, so one reply is kept up to date.
        await bot.edit_message_text(
            text, chat_id=message.chat.id, message_id=data["album_reply"], reply_markup=markup
        )
        await state.set_data(data)
        return
    sent = await message.answer(text, reply_markup=markup)
    data.update({PROMPT_KEY: sent.message_id, "album": group, "album_reply": sent.message_id})
    await state.set_data(data)


async def photos_done(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
) -> None:
    data, draft = await _step(state)
    if not draft.photos:
        await query.answer(i18n.plain("report-photos-needed"), show_alert=True)
        return
    await _done_with(query, i18n("report-photos-received", count=len(draft.photos), max=MAX_PHOTOS))
    data["editing"] = False
    await ask(query.message, "review", state, session, actor, i18n, clock, data=data)  # type: ignore[arg-type]


async def edit_field(
    query: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
) -> None:
    if callback_data.val not in STEPS:
        raise InvalidInput()
    data, draft = await _step(state)
    if callback_data.val == "photos":
        draft.photos = []  # photos are re-taken, not edited one by one
        data["draft"] = draft.as_data()
    data["editing"] = True
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    await ask(query.message, callback_data.val, state, session, actor, i18n, clock, data=data)  # type: ignore[arg-type]


async def confirm(
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
    missing = draft.missing()
    if missing:
        await query.answer()
        await ask(query.message, missing[0], state, session, actor, i18n, clock)  # type: ignore[arg-type]
        return
    candidates = await hazard_rules.possible_duplicates(session, draft, clock.now())
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    if not candidates:
        await _save_new(query.message, bot, state, session, actor, i18n, clock, catalogs, settings, ())  # type: ignore[arg-type]
        return
    data = await state.get_data()
    data["candidates"] = [c.hazard.ref for c in candidates]
    data["candidate_ids"] = [c.hazard.id for c in candidates]
    await save(state, ReportForm.choosing_duplicate, data)
    chat_id = query.message.chat.id  # type: ignore[union-attr]
    try:
        await _show_candidates(bot, chat_id, candidates, i18n, settings)
    finally:
        # Whatever happened to the candidates, the way forward is always offered.
        rows = [[_button(i18n.plain("btn-new-hazard"), ReportAct.NEW)], _cancel(i18n)]
        question = await bot.send_message(
            chat_id, i18n("dup-question"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
        )
        data[PROMPT_KEY] = question.message_id
        await state.set_data(data)


async def _show_candidates(bot: Bot, chat_id: int, candidates: list[hazard_rules.Candidate], i18n: Translator,
                           settings: Settings) -> None:  # fmt: skip
    for candidate in candidates:
        hazard = candidate.hazard
        caption = i18n(
            "dup-candidate",
            ref=hazard.ref,
            reported=hazard.reported_at.astimezone(settings.tz).strftime("%m-%d %H:%M"),
            distance=round(candidate.distance_m) if candidate.distance_m is not None else -1,
            same_unit="yes" if candidate.same_unit else "no",
            description=hazard.description[:300],
        )
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[_button(i18n.plain("btn-same-hazard"), ReportAct.SAME, id=hazard.id or 0)]]
        )
        photo = candidate.first_photo
        try:
            if photo is not None:
                await notify.send_evidence(bot, chat_id, photo.file_id, photo.media, caption, markup)
                continue
        except TelegramBadRequest:
            pass  # the photo cannot be shown again (e.g. expired on Telegram's side): the text still can
        await bot.send_message(chat_id, caption, reply_markup=markup)


async def _save_new(
    target: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    t: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
    declined: tuple[str, ...] | list[str],
) -> None:
    draft = await _draft(state)
    hazard = await hazard_rules.create_hazard(session, actor, draft, clock.now(), settings.tz, declined)
    await end(state)
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=t.plain("btn-view"), callback_data=HazardCb(id=hazard.id or 0).pack())]
        ]
    )
    told = await notify.new_hazard(bot, session, catalogs, settings, hazard.id or 0, clock.now())
    await target.answer(t("report-saved", ref=hazard.ref, told=told), reply_markup=markup)
    await target.answer(t("menu-hint"), reply_markup=main_menu(actor, t))


async def same_hazard(
    query: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
) -> None:
    if callback_data.id not in (await state.get_data()).get("candidate_ids", []):
        raise InvalidInput()  # only a hazard that was offered here can take this report
    draft = await _draft(state)
    hazard = await hazard_rules.add_to_existing(session, actor, callback_data.id, draft, clock.now())
    await end(state)
    await query.answer()
    await query.message.answer(i18n("report-added-to", ref=hazard.ref), reply_markup=main_menu(actor, i18n))  # type: ignore[union-attr]


async def new_hazard(
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
    declined = (await state.get_data()).get("candidates", [])
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    await _save_new(query.message, bot, state, session, actor, i18n, clock, catalogs, settings, declined)  # type: ignore[arg-type]


async def right_lost(event: Message | CallbackQuery, state: FSMContext, i18n: Translator) -> None:
    """The person's role was revoked mid-conversation: the draft ends here, before any more evidence."""
    await state.clear()
    if isinstance(event, CallbackQuery):
        await event.answer(i18n.plain("report-error-no-right"), show_alert=True)
    else:
        await event.answer(i18n("report-error-no-right"), reply_markup=ReplyKeyboardRemove())


async def bad_input(message: Message, state: FSMContext, i18n: Translator) -> None:
    """Anything a step cannot take gets a short, specific hint; the step stays where it was."""
    step = STEP_OF.get(await state.get_state() or "", "review")
    kind = input_kind(message)
    await message.answer(i18n("bad-input", got=i18n(f"input-{kind}"), expect=i18n(f"expect-{step}")))


def build_router() -> Router:
    """A fresh router each call: a router can belong to only one dispatcher."""
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private", accessible)
    in_report = StateFilter(*ReportForm.__all_states__)
    text = F.text & ~F.text.startswith("/")
    image = evidence.is_image  # also a .jpg a phone labels application/octet-stream

    router.message.register(start, Command("report"))
    router.message.register(right_lost, in_report, lost_right)
    router.callback_query.register(right_lost, in_report, lost_right)
    router.message.register(stale, in_report, is_stale, ~F.text.startswith("/"))
    router.callback_query.register(
        stale, in_report, is_stale, ~ReportCb.filter(F.act.in_({ReportAct.RESUME, ReportAct.DISCARD}))
    )
    router.callback_query.register(resume, in_report, ReportCb.filter(F.act == ReportAct.RESUME))
    router.callback_query.register(discard, in_report, ReportCb.filter(F.act == ReportAct.DISCARD))

    router.callback_query.register(
        pick_area,
        ReportForm.choosing_area,
        ReportCb.filter(F.act.in_({ReportAct.AREA, ReportAct.AREA_BELOW})),
    )
    router.callback_query.register(
        pick_sector,
        ReportForm.choosing_sector,
        ReportCb.filter((F.act == ReportAct.SECTOR) & F.val.in_(set(Sector))),
    )
    router.callback_query.register(
        pick_level,
        ReportForm.choosing_level,
        ReportCb.filter((F.act == ReportAct.LEVEL) & F.val.in_(set(Level))),
    )
    router.message.register(got_location, ReportForm.waiting_for_place, F.location)
    router.message.register(got_address, ReportForm.waiting_for_place, text)
    router.callback_query.register(
        pick_unit,
        ReportForm.waiting_for_unit,
        ReportCb.filter(F.act.in_({ReportAct.UNIT, ReportAct.NO_UNIT})),
    )
    router.message.register(got_unit, ReportForm.waiting_for_unit, text)
    router.message.register(got_description, ReportForm.waiting_for_description, text)
    router.message.register(got_description, ReportForm.waiting_for_description, image, F.caption)
    router.message.register(got_photo, ReportForm.waiting_for_photos, image)
    router.callback_query.register(
        photos_done, ReportForm.waiting_for_photos, ReportCb.filter(F.act == ReportAct.PHOTOS_DONE)
    )
    router.callback_query.register(edit_field, ReportForm.reviewing, ReportCb.filter(F.act == ReportAct.EDIT))
    router.callback_query.register(confirm, ReportForm.reviewing, ReportCb.filter(F.act == ReportAct.CONFIRM))
    router.callback_query.register(
        same_hazard, ReportForm.choosing_duplicate, ReportCb.filter(F.act == ReportAct.SAME)
    )
    router.callback_query.register(
        new_hazard, ReportForm.choosing_duplicate, ReportCb.filter(F.act == ReportAct.NEW)
    )
    router.message.register(bad_input, in_report, ~F.text.startswith("/"))
    return router
