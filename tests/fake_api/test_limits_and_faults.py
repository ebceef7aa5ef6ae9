"""Injected failures, blocked users, kicked bots and flood control as aiogram sees them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)

from fake_bot_api import FakeBotAPI

from .conftest import ALICE, GROUP, TOKEN, make_bot


async def test_injected_429_carries_retry_after_and_fires_once(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    api.fail_next("sendMessage", 429, retry_after=7)

    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.send_message(alice, "first")
    assert raised.value.retry_after == 7
    assert raised.value.message.endswith("Original description: Too Many Requests: retry after 7")
    assert api.messages(alice) == []  # a failed call has no side effect

    assert (await bot.send_message(alice, "second")).text == "second"
    failed, passed = api.calls_to("sendMessage")
    assert failed.error_code == 429 and failed.response["parameters"] == {"retry_after": 7}
    assert passed.ok


async def test_injected_faults_can_target_a_chat_and_repeat(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    api.add_user(ALICE + 1, "Other", started=True)
    api.fail_next("sendMessage", 403, "Forbidden: bot was kicked from the group chat", chat_id=ALICE, times=2)
    api.fail_next("getMe", 502, "Bad Gateway")

    assert (await bot.send_message(ALICE + 1, "unaffected")).text == "unaffected"
    for _ in range(2):
        with pytest.raises(TelegramForbiddenError, match="kicked from the group chat"):
            await bot.send_message(alice, "x")
    assert (await bot.send_message(alice, "third time")).text == "third time"
    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await bot.get_me()


async def test_blocked_user_gives_403_until_unblocked(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    change = api.block(alice)
    assert (change["old_chat_member"]["status"], change["new_chat_member"]["status"]) == ("member", "kicked")

    with pytest.raises(TelegramForbiddenError, match=r"Forbidden: bot was blocked by the user$"):
        await bot.send_message(alice, "are you there?")
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await bot.send_chat_action(alice, "typing")

    api.unblock(alice)
    assert (await bot.send_message(alice, "welcome back")).text == "welcome back"


async def test_removed_bot_gets_403_in_the_group(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    api.add_group(GROUP, "Workshop")
    with pytest.raises(TelegramForbiddenError, match="bot is not a member of the supergroup chat"):
        await bot.send_message(GROUP, "too early")

    api.add_bot_to_group(GROUP, alice)
    assert (await bot.send_message(GROUP, "hello group")).chat.id == GROUP
    api.remove_bot_from_group(GROUP, alice)

    with pytest.raises(TelegramForbiddenError, match=r"Forbidden: bot was kicked from the supergroup chat$"):
        await bot.send_message(GROUP, "still here?")
    assert api.chat_member_status(GROUP) == "kicked"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def limited() -> AsyncIterator[tuple[FakeBotAPI, Bot, FakeClock]]:
    clock = FakeClock()
    async with FakeBotAPI(TOKEN, enforce_limits=True, clock=clock) as api:
        bot = make_bot(api)
        api.add_user(ALICE, "Alice", started=True)
        api.add_group(GROUP, "Workshop")
        api.add_bot_to_group(GROUP, ALICE)
        yield api, bot, clock
        await bot.session.close()


async def test_global_flood_limit_is_30_per_second(limited: tuple[FakeBotAPI, Bot, FakeClock]) -> None:
    api, bot, clock = limited
    for i in range(30):
        await bot.send_message(ALICE, f"m{i}")
        clock.now += 0.01

    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.send_message(ALICE, "one too many")
    assert raised.value.retry_after == 1
    assert len(api.messages(ALICE)) == 30

    clock.now += 0.71  # the first send leaves the one-second window
    assert (await bot.send_message(ALICE, "later")).text == "later"


async def test_group_flood_limit_is_20_per_minute(limited: tuple[FakeBotAPI, Bot, FakeClock]) -> None:
    _, bot, clock = limited
    for i in range(20):
        await bot.send_message(GROUP, f"g{i}")
        clock.now += 1.0

    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.send_message(GROUP, "flood")
    assert raised.value.retry_after == 40  # the first of the 20 was sent 20 s ago
    assert (await bot.send_message(ALICE, "private chats are unaffected")).chat.id == ALICE

    clock.now += 40
    assert (await bot.send_message(GROUP, "again")).chat.id == GROUP


async def test_limits_are_off_unless_enforced(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    for i in range(35):
        await bot.send_message(alice, f"m{i}")
    assert len(api.messages(alice)) == 35

    api.enforce_limits = True
    with pytest.raises(TelegramRetryAfter):
        for i in range(31):
            await bot.send_message(alice, f"n{i}")


async def test_wrong_file_id_and_too_big_file(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    with pytest.raises(TelegramBadRequest, match="wrong file identifier/HTTP URL specified"):
        await bot.send_photo(alice, "AgACnotAnId")
    big = api.send_document(alice, b"\0" * (20 * 1024 * 1024 + 1), "scan.pdf", "application/pdf")
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await bot.get_file(big["document"]["file_id"])
