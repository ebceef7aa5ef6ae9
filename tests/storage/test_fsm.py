"""Conversation state lives in the database: it survives a restart and names no one."""

import asyncio
import secrets

import pytest
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import event, text

from bot.app import build_services
from storage.db import single_statement, write_transaction
from storage.fsm import SQLStorage
from storage.migrate import upgrade

KEY = StorageKey(bot_id=42, chat_id=987654321, user_id=987654321)


async def test_state_and_data_survive_a_new_process(settings):
    first = build_services(settings)
    await upgrade(first.engine)
    storage = SQLStorage(first.engine, b"k")
    await storage.set_state(KEY, State("waiting_for_name", "AreaForm"))
    await storage.set_data(KEY, {"parent_id": 3, "名称": "城关镇"})
    await first.dispose()

    second = build_services(settings)
    storage = SQLStorage(second.engine, b"k")
    assert await storage.get_state(KEY) == "AreaForm:waiting_for_name"
    assert await storage.get_data(KEY) == {"parent_id": 3, "名称": "城关镇"}
    assert await storage.updated_at(KEY) is not None
    await second.dispose()


async def test_keys_are_keyed_hashes(services):
    storage = SQLStorage(services.engine, b"secret")
    await storage.set_state(KEY, "S:x")
    async with services.engine.connect() as conn:
        keys = (await conn.execute(text("SELECT key FROM fsm_states"))).scalars().all()
    assert len(keys) == 1
    assert "987654321" not in keys[0] and len(keys[0]) == 64
    # Another secret gives another key, so the table cannot be matched against user ids without it.
    assert await SQLStorage(services.engine, b"other").get_state(KEY) is None


async def test_cleared_conversation_leaves_no_row(services):
    storage = SQLStorage(services.engine, b"k")
    await storage.set_state(KEY, "S:x")
    await storage.set_data(KEY, {"a": 1})
    await storage.set_state(KEY, None)
    await storage.set_data(KEY, {})
    async with services.engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM fsm_states"))).scalar_one() == 0
    assert await storage.get_data(KEY) == {}


async def test_concurrent_writers_do_not_fail(services):
    """Many users writing at once queue on SQLite's write lock instead of failing as 'locked'."""
    storage = SQLStorage(services.engine, b"k")
    keys = [StorageKey(bot_id=42, chat_id=i, user_id=i) for i in range(1, 41)]
    await asyncio.gather(*(storage.set_data(key, {"n": key.user_id}) for key in keys))
    await asyncio.gather(*(storage.set_state(key, "S:x") for key in keys))
    assert [(await storage.get_data(key))["n"] for key in keys] == list(range(1, 41))


async def test_a_fresh_storage_reads_what_another_wrote(services):
    """A restart empties the cache: the new process reads the conversation back from the table."""
    before = SQLStorage(services.engine, b"k")
    await before.set_state_and_data(KEY, "S:x", {"draft": {"sector": "fire"}})
    await before.set_data(KEY, {"draft": {"sector": "gas"}})
    after = SQLStorage(services.engine, b"k")
    assert await after.get_state(KEY) == "S:x"
    assert await after.get_data(KEY) == {"draft": {"sector": "gas"}}


async def test_reads_come_from_memory_and_are_copies(services):
    storage = SQLStorage(services.engine, b"k")
    await storage.set_data(KEY, {"photos": ["a"]})
    statements = _count_statements(services.engine)
    data = await storage.get_data(KEY)
    data["photos"].append("b")  # a handler changing what it read changes nothing stored
    assert await storage.get_data(KEY) == {"photos": ["a"]}
    assert await storage.get_state(KEY) is None
    assert statements == []


async def test_a_write_that_changes_nothing_is_not_sent(services):
    storage = SQLStorage(services.engine, b"k")
    await storage.set_state_and_data(KEY, "S:x", {"a": 1})
    statements = _count_statements(services.engine)
    await storage.set_state(KEY, "S:x")
    await storage.update_data(KEY, {"a": 1})
    assert statements == []
    await storage.set_state(KEY, "S:y")
    assert any(s.startswith("INSERT") for s in statements)


async def test_clear_deletes_the_row_also_when_cached(services):
    storage = SQLStorage(services.engine, b"k")
    await storage.set_state_and_data(KEY, "S:x", {"a": 1})
    await storage.set_state_and_data(KEY, None, {})
    async with services.engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM fsm_states"))).scalar_one() == 0
    assert await SQLStorage(services.engine, b"k").get_state(KEY) is None
    assert (await storage.get_state(KEY), await storage.get_data(KEY)) == (None, {})


async def test_the_cache_is_bounded(services):
    storage = SQLStorage(services.engine, b"k", cache_size=3)
    keys = [StorageKey(bot_id=42, chat_id=i, user_id=i) for i in range(1, 6)]
    for key in keys:
        await storage.set_data(key, {"n": key.user_id})
    assert len(storage._cache) == 3
    # An evicted key is read back from the table.
    assert (await storage.get_data(keys[0]))["n"] == 1
    assert len(storage._cache) == 3


async def test_a_failed_write_is_read_again(services):
    """When a write fails, whether it landed is unknown: the next read asks the table, not the cache."""
    storage = SQLStorage(services.engine, b"k")
    await storage.set_state(KEY, "S:x")

    class Broken:
        def begin(self):
            raise ConnectionError("database gone")

    engine, storage._engine = storage._engine, Broken()
    with pytest.raises(ConnectionError):
        await storage.set_state(KEY, "S:y")
    storage._engine = engine
    statements = _count_statements(services.engine)
    assert await storage.get_state(KEY) == "S:x"
    assert any(s.startswith("SELECT") for s in statements)


def _count_statements(engine) -> list[str]:
    """Statements the engine sends from now on."""
    sent: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda _c, _cur, s, *_a: sent.append(s))
    return sent


async def test_a_write_is_one_statement(services):
    """No BEGIN and COMMIT around the upsert: SQLite's write lock is held only while it runs."""
    storage = SQLStorage(services.engine, b"k")
    statements = _count_statements(services.engine)
    await storage.set_state_and_data(KEY, "S:x", {"a": 1})
    await storage.set_state_and_data(KEY, None, {})
    assert [s.split()[0] for s in statements] == ["INSERT", "DELETE"]


async def test_a_single_statement_leaves_the_session_for_ordinary_transactions(services):
    async with services.session_pool() as session:
        statements = _count_statements(services.engine)
        async with single_statement(session):
            assert (await session.exec(text("SELECT 1"))).scalar_one() == 1
        assert not session.in_transaction()
        async with write_transaction(session):
            await session.exec(text("SELECT 2"))
    assert [s.split()[0] for s in statements] == ["SELECT", "BEGIN", "SAVEPOINT", "SELECT", "RELEASE"]


async def test_redis_writes_a_step_in_one_round_trip():
    """With several replicas the state is in Redis: the step's state and data change together there too."""
    from tests.scale.conftest import REDIS, _redis_ok

    if reason := await _redis_ok():
        pytest.skip(reason)
    from storage.redis_state import connect, storage_and_isolation

    redis = connect(REDIS)
    storage, _ = storage_and_isolation(redis, secrets.token_bytes(16))
    try:
        await storage.set_state_and_data(KEY, "S:x", {"draft": {"sector": "fire"}})
        assert await storage.get_state(KEY) == "S:x"
        assert await storage.get_data(KEY) == {"draft": {"sector": "fire"}}
        await storage.set_state_and_data(KEY, None, {})
        assert (await storage.get_state(KEY), await storage.get_data(KEY)) == (None, {})
    finally:
        await redis.aclose()
