"""Rectification in chat: the card's action buttons, assigning the four parts, the rectifier's reports,
verification and sign-off. Every press re-checks role, scope and state in the domain."""

from __future__ import annotations

import contextlib
import re
from datetime import date, timedelta

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Translator, pick_locale
from bot.settings import Settings
from domain import rectification as rect
from domain.areas import ancestor_ids, ancestor_paths, get_area
from domain.clock import Clock
from domain.errors import Conflict, InvalidInput
from domain.groups import bound_groups
from domain.hazards import MAX_PHOTOS, EvidenceRef, HazardView, clean_text
from domain.invites import PAYLOAD_PREFIX, deep_link
from domain.lifecycle import Status
from domain.numbering import normalise_ref
from domain.permissions import Action, Actor
from domain.roles import Role
from domain.sectors import Level
from domain.tip_secrets import TipVault
from handlers import evidence, tip_cards
from handlers.callbacks import CancelCb, HazardCb, RectifyAct, RectifyCb
from handlers.conversation import first_of_album, take_photo
from handlers.render import accessible, remember_prompt
from handlers.states import RectifyForm
from storage import members as member_store
from storage.models import Hazard, User

DEADLINE_DAYS = (3, 7, 15, 30)


def _b(
    t: Translator, key: str, act: RectifyAct, hazard: int, val: int = 0, **args: object
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.plain(key, **args), callback_data=RectifyCb(act=act, hazard=hazard, val=val).pack()
    )


def _cancel(t: Translator) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=t.plain("btn-cancel"), callback_data=CancelCb().pack())]


def _is_county(actor: Actor, area_path: str, roles: set[Role]) -> bool:
    county = "/" + area_path.strip("/").split("/")[0] + "/"
    return any(g.role in roles and g.area_path == county for g in actor.grants)


def actions(view: HazardView, actor: Actor, t: Translator) -> list[list[InlineKeyboardButton]]:
    """The buttons this person may press on this hazard now. Showing is a courtesy: pressing re-checks."""
    hazard, path, rows = view.hazard, view.area.path, []
    hid = hazard.id or 0
    status = Status(hazard.status)
    supervise = actor.can(Action.ASSIGN_RECTIFICATION, path)
    if status == Status.REPORTED:
        if supervise:
            rows.append(
                [_b(t, "btn-assign", RectifyAct.ASSIGN, hid), _b(t, "btn-reject", RectifyAct.REJECT, hid)]
            )
            rows.append([_b(t, "btn-merge", RectifyAct.MERGE, hid)])
        if hazard.reporter_id == actor.user_id:
            rows.append([_b(t, "btn-fix-on-spot", RectifyAct.FIX, hid)])
    if status == Status.RECTIFYING:
        if hazard.rectifier_id == actor.user_id:
            rows.append(
                [
                    _b(t, "btn-progress", RectifyAct.PROGRESS, hid),
                    _b(t, "btn-complete", RectifyAct.COMPLETE, hid),
                ]
            )
        if supervise:
            rows.append([_b(t, "btn-extend", RectifyAct.EXTEND, hid)])
    if status == Status.AWAITING_VERIFICATION and actor.can(Action.VERIFY_RECTIFICATION, path):
        rows.append(
            [_b(t, "btn-accept", RectifyAct.ACCEPT, hid), _b(t, "btn-return", RectifyAct.RETURN, hid)]
        )
        rows.append([_b(t, "btn-accept-comment", RectifyAct.ACCEPT_WITH_COMMENT, hid)])
    if (
        hazard.level == Level.MAJOR
        and not hazard.listed
        and status in (Status.REPORTED, Status.RECTIFYING, Status.AWAITING_VERIFICATION)
        and _is_county(actor, path, {Role.SUPERVISOR, Role.LEADER})
    ):
        rows.append([_b(t, "btn-list", RectifyAct.LIST, hid)])
    return rows


async def tell(
    bot: Bot,
    catalogs: Catalogs,
    settings: Settings,
    user: User | None,
    key: str,
    hazard: Hazard,
    **args: object,
) -> None:
    """A short note to one person, in their language, with a button back to the hazard."""
    if user is None:
        return
    t = catalogs.translator(pick_locale(user.language_code, settings.default_locale))
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=t.plain("btn-view"), callback_data=HazardCb(id=hazard.id or 0).pack())]
        ]
    )
    with contextlib.suppress(TelegramAPIError):  # one unreachable person must not undo the step
        await bot.send_message(user.id, t(key, ref=hazard.ref, **args), reply_markup=markup)


# --- assignment: rectifier, supervisor, deadline, measures --------------------------------------------


async def start_assign(
    query: CallbackQuery,
    callback_data: RectifyCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
) -> None:
    hazard = await session.get(Hazard, callback_data.hazard)
    if hazard is None:
        raise InvalidInput()
    area = await get_area(session, hazard.area_id)
    actor.require(Action.ASSIGN_RECTIFICATION, area.path)
    if hazard.status != Status.REPORTED:
        await query.answer(i18n.plain("lifecycle-error-not-now", status=hazard.status), show_alert=True)
        return
    rectifiers = await member_store.holders(session, [Role.RECTIFIER.value], ancestor_paths(area.path))
    hid = hazard.id or 0
    rows = [
        [_b(i18n, "btn-person", RectifyAct.PICK_RECTIFIER, hid, u.id, name=u.full_name)]
        for u in rectifiers[:12]
    ]
    rows += [[_b(i18n, "btn-outside-person", RectifyAct.OUTSIDE, hid)], _cancel(i18n)]
    await state.clear()
    await state.set_state(RectifyForm.choosing_rectifier)
    await state.update_data(hazard=hid, ref=hazard.ref)
    await query.answer()
    sent = await query.message.answer(
        i18n("assign-ask-rectifier", ref=hazard.ref),  # type: ignore[union-attr]
        reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
    )
    await remember_prompt(state, sent)


async def picked_rectifier(
    query: CallbackQuery,
    callback_data: RectifyCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
) -> None:
    await query.answer()
    if callback_data.act == RectifyAct.OUTSIDE:
        await state.set_state(RectifyForm.waiting_for_outside_name)
        await remember_prompt(
            state,
            await query.message.answer(
                i18n("assign-ask-outside-name"),  # type: ignore[union-attr]
                reply_markup=InlineKeyboardMarkup(inline_keyboard=[_cancel(i18n)]),
            ),
        )
        return
    await state.update_data(rectifier_id=callback_data.val)
    await _ask_supervisor(query.message, state, session, actor, i18n)  # type: ignore[arg-type]


async def got_outside_name(message: Message, state: FSMContext, i18n: Translator) -> None:
    await state.update_data(rectifier_name=clean_text(message.text, limit=64))
    await state.set_state(RectifyForm.waiting_for_outside_phone)
    await message.answer(i18n("assign-ask-outside-phone"))


async def got_outside_phone(
    message: Message, state: FSMContext, session: AsyncSession, actor: Actor, i18n: Translator
) -> None:
    phone = re.sub(r"[\s-]", "", message.text or "")
    if not re.fullmatch(r"\+?\d{7,15}", phone):
        raise InvalidInput("assign-error-phone")
    await state.update_data(rectifier_phone=phone)
    await _ask_supervisor(message, state, session, actor, i18n)


async def _ask_supervisor(
    target: Message, state: FSMContext, session: AsyncSession, actor: Actor, t: Translator
) -> None:
    hazard = await session.get(Hazard, (await state.get_data())["hazard"])
    assert hazard is not None
    area = await get_area(session, hazard.area_id)
    actor.require(Action.ASSIGN_RECTIFICATION, area.path)  # the role may have been revoked meanwhile
    others = [
        u
        for u in await member_store.holders(session, [Role.SUPERVISOR.value], ancestor_paths(area.path))
        if u.id != actor.user_id
    ]
    hid = hazard.id or 0
    rows = [[_b(t, "btn-supervisor-me", RectifyAct.PICK_SUPERVISOR, hid, 0)]]
    rows += [
        [_b(t, "btn-person", RectifyAct.PICK_SUPERVISOR, hid, u.id, name=u.full_name)] for u in others[:10]
    ]
    await state.set_state(RectifyForm.choosing_supervisor)
    await remember_prompt(
        state,
        await target.answer(
            t("assign-ask-supervisor"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[*rows, _cancel(t)])
        ),
    )


async def picked_supervisor(
    query: CallbackQuery, callback_data: RectifyCb, state: FSMContext, i18n: Translator
) -> None:
    await state.update_data(supervisor_id=callback_data.val or None)
    await state.set_state(RectifyForm.choosing_deadline)
    hid = callback_data.hazard
    rows = [[_b(i18n, "btn-days", RectifyAct.DAYS, hid, d, days=d) for d in DEADLINE_DAYS], _cancel(i18n)]
    await query.answer()
    await remember_prompt(
        state,
        await query.message.answer(
            i18n("assign-ask-deadline"),  # type: ignore[union-attr]
            reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
        ),
    )


def parse_date(text: str, today: date) -> date:
    """ "2026-03-20", "3-20", "3月20日": a date on or after today."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    try:
        if len(numbers) == 3:
            when = date(numbers[0], numbers[1], numbers[2])
        elif len(numbers) == 2:
            when = date(today.year, numbers[0], numbers[1])
            if when < today:
                when = date(today.year + 1, numbers[0], numbers[1])
        else:
            raise ValueError
    except ValueError:
        raise InvalidInput("assign-error-date") from None
    if when < today:
        raise InvalidInput("rectify-error-deadline-past")
    return when


async def _deadline_chosen(target: Message, state: FSMContext, when: date, t: Translator) -> None:
    await state.update_data(deadline=when.isoformat())
    await state.set_state(RectifyForm.waiting_for_measures)
    await remember_prompt(
        state,
        await target.answer(
            t("assign-ask-measures", deadline=when.isoformat()),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[_cancel(t)]),
        ),
    )


async def picked_days(
    query: CallbackQuery,
    callback_data: RectifyCb,
    state: FSMContext,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    if callback_data.val not in DEADLINE_DAYS:
        raise InvalidInput()
    await query.answer()
    when = rect.local_today(clock.now(), settings.tz) + timedelta(days=callback_data.val)
    await _deadline_chosen(query.message, state, when, i18n)  # type: ignore[arg-type]


async def typed_deadline(
    message: Message, state: FSMContext, i18n: Translator, clock: Clock, settings: Settings
) -> None:
    when = parse_date(message.text or "", rect.local_today(clock.now(), settings.tz))
    await _deadline_chosen(message, state, when, i18n)


async def got_measures(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
) -> None:
    data = await state.get_data()
    plan = rect.Assignment(
        rectifier_id=data.get("rectifier_id"),
        rectifier_name=data.get("rectifier_name"),
        rectifier_phone=data.get("rectifier_phone"),
        supervisor_id=data.get("supervisor_id"),
        deadline=date.fromisoformat(data["deadline"]),
        measures=message.text or "",
    )
    done = await rect.assign(session, actor, data["hazard"], plan, clock.now(), settings.tz)
    await state.clear()
    hazard = done.hazard
    await message.answer(i18n("assign-done", ref=hazard.ref, deadline=plan.deadline.isoformat()))
    if done.invite is not None:
        me = await bot.me()
        link = deep_link(me.username or "", PAYLOAD_PREFIX + done.invite.token)
        await message.answer(i18n("assign-outside-link", name=plan.rectifier_name or "", link=link))
    rectifier = await session.get(User, hazard.rectifier_id) if hazard.rectifier_id else None
    await tell(
        bot,
        catalogs,
        settings,
        rectifier,
        "notify-assigned-rectifier",
        hazard,
        deadline=plan.deadline.isoformat(),
        measures=hazard.measures or "",
    )
    await tell(
        bot,
        catalogs,
        settings,
        await session.get(User, hazard.reporter_id),
        "notify-reporter-assigned",
        hazard,
    )


# --- the rectifier's reports, and the reporter's on-the-spot fix ----------------------------------------


async def start_report(
    query: CallbackQuery,
    callback_data: RectifyCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
) -> None:
    hazard = await session.get(Hazard, callback_data.hazard)
    if hazard is None:
        raise InvalidInput()
    fixing = callback_data.act == RectifyAct.FIX
    allowed = hazard.reporter_id if fixing else hazard.rectifier_id
    area = await get_area(session, hazard.area_id)
    right = Action.REPORT_HAZARD if fixing else Action.RECTIFY
    expected = Status.REPORTED if fixing else Status.RECTIFYING
    if hazard.status != expected:
        raise Conflict("lifecycle-error-not-now", status=hazard.status)
    if allowed != actor.user_id or not actor.can(right, area.path):
        await query.answer(i18n.plain("error-not-allowed"), show_alert=True)
        return
    await state.clear()
    await state.set_state(RectifyForm.waiting_for_report)
    await state.update_data(
        hazard=hazard.id, ref=hazard.ref, mode=callback_data.act.value, note=None, photos=[]
    )
    key = {
        RectifyAct.PROGRESS: "report-ask-progress",
        RectifyAct.COMPLETE: "report-ask-complete",
        RectifyAct.FIX: "report-ask-fix",
    }[callback_data.act]
    rows = [[_b(i18n, "btn-submit", RectifyAct.SUBMIT, hazard.id or 0)], _cancel(i18n)]
    await query.answer()
    await remember_prompt(
        state,
        await query.message.answer(
            i18n(key, ref=hazard.ref, max=MAX_PHOTOS),  # type: ignore[union-attr]
            reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
        ),
    )


async def report_text(message: Message, state: FSMContext, i18n: Translator) -> None:
    await state.update_data(note=clean_text(message.text))
    await message.answer(i18n("report-note-saved"))


async def report_photo(
    message: Message, bot: Bot, state: FSMContext, i18n: Translator, settings: Settings
) -> None:
    data = await state.get_data()
    photo = await take_photo(message, bot, i18n, settings.data_dir, len(data["photos"]))
    if photo is None:
        return
    photos = [*data["photos"], photo.as_dict()]
    await state.update_data(photos=photos, note=data.get("note") or (message.caption or None))
    if await first_of_album(message, state):
        await message.answer(i18n("report-after-photo", count=len(photos)))


async def submit(
    query: CallbackQuery,
    callback_data: RectifyCb,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
) -> None:
    data = await state.get_data()
    if callback_data.hazard != data.get("hazard"):
        raise InvalidInput()  # an old Submit button of another report
    photos = [EvidenceRef(**p) for p in data["photos"]]
    mode, hazard_id, now = RectifyAct(data["mode"]), data["hazard"], clock.now()
    if mode == RectifyAct.PROGRESS:
        done = await rect.progress(session, actor, hazard_id, data.get("note"), photos, now)
    elif mode == RectifyAct.COMPLETE:
        done = await rect.complete(session, actor, hazard_id, data.get("note"), photos, now)
    else:
        done = await rect.fix_on_spot(session, actor, hazard_id, data.get("note"), photos, now)
    await state.clear()
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    hazard = done.hazard
    await query.message.answer(i18n(f"submitted-{mode.value}", ref=hazard.ref))  # type: ignore[union-attr]
    if mode != RectifyAct.PROGRESS:
        supervisor = await session.get(User, hazard.supervisor_id) if hazard.supervisor_id else None
        if supervisor is None:  # an on-the-spot fix has no supervisor yet: those over the area verify it
            area = await get_area(session, hazard.area_id)
            for person in await member_store.holders(
                session, [Role.SUPERVISOR.value], ancestor_paths(area.path)
            ):
                await tell(bot, catalogs, settings, person, "notify-verify", hazard)
        else:
            await tell(bot, catalogs, settings, supervisor, "notify-verify", hazard)
        if mode == RectifyAct.COMPLETE:
            await tell(
                bot,
                catalogs,
                settings,
                await session.get(User, hazard.reporter_id),
                "notify-reporter-done",
                hazard,
            )


# --- verification, sign-off, and the supervisor's other decisions --------------------------------------


async def accept(
    query: CallbackQuery,
    callback_data: RectifyCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
    tip_vault: TipVault,
) -> None:
    message: Message = query.message  # type: ignore[assignment]
    await _accept(
        message, callback_data.hazard, None, bot, session, actor, i18n, clock, catalogs, settings, tip_vault
    )
    await query.answer()


async def _accept(
    target: Message,
    hazard_id: int,
    comment: str | None,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
    tip_vault: TipVault,
) -> None:
    """销号 (or, for a listed hazard, the township's signature), and everyone concerned is told."""
    done = await rect.accept(session, actor, hazard_id, comment, clock.now())
    hazard = done.hazard
    if done.event.kind == "signed_township":
        await target.answer(i18n("accept-first-signature", ref=hazard.ref))
        area = await get_area(session, hazard.area_id)
        county = ancestor_paths(area.path)[:1]
        for person in await member_store.holders(session, [Role.SUPERVISOR.value], county):
            if person.id != actor.user_id:
                await tell(bot, catalogs, settings, person, "notify-county-signoff", hazard)
        return
    await target.answer(i18n("accept-closed", ref=hazard.ref))
    for user_id in {hazard.reporter_id, hazard.rectifier_id} - {None, actor.user_id}:
        await tell(bot, catalogs, settings, await session.get(User, user_id), "notify-closed", hazard)
    await tip_cards.hazard_finished(bot, session, catalogs, settings, tip_vault, hazard)


async def list_hazard(
    query: CallbackQuery,
    callback_data: RectifyCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
) -> None:
    done = await rect.list_for_supervision(session, actor, callback_data.hazard, clock.now())
    hazard = done.hazard
    await query.answer()
    await query.message.answer(i18n("list-done", ref=hazard.ref))  # type: ignore[union-attr]
    area = await get_area(session, hazard.area_id)
    t = catalogs.translator(settings.default_locale)
    for group in await bound_groups(session, ancestor_ids(area.path)):
        with contextlib.suppress(TelegramAPIError):
            await bot.send_message(
                group.id,
                t("notify-listed", ref=hazard.ref, area=area.name, description=hazard.description[:300]),
            )


async def ask_reason(
    query: CallbackQuery,
    callback_data: RectifyCb,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
) -> None:
    hazard = await session.get(Hazard, callback_data.hazard)
    if hazard is None:
        raise InvalidInput()
    area = await get_area(session, hazard.area_id)
    verifying = callback_data.act in (RectifyAct.RETURN, RectifyAct.ACCEPT_WITH_COMMENT)
    needed = Action.VERIFY_RECTIFICATION if verifying else Action.ASSIGN_RECTIFICATION
    actor.require(needed, area.path)
    await state.clear()
    await state.update_data(hazard=hazard.id, mode=callback_data.act.value)
    await query.answer()
    if callback_data.act == RectifyAct.MERGE:
        await state.set_state(RectifyForm.waiting_for_merge_target)
        prompt = i18n("merge-ask-target", ref=hazard.ref)
    elif callback_data.act == RectifyAct.EXTEND:
        await state.set_state(RectifyForm.waiting_for_new_deadline)
        prompt = i18n(
            "extend-ask-date",
            ref=hazard.ref,
            deadline=hazard.deadline.isoformat() if hazard.deadline else "—",
        )
    else:
        await state.set_state(RectifyForm.waiting_for_reason)
        prompt = i18n(f"ask-reason-{callback_data.act.value}", ref=hazard.ref)
    await remember_prompt(
        state,
        await query.message.answer(
            prompt,  # type: ignore[union-attr]
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[_cancel(i18n)]),
        ),
    )


async def got_new_deadline(
    message: Message, state: FSMContext, i18n: Translator, clock: Clock, settings: Settings
) -> None:
    when = parse_date(message.text or "", rect.local_today(clock.now(), settings.tz))
    await state.update_data(deadline=when.isoformat())
    await state.set_state(RectifyForm.waiting_for_reason)
    await message.answer(i18n("ask-reason-ex"))


async def got_reason(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
    tip_vault: TipVault,
) -> None:
    data = await state.get_data()
    mode, hazard_id, reason, now = RectifyAct(data["mode"]), data["hazard"], message.text or "", clock.now()
    if mode == RectifyAct.ACCEPT_WITH_COMMENT:
        await state.clear()
        await _accept(
            message,
            hazard_id,
            clean_text(reason),
            bot,
            session,
            actor,
            i18n,
            clock,
            catalogs,
            settings,
            tip_vault,
        )
        return
    if mode == RectifyAct.RETURN:
        done = await rect.send_back(session, actor, hazard_id, reason, now)
        told, key = done.hazard.rectifier_id, "notify-returned"
    elif mode == RectifyAct.REJECT:
        done = await rect.reject(session, actor, hazard_id, reason, now)
        told, key = done.hazard.reporter_id, "notify-rejected"
    else:
        done = await rect.extend(
            session, actor, hazard_id, date.fromisoformat(data["deadline"]), reason, now, settings.tz
        )
        told, key = done.hazard.rectifier_id, "notify-extended"
    await state.clear()
    hazard = done.hazard
    await message.answer(i18n(f"done-{mode.value}", ref=hazard.ref))
    if told and told != actor.user_id:
        await tell(
            bot,
            catalogs,
            settings,
            await session.get(User, told),
            key,
            hazard,
            reason=reason,
            deadline=hazard.deadline.isoformat() if hazard.deadline else "",
        )
    if mode == RectifyAct.REJECT:
        await tip_cards.hazard_finished(bot, session, catalogs, settings, tip_vault, hazard)


async def got_merge_target(
    message: Message, state: FSMContext, session: AsyncSession, actor: Actor, i18n: Translator, clock: Clock
) -> None:
    target = (
        await session.exec(select(Hazard).where(Hazard.ref == normalise_ref(message.text or "")))
    ).first()
    if target is None:
        raise InvalidInput("hazard-error-not-found")
    done = await rect.merge(session, actor, (await state.get_data())["hazard"], target.id or 0, clock.now())
    await state.clear()
    await message.answer(i18n("merge-done", ref=done.hazard.ref, into=target.ref))


def build_router() -> Router:
    """A fresh router each call: a router can belong to only one dispatcher."""
    router = Router(name=__name__)
    # The work happens in private chats; a card button pressed in a group must not post prompts there.
    router.callback_query.filter(F.message.chat.type == "private", accessible)
    private = F.chat.type == "private"
    text = F.text & ~F.text.startswith("/")

    def on(*acts: RectifyAct):
        return RectifyCb.filter(F.act.in_(set(acts)))

    router.callback_query.register(start_assign, on(RectifyAct.ASSIGN))
    router.callback_query.register(
        picked_rectifier, RectifyForm.choosing_rectifier, on(RectifyAct.PICK_RECTIFIER, RectifyAct.OUTSIDE)
    )
    router.message.register(got_outside_name, RectifyForm.waiting_for_outside_name, private, text)
    router.message.register(got_outside_phone, RectifyForm.waiting_for_outside_phone, private, text)
    router.callback_query.register(
        picked_supervisor, RectifyForm.choosing_supervisor, on(RectifyAct.PICK_SUPERVISOR)
    )
    router.callback_query.register(picked_days, RectifyForm.choosing_deadline, on(RectifyAct.DAYS))
    router.message.register(typed_deadline, RectifyForm.choosing_deadline, private, text)
    router.message.register(got_measures, RectifyForm.waiting_for_measures, private, text)
    router.callback_query.register(start_report, on(RectifyAct.PROGRESS, RectifyAct.COMPLETE, RectifyAct.FIX))
    router.message.register(report_text, RectifyForm.waiting_for_report, private, text)
    router.message.register(report_photo, RectifyForm.waiting_for_report, private, evidence.is_image)
    router.callback_query.register(submit, RectifyForm.waiting_for_report, on(RectifyAct.SUBMIT))
    router.callback_query.register(accept, on(RectifyAct.ACCEPT))
    router.callback_query.register(list_hazard, on(RectifyAct.LIST))
    router.callback_query.register(
        ask_reason,
        on(
            RectifyAct.RETURN,
            RectifyAct.REJECT,
            RectifyAct.EXTEND,
            RectifyAct.MERGE,
            RectifyAct.ACCEPT_WITH_COMMENT,
        ),
    )
    router.message.register(got_merge_target, RectifyForm.waiting_for_merge_target, private, text)
    router.message.register(got_new_deadline, RectifyForm.waiting_for_new_deadline, private, text)
    router.message.register(got_reason, RectifyForm.waiting_for_reason, private, text)
    router.message.register(
        bad_input, StateFilter(*RectifyForm.__all_states__), private, ~F.text.startswith("/")
    )
    return router


async def bad_input(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("rectify-hint"))
