"""Logging configured once. Never the token, never a tipster's identity (see handlers for what is logged)."""

from __future__ import annotations

import logging
import sys


def setup_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    quiet_noisy_loggers()


def quiet_noisy_loggers() -> None:
    # APScheduler's per-run lines drown the useful ones.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # The database layers log every statement with its parameters (aiosqlite at DEBUG, SQLAlchemy at INFO):
    # a tipster's Telegram id is a parameter of the query that checks whether they are staff. They never
    # log below WARNING, whatever LOG_LEVEL says.
    for name in ("aiosqlite", "asyncpg", "sqlalchemy.engine", "sqlalchemy.pool"):
        logging.getLogger(name).setLevel(logging.WARNING)
