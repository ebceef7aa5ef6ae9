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
    # aiohttp's access-level chatter and APScheduler's per-run lines drown the useful ones.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
