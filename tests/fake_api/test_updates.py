"""getUpdates semantics and the updates simulated people produce."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from fake_bot_api import FakeBotAPI

from .conftest import GROUP


def one_button(text: str, data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=data)]])


async def test_long_poll_returns_an_update_sent_while_waiting(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    assert not poll.done()

    api.send_message(alice, "隐患：配电箱未上锁")
    updates = await asyncio.wait_for(poll, 2)

    assert time.monotonic() - started < 2
    assert len(updates) == 1 and updates[0].message is not None
    assert updates[0].message.text == "隐患：配电箱未上锁"
    assert updates[0].message.from_user is not None and updates[0].message.from_user.id == alice


async def test_long_poll_times_out_empty(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == []
    assert 0.9 < time.monotonic() - started < 2


async def test_offset_acknowledges_updates(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    api.send_message(alice, "one")
    api.send_message(alice, "two")

    first = await bot.get_updates()
    assert [u.message.text for u in first if u.message] == ["one", "two"]
    again = await bot.get_updates()  # nothing confirmed yet: the same updates come back
    assert [u.update_id for u in again] == [u.update_id for u in first]

    api.send_message(alice, "three")
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["three"]
    assert await bot.get_updates(offset=rest[-1].update_id + 1) == []
    assert (await bot.get_webhook_info()).pending_update_count == 0


async def test_limit_and_negative_offset(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    for text in ("a", "b", "c", "d"):
        api.send_message(alice, text)

    assert [u.message.text for u in await bot.get_updates(limit=2) if u.message] == ["a", "b"]
    assert [u.message.text for u in await bot.get_updates(offset=-1) if u.message] == ["d"]
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["d"]


async def test_allowed_updates_filters_and_persists(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    sent = await bot.send_message(alice, "Choose", reply_markup=one_button("A", "a"))
    api.send_message(alice, "plain text the bot does not want")
    api.press(alice, api.last_message(alice, from_bot=True), "a")

    updates = await bot.get_updates(allowed_updates=["callback_query"])
    assert len(updates) == 1 and updates[0].callback_query is not None
    assert updates[0].callback_query.message.message_id == sent.message_id  # type: ignore[union-attr]

    api.send_message(alice, "still unwanted")
    assert await bot.get_updates(offset=updates[0].update_id + 1) == []


async def test_commands_get_a_bot_command_entity(api: FakeBotAPI, alice: int) -> None:
    plain = api.send_message(alice, "/start abc")
    api.add_group(GROUP, "Crew")
    api.add_bot_to_group(GROUP, alice)
    addressed = api.send_message(alice, "/report@safegrid_bot now", chat_id=GROUP)

    assert plain["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert addressed["entities"] == [{"type": "bot_command", "offset": 0, "length": 20}]
    assert "entities" not in api.send_message(alice, "no command /here")


async def test_my_chat_member_on_add_and_remove(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    api.add_group(GROUP, "Crew", type="group")
    api.add_bot_to_group(GROUP, alice, status="administrator")
    added = await bot.get_updates()

    member_update, service = added
    assert member_update.my_chat_member is not None
    assert member_update.my_chat_member.old_chat_member.status == "left"
    assert member_update.my_chat_member.new_chat_member.status == "administrator"
    assert member_update.my_chat_member.from_user.id == alice
    assert service.message is not None and service.message.new_chat_members is not None
    assert service.message.new_chat_members[0].id == api.bot_id

    api.remove_bot_from_group(GROUP, alice)
    removed = await bot.get_updates(offset=service.update_id + 1)
    assert len(removed) == 1 and removed[0].my_chat_member is not None
    assert removed[0].my_chat_member.new_chat_member.status == "kicked"


async def test_privacy_mode_hides_ordinary_group_chatter(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    api.add_group(GROUP, "Crew")
    api.add_bot_to_group(GROUP, alice)
    bot_post = await bot.send_message(GROUP, "请回复位置")
    await bot.get_updates(offset=-1)
    seen_before = len(api.updates)

    api.send_message(alice, "chatter", chat_id=GROUP)
    api.send_message(alice, "/stats@other_bot", chat_id=GROUP)
    api.send_message(alice, "/stats", chat_id=GROUP)
    api.send_message(alice, "B栋三楼", chat_id=GROUP, reply_to_message_id=bot_post.message_id)

    delivered = [u["message"]["text"] for u in api.updates[seen_before:]]
    assert delivered == ["/stats", "B栋三楼"]
    assert [m["plain_text"] for m in api.messages(GROUP)][-4:] == [
        "chatter",
        "/stats@other_bot",
        "/stats",
        "B栋三楼",
    ]


async def test_callback_query_answers(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    await bot.send_message(alice, "Confirm?", reply_markup=one_button("确认", "ok:1"))
    query = api.press_button(alice, api.last_message(alice), "确认")

    assert query["data"] == "ok:1" and query["from"]["id"] == alice
    assert await bot.answer_callback_query(query["id"], text="已确认")
    assert api.callback_answer(query["id"]) == {
        "text": "已确认",
        "show_alert": False,
        "url": None,
        "cache_time": 0,
    }
    for query_id in (query["id"], "123"):
        with pytest.raises(
            TelegramBadRequest, match="query is too old and response timeout expired or query ID"
        ):
            await bot.answer_callback_query(query_id)


async def test_pressing_a_missing_button_lists_the_real_ones(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    await bot.send_message(alice, "Pick", reply_markup=one_button("Yes", "y"))

    with pytest.raises(ValueError, match=r"no button 'No'.*'Yes' -> 'y'"):
        api.press_button(alice, api.last_message(alice), "No")
    with pytest.raises(ValueError, match="no button with callback_data 'forged'"):
        api.press(alice, api.last_message(alice), "forged")


async def test_other_media_from_users_deserialize(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    api.send_location(alice, 31.23, 121.47)
    api.send_contact(alice, "+8613800000000", "Alice", contact_user_id=alice)
    api.send_sticker(alice)
    api.send_voice(alice)
    api.send_video(alice)

    updates = await bot.get_updates()
    messages = [u.message for u in updates if u.message]
    assert messages[0].location is not None and messages[0].location.latitude == 31.23
    assert messages[1].contact is not None and messages[1].contact.user_id == alice
    assert messages[2].sticker is not None and messages[3].voice is not None and messages[4].video is not None
    voice = await bot.download(messages[3].voice.file_id)  # type: ignore[union-attr]
    assert voice is not None and voice.read().startswith(b"OggS")


async def test_a_second_poller_terminates_the_first(bot: Bot) -> None:
    from aiogram.exceptions import TelegramConflictError

    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    assert await bot.get_updates() == []

    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, 2)


async def test_restart_on_a_new_port_keeps_state(api: FakeBotAPI, alice: int) -> None:
    from .conftest import make_bot

    api.send_message(alice, "before restart")
    await api.stop()
    assert api.base_url is None
    base = await api.start()
    assert base.startswith("http://127.0.0.1:")

    bot = make_bot(api)
    try:
        updates = await bot.get_updates()
    finally:
        await bot.session.close()
    assert [u.message.text for u in updates if u.message] == ["before restart"]
