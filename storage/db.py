"""The one way to the database: an engine, a session factory, and write transactions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

SQLITE_BUSY_TIMEOUT_MS = 10_000
_BEGIN_OPTION = "safegrid_sqlite_begin"


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    # Query parameters never go into error messages (and so into logs): one of them may be the Telegram id
    # of a tipster, whose identity must not leak even through a traceback.
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        if parsed.get_driver_name() == "asyncpg":
            # asyncpg prepares every statement; after five runs PostgreSQL would switch it to a generic plan,
            # which cannot use an area's path prefix or a period's bounds and made the digest's statistics
            # twice as slow warm as cold (BENCHMARKS.md). Planning each run with its values is cheap here.
            connect_args = kwargs.setdefault("connect_args", {})
            connect_args.setdefault("server_settings", {}).setdefault("plan_cache_mode", "force_custom_plan")
        return create_async_engine(url, pool_pre_ping=True, **kwargs)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, **kwargs)
    _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so our "begin" hook decides how to begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Erased values (a tipster's sealed chat id) are overwritten on disk, not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        if mode is not None:  # None: see single_statements
            connection.exec_driver_sql(f"BEGIN {mode}")


def single_statements(engine: AsyncEngine) -> AsyncEngine:
    """The same engine (and pool), on which each statement commits by itself: for a write that is one
    statement, such as an upsert. No BEGIN and COMMIT round trips, and on SQLite the write lock is held only
    while the statement runs, never while the event loop is busy elsewhere between BEGIN and COMMIT."""
    return engine.execution_options(**_single_statement_options(engine.dialect.name))


@asynccontextmanager
async def single_statement(session: AsyncSession) -> AsyncIterator[None]:
    """A use of the session that is one statement (a single query is consistent by itself): run without
    BEGIN and COMMIT, then the session is free again. Inside a transaction already, it simply joins it."""
    if session.in_transaction():
        yield
        return
    assert session.bind is not None
    await session.connection(execution_options=_single_statement_options(session.bind.dialect.name))
    try:
        yield
    finally:
        await session.commit()  # sends nothing (there was no BEGIN) and expires nothing; frees the connection


def is_single_statement(options: dict[str, Any]) -> bool:
    """Whether a connection with these execution options runs each statement alone (sends no BEGIN)."""
    return options.get("isolation_level") == "AUTOCOMMIT" or options.get(_BEGIN_OPTION, "") is None


def _single_statement_options(dialect: str) -> dict[str, Any]:
    if dialect == "sqlite":
        # Not SQLAlchemy's AUTOCOMMIT level: leaving it resets the connection to the sqlite3 module's own
        # transaction handling, which _tune_sqlite turned off. Without a BEGIN, each statement commits.
        return {_BEGIN_OPTION: None}
    return {"isolation_level": "AUTOCOMMIT"}


def create_session_pool(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def begin_write(session: AsyncSession) -> None:
    """Start a transaction that will write. Call before the first read of a use case that writes.

    Under WAL, a read transaction that later tries to write fails at once with "database is locked"
    when another connection committed in between (the busy timeout does not apply to that upgrade).
    Taking the write lock up front makes concurrent writers queue on the busy timeout instead.
    On PostgreSQL the option is ignored and this is an ordinary transaction.
    """
    if session.in_transaction():
        await session.commit()
    await session.connection(execution_options={_BEGIN_OPTION: "IMMEDIATE"})


@asynccontextmanager
async def write_transaction(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """One use case, one transaction: committed when the block ends, undone if it raises.

    The work runs in a SAVEPOINT, so a refused action (a domain error) undoes only what it changed and
    expires only those objects: whatever the handler loaded before stays usable, where a plain rollback
    would expire everything and the next attribute read would try lazy I/O outside the event loop.
    The outer transaction always ends here, which matters on SQLite: left open, it would keep the
    write lock while the handler talks to Telegram.
    """
    await begin_write(session)
    try:
        async with session.begin_nested():
            yield session
    except BaseException:
        await session.commit()  # only the rolled-back savepoint was in it: this just releases the lock
        raise
    await session.commit()
