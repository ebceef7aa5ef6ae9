"""The same code on PostgreSQL and Redis: migrations, the conversation state, and a selection of the
suites that exercise every write path, run again here on the scale-out settings (see conftest)."""

from __future__ import annotations

from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisStorage
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from storage.db import create_engine
from storage.migrate import downgrade, upgrade

# Imported so pytest runs them again here, on PostgreSQL and Redis (the fixtures come from this folder).
from tests.handlers.test_digests import (  # noqa: F401
    test_a_leader_previews_the_monthly_digest_and_sends_it_to_the_group,
    year,
)
from tests.handlers.test_rectify import test_report_assign_complete_return_complete_close  # noqa: F401
from tests.handlers.test_report import test_album_is_one_step_with_one_reply  # noqa: F401
from tests.handlers.test_tips import test_dismissed_and_duplicate_tips_tell_the_tipster  # noqa: F401
from tests.storage.test_digest_run import (  # noqa: F401
    test_a_slow_sender_that_lost_its_claim_stops,
    test_two_processes_on_one_database_send_once,
)
from tests.storage.test_statistics import month, test_monthly_figures_for_a_township  # noqa: F401
from tests.storage.test_tips import test_per_area_limit_holds_back_a_flood_from_many_chats  # noqa: F401

TIPSTER_ID = 5829173641


async def test_migrations_run_both_ways_and_match_the_models(pg_url):
    engine = create_engine(pg_url)
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda c: compare_metadata(
                MigrationContext.configure(c, opts={"compare_type": True}), SQLModel.metadata
            )
        )
    assert diff == [], f"PostgreSQL differs from the models: {diff}"
    await downgrade(engine, "base")
    await upgrade(engine)
    await engine.dispose()


async def test_conversation_state_is_in_redis_under_hashed_keys(dispatcher, services, chat, field):
    from tests.handlers.conftest import COORDINATOR

    assert isinstance(dispatcher.storage, RedisStorage)
    await chat.send(COORDINATOR, "📝 上报隐患")
    key = StorageKey(bot_id=chat.bot.id, chat_id=COORDINATOR.id, user_id=COORDINATOR.id)
    assert (await dispatcher.storage.get_state(key) or "").startswith("ReportForm:")
    names = [name.decode() async for name in services.redis.scan_iter(match="safegrid:fsm:*")]
    assert names and not any(str(COORDINATOR.id) in name for name in names)


async def test_an_update_delivered_twice_is_handled_once(dispatcher, chat, recording, field):
    from aiogram.types import Update

    from tests.handlers.conftest import COORDINATOR
    from tests.support.chat import Person

    first = await chat.send(Person(TIPSTER_ID, "某人"), "/start")
    replayed = Update.model_validate(
        {
            "update_id": 990001,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": COORDINATOR.id, "type": "private"},
                "from": {"id": COORDINATOR.id, "is_bot": False, "first_name": "李网格"},
                "text": "/help",
                "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            },
        }
    )
    before = len(recording.calls)
    await dispatcher.feed_update(chat.bot, replayed)
    once = len(recording.calls) - before
    await dispatcher.feed_update(chat.bot, replayed)  # e.g. another replica got Telegram's retry
    assert first and once >= 1 and len(recording.calls) - before == once


async def test_replicas_starting_together_migrate_once(pg_template, tmp_path):
    import asyncio
    import uuid

    from tests.scale.conftest import _sql, _url

    name = f"safegrid_t_{uuid.uuid4().hex[:10]}"
    await _sql(f'CREATE DATABASE "{name}"')  # empty: both replicas find every migration to do
    engines = [create_engine(_url(name)) for _ in range(3)]
    try:
        await asyncio.gather(*(upgrade(engine) for engine in engines))
        async with engines[0].connect() as conn:
            version = (await conn.exec_driver_sql("SELECT version_num FROM alembic_version")).all()
        assert [row[0] for row in version] == ["0006"]  # the head
    finally:
        for engine in engines:
            await engine.dispose()
        await _sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
