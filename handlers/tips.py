"""Filing a public tip (举报) without registering: area, kind, place, what is wrong, photos, who is asking.

Anonymous is the default and one tap; the receipt is shown once at the end. Nothing here stores or logs
who the tipster is: the draft lives in the conversation state under a keyed hash of the chat.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart, StateFilter
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
from domain import tips as tip_rules
from domain.clock import Clock
from domain.errors import InvalidInput
from domain.hazards import MAX_PHOTOS
from domain.permissions import Actor
from domain.sectors import Sector
from domain.tip_secrets import Sealed, TipVault, format_receipt
from domain.tips import TipDraft
from handlers import evidence
from handlers.callbacks import CancelCb, TipAct, TipCb
from handlers.conversation import input_kind, touch
from handlers.menu import main_menu
from handlers.render import area_trail, page_slice, pager_row, remember_prompt
from handlers.states import TipForm
from handlers.tip_cards import tell_staff
from storage import areas as area_store

DEEP_LINK_PREFIX = "tip_"
STATE_OF = {
    "area": TipForm.choosing_area,
    "sector": TipForm.choosing_sector,
    "place": TipForm.waiting_for_place,
    "description": TipForm.waiting_for_description,
    "photos": TipForm.waiting_for_photos,
    "identity": TipForm.choosing_identity,
}
STEPS = ("area", "sector", "place", "description", "photos", "identity")


def limits_of(settings: Settings) -> tip_rules.Limits:
    return tip_rules.Limits(
        settings.tip_limit_per_hour, settings.tip_limit_per_day, settings.tip_area_limit_per_hour
    )


def _b(
    t: Translator, key: str, act: TipAct, val: str = "", id: int = 0, page: int = 0
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.plain(key), callback_data=TipCb(act=act, val=val, id=id, page=page).pack()
    )


def _cancel(t: Translator) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=t.plain("btn-cancel"), callback_data=CancelCb().pack())]


def entry_buttons(t: Translator) -> InlineKeyboardMarkup:
    """What a stranger is offered: file a tip, or follow one up with its receipt."""
    return InlineKeyboardMarkup(
        inline_keyboard=[[_b(t, "btn-tip-start", TipAct.START)], [_b(t, "btn-tip-status", TipAct.STATUS)]]
    )


async def _draft(state: FSMContext) -> TipDraft:
    return TipDraft.from_data(await state.get_data())


async def _save(state: FSMContext, clock: Clock, draft: TipDraft) -> None:
    await touch(state, clock, tip=draft.as_data())


async def area_picker(
    session: AsyncSession, t: Translator, node: int, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    """The whole public tree, from the top: anyone may tip about any place."""
    area = await area_store.get(session, node) if node else None
    options = list(await area_store.children(session, area.id if area else None))
    shown, page, pages = page_slice(options, page)
    with_children = await area_store.having_children(session, [o.id or 0 for o in shown])
    rows: list[list[InlineKeyboardButton]] = []
    if area is not None:
        here = TipCb(act=TipAct.AREA, id=area.id or 0).pack()
        rows.append([InlineKeyboardButton(text=t.plain("btn-pick-here", name=area.name), callback_data=here)])
    for option in shown:
        row = [
            InlineKeyboardButton(
                text=option.name, callback_data=TipCb(act=TipAct.AREA, id=option.id or 0).pack()
            )
        ]
        if option.id in with_children:
            row.append(_b(t, "btn-go-below", TipAct.BELOW, id=option.id or 0))
        rows.append(row)
    pager = pager_row(t, page, pages, lambda p: TipCb(act=TipAct.BELOW, id=node, page=p).pack())
    if pager:
        rows.append(pager)
    rows.append(_cancel(t))
    text = t("pick-area-under", name=area.name) if area else t("tip-ask-area")
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def _sector_rows(t: Translator) -> list[list[InlineKeyboardButton]]:
    buttons = [_b(t, f"sector-{s}", TipAct.SECTOR, s.value) for s in Sector]
    rows: list[list[InlineKeyboardButton]] = []
    for button in buttons:
        # Long names get a row of their own so they are not cut off on a small phone.
        if len(button.text) > 6 or not rows or len(rows[-1]) == 2 or len(rows[-1][0].text) > 6:
            rows.append([button])
        else:
            rows[-1].append(button)
    return rows


async def ask(
    target: Message, step: str, state: FSMContext, session: AsyncSession, t: Translator, clock: Clock
) -> None:
    draft = await _draft(state)
    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup
    if step == "area":
        text, markup = await area_picker(session, t, 0, 0)
    elif step == "sector":
        text, markup = (
            t("tip-ask-sector"),
            InlineKeyboardMarkup(inline_keyboard=[*_sector_rows(t), _cancel(t)]),
        )
    elif step == "place":
        text = t("tip-ask-place")
        markup = ReplyKeyboardMarkup(
            keyboard=[
                [KeyboardButton(text=t.plain("btn-send-location"), request_location=True)],
                [KeyboardButton(text=t.plain("btn-tip-skip-place"))],
            ],
            resize_keyboard=True,
            one_time_keyboard=True,
            input_field_placeholder=t.plain("place-placeholder"),
        )
    elif step == "description":
        text, markup = t("tip-ask-description"), InlineKeyboardMarkup(inline_keyboard=[_cancel(t)])
    elif step == "photos":
        text = t("tip-ask-photos", max=MAX_PHOTOS)
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[_b(t, "btn-tip-photos-done", TipAct.PHOTOS_DONE)], _cancel(t)]
        )
    else:
        area = await area_store.get(session, draft.area_id or 0)
        text = t(
            "tip-review",
            trail=await area_trail(session, area) if area else "—",
            sector=t(f"sector-{draft.sector}"),
            place=t("tip-place-given")
            if (draft.latitude is not None or draft.address)
            else t("tip-place-none"),
            description=hazard_rules.clean_text(draft.description, limit=hazard_rules.TEXT_MAX),
            photos=len(draft.photos),
        )
        markup = InlineKeyboardMarkup(
            inline_keyboard=[
                [_b(t, "btn-tip-anonymous", TipAct.ANONYMOUS)],
                [_b(t, "btn-tip-named", TipAct.NAMED)],
                _cancel(t),
            ]
        )
    await state.set_state(STATE_OF[step])
    sent = await target.answer(text, reply_markup=markup)
    await remember_prompt(state, sent)
    await touch(state, clock)


async def advance(
    target: Message, after: str, state: FSMContext, session: AsyncSession, t: Translator, clock: Clock
) -> None:
    missing = set((await _draft(state)).missing())
    start = STEPS.index(after) + 1
    step = next((s for s in STEPS[start:] if s in missing or s in ("photos", "identity")), "identity")
    await ask(target, step, state, session, t, clock)


async def begin(
    target: Message,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    clock: Clock,
    settings: Settings,
    tip_vault: TipVault,
    area_id: int | None = None,
) -> None:
    """Start a tip, unless this chat has sent enough for now (told politely, before any typing)."""
    await tip_rules.check_rate(session, tip_vault, target.chat.id, area_id, clock.now(), limits_of(settings))
    await state.clear()
    draft = TipDraft(area_id=area_id)
    await _save(state, clock, draft)
    await target.answer(t("tip-intro"), reply_markup=ReplyKeyboardRemove())
    if area_id is not None:
        area = await area_store.get(session, area_id)
        await target.answer(t("tip-area-from-link", trail=await area_trail(session, area)))  # type: ignore[arg-type]
        await ask(target, "sector", state, session, t, clock)
    else:
        await ask(target, "area", state, session, t, clock)


async def from_link(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
    tip_vault: TipVault,
) -> None:
    code = (command.args or "")[len(DEEP_LINK_PREFIX) :]
    area = await area_store.by_code(session, code.upper()) if code else None
    if area is None:
        await message.answer(i18n("tip-link-unknown"))
    await begin(message, state, session, i18n, clock, settings, tip_vault, area.id if area else None)


async def by_command(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
    tip_vault: TipVault,
) -> None:
    await begin(message, state, session, i18n, clock, settings, tip_vault)


async def by_button(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
    tip_vault: TipVault,
) -> None:
    await query.answer()
    await begin(query.message, state, session, i18n, clock, settings, tip_vault)  # type: ignore[arg-type]


async def area_below(
    query: CallbackQuery, callback_data: TipCb, session: AsyncSession, i18n: Translator
) -> None:
    text, markup = await area_picker(session, i18n, callback_data.id, callback_data.page)
    await query.message.edit_text(text, reply_markup=markup)  # type: ignore[union-attr]
    await query.answer()


async def pick_area(
    query: CallbackQuery,
    callback_data: TipCb,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
) -> None:
    area = await area_store.get(session, callback_data.id)
    if area is None:
        raise InvalidInput("area-error-not-found")
    draft = await _draft(state)
    draft.area_id = area.id
    await _save(state, clock, draft)
    await query.answer()
    await query.message.edit_text(i18n("report-chose", value=await area_trail(session, area)))  # type: ignore[union-attr]
    await advance(query.message, "area", state, session, i18n, clock)  # type: ignore[arg-type]


async def pick_sector(
    query: CallbackQuery,
    callback_data: TipCb,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
) -> None:
    sector = Sector(callback_data.val)
    draft = await _draft(state)
    draft.sector = sector.value
    await _save(state, clock, draft)
    await query.answer()
    await query.message.edit_text(i18n("report-chose", value=i18n(f"sector-{sector}")))  # type: ignore[union-attr]
    await advance(query.message, "sector", state, session, i18n, clock)  # type: ignore[arg-type]


async def got_place(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
) -> None:
    draft = await _draft(state)
    skip = {catalogs.translator(locale).plain("btn-tip-skip-place") for locale in ("zh", "en")}
    if message.location is not None:
        draft.latitude, draft.longitude, draft.address = (
            message.location.latitude,
            message.location.longitude,
            None,
        )
    elif message.text in skip:
        draft.latitude = draft.longitude = draft.address = None
        draft.place_skipped = True
    else:
        draft.address = hazard_rules.clean_text(message.text, limit=200)
        draft.latitude = draft.longitude = None
    await _save(state, clock, draft)
    await message.answer(i18n("tip-place-noted"), reply_markup=ReplyKeyboardRemove())
    await advance(message, "place", state, session, i18n, clock)


async def got_description(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    draft = await _draft(state)
    if message.text is not None:
        draft.description = hazard_rules.clean_text(message.text)
    else:  # a photo with a caption answers this step and gives the first photo
        draft.description = hazard_rules.clean_text(message.caption)
        draft.photos.append(
            await evidence.receive_clean(bot, message, settings.data_dir, i18n.plain("tip-photo-cleaned"))
        )
    await _save(state, clock, draft)
    await advance(message, "description", state, session, i18n, clock)


async def got_photo(
    message: Message, bot: Bot, state: FSMContext, i18n: Translator, clock: Clock, settings: Settings
) -> None:
    draft = await _draft(state)
    if len(draft.photos) >= MAX_PHOTOS:
        await message.answer(i18n("report-photos-full", max=MAX_PHOTOS))
        return
    photo = await evidence.receive_clean(bot, message, settings.data_dir, i18n.plain("tip-photo-cleaned"))
    draft = await _draft(state)  # a photo of the same album may have been saved meanwhile
    draft.photos.append(photo)
    await _save(state, clock, draft)
    data = await state.get_data()
    group = message.media_group_id
    if group and data.get("album") == group:
        return  # an album is one step: its first photo got the reply
    await state.update_data(album=group)
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[_b(i18n, "btn-tip-photos-done", TipAct.PHOTOS_DONE)], _cancel(i18n)]
    )
    sent = await message.answer(
        i18n("tip-photos-received", count=len(draft.photos), max=MAX_PHOTOS), reply_markup=markup
    )
    await remember_prompt(state, sent)


async def photos_done(
    query: CallbackQuery, state: FSMContext, session: AsyncSession, i18n: Translator, clock: Clock
) -> None:
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    await ask(query.message, "identity", state, session, i18n, clock)  # type: ignore[arg-type]


async def anonymous(
    query: CallbackQuery,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
    locale: str,
    tip_vault: TipVault,
    actor: Actor,
) -> None:
    await query.answer()
    # Submitted first: refused (a rate limit), the buttons stay for a later try.
    target: Message = query.message  # type: ignore[assignment]
    await _submit(
        target, bot, state, session, i18n, clock, catalogs, settings, locale, tip_vault, actor, None
    )
    await target.edit_reply_markup(reply_markup=None)


async def named(query: CallbackQuery, state: FSMContext, i18n: Translator) -> None:
    await query.answer()
    rows = [[_b(i18n, "btn-tip-consent", TipAct.CONSENT)], [_b(i18n, "btn-tip-anonymous", TipAct.ANONYMOUS)]]
    await query.message.edit_text(
        i18n("tip-consent"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )  # type: ignore[union-attr]


async def consent(query: CallbackQuery, state: FSMContext, i18n: Translator) -> None:
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
    await state.set_state(TipForm.waiting_for_name)
    sent = await query.message.answer(
        i18n("tip-ask-name"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[_cancel(i18n)])
    )  # type: ignore[union-attr]
    await remember_prompt(state, sent)


async def got_name(message: Message, state: FSMContext, i18n: Translator, tip_vault: TipVault) -> None:
    name = " ".join((message.text or "").split())
    tip_rules.clean_contact(name, "00000")  # checks the name now, the phone at the next step
    # Sealed even in the conversation state: an abandoned form must not leave a name lying about.
    await state.update_data(contact=tip_vault.seal(Sealed(name=name)))
    await state.set_state(TipForm.waiting_for_phone)
    await message.answer(i18n("tip-ask-phone"))


async def got_phone(
    message: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
    locale: str,
    tip_vault: TipVault,
    actor: Actor,
) -> None:
    given = tip_vault.open((await state.get_data()).get("contact"))
    contact = tip_rules.clean_contact(given.name or "" if given else "", message.text or "")
    await _submit(
        message, bot, state, session, i18n, clock, catalogs, settings, locale, tip_vault, actor, contact
    )


async def _submit(
    target: Message,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    t: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
    locale: str,
    vault: TipVault,
    actor: Actor,
    contact: Sealed | None,
) -> None:
    draft = await _draft(state)
    missing = draft.missing()
    if missing:
        await ask(target, missing[0], state, session, t, clock)
        return
    tip, receipt = await tip_rules.create_tip(
        session,
        vault,
        draft,
        chat_id=target.chat.id,
        contact=contact,
        locale=locale,
        now=clock.now(),
        tz=settings.tz,
        limits=limits_of(settings),
    )
    await state.clear()  # the draft goes; nothing of this conversation stays under the chat's key
    # Staff who filed a tip get their own menu back (the place step had replaced it).
    await target.answer(t("tip-submitted", receipt=format_receipt(receipt)), reply_markup=main_menu(actor, t))
    await tell_staff(bot, session, catalogs, settings, tip, "notify-new-tip", with_photo=True)


async def bad_input(message: Message, state: FSMContext, i18n: Translator) -> None:
    step = (await state.get_state() or "").split(":")[-1]
    await message.answer(i18n("tip-bad-input", step=step, got=input_kind(message)))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(
        from_link, CommandStart(deep_link=True, magic=F.args.startswith(DEEP_LINK_PREFIX))
    )
    router.message.register(by_command, Command("tip"))
    router.callback_query.register(by_button, TipCb.filter(F.act == TipAct.START))
    router.callback_query.register(area_below, TipCb.filter(F.act == TipAct.BELOW), TipForm.choosing_area)
    router.callback_query.register(pick_area, TipCb.filter(F.act == TipAct.AREA), TipForm.choosing_area)
    router.callback_query.register(pick_sector, TipCb.filter(F.act == TipAct.SECTOR), TipForm.choosing_sector)
    router.message.register(
        got_place, TipForm.waiting_for_place, F.location | F.text & ~F.text.startswith("/")
    )
    router.message.register(
        got_description,
        TipForm.waiting_for_description,
        F.text & ~F.text.startswith("/") | (F.photo | F.document) & F.caption,
    )
    router.message.register(got_photo, TipForm.waiting_for_photos, F.photo | F.document)
    router.callback_query.register(
        photos_done, TipCb.filter(F.act == TipAct.PHOTOS_DONE), TipForm.waiting_for_photos
    )
    router.callback_query.register(
        anonymous, TipCb.filter(F.act == TipAct.ANONYMOUS), TipForm.choosing_identity
    )
    router.callback_query.register(named, TipCb.filter(F.act == TipAct.NAMED), TipForm.choosing_identity)
    router.callback_query.register(consent, TipCb.filter(F.act == TipAct.CONSENT), TipForm.choosing_identity)
    router.message.register(got_name, TipForm.waiting_for_name, F.text & ~F.text.startswith("/"))
    router.message.register(got_phone, TipForm.waiting_for_phone, F.text & ~F.text.startswith("/"))
    router.message.register(bad_input, StateFilter(TipForm), ~F.text.startswith("/"))
    return router
