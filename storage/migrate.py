"""Apply the schema migrations; run at every start so an upgrade keeps existing data.

The bot runs them in a short-lived `python -m bot migrate`; alembic (about 12 MB with its migration
scripts) is imported here only when a function runs, so importing this module costs nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


MIGRATION_LOCK = 7_239_001  # any fixed number: PostgreSQL advisory locks are named by integers


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    from alembic import command

    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Replicas starting together: one migrates, the others wait and then find nothing to do.
            await conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        await conn.run_sync(lambda sync_conn: command.upgrade(alembic_config(sync_conn), revision))


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    from alembic import command

    async with engine.begin() as conn:
        await conn.run_sync(lambda sync_conn: command.downgrade(alembic_config(sync_conn), revision))


async def pending(engine: AsyncEngine) -> int:
    """How many migrations the database still lacks (0: it is at the head)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())

    def count(sync_conn: Connection) -> int:
        current = MigrationContext.configure(sync_conn).get_current_revision()
        return (
            sum(1 for _ in script.iterate_revisions("heads", current))
            if current != script.get_current_head()
            else 0
        )

    async with engine.connect() as conn:
        return await conn.run_sync(count)
