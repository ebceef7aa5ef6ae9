"""A real Dispatcher polling the fake, and the waits tests use to follow what the bot does."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from fake_bot_api import FakeBotAPI

from .conftest import ALICE, GROUP, make_bot


def build_router() -> Router:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="上报", callback_data="report")]]
        )
        await message.answer("<b>欢迎</b>，请选择：", parse_mode="HTML", reply_markup=markup)

    @router.message(Command("twice"))
    async def twice(message: Message) -> None:
        await message.answer("first")
        await message.answer("second")

    @router.callback_query(F.data == "report")
    async def report(query: CallbackQuery) -> None:
        await query.answer("好的")
        assert isinstance(query.message, Message)
        await query.message.edit_text("请发送照片")

    @router.my_chat_member()
    async def joined(update: ChatMemberUpdated, bot: Bot) -> None:
        if update.new_chat_member.status == "member":
            await bot.send_message(update.chat.id, "大家好")

    return router


@pytest.fixture
async def running(api: FakeBotAPI) -> AsyncIterator[FakeBotAPI]:
    dispatcher = Dispatcher()
    dispatcher.include_router(build_router())
    bot = make_bot(api)
    polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, polling_timeout=5))
    await api.wait_for_call("getMe")
    yield api
    await dispatcher.stop_polling()
    await asyncio.wait_for(polling, 5)


async def test_conversation_through_real_polling(running: FakeBotAPI) -> None:
    api = running
    api.add_user(ALICE, "Alice")

    api.send_message(ALICE, "/start")
    welcome = await api.wait_for_message(ALICE)
    assert welcome["plain_text"] == "欢迎，请选择：" and welcome["raw_text"] == "<b>欢迎</b>，请选择："

    query = api.press_button(ALICE, welcome, "上报")
    edited = await api.wait_for_message(ALICE)
    assert edited["message_id"] == welcome["message_id"] and edited["edit_date"] is not None
    assert edited["plain_text"] == "请发送照片" and "reply_markup" not in edited
    answer = await api.wait_for_call("answerCallbackQuery")
    assert answer.ok and answer.params["callback_query_id"] == query["id"]
    assert api.callback_answer(query["id"])["text"] == "好的"  # type: ignore[index]

    await api.wait_idle()
    assert [m["plain_text"] for m in api.messages(ALICE)] == ["/start", "请发送照片"]


async def test_waits_walk_through_replies_in_order(running: FakeBotAPI) -> None:
    api = running
    api.add_user(ALICE, "Alice")
    before = api.mark()

    api.send_message(ALICE, "/twice")
    first = await api.wait_for_message(ALICE)
    second = await api.wait_for_message(ALICE)
    assert (first["text"], second["text"]) == ("first", "second")

    # Message waits do not consume calls: the call wait still sees both sends, in order.
    call = await api.wait_for_call("sendMessage")
    assert call.params["text"] == "first"
    call = await api.wait_for_call("sendMessage", lambda c: c.result["message_id"] == second["message_id"])
    assert call.params["text"] == "second"

    with pytest.raises(
        AssertionError, match=r"(?s)wait_for_message\(501\) timed out.*sendMessage\(chat_id=501"
    ):
        await api.wait_for_message(ALICE, timeout=0.3)
    replay = await api.wait_for_message(ALICE, since=before, timeout=0.1)
    assert replay["text"] == "first"


async def test_bot_greets_a_group_it_joins(running: FakeBotAPI) -> None:
    api = running
    api.add_user(ALICE, "Alice")
    api.add_group(GROUP, "三号工地")

    api.add_bot_to_group(GROUP, ALICE)
    greeting = await api.wait_for_message(GROUP)
    assert greeting["plain_text"] == "大家好" and greeting["chat"]["title"] == "三号工地"
    await api.wait_idle()
    assert api.chat_member_status(GROUP) == "member"


async def test_wait_idle_fails_clearly_when_nobody_polls(api: FakeBotAPI) -> None:
    api.add_user(ALICE, "Alice")
    api.send_message(ALICE, "anyone?")

    with pytest.raises(AssertionError, match=r"1 update\(s\) not fetched by the bot"):
        await api.wait_idle(timeout=0.3)
