"""Per-update context: one database session, the acting person, their language."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import log_context
from bot.i18n import Catalogs, pick_locale
from domain.people import Person, ensure_user, load_actor
from domain.permissions import Actor
from domain.roles import Role
from storage.db import single_statement, write_transaction

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DbSessionMiddleware(BaseMiddleware):
    def __init__(self, session_pool: async_sessionmaker[AsyncSession]) -> None:
        self.session_pool = session_pool

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.session_pool() as session:
            data["session"] = session
            try:
                return await handler(event, data)
            finally:
                # Use cases commit what they mean to keep; anything left half-done is dropped.
                if session.in_transaction():
                    await session.rollback()


class ActorMiddleware(BaseMiddleware):
    """Loads who is acting, fresh for every update, so a revoked role stops working at once."""

    def __init__(self, catalogs: Catalogs, admin_ids: Collection[int], default_locale: str) -> None:
        self.catalogs = catalogs
        self.admin_ids = frozenset(admin_ids)
        self.default_locale = default_locale

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        if user is None:
            data["actor"] = None
            locale = self.default_locale
        else:
            async with single_statement(session):
                actor = await load_actor(session, user.id, self.admin_ids)
            if actor.is_global_admin and not actor.registered:
                # Administrators named in the settings act (and sign) like everyone else: they need a record.
                async with write_transaction(session):
                    await ensure_user(
                        session,
                        Person(user.id, user.full_name, user.username, user.language_code),
                        datetime.now(UTC),
                    )
                actor = await load_actor(session, user.id, self.admin_ids)
            data["actor"] = actor
            log_context.role.set(_role_for_logs(actor))
            # End the read at once: the connection goes back to the pool while the handler talks to
            # Telegram, and the handler's own reads see the newest data.
            await session.commit()
            locale = pick_locale(user.language_code, self.default_locale)
        data["locale"] = locale
        data["i18n"] = self.catalogs.translator(locale)
        return await handler(event, data)


def _role_for_logs(actor: Actor) -> str:
    """The most senior role, or "public": enough to read a log by, and never who the person is."""
    return next((role.value for role in Role if role in actor.roles), "public")


class LogContextMiddleware(BaseMiddleware):
    """Each log line written while an update is handled carries its update id (see bot.logging_setup).

    Not reset afterwards on purpose: each update runs in a task of its own (polling and webhook alike), and
    aiogram's own "update handled" line, written after the middlewares return, should carry them too."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        log_context.update_id.set(getattr(event, "update_id", None))
        log_context.role.set(None)
        return await handler(event, data)


class OnceMiddleware(BaseMiddleware):
    """With several replicas behind a webhook, an update Telegram sends again (after a slow answer) may reach
    another replica: only the first to claim it in Redis handles it."""

    def __init__(self, redis: Redis, secret: bytes) -> None:
        self.redis, self.secret = redis, secret

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        from storage.redis_state import first_time

        update_id = getattr(event, "update_id", None)
        bot = data.get("bot")
        if (
            update_id is not None
            and bot is not None
            and not await first_time(self.redis, self.secret, bot.id, update_id)
        ):
            log.info("update already handled by another replica; skipped")
            return None
        return await handler(event, data)


def actor_of(data: dict[str, Any]) -> Actor | None:
    return data.get("actor")
