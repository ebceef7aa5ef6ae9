"""The schema is only ever changed by migrations, and migrations match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from storage.db import create_engine
from storage.migrate import downgrade, upgrade

TABLES = {"users", "areas", "role_grants", "invites", "group_chats", "audit_events", "fsm_states"}


async def test_upgrade_downgrade_upgrade_keeps_working(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}")
    await upgrade(engine)
    async with engine.connect() as conn:
        assert set(await conn.run_sync(lambda c: inspect(c).get_table_names())) >= TABLES
    await downgrade(engine, "base")
    async with engine.connect() as conn:
        assert not TABLES & set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    await upgrade(engine)
    await upgrade(engine)  # a second start applies nothing and breaks nothing
    await engine.dispose()


async def test_models_and_migrations_agree(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}")
    await upgrade(engine)
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda c: compare_metadata(
                MigrationContext.configure(c, opts={"compare_type": True}), SQLModel.metadata
            )
        )
    await engine.dispose()
    assert diff == [], f"a model changed without a migration: {diff}"


async def test_upgrade_keeps_data(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    engine = create_engine(url)
    await upgrade(engine)
    async with engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO areas (name, code, path, created_at) VALUES ('县', 'C1', '/1/', '2026-01-01')")
        )
    await engine.dispose()
    engine = create_engine(url)
    await upgrade(engine)
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT code FROM areas"))).scalar_one() == "C1"
    await engine.dispose()


async def test_sqlite_pragmas(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}")
    async with engine.connect() as conn:
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar_one() == "wal"
        assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar_one() == 1
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar_one() >= 5000
    await engine.dispose()


async def test_upgrading_a_populated_0002_database_keeps_its_hazards(tmp_path):
    """Columns added later get defaults, so an upgrade over real data cannot fail or lose rows."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    engine = create_engine(url)
    await upgrade(engine, "0002")
    async with engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO users (id, full_name, created_at) VALUES (7, '李', '2026-01-01')")
        )
        await conn.execute(
            text("INSERT INTO areas (name, code, path, created_at) VALUES ('县', 'C1', '/1/', '2026-01-01')")
        )
        await conn.execute(
            text(
                "INSERT INTO hazards (ref, area_id, sector, level, description, reporter_id, status, "
                "reported_at) VALUES ('C1-2601-0001', 1, 'fire', 'general', 'd', 7, 'reported', '2026-01-02')"
            )
        )
    await upgrade(engine)
    async with engine.connect() as conn:
        row = (await conn.execute(text("SELECT ref, listed, version, deadline FROM hazards"))).one()
    assert tuple(row) == ("C1-2601-0001", 0, 0, None)
    await downgrade(engine, "0002")  # and back, with the named constraints
    await engine.dispose()
