"""Factories: what runs is what the tests build."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.commands import set_default_menus, set_user_menu
from bot.i18n import Catalogs
from bot.middlewares import ActorMiddleware, DbSessionMiddleware, LogContextMiddleware, OnceMiddleware
from bot.retry import RetryMiddleware
from bot.settings import Settings
from domain.clock import Clock
from domain.people import load_actor
from domain.tip_secrets import TipVault
from handlers import build_root_router
from jobs import digest_run, overdue, tip_retention
from jobs.pacing import Pacer
from jobs.runtime import Runtime, install
from jobs.scheduler import build_scheduler
from storage.db import create_engine, create_session_pool
from storage.fsm import SQLStorage

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger(__name__)


def build_bot(settings: Settings, token: str | None = None) -> Bot:
    api = TelegramAPIServer.from_base(settings.telegram_api_base, is_local=settings.telegram_api_local)
    session = AiohttpSession(api=api)
    session.middleware(RetryMiddleware())
    return Bot(
        token=token or settings.require_token(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


@dataclass
class Services:
    """App-wide objects, handed to handlers by name through the dispatcher."""

    settings: Settings
    engine: AsyncEngine
    session_pool: async_sessionmaker[AsyncSession]
    # Conversation state has its own connections: a handler holding one connection for its update must
    # never wait for a second from the same pool, or enough simultaneous users deadlock the pool.
    fsm_engine: AsyncEngine
    catalogs: Catalogs
    clock: Clock
    redis: Redis | None = None  # with REDIS_URL: conversation state and update de-duplication

    async def dispose(self) -> None:
        await self.engine.dispose()
        await self.fsm_engine.dispose()
        if self.redis is not None:
            await self.redis.aclose()


def build_services(settings: Settings, clock: Clock | None = None) -> Services:
    engine = create_engine(settings.db_url)
    redis = None
    if settings.redis_url:
        from storage.redis_state import connect

        redis = connect(settings.redis_url)
    return Services(
        settings=settings,
        engine=engine,
        session_pool=create_session_pool(engine),
        fsm_engine=create_engine(settings.db_url),
        catalogs=Catalogs(fallback=settings.default_locale),
        clock=clock or Clock(),
        redis=redis,
    )


def _state_storage(services: Services) -> tuple[BaseStorage, BaseEventIsolation]:
    """Redis when configured (several replicas share it); else the database and in-process isolation."""
    secret = services.settings.resolve_secret_key()
    if services.redis is not None:
        from storage.redis_state import storage_and_isolation

        return storage_and_isolation(services.redis, secret)
    return SQLStorage(services.fsm_engine, secret), SimpleEventIsolation()


def build_dispatcher(
    services: Services,
    *,
    storage: BaseStorage | None = None,
    events_isolation: BaseEventIsolation | None = None,
    with_scheduler: bool = True,
) -> Dispatcher:
    settings = services.settings
    default_storage, default_isolation = _state_storage(services)
    dp = Dispatcher(
        storage=storage or default_storage,
        # One update at a time per user and chat: FSM data is read, changed and written back.
        events_isolation=events_isolation or default_isolation,
        settings=settings,
        session_pool=services.session_pool,
        catalogs=services.catalogs,
        clock=services.clock,
        tip_vault=TipVault(settings.resolve_secret_key()),
        # One pacer for everything this process sends in bulk (digests), handlers and jobs alike.
        pacer=Pacer(),
    )
    dp.update.outer_middleware(LogContextMiddleware())
    if services.redis is not None:
        dp.update.outer_middleware(OnceMiddleware(services.redis, settings.resolve_secret_key()))
    dp.update.outer_middleware(DbSessionMiddleware(services.session_pool))
    dp.update.outer_middleware(
        ActorMiddleware(services.catalogs, settings.admin_ids, settings.default_locale)
    )
    dp.include_router(build_root_router())
    if with_scheduler:
        dp["scheduler"] = build_scheduler(settings)
    dp.startup.register(_on_startup)
    dp.shutdown.register(_on_shutdown)
    return dp


async def _on_startup(
    bot: Bot, dispatcher: Dispatcher, settings: Settings, catalogs: Catalogs, clock: Clock
) -> None:
    await set_default_menus(bot, catalogs, settings.default_locale)
    async with dispatcher["session_pool"]() as session:
        for admin_id in settings.admin_ids:
            actor = await load_actor(session, admin_id, settings.admin_ids)
            await set_user_menu(bot, catalogs, actor, settings.default_locale)
    scheduler = dispatcher.workflow_data.get("scheduler")
    if scheduler is not None:
        # Jobs reach the bot through the runtime: the job store pickles targets, never a Bot or a pool.
        install(
            Runtime(
                bot=bot,
                session_pool=dispatcher["session_pool"],
                catalogs=catalogs,
                settings=settings,
                clock=clock,
                pacer=dispatcher["pacer"],
            )
        )
        scheduler.start()
        # After start(): a run missed while down is kept within grace.
        overdue.schedule(scheduler, settings)
        tip_retention.schedule(scheduler, settings)
        digest_run.schedule(scheduler, settings)
    me = await bot.me()
    log.info("ready: @%s (id %s) on %s", me.username, me.id, settings.telegram_api_base)


async def _on_shutdown(dispatcher: Dispatcher) -> None:
    scheduler = dispatcher.workflow_data.get("scheduler")
    if scheduler is not None and scheduler.running:
        scheduler.shutdown(wait=False)
    install(None)
