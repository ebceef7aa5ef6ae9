"""Retrying Bot API calls: Telegram's flood control (429) and passing server or network trouble."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import TelegramType

log = logging.getLogger(__name__)


class RetryMiddleware(BaseRequestMiddleware):
    """Waits as long as Telegram asks on 429 and backs off on 5xx and network errors.

    Long polling is left alone: the polling loop has its own backoff, and holding it here would
    delay shutdown. Only the refused request waits: requests to other chats, sent side by side, go on (the
    pacer keeps the waiting one's place meanwhile, see jobs.pacing).
    """

    def __init__(
        self,
        attempts: int = 4,
        max_wait: float = 60.0,
        base_delay: float = 0.5,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.attempts = attempts
        self.max_wait = max_wait
        self.base_delay = base_delay
        self.sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        if isinstance(method, GetUpdates):
            return await make_request(bot, method)
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.attempts or exc.retry_after > self.max_wait:
                    raise
                delay = float(exc.retry_after)
                log.warning("%s: flood control, retrying in %ss", method.__api_method__, exc.retry_after)
            except (TelegramServerError, TelegramNetworkError) as exc:
                if attempt == self.attempts:
                    raise
                delay = self.base_delay * 2 ** (attempt - 1)
                log.warning("%s: %s, retry %d in %.1fs", method.__api_method__, exc.message, attempt, delay)
            await self.sleep(delay)
        raise AssertionError("unreachable")
