"""Conversation state lives in the database: it survives a restart and names no one."""

import asyncio

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import text

from bot.app import build_services
from storage.fsm import SQLStorage
from storage.migrate import upgrade

KEY = StorageKey(bot_id=42, chat_id=987654321, user_id=987654321)


async def test_state_and_data_survive_a_new_process(settings):
    first = build_services(settings)
    await upgrade(first.engine)
    storage = SQLStorage(first.session_pool, b"k")
    await storage.set_state(KEY, State("waiting_for_name", "AreaForm"))
    await storage.set_data(KEY, {"parent_id": 3, "名称": "城关镇"})
    await first.dispose()

    second = build_services(settings)
    storage = SQLStorage(second.session_pool, b"k")
    assert await storage.get_state(KEY) == "AreaForm:waiting_for_name"
    assert await storage.get_data(KEY) == {"parent_id": 3, "名称": "城关镇"}
    assert await storage.updated_at(KEY) is not None
    await second.dispose()


async def test_keys_are_keyed_hashes(services):
    storage = SQLStorage(services.session_pool, b"secret")
    await storage.set_state(KEY, "S:x")
    async with services.engine.connect() as conn:
        keys = (await conn.execute(text("SELECT key FROM fsm_states"))).scalars().all()
    assert len(keys) == 1
    assert "987654321" not in keys[0] and len(keys[0]) == 64
    # Another secret gives another key, so the table cannot be matched against user ids without it.
    assert await SQLStorage(services.session_pool, b"other").get_state(KEY) is None


async def test_cleared_conversation_leaves_no_row(services):
    storage = SQLStorage(services.session_pool, b"k")
    await storage.set_state(KEY, "S:x")
    await storage.set_data(KEY, {"a": 1})
    await storage.set_state(KEY, None)
    await storage.set_data(KEY, {})
    async with services.engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM fsm_states"))).scalar_one() == 0
    assert await storage.get_data(KEY) == {}


async def test_concurrent_writers_do_not_fail(services):
    """Many users writing at once queue on SQLite's write lock instead of failing as 'locked'."""
    storage = SQLStorage(services.session_pool, b"k")
    keys = [StorageKey(bot_id=42, chat_id=i, user_id=i) for i in range(1, 41)]
    await asyncio.gather(*(storage.set_data(key, {"n": key.user_id}) for key in keys))
    await asyncio.gather(*(storage.set_state(key, "S:x") for key in keys))
    assert [(await storage.get_data(key))["n"] for key in keys] == list(range(1, 41))
