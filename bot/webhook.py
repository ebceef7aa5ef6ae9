"""Webhook mode: an aiohttp server that takes Telegram's POSTs (path and secret header checked by aiogram)
and answers /healthz for the load balancer. Several replicas can run it behind one address."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from sqlalchemy import text

from bot.app import Services
from bot.settings import Settings

log = logging.getLogger(__name__)
HEALTH_TIMEOUT = 3.0


async def health(services: Services) -> tuple[bool, dict[str, str]]:
    """Whether this replica can do its work: the database and (when used) Redis answer."""
    report = {"database": "ok", "redis": "not used"}
    healthy = True
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT), services.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not ready"; the kind is enough for an operator
        report["database"], healthy = f"unreachable: {type(exc).__name__}", False
    if services.redis is not None:
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                await services.redis.ping()
            report["redis"] = "ok"
        except Exception as exc:
            report["redis"], healthy = f"unreachable: {type(exc).__name__}", False
    return healthy, report


def build_app(settings: Settings, services: Services, dp: Dispatcher, bot: Bot) -> web.Application:
    app = web.Application()
    secret = settings.resolve_webhook_secret()
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=secret).register(
        app, path=settings.webhook_path
    )

    async def healthz(_request: web.Request) -> web.Response:
        healthy, report = await health(services)
        return web.json_response(report, status=200 if healthy else 503)

    async def set_webhook(_app: web.Application) -> None:
        # Every replica sets the same address; Telegram keeps one, so this is idempotent.
        await bot.set_webhook(
            settings.webhook_url + settings.webhook_path,
            secret_token=secret,
            allowed_updates=dp.resolve_used_update_types(),
        )

    app.router.add_get("/healthz", healthz)
    app.on_startup.append(set_webhook)
    setup_application(app, dp, bot=bot)
    return app


async def serve(settings: Settings, services: Services, dp: Dispatcher, bot: Bot) -> None:
    app = build_app(settings, services, dp, bot)
    host, port = settings.webhook_listen.rsplit(":", 1)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, host, int(port)).start()
    log.info("webhook: listening on %s, path %s", settings.webhook_listen, settings.webhook_path)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
