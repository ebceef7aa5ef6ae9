"""FSM storage in the application database, so a conversation survives a restart."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy import Executable, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import single_statements
from storage.models import FsmRecord

# Conversations held in memory at most. One entry is a few hundred bytes (a draft is ids and short texts);
# far more than the people a process talks to at once, and a miss costs only one read.
CACHE_SIZE = 4096
_TABLE = FsmRecord.__table__  # type: ignore[attr-defined]
_EMPTY = "{}"


class _Entry(NamedTuple):
    """One key's record as the database holds it; `data` is its JSON text, so every read gets a fresh copy
    and a write that changes nothing is recognised."""

    state: str | None
    data: str
    updated_at: datetime | None


_ABSENT = _Entry(None, _EMPTY, None)
_KEEP: Any = object()  # in a write: leave this part of the record as it is


class SQLStorage(BaseStorage):
    """aiogram storage on SQLAlchemy (SQLite or PostgreSQL), with each key's record cached in the process.

    Keys are HMAC'd with the secret key: the table must not become a list of who talked to the bot,
    since anonymous tipsters talk to it too (the cache is keyed by the same hashes).

    Why serving reads from the cache is safe: this storage is the only writer of its rows, and it is used
    only when the bot runs as one process (bot.app picks Redis when REDIS_URL is set, for several replicas).
    Within the process, the dispatcher's event isolation (SimpleEventIsolation) hands one key's updates to
    handlers one at a time, so read-modify-write of the data is safe, and the cache is written only after
    the database accepted the write. Two processes on one database without Redis would each trust their
    own cache: that setup was never supported (isolation is per process too). A restart starts with an
    empty cache and reads from the table, so a conversation survives it.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        secret: bytes,
        key_builder: KeyBuilder | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        cache_size: int = CACHE_SIZE,
    ) -> None:
        # Every statement here is a whole transaction: an upsert, a delete, or a read of one row.
        self._engine = single_statements(engine)
        self._upsert = _upsert_for(engine.dialect.name)
        self._secret = secret
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._clock = clock
        self._cache: OrderedDict[str, _Entry] = OrderedDict()
        self._cache_size = cache_size

    def _key(self, key: StorageKey) -> str:
        raw = self._key_builder.build(key).encode()
        return hmac.new(self._secret, raw, hashlib.sha256).hexdigest()

    def _remember(self, digest: str, entry: _Entry) -> None:
        self._cache[digest] = entry
        self._cache.move_to_end(digest)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)  # the least recently used

    async def _entry(self, digest: str) -> _Entry:
        entry = self._cache.get(digest)
        if entry is not None:
            self._cache.move_to_end(digest)
            return entry
        async with self._engine.connect() as conn:
            row = (await conn.execute(_READ, {"digest": digest})).first()
        entry = _Entry(row.state, json.dumps(row.data), row.updated_at) if row else _ABSENT
        # A write that finished while this read waited is newer than what was read.
        if digest not in self._cache:
            self._remember(digest, entry)
        return self._cache.get(digest, entry)

    async def _write(self, key: StorageKey, state: str | None, data: str) -> None:
        """Write the record in one statement (`_KEEP` leaves a part as it is); nothing if nothing changed."""
        digest = self._key(key)
        if state is _KEEP or data is _KEEP:
            old: _Entry | None = await self._entry(digest)  # the part kept comes from the record
        else:
            old = self._cache.get(digest)  # a whole new record: the old one need not be read
        if old is not None:
            new = _Entry(old.state if state is _KEEP else state, old.data if data is _KEEP else data, None)
            if (new.state, new.data) == (old.state, old.data):
                return
        else:
            new = _Entry(state, data, None)
        now = self._clock()
        if new.state is None and new.data == _EMPTY:
            # An ended conversation leaves no row behind.
            statement, values = _DELETE, {"digest": digest}
            new = _ABSENT
        else:
            statement = self._upsert
            values = {"key": digest, "state": new.state, "data": json.loads(new.data), "updated_at": now}
            new = new._replace(updated_at=now)
        try:
            async with self._engine.begin() as conn:
                await conn.execute(statement, values)
        except BaseException:
            # Whether it reached the database is unknown (a cancelled commit, say): read it afresh next time.
            self._cache.pop(digest, None)
            raise
        self._remember(digest, new)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._write(key, _state_name(state), _KEEP)

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._entry(self._key(key))).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, _KEEP, json.dumps(dict(data)))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((await self._entry(self._key(key))).data)
        return data

    async def set_state_and_data(self, key: StorageKey, state: StateType, data: Mapping[str, Any]) -> None:
        """Both in one write: a step of a conversation moves to its next question and saves its answer."""
        await self._write(key, _state_name(state), json.dumps(dict(data)))

    async def updated_at(self, key: StorageKey) -> datetime | None:
        """When the conversation last moved; lets features offer to resume or drop a stale draft."""
        return (await self._entry(self._key(key))).updated_at

    async def close(self) -> None:
        """The engine belongs to the application, which disposes of it."""
        self._cache.clear()


def _state_name(state: StateType) -> str | None:
    return state.state if isinstance(state, State) else state


# Statements built once: building them (and their cache keys) anew cost more than running them.
_READ = select(_TABLE.c.state, _TABLE.c.data, _TABLE.c.updated_at).where(_TABLE.c.key == bindparam("digest"))
_DELETE = delete(_TABLE).where(_TABLE.c.key == bindparam("digest"))


def _upsert_for(dialect: str) -> Executable:
    """Insert the record, or replace an existing one's state, data and time (values given when executed)."""
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_TABLE)
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[_TABLE.c.key],
        set_={"state": excluded.state, "data": excluded.data, "updated_at": excluded.updated_at},
    )
