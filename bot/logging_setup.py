"""Logging configured once. Never the token, never a tipster's identity (see handlers for what is logged)."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from bot import log_context

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(UpdateContext())
    handler.setFormatter(JsonLines() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    quiet_noisy_loggers()


class UpdateContext(logging.Filter):
    """Adds the update being handled (its id and the acting role, never the person) to each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.update_id = log_context.update_id.get()
        record.role = log_context.role.get()
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line, for log shippers: time, level, logger, message, update id, role."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("update_id", "role"):
            value = getattr(record, key, None)
            if value is not None:
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def quiet_noisy_loggers() -> None:
    # APScheduler's per-run lines drown the useful ones.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # The database layers log every statement with its parameters (aiosqlite at DEBUG, SQLAlchemy at INFO):
    # a tipster's Telegram id is a parameter of the query that checks whether they are staff. They never
    # log below WARNING, whatever LOG_LEVEL says.
    for name in ("aiosqlite", "asyncpg", "sqlalchemy.engine", "sqlalchemy.pool"):
        logging.getLogger(name).setLevel(logging.WARNING)
