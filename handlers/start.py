"""First contact and the everyday commands: /start (and invite links), /help, /me, /cancel."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.commands import set_user_menu
from bot.i18n import Catalogs, Translator
from bot.settings import Settings
from domain import invites as invite_rules
from domain.clock import Clock
from domain.people import Person, grants_of, load_actor
from domain.permissions import Action, Actor
from domain.roles import Role
from handlers.callbacks import CancelCb
from handlers.menu import main_menu
from handlers.rectify import tell
from handlers.render import PROMPT_KEY, area_trail, chunks, role_name
from handlers.tips import entry_buttons
from storage.models import Hazard, User

# What each role is told it can do in /help, in this order.
HELP_SECTIONS = (
    (Role.ADMIN, "help-admin"),
    (Role.LEADER, "help-leader"),
    (Role.SUPERVISOR, "help-supervisor"),
    (Role.RECTIFIER, "help-rectifier"),
    (Role.COORDINATOR, "help-coordinator"),
)


async def start_with_invite(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    i18n: Translator,
    state: FSMContext,
    clock: Clock,
    catalogs: Catalogs,
    settings: Settings,
):
    await state.clear()
    token = invite_rules.token_from_payload(command.args or "") or ""
    user = message.from_user
    assert user is not None
    person = Person(user.id, user.full_name, user.username, user.language_code)
    redeemed = await invite_rules.redeem_invite(session, person, token, clock.now())
    trail = await area_trail(session, redeemed.area)
    key = "invite-already-held" if redeemed.already_held else "invite-welcome"
    await message.answer(
        i18n(key, name=user.full_name, role=role_name(i18n, redeemed.grant.role), trail=trail)
    )
    actor = await load_actor(session, user.id, settings.admin_ids)
    await set_user_menu(bot, catalogs, actor, settings.default_locale)
    await message.answer(_help_text(actor, i18n))
    if redeemed.hazard_id is not None:
        # Named as the 整改责任人 by name and phone: the task itself comes right after the welcome.
        hazard = await session.get(Hazard, redeemed.hazard_id)
        if hazard is not None and hazard.rectifier_id == user.id:
            await tell(
                bot,
                catalogs,
                settings,
                await session.get(User, user.id),
                "notify-assigned-rectifier",
                hazard,
                deadline=hazard.deadline.isoformat() if hazard.deadline else "—",
                measures=hazard.measures or "",
            )


async def start(
    message: Message,
    bot: Bot,
    actor: Actor,
    i18n: Translator,
    state: FSMContext,
    catalogs: Catalogs,
    settings: Settings,
):
    await state.clear()
    if actor.is_staff:
        # The per-person command menu follows the bot's version too, not only role changes.
        await set_user_menu(bot, catalogs, actor, settings.default_locale)
        await message.answer(
            i18n("start-staff", name=message.from_user.full_name), reply_markup=main_menu(actor, i18n)
        )  # type: ignore[union-attr]
        await message.answer(_help_text(actor, i18n))
    else:
        await message.answer(i18n("start-stranger"), reply_markup=entry_buttons(i18n))


def _help_text(actor: Actor, i18n: Translator) -> str:
    if not actor.is_staff:
        return i18n("help-stranger")
    parts = [i18n("help-title")]
    parts += [i18n(key) for role, key in HELP_SECTIONS if role in actor.roles]
    if actor.can_anywhere(Action.VIEW_MEMBERS):
        parts.append(i18n("help-areas"))
    parts.append(i18n("help-common"))
    return "\n\n".join(parts)


async def help_(message: Message, actor: Actor, i18n: Translator):
    await message.answer(_help_text(actor, i18n))


async def me(message: Message, session: AsyncSession, actor: Actor, i18n: Translator, settings: Settings):
    user = message.from_user
    assert user is not None
    if not actor.is_staff:
        await message.answer(i18n("me-stranger"))
        return
    lines = [
        i18n(
            "me-title",
            name=user.full_name,
            handle=f" @{user.username}" if user.username else "",
            id=str(user.id),
        )
    ]
    if actor.is_global_admin:
        lines.append(i18n("me-global-admin"))
    for grant, area in await grants_of(session, user.id):
        lines.append(
            i18n("me-role-line", role=role_name(i18n, grant.role), trail=await area_trail(session, area))
        )
    stored = await session.get(User, user.id)
    if stored is not None:
        lines.append(i18n("me-since", date=stored.created_at.astimezone(settings.tz).strftime("%Y-%m-%d")))
    for text in chunks(lines):
        await message.answer(text)


async def cancel(message: Message, actor: Actor, i18n: Translator, state: FSMContext):
    had = await state.get_state()
    await state.clear()
    # Back to the main menu: a step may have replaced it with a keyboard of its own.
    await message.answer(
        i18n("cancelled" if had else "nothing-to-cancel"), reply_markup=main_menu(actor, i18n)
    )


async def cancel_button(query: CallbackQuery, i18n: Translator, state: FSMContext):
    data = await state.get_data()
    pressed = query.message.message_id if query.message else None
    if await state.get_state() is not None and data.get(PROMPT_KEY) == pressed:
        await state.clear()
        await query.answer(i18n.plain("cancelled"))
    else:
        await query.answer(i18n.plain("nothing-to-cancel"))  # an old prompt; a newer conversation stays
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


def build_router() -> Router:
    """A fresh router each call: a router can belong to only one dispatcher."""
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(
        start_with_invite, CommandStart(deep_link=True, magic=F.args.startswith(invite_rules.PAYLOAD_PREFIX))
    )
    router.message.register(start, CommandStart())
    router.message.register(help_, Command("help"))
    router.message.register(me, Command("me"))
    router.message.register(cancel, Command("cancel"))
    router.callback_query.register(cancel_button, CancelCb.filter())
    return router
