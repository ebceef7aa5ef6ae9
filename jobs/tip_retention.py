"""Daily erasure of what could lead back to tipsters once their tips have been closed long enough."""

from __future__ import annotations

import logging

from apscheduler.job import Job
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import text

from bot.settings import Settings
from domain import tip_triage, tips
from jobs.runtime import Runtime, current
from jobs.scheduler import ensure_job

log = logging.getLogger(__name__)

JOB_ID = "tip-retention"
JOB_TARGET = "jobs.tip_retention:scheduled_run"


async def scheduled_run() -> None:
    await run_retention()


async def run_retention(runtime: Runtime | None = None) -> int:
    rt = runtime or current()
    now = rt.clock.now()
    async with rt.session_pool() as session:
        erased = await tip_triage.purge_expired(session, now, rt.settings.tip_retention_days)
        await tips.forget_counters(session, now)
        if erased and session.bind is not None and session.bind.dialect.name == "sqlite":
            # The write-ahead log still holds the erased rows' old pages until it is checkpointed.
            await session.exec(text("PRAGMA wal_checkpoint(TRUNCATE)"))  # type: ignore[call-overload]
    log.info("tip retention: %d tips erased their way back to the tipster", erased)
    return erased


def schedule(scheduler: BaseScheduler, settings: Settings) -> Job:
    # At night, when nobody is waiting on the bot.
    trigger = CronTrigger(hour=3, minute=17, timezone=settings.tz)
    return ensure_job(scheduler, JOB_ID, JOB_TARGET, trigger, "tip retention")
