"""Webhook delivery, as Telegram does it: once a webhook is set, each update is POSTed to its URL with the
secret token header, one at a time, and retried until the bot answers 2xx."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from fake_bot_api.state import BotState

log = logging.getLogger(__name__)
RETRY_DELAY = 0.5
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class Deliveries:
    """What the fake posted: (update_id, HTTP status or the error), in order."""

    attempts: list[tuple[int, int | str]] = field(default_factory=list)


def _allowed(value: Any) -> list[str] | None:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    return value if isinstance(value, list) else None


async def push_loop(state: BotState, deliveries: Deliveries) -> None:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
        while not state.updates.closed:
            url = state.webhook.get("url")
            if not url or not state.updates.has_deliverable():
                await state.signal.wait(1.0)
                continue
            state.updates.set_allowed(_allowed(state.webhook.get("allowed_updates")) or [])
            batch = state.updates.take(1)
            if not batch:
                continue
            update = batch[0]
            headers = {"Content-Type": "application/json"}
            secret = state.webhook.get("secret_token")
            if secret:
                headers[SECRET_HEADER] = str(secret)
            body = json.dumps(update, ensure_ascii=False)
            try:
                async with http.post(url, data=body, headers=headers) as reply:
                    status: int | str = reply.status
            except (aiohttp.ClientError, TimeoutError) as exc:
                status = type(exc).__name__
            deliveries.attempts.append((update["update_id"], status))
            if isinstance(status, int) and 200 <= status < 300:
                state.updates.confirm(update["update_id"] + 1)
                state.signal.notify()
            else:
                await asyncio.sleep(RETRY_DELAY)
