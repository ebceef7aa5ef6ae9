"""The scale-out path for real: PostgreSQL (a fresh database per test, cloned from a migrated template) and
Redis, where they run; every test here is skipped, saying why, where they do not."""

from __future__ import annotations

import asyncio
import os
import secrets
import uuid

import pytest

from tests.conftest import make_settings
from tests.handlers.conftest import field  # noqa: F401  (the county, on whichever database)

PG_ADMIN = os.environ.get("SAFEGRID_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("SAFEGRID_TEST_REDIS", "redis://127.0.0.1:6379/0")
TEMPLATE = f"safegrid_tmpl_{uuid.uuid4().hex[:8]}"


async def _pg_ok() -> str | None:
    try:
        import asyncpg
    except ImportError:
        return "asyncpg is not installed (pip install -e '.[postgres]')"
    try:
        connection = await asyncio.wait_for(asyncpg.connect(PG_ADMIN), 3)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        return f"no PostgreSQL at {PG_ADMIN} ({type(exc).__name__})"
    await connection.close()
    return None


async def _redis_ok() -> str | None:
    try:
        from redis.asyncio import Redis
    except ImportError:
        return "redis is not installed (pip install -e '.[redis]')"
    client = Redis.from_url(REDIS)
    try:
        await asyncio.wait_for(client.ping(), 3)
    except (OSError, TimeoutError, Exception) as exc:  # redis raises its own ConnectionError
        return f"no Redis at {REDIS} ({type(exc).__name__})"
    finally:
        await client.aclose()
    return None


async def _sql(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _url(database: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + "/" + database


@pytest.fixture(scope="session")
def services_available() -> None:
    """Skips the test, with the reason, unless PostgreSQL and Redis both answer."""
    for reason in (asyncio.run(_pg_ok()), asyncio.run(_redis_ok())):
        if reason:
            pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_template(services_available) -> str:
    from storage.db import create_engine
    from storage.migrate import upgrade

    async def make() -> None:
        await _sql(f'CREATE DATABASE "{TEMPLATE}"')
        engine = create_engine(_url(TEMPLATE))
        await upgrade(engine)
        await engine.dispose()

    asyncio.run(make())
    yield TEMPLATE
    asyncio.run(_sql(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)'))


@pytest.fixture
async def pg_url(pg_template) -> str:
    name = f"safegrid_t_{uuid.uuid4().hex[:10]}"
    await _sql(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    yield _url(name)
    await _sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def settings(tmp_path, pg_url):
    """The shared fixtures (services, session, chat, ...) now run on PostgreSQL and Redis."""
    return make_settings(tmp_path, database_url=pg_url, redis_url=REDIS, secret_key=secrets.token_hex(16))
