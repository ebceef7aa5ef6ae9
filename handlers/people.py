"""Invite links and members of an area: create, list and revoke."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.commands import set_user_menu
from bot.i18n import Catalogs, Translator, pick_locale
from bot.settings import Settings
from domain import areas as area_rules
from domain import invites as invite_rules
from domain.clock import Clock
from domain.errors import PermissionDenied
from domain.people import load_actor, revoke_grant
from domain.permissions import Action, Actor
from domain.roles import Role
from handlers.callbacks import AreaAct, AreaCb, InviteCb, InviteRevokeCb, MemberCb
from handlers.render import PAGE_SIZE, accessible, area_trail, pager_row, role_name
from storage import members as member_store
from storage.models import Area, User


def _rows(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def _b(text: str, data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())  # type: ignore[attr-defined]


async def _invite_area(session: AsyncSession, actor: Actor, area_id: int, role: Role | None) -> Area:
    """The area of an invite step, after checking that this person may invite (this role) there."""
    if not actor.can_anywhere(Action.VIEW_MEMBERS):
        raise PermissionDenied()  # every inviter can view members; strangers learn nothing about areas
    area = await area_rules.get_area(session, area_id)
    if not actor.invitable_roles(area.path) or (role is not None and not actor.can_invite(role, area.path)):
        raise PermissionDenied()
    return area


async def start_invite(
    query: CallbackQuery,
    callback_data: AreaCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
):
    await invite_step(query, InviteCb(area=callback_data.id), bot, session, actor, i18n, clock)


async def invite_step(
    query: CallbackQuery,
    callback_data: InviteCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
):
    """Role, then number of uses, then validity: three taps to a link."""
    choice = callback_data
    area = await _invite_area(session, actor, choice.area, choice.role)
    message: Message = query.message  # type: ignore[assignment]
    back = [_b(i18n.plain("btn-back"), AreaCb(act=AreaAct.OPEN, id=choice.area))]
    if choice.role is None:
        buttons = [
            _b(role_name(i18n, r), InviteCb(area=choice.area, role=r))
            for r in actor.invitable_roles(area.path)
        ]
        await message.edit_text(
            i18n("invite-ask-role", name=area.name), reply_markup=_rows(buttons[:3], buttons[3:], back)
        )
    elif choice.uses < 0:
        buttons = [
            _b(i18n.plain("invite-uses", uses=u), InviteCb(area=choice.area, role=choice.role, uses=u))
            for u in invite_rules.USES_CHOICES
        ]
        text = i18n("invite-ask-uses", role=role_name(i18n, choice.role), name=area.name)
        await message.edit_text(text, reply_markup=_rows(buttons, back))
    elif not choice.ttl:
        buttons = [
            _b(i18n.plain("invite-ttl", days=d), choice.model_copy(update={"ttl": d}))
            for d in invite_rules.TTL_CHOICES
        ]
        await message.edit_text(i18n("invite-ask-ttl"), reply_markup=_rows(buttons, back))
    else:
        invite = await invite_rules.create_invite(
            session,
            actor,
            role=choice.role,
            area_id=choice.area,
            max_uses=choice.uses or None,
            ttl=timedelta(days=choice.ttl),
            now=clock.now(),
        )
        me = await bot.me()
        link = invite_rules.deep_link(me.username or "", invite_rules.PAYLOAD_PREFIX + invite.token)
        text = i18n(
            "invite-created",
            role=role_name(i18n, invite.role),
            trail=await area_trail(session, area),
            link=link,
            uses=invite.max_uses or 0,
            days=choice.ttl,
        )
        await message.edit_text(text, reply_markup=_rows(back))
    await query.answer()


async def _render_invites(
    query: CallbackQuery,
    area_id: int,
    page: int,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    area = await _invite_area(session, actor, area_id, None)
    now = clock.now()
    invites = [
        i
        for i in await invite_rules.active_invites(session, area.id or 0, now)
        if actor.can_invite(Role(i.role), area.path)
    ]
    pages = max(1, -(-len(invites) // PAGE_SIZE))
    page = min(page, pages - 1)
    me = await bot.me()
    lines = [i18n("invites-title", name=area.name, count=len(invites))]
    rows = []
    for n, invite in enumerate(
        invites[page * PAGE_SIZE : (page + 1) * PAGE_SIZE], start=page * PAGE_SIZE + 1
    ):
        link = invite_rules.deep_link(me.username or "", invite_rules.PAYLOAD_PREFIX + invite.token)
        expires = invite.expires_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
        lines.append(
            i18n(
                "invites-line",
                n=n,
                role=role_name(i18n, invite.role),
                used=invite.uses,
                uses=invite.max_uses or 0,
                expires=expires,
                link=link,
            )
        )
        rows.append([_b(i18n.plain("btn-invite-revoke", n=n), InviteRevokeCb(invite=invite.id or 0))])
    rows.append(
        pager_row(i18n, page, pages, lambda p: AreaCb(act=AreaAct.INVITES, id=area.id or 0, page=p).pack())
    )
    rows.append([_b(i18n.plain("btn-back"), AreaCb(act=AreaAct.OPEN, id=area.id or 0))])
    await query.message.edit_text("\n".join(lines), reply_markup=_rows(*rows))  # type: ignore[union-attr]


async def list_invites(
    query: CallbackQuery,
    callback_data: AreaCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
):
    await _render_invites(
        query, callback_data.id, callback_data.page, bot, session, actor, i18n, clock, settings
    )
    await query.answer()


async def revoke_invite(
    query: CallbackQuery,
    callback_data: InviteRevokeCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    settings: Settings,
):
    if not actor.can_anywhere(Action.VIEW_MEMBERS):
        raise PermissionDenied()
    invite = await invite_rules.revoke_invite(session, actor, callback_data.invite, clock.now())
    await _render_invites(query, invite.area_id, 0, bot, session, actor, i18n, clock, settings)
    await query.answer(i18n.plain("invite-revoked"))


async def _render_members(
    query: CallbackQuery, area_id: int, page: int, session: AsyncSession, actor: Actor, i18n: Translator
) -> None:
    if not actor.can_anywhere(Action.VIEW_MEMBERS):
        raise PermissionDenied()
    area = await area_rules.get_area(session, area_id)
    actor.require(Action.VIEW_MEMBERS, area.path)
    found, total = await member_store.members_under(
        session, area.path, offset=page * PAGE_SIZE, limit=PAGE_SIZE
    )
    pages = max(1, -(-total // PAGE_SIZE))
    manage = actor.can(Action.MANAGE_MEMBERS, area.path)
    lines = [i18n("members-title", name=area.name, count=total)]
    rows = []
    for n, (grant, user, where) in enumerate(found, start=page * PAGE_SIZE + 1):
        handle = f" @{user.username}" if user.username else ""
        lines.append(
            i18n(
                "members-line",
                n=n,
                name=user.full_name,
                handle=handle,
                role=role_name(i18n, grant.role),
                area=where.name,
            )
        )
        if manage:
            rows.append(
                [
                    _b(
                        i18n.plain("btn-member-revoke", n=n, name=user.full_name),
                        MemberCb(area=area_id, grant=grant.id or 0, page=page),
                    )
                ]
            )
    rows.append(pager_row(i18n, page, pages, lambda p: MemberCb(area=area_id, page=p).pack()))
    rows.append([_b(i18n.plain("btn-back"), AreaCb(act=AreaAct.OPEN, id=area_id))])
    await query.message.edit_text("\n".join(lines), reply_markup=_rows(*rows))  # type: ignore[union-attr]


async def list_members(
    query: CallbackQuery,
    callback_data: AreaCb | MemberCb,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
):
    area_id = callback_data.id if isinstance(callback_data, AreaCb) else callback_data.area
    await _render_members(query, area_id, callback_data.page, session, actor, i18n)
    await query.answer()


async def confirm_revoke(
    query: CallbackQuery, callback_data: MemberCb, session: AsyncSession, actor: Actor, i18n: Translator
):
    if not actor.can_anywhere(Action.MANAGE_MEMBERS):
        raise PermissionDenied()
    area = await area_rules.get_area(session, callback_data.area)
    actor.require(Action.MANAGE_MEMBERS, area.path)
    rows = [
        [
            _b(i18n.plain("btn-confirm-revoke"), callback_data.model_copy(update={"confirm": True})),
            _b(i18n.plain("btn-back"), MemberCb(area=callback_data.area, page=callback_data.page)),
        ]
    ]
    await query.message.edit_text(i18n("member-revoke-confirm"), reply_markup=_rows(*rows))  # type: ignore[union-attr]
    await query.answer()


async def do_revoke(
    query: CallbackQuery,
    callback_data: MemberCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
):
    grant, changed = await revoke_grant(session, actor, callback_data.grant, clock.now())
    if changed:
        # Only the tap that revoked tells the person; a second tap on a slow network says nothing again.
        member = await session.get(User, grant.user_id)
        area = await area_rules.get_area(session, grant.area_id)
        await set_user_menu(
            bot,
            catalogs,
            await load_actor(session, grant.user_id, settings.admin_ids),
            settings.default_locale,
        )
        if member is not None:
            t = catalogs.translator(pick_locale(member.language_code, settings.default_locale))
            with contextlib.suppress(
                TelegramAPIError
            ):  # they may have blocked the bot; the revocation stands
                await bot.send_message(
                    member.id, t("member-you-were-revoked", role=role_name(t, grant.role), area=area.name)
                )
    await _render_members(query, callback_data.area, 0, session, actor, i18n)
    await query.answer(i18n.plain("member-revoked"))


def build_router() -> Router:
    """A fresh router each call: a router can belong to only one dispatcher."""
    router = Router(name=__name__)
    router.callback_query.filter(F.message.chat.type == "private", accessible)
    router.callback_query.register(start_invite, AreaCb.filter(F.act == AreaAct.INVITE))
    router.callback_query.register(invite_step, InviteCb.filter())
    router.callback_query.register(list_invites, AreaCb.filter(F.act == AreaAct.INVITES))
    router.callback_query.register(revoke_invite, InviteRevokeCb.filter())
    router.callback_query.register(list_members, AreaCb.filter(F.act == AreaAct.MEMBERS))
    router.callback_query.register(list_members, MemberCb.filter(F.grant == 0))
    router.callback_query.register(confirm_revoke, MemberCb.filter((F.grant > 0) & ~F.confirm))
    router.callback_query.register(do_revoke, MemberCb.filter((F.grant > 0) & F.confirm))
    return router
