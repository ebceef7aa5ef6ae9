"""How scheduled jobs reach the running bot's objects.

APScheduler's persistent job store pickles a job's target and arguments into its own database, and unpickles
them after a restart. A `Bot` (with its HTTP session and SSL context), a session pool or an engine cannot be
pickled (`TypeError: cannot pickle 'SSLContext'`), and would belong to a process that no longer exists
anyway. So a job takes plain values only (ids, dates, or nothing) and finds the live objects here: the
startup hook installs them once, before the scheduler starts; a job asks for `current()` when it runs.

Handlers get the same objects through the dispatcher; this module is the one place jobs get them, and the
only module-level state the bot keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiogram import Bot
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs
from bot.settings import Settings
from domain.clock import Clock
from jobs.pacing import Pacer


@dataclass(frozen=True)
class Runtime:
    """What a job needs from the running bot; built in the startup hook from the dispatcher's data."""

    bot: Bot
    session_pool: async_sessionmaker[AsyncSession]
    catalogs: Catalogs
    settings: Settings
    clock: Clock
    # One pacer per process: every job's messages share Telegram's limits.
    pacer: Pacer = field(default_factory=Pacer)


_installed: Runtime | None = None


def install(runtime: Runtime | None) -> None:
    """Make the running bot reachable by jobs (startup hook); `None` forgets it again (shutdown hook)."""
    global _installed
    _installed = runtime


def current() -> Runtime:
    if _installed is None:
        raise RuntimeError(
            "no Runtime installed: the startup hook must call jobs.runtime.install() before the scheduler "
            "starts"
        )
    return _installed
