"""Invite links and members of an area: create, list and revoke."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
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
from handlers.render import area_trail, page_slice, pager_row, role_name
from storage import members as member_store
from storage.models import User

router = Router(name=__name__)
router.callback_query.filter(F.message.chat.type == "private")


def _rows(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def _b(text: str, data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())  # type: ignore[attr-defined]


@router.callback_query(AreaCb.filter(F.act == AreaAct.INVITE))
@router.callback_query(InviteCb.filter())
async def invite_step(
    query: CallbackQuery,
    callback_data: AreaCb | InviteCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
):
    """Role, then number of uses, then validity: three taps to a link."""
    choice = callback_data if isinstance(callback_data, InviteCb) else InviteCb(area=callback_data.id)
    area = await area_rules.get_area(session, choice.area)
    back = [_b(i18n("btn-back"), AreaCb(act=AreaAct.OPEN, id=choice.area))]
    if not choice.role:
        roles = actor.invitable_roles(area.path)
        if not roles:
            raise PermissionDenied()
        buttons = [_b(role_name(i18n, r), InviteCb(area=choice.area, role=r.value)) for r in roles]
        markup = _rows(buttons[:3], buttons[3:], back)
        await query.message.edit_text(i18n("invite-ask-role", name=area.name), reply_markup=markup)  # type: ignore[union-attr]
    elif choice.uses < 0:
        buttons = [
            _b(i18n("invite-uses", uses=u), InviteCb(area=choice.area, role=choice.role, uses=u))
            for u in invite_rules.USES_CHOICES
        ]
        markup = _rows(buttons, back)
        text = i18n("invite-ask-uses", role=role_name(i18n, choice.role), name=area.name)
        await query.message.edit_text(text, reply_markup=markup)  # type: ignore[union-attr]
    elif not choice.ttl:
        buttons = [
            _b(
                i18n("invite-ttl", days=d),
                InviteCb(area=choice.area, role=choice.role, uses=choice.uses, ttl=d),
            )
            for d in invite_rules.TTL_CHOICES
        ]
        await query.message.edit_text(i18n("invite-ask-ttl"), reply_markup=_rows(buttons, back))  # type: ignore[union-attr]
    else:
        invite = await invite_rules.create_invite(
            session,
            actor,
            role=Role(choice.role),
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
        await query.message.edit_text(text, reply_markup=_rows(back))  # type: ignore[union-attr]
    await query.answer()


@router.callback_query(AreaCb.filter(F.act == AreaAct.INVITES))
async def list_invites(
    query: CallbackQuery,
    callback_data: AreaCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
):
    area = await area_rules.get_area(session, callback_data.id)
    if not actor.invitable_roles(area.path):
        raise PermissionDenied()
    now = clock.now()
    invites = [
        i
        for i in await invite_rules.active_invites(session, area.id or 0, now)
        if actor.can_invite(Role(i.role), area.path)
    ]
    shown, page, pages = page_slice(invites, callback_data.page)
    me = await bot.me()
    lines = [i18n("invites-title", name=area.name, count=len(invites))]
    rows = []
    for n, invite in enumerate(shown, start=page * 8 + 1):
        link = invite_rules.deep_link(me.username or "", invite_rules.PAYLOAD_PREFIX + invite.token)
        lines.append(
            i18n(
                "invites-line",
                n=n,
                role=role_name(i18n, invite.role),
                used=invite.uses,
                uses=invite.max_uses or 0,
                expires=invite.expires_at.strftime("%Y-%m-%d"),
                link=link,
            )
        )
        rows.append([_b(i18n("btn-invite-revoke", n=n), InviteRevokeCb(invite=invite.id or 0))])
    rows.append(
        pager_row(i18n, page, pages, lambda p: AreaCb(act=AreaAct.INVITES, id=area.id or 0, page=p).pack())
    )
    rows.append([_b(i18n("btn-back"), AreaCb(act=AreaAct.OPEN, id=area.id or 0))])
    await query.message.edit_text("\n".join(lines), reply_markup=_rows(*rows))  # type: ignore[union-attr]
    await query.answer()


@router.callback_query(InviteRevokeCb.filter())
async def revoke_invite(
    query: CallbackQuery,
    callback_data: InviteRevokeCb,
    bot: Bot,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
    clock: Clock,
):
    invite = await invite_rules.revoke_invite(session, actor, callback_data.invite, clock.now())
    await query.answer(i18n("invite-revoked"))
    await list_invites(
        query, AreaCb(act=AreaAct.INVITES, id=invite.area_id), bot, session, actor, i18n, clock
    )


@router.callback_query(AreaCb.filter(F.act == AreaAct.MEMBERS))
@router.callback_query(MemberCb.filter(F.grant == 0))
async def list_members(
    query: CallbackQuery,
    callback_data: AreaCb | MemberCb,
    session: AsyncSession,
    actor: Actor,
    i18n: Translator,
):
    area_id = callback_data.id if isinstance(callback_data, AreaCb) else callback_data.area
    area = await area_rules.get_area(session, area_id)
    actor.require(Action.VIEW_MEMBERS, area.path)
    page = callback_data.page
    rows_found, total = await member_store.members_under(session, area.path, offset=page * 8, limit=8)
    pages = max(1, -(-total // 8))
    manage = actor.can(Action.MANAGE_MEMBERS, area.path)
    lines = [i18n("members-title", name=area.name, count=total)]
    rows = []
    for n, (grant, user, where) in enumerate(rows_found, start=page * 8 + 1):
        lines.append(
            i18n(
                "members-line",
                n=n,
                name=user.full_name,
                handle=f" @{user.username}" if user.username else "",
                role=role_name(i18n, grant.role),
                area=where.name,
            )
        )
        if manage:
            rows.append(
                [
                    _b(
                        i18n("btn-member-revoke", n=n, name=user.full_name),
                        MemberCb(area=area_id, grant=grant.id or 0, page=page),
                    )
                ]
            )
    rows.append(pager_row(i18n, page, pages, lambda p: MemberCb(area=area_id, page=p).pack()))
    rows.append([_b(i18n("btn-back"), AreaCb(act=AreaAct.OPEN, id=area_id))])
    await query.message.edit_text("\n".join(lines), reply_markup=_rows(*rows))  # type: ignore[union-attr]
    await query.answer()


@router.callback_query(MemberCb.filter((F.grant > 0) & ~F.confirm))
async def confirm_revoke(
    query: CallbackQuery, callback_data: MemberCb, session: AsyncSession, actor: Actor, i18n: Translator
):
    area = await area_rules.get_area(session, callback_data.area)
    actor.require(Action.MANAGE_MEMBERS, area.path)
    rows = [
        [
            _b(
                i18n("btn-confirm-revoke"),
                MemberCb(area=callback_data.area, grant=callback_data.grant, confirm=True),
            ),
            _b(i18n("btn-back"), MemberCb(area=callback_data.area, page=callback_data.page)),
        ]
    ]
    await query.message.edit_text(i18n("member-revoke-confirm"), reply_markup=_rows(*rows))  # type: ignore[union-attr]
    await query.answer()


@router.callback_query(MemberCb.filter((F.grant > 0) & F.confirm))
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
    grant = await revoke_grant(session, actor, callback_data.grant, clock.now())
    await query.answer(i18n("member-revoked"))
    member = await session.get(User, grant.user_id)
    area = await area_rules.get_area(session, grant.area_id)
    their_actor = await load_actor(session, grant.user_id, settings.admin_ids)
    await set_user_menu(bot, catalogs, their_actor, settings.default_locale)
    if member is not None:
        t = catalogs.translator(pick_locale(member.language_code, settings.default_locale))
        await _tell(
            bot, member.id, t("member-you-were-revoked", role=role_name(t, grant.role), area=area.name)
        )
    await list_members(query, MemberCb(area=callback_data.area), session, actor, i18n)


async def _tell(bot: Bot, chat_id: int, text: str) -> None:
    # They may have blocked the bot; the revocation stands regardless.
    with contextlib.suppress(TelegramAPIError):
        await bot.send_message(chat_id, text)
