"""The in-process scheduler with a persistent job store, so schedules survive restarts."""

from __future__ import annotations

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.settings import Settings

# A run missed while the bot was down still happens when it comes back (within the grace), once.
JOB_DEFAULTS = {"misfire_grace_time": 12 * 3600, "coalesce": True, "max_instances": 1}


def build_scheduler(settings: Settings) -> AsyncIOScheduler:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return AsyncIOScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=settings.jobs_db_url)},
        job_defaults=JOB_DEFAULTS,
        timezone=settings.tz,
    )
