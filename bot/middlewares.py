"""Per-update context: one database session, the acting person, their language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from datetime import UTC, datetime
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, pick_locale
from domain.people import Person, ensure_user, load_actor
from domain.permissions import Actor
from storage.db import write_transaction

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
            # End the read at once: the connection goes back to the pool while the handler talks to
            # Telegram, and the handler's own reads see the newest data.
            await session.commit()
            locale = pick_locale(user.language_code, self.default_locale)
        data["locale"] = locale
        data["i18n"] = self.catalogs.translator(locale)
        return await handler(event, data)


def actor_of(data: dict[str, Any]) -> Actor | None:
    return data.get("actor")
