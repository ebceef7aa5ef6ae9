"""The area browser: look through one's scope; admins create, rename, move and import areas."""

from __future__ import annotations

import asyncio

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Markup, Translator, escape
from domain import areas as area_rules
from domain.area_import import check_upload, import_areas, read_table
from domain.clock import Clock
from domain.errors import InvalidInput, PermissionDenied
from domain.permissions import Action, Actor
from handlers.callbacks import AreaAct, AreaCb, CancelCb, MoveCb, UseCodeCb
from handlers.render import accessible, area_trail, chunks, page_slice, pager_row, remember_prompt
from handlers.states import AreaForm
from storage import areas as area_store


def _button(text: str, data: AreaCb | MoveCb | CancelCb | UseCodeCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _require_browse(actor: Actor, path: str) -> None:
    if not actor.can(Action.VIEW_MEMBERS, path):
        raise PermissionDenied()


async def _panel(session: AsyncSession, actor: Actor, t: Translator, area_id: int, page: int):
    """Text and buttons for one area (or, for 0, the top of the person's scope)."""
    if area_id == 0:
        if not actor.can_anywhere(Action.VIEW_MEMBERS):
            raise PermissionDenied()
        children = await area_rules.scope_tops(session, actor, Action.VIEW_MEMBERS)
        text = t("areas-top", count=len(children)) if children else t("areas-none")
        area = None
    else:
        area = await area_rules.get_area(session, area_id)
        _require_browse(actor, area.path)
        children = list(await area_store.children(session, area.id))
        text = t(
            "areas-panel",
            name=area.name,
            code=area.code,
            trail=await area_trail(session, area),
            children=len(children),
        )
    shown, page, pages = page_slice(children, page)
    rows: list[list[InlineKeyboardButton]] = []
    pair: list[InlineKeyboardButton] = []
    for child in shown:
        pair.append(_button(f"{child.name} · {child.code}", AreaCb(act=AreaAct.OPEN, id=child.id or 0)))
        if len(pair) == 2:
            rows.append(pair)
            pair = []
    if pair:
        rows.append(pair)
    pager = pager_row(t, page, pages, lambda p: AreaCb(act=AreaAct.OPEN, id=area_id, page=p).pack())
    if pager:
        rows.append(pager)
    if area is None:
        if actor.is_global_admin:
            rows.append([_button(t.plain("btn-area-add-top"), AreaCb(act=AreaAct.ADD, id=0))])
        return text, InlineKeyboardMarkup(inline_keyboard=rows)
    this = area.id or 0
    if actor.can(Action.MANAGE_AREAS, area.path):
        rows.append(
            [
                _button(t.plain("btn-area-add"), AreaCb(act=AreaAct.ADD, id=this)),
                _button(t.plain("btn-area-rename"), AreaCb(act=AreaAct.RENAME, id=this)),
            ]
        )
        rows.append(
            [
                _button(t.plain("btn-area-move"), AreaCb(act=AreaAct.MOVE, id=this)),
                _button(t.plain("btn-area-import"), AreaCb(act=AreaAct.IMPORT, id=this)),
            ]
        )
    people = [_button(t.plain("btn-area-members"), AreaCb(act=AreaAct.MEMBERS, id=this))]
    if actor.invitable_roles(area.path):
        people.append(_button(t.plain("btn-area-invite"), AreaCb(act=AreaAct.INVITE, id=this)))
        people.append(_button(t.plain("btn-area-invites"), AreaCb(act=AreaAct.INVITES, id=this)))
    rows.append(people)
    up = (
        area.parent_id
        if area.parent_id and actor.can(Action.VIEW_MEMBERS, area.path.rsplit("/", 2)[0] + "/")
        else 0
    )
    rows.append(
        [
            _button(t.plain("btn-area-tree"), AreaCb(act=AreaAct.TREE, id=this)),
            _button(t.plain("btn-up"), AreaCb(act=AreaAct.OPEN, id=up)),
        ]
    )
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


async def cmd_areas(
    message: Message, session: AsyncSession, actor: Actor, i18n: Translator, state: FSMContext
):
    await state.clear()
    if not actor.can_anywhere(Action.VIEW_MEMBERS):
        raise PermissionDenied()
    text, markup = await _panel(session, actor, i18n, 0, 0)
    await message.answer(text, reply_markup=markup)


async def open_area(query: CallbackQuery, callback_data: AreaCb, session: AsyncSession, actor: Actor, i18n):
    text, markup = await _panel(session, actor, i18n, callback_data.id, callback_data.page)
    await query.message.edit_text(text, reply_markup=markup)  # type: ignore[union-attr]
    await query.answer()


async def show_tree(query: CallbackQuery, callback_data: AreaCb, session: AsyncSession, actor: Actor, i18n):
    area = await area_rules.get_area(session, callback_data.id)
    _require_browse(actor, area.path)
    subtree = await area_store.under(session, [area.path])
    lines = [
        f"{line.prefix}{escape(line.area.name)} <code>{line.area.code}</code>"
        for line in area_rules.tree_lines(subtree)
    ]
    for text in chunks([i18n("areas-tree-title", name=area.name, count=len(subtree)), *lines]):
        await query.message.answer(text)  # type: ignore[union-attr]
    await query.answer()


def _cancel_markup(t: Translator, extra: list[InlineKeyboardButton] | None = None) -> InlineKeyboardMarkup:
    rows = [extra] if extra else []
    rows.append([_button(t.plain("btn-cancel"), CancelCb())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def ask_new_name(
    query: CallbackQuery, callback_data: AreaCb, session: AsyncSession, actor: Actor, i18n, state: FSMContext
):
    if callback_data.id:
        parent = await area_rules.get_area(session, callback_data.id)
        actor.require(Action.MANAGE_AREAS, parent.path)
        prompt = i18n("area-ask-name-child", parent=parent.name)
    else:
        if not actor.is_global_admin:
            raise PermissionDenied()
        prompt = i18n("area-ask-name-top")
    await state.set_state(AreaForm.waiting_for_name)
    await state.update_data(parent_id=callback_data.id or None)
    await remember_prompt(state, await query.message.answer(prompt, reply_markup=_cancel_markup(i18n)))  # type: ignore[union-attr]
    await query.answer()


async def got_new_name(
    message: Message, session: AsyncSession, actor: Actor, i18n: Translator, state: FSMContext
):
    name = area_rules.clean_name(message.text or "")
    data = await state.get_data()
    suggestion = None
    if data.get("parent_id"):
        parent = await area_rules.get_area(session, data["parent_id"])
        actor.require(Action.MANAGE_AREAS, parent.path)  # the role may have been revoked meanwhile
        suggestion = await area_rules.suggest_code(session, parent)
    elif not actor.is_global_admin:
        raise PermissionDenied()
    await state.update_data(name=name, suggestion=suggestion)
    await state.set_state(AreaForm.waiting_for_code)
    extra = [_button(i18n.plain("btn-use-code", code=suggestion), UseCodeCb())] if suggestion else None
    await remember_prompt(
        state,
        await message.answer(i18n("area-ask-code", name=name), reply_markup=_cancel_markup(i18n, extra)),
    )


async def _create(
    message: Message,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    state: FSMContext,
    clock: Clock,
    code: str,
) -> None:
    data = await state.get_data()
    area = await area_rules.create_area(
        session, actor, name=data["name"], code=code, parent_id=data.get("parent_id"), now=clock.now()
    )
    await state.clear()
    text, markup = await _panel(session, actor, i18n, area.id or 0, 0)
    await message.answer(i18n("area-created", name=area.name, code=area.code))
    await message.answer(text, reply_markup=markup)


async def got_code(
    message: Message, session: AsyncSession, actor: Actor, i18n, state: FSMContext, clock: Clock
):
    await _create(message, session, actor, i18n, state, clock, area_rules.clean_code(message.text or ""))


async def use_suggested_code(
    query: CallbackQuery, session: AsyncSession, actor: Actor, i18n, state: FSMContext, clock: Clock
):
    suggestion = (await state.get_data()).get("suggestion")
    if not suggestion:
        raise InvalidInput("area-error-code-format")
    await _create(query.message, session, actor, i18n, state, clock, suggestion)  # type: ignore[arg-type]
    await query.answer()


async def ask_rename(
    query: CallbackQuery, callback_data: AreaCb, session: AsyncSession, actor: Actor, i18n, state: FSMContext
):
    area = await area_rules.get_area(session, callback_data.id)
    actor.require(Action.MANAGE_AREAS, area.path)
    await state.set_state(AreaForm.waiting_for_new_name)
    await state.update_data(area_id=area.id)
    prompt = await query.message.answer(
        i18n("area-ask-rename", name=area.name), reply_markup=_cancel_markup(i18n)
    )  # type: ignore[union-attr]
    await remember_prompt(state, prompt)
    await query.answer()


async def got_rename(
    message: Message, session: AsyncSession, actor: Actor, i18n, state: FSMContext, clock: Clock
):
    data = await state.get_data()
    old = (await area_rules.get_area(session, data["area_id"])).name
    area = await area_rules.rename_area(session, actor, data["area_id"], message.text or "", clock.now())
    await state.clear()
    await message.answer(i18n("area-renamed", old=old, name=area.name))
    text, markup = await _panel(session, actor, i18n, area.id or 0, 0)
    await message.answer(text, reply_markup=markup)


async def ask_move(
    query: CallbackQuery, callback_data: AreaCb | MoveCb, session: AsyncSession, actor: Actor, i18n
):
    area = await area_rules.get_area(session, callback_data.id)
    actor.require(Action.MANAGE_AREAS, area.path)
    candidates = [
        a
        for a in await area_rules.areas_in_scope(session, actor, Action.MANAGE_AREAS)
        if not a.path.startswith(area.path) and a.id != area.parent_id
    ]
    lines = area_rules.tree_lines(candidates)
    shown, page, pages = page_slice(lines, callback_data.page)
    rows = [
        [
            InlineKeyboardButton(
                text=f"{line.prefix}{line.area.name}",
                callback_data=MoveCb(id=area.id or 0, to=line.area.id or 0).pack(),
            )
        ]
        for line in shown
    ]
    pager = pager_row(i18n, page, pages, lambda p: MoveCb(id=area.id or 0, to=-1, page=p).pack())
    if pager:
        rows.append(pager)
    if actor.is_global_admin and area.parent_id is not None:
        rows.append([_button(i18n.plain("btn-move-top"), MoveCb(id=area.id or 0, to=0))])
    rows.append([_button(i18n.plain("btn-back"), AreaCb(act=AreaAct.OPEN, id=area.id or 0))])
    text = (
        i18n("area-ask-move", name=area.name)
        if candidates or actor.is_global_admin
        else i18n("area-move-none")
    )
    await query.message.edit_text(text, reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))  # type: ignore[union-attr]
    await query.answer()


async def do_move(
    query: CallbackQuery, callback_data: MoveCb, session: AsyncSession, actor: Actor, i18n, clock: Clock
):
    area = await area_rules.move_area(session, actor, callback_data.id, callback_data.to or None, clock.now())
    await query.answer(i18n.plain("area-moved", name=area.name))
    text, markup = await _panel(session, actor, i18n, area.id or 0, 0)
    await query.message.edit_text(text, reply_markup=markup)  # type: ignore[union-attr]


async def ask_import(
    query: CallbackQuery, callback_data: AreaCb, session: AsyncSession, actor: Actor, i18n, state: FSMContext
):
    area = await area_rules.get_area(session, callback_data.id)
    actor.require(Action.MANAGE_AREAS, area.path)
    await state.set_state(AreaForm.waiting_for_import_file)
    await state.update_data(area_id=area.id)
    prompt = await query.message.answer(
        i18n("import-ask-file", name=area.name), reply_markup=_cancel_markup(i18n)
    )  # type: ignore[union-attr]
    await remember_prompt(state, prompt)
    await query.answer()


async def got_import_file(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    state: FSMContext,
    clock: Clock,
):
    document = message.document
    assert document is not None
    name = document.file_name or ""
    check_upload(name, document.file_size or 0)
    data = await bot.download(document)
    assert data is not None
    # Parsing a large spreadsheet takes a while; it must not stall everyone else's updates.
    rows = await asyncio.to_thread(read_table, data.read(), name)
    area_id = (await state.get_data())["area_id"]
    result = await import_areas(session, actor, area_id, rows, clock.now())
    if result.problems:
        lines = [
            i18n("import-row", line=p.line, problem=Markup(i18n(p.key, **p.args))) for p in result.problems
        ]
        for text in chunks([i18n("import-failed", count=len(result.problems)), *lines]):
            await message.answer(text)
        return  # the step stays: the admin fixes the file and sends it again
    await state.clear()
    parent = await area_rules.get_area(session, area_id)
    await message.answer(
        i18n("import-done", created=len(result.created), existing=result.existing, parent=parent.name)
    )
    text, markup = await _panel(session, actor, i18n, area_id, 0)
    await message.answer(text, reply_markup=markup)


async def import_needs_file(message: Message, i18n: Translator):
    await message.answer(i18n("import-hint-send-file"))


async def needs_text(message: Message, i18n: Translator):
    await message.answer(i18n("hint-send-text"))


def build_router() -> Router:
    """A fresh router each call: a router can belong to only one dispatcher."""
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private", accessible)
    router.message.register(cmd_areas, Command("areas"))
    router.callback_query.register(open_area, AreaCb.filter(F.act == AreaAct.OPEN))
    router.callback_query.register(show_tree, AreaCb.filter(F.act == AreaAct.TREE))
    router.callback_query.register(ask_new_name, AreaCb.filter(F.act == AreaAct.ADD))
    # A command typed at a text step is a command, never a name or a code.
    text = F.text & ~F.text.startswith("/")
    router.message.register(got_new_name, AreaForm.waiting_for_name, text)
    router.message.register(got_code, AreaForm.waiting_for_code, text)
    router.callback_query.register(use_suggested_code, AreaForm.waiting_for_code, UseCodeCb.filter())
    router.callback_query.register(ask_rename, AreaCb.filter(F.act == AreaAct.RENAME))
    router.message.register(got_rename, AreaForm.waiting_for_new_name, text)
    router.callback_query.register(ask_move, AreaCb.filter(F.act == AreaAct.MOVE))
    router.callback_query.register(ask_move, MoveCb.filter(F.to == -1))
    router.callback_query.register(do_move, MoveCb.filter(F.to >= 0))
    router.callback_query.register(ask_import, AreaCb.filter(F.act == AreaAct.IMPORT))
    router.message.register(got_import_file, AreaForm.waiting_for_import_file, F.document)
    router.message.register(import_needs_file, AreaForm.waiting_for_import_file, ~F.text.startswith("/"))
    steps = (AreaForm.waiting_for_name, AreaForm.waiting_for_code, AreaForm.waiting_for_new_name)
    router.message.register(needs_text, StateFilter(*steps), ~F.text.startswith("/"))
    return router
