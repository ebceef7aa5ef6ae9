"""Conversation state, locks and update de-duplication in Redis, for several replicas.

Keys are keyed hashes of aiogram's key, as in the SQL storage: the Redis keyspace must not list the Telegram
ids of the people talking to the bot (a tipster's among them).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any, Literal

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio import Redis

PREFIX = "safegrid"
# A state untouched for 30 days is gone: the SQL storage keeps it, Redis need not hold it forever.
STATE_TTL = 30 * 24 * 3600
UPDATE_SEEN_TTL = 24 * 3600


class HashedKeyBuilder(KeyBuilder):
    def __init__(self, secret: bytes) -> None:
        self._secret = secret
        self._plain = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

    def build(self, key: StorageKey, part: Literal["data", "state", "lock"] | None = None) -> str:
        digest = hmac.new(self._secret, self._plain.build(key).encode(), hashlib.sha256).hexdigest()
        return f"{PREFIX}:fsm:{digest}:{part}" if part else f"{PREFIX}:fsm:{digest}"


class ConversationStorage(RedisStorage):
    """aiogram's Redis storage, with a step's state and data written together in one round trip."""

    async def set_state_and_data(self, key: StorageKey, state: StateType, data: Mapping[str, Any]) -> None:
        state_key, data_key = self.key_builder.build(key, "state"), self.key_builder.build(key, "data")
        value = state.state if isinstance(state, State) else state
        async with self.redis.pipeline(transaction=True) as both:
            if value is None:
                both.delete(state_key)
            else:
                both.set(state_key, value, ex=self.state_ttl)
            if data:
                both.set(data_key, self.json_dumps(dict(data)), ex=self.data_ttl)
            else:
                both.delete(data_key)
            await both.execute()


def connect(url: str) -> Redis:
    return Redis.from_url(url)


def storage_and_isolation(redis: Redis, secret: bytes) -> tuple[ConversationStorage, RedisEventIsolation]:
    builder = HashedKeyBuilder(secret)
    storage = ConversationStorage(redis, key_builder=builder, state_ttl=STATE_TTL, data_ttl=STATE_TTL)
    return storage, RedisEventIsolation(redis, key_builder=builder)


async def first_time(redis: Redis, secret: bytes, bot_id: int, update_id: int) -> bool:
    """True for the first replica to see this update; Telegram may deliver one again after a timeout.

    Keyed by the installation's secret too, so two installations sharing a Redis never skip each other's."""
    name = hmac.new(secret, f"update:{bot_id}:{update_id}".encode(), hashlib.sha256).hexdigest()[:32]
    return bool(await redis.set(f"{PREFIX}:update:{name}", b"1", nx=True, ex=UPDATE_SEEN_TTL))
