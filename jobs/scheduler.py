"""The in-process scheduler with a persistent job store, so schedules survive restarts."""

from __future__ import annotations

from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger

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


def ensure_job(scheduler: BaseScheduler, job_id: str, target: str, trigger: BaseTrigger, name: str) -> Job:
    """Register a recurring job with no arguments; call it after `scheduler.start()`.

    An unchanged job is left as stored, with its next run time: a run missed while the bot was down is then
    still made on start (within the misfire grace), where replacing it would push it to the next period.
    A changed trigger (time, time zone) replaces it.
    """
    existing = scheduler.get_job(job_id)
    if (
        existing is not None
        and existing.func_ref == target
        and not existing.args
        and not existing.kwargs
        and repr(existing.trigger) == repr(trigger)
    ):
        return existing
    return scheduler.add_job(target, trigger, id=job_id, name=name, replace_existing=True, **JOB_DEFAULTS)
