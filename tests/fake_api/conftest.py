"""A running FakeBotAPI and a real aiogram Bot pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from fake_bot_api import FakeBotAPI

TOKEN = "123456:AAFakeBotApiTestTokenAAAAAAAAAAAAAA"
ALICE = 501
BOB = 502
GROUP = -1001234567890


class PlainHttpSession(AiohttpSession):
    """aiogram's session sleeps 250 ms on close to let TLS connections drain; plain HTTP needs none."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def make_bot(api: FakeBotAPI, token: str = TOKEN) -> Bot:
    assert api.base_url is not None
    return Bot(token, session=PlainHttpSession(api=TelegramAPIServer.from_base(api.base_url)))


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(TOKEN) as fake:
        yield fake
    assert not fake.internal_errors, fake.internal_errors


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    bot = make_bot(api)
    yield bot
    await bot.session.close()


@pytest.fixture
def alice(api: FakeBotAPI) -> int:
    """A user who has already started the bot, so it may write to her."""
    api.add_user(ALICE, "Alice", username="alice", started=True)
    return ALICE
