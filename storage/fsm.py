"""FSM storage in the application database, so a conversation survives a restart."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db import write_transaction
from storage.models import FsmRecord


class SQLStorage(BaseStorage):
    """aiogram storage on SQLAlchemy (SQLite or PostgreSQL).

    Keys are HMAC'd with the secret key: the table must not become a list of who talked to the bot,
    since anonymous tipsters talk to it too. Per-user ordering comes from the dispatcher's event
    isolation, so read-modify-write of the data is safe.
    """

    def __init__(
        self,
        session_pool: async_sessionmaker[AsyncSession],
        secret: bytes,
        key_builder: KeyBuilder | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._pool = session_pool
        self._secret = secret
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._clock = clock

    def _key(self, key: StorageKey) -> str:
        raw = self._key_builder.build(key).encode()
        return hmac.new(self._secret, raw, hashlib.sha256).hexdigest()

    async def _load(self, key: StorageKey) -> FsmRecord | None:
        async with self._pool() as session:
            return await session.get(FsmRecord, self._key(key))

    async def _save(self, key: StorageKey, **changes: Any) -> None:
        async with self._pool() as session, write_transaction(session):
            existing = await session.get(FsmRecord, self._key(key))
            record = existing or FsmRecord(key=self._key(key), state=None, data={}, updated_at=self._clock())
            for name, value in changes.items():
                setattr(record, name, value)
            record.updated_at = self._clock()
            if record.state is None and not record.data:
                # An ended conversation leaves no row behind.
                if existing is not None:
                    await session.delete(existing)
            else:
                session.add(record)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._save(key, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        record = await self._load(key)
        return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._save(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        record = await self._load(key)
        return dict(record.data) if record else {}

    async def updated_at(self, key: StorageKey) -> datetime | None:
        """When the conversation last moved; lets features offer to resume or drop a stale draft."""
        record = await self._load(key)
        return record.updated_at if record else None

    async def close(self) -> None:
        """The pool belongs to the application, which disposes of it."""
