"""Transport-level behaviour: identity, auth, routing, body encodings, bot settings methods."""

from __future__ import annotations

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramConflictError, TelegramUnauthorizedError
from aiogram.types import BotCommand, BotCommandScopeChat, MenuButtonCommands

from fake_bot_api import FakeBotAPI

from .conftest import ALICE, TOKEN, make_bot


async def test_get_me_describes_the_bot_from_its_token(bot: Bot) -> None:
    me = await bot.get_me()

    assert (me.id, me.username, me.is_bot) == (123456, "safegrid_bot", True)
    assert me.can_read_all_group_messages is False


async def test_wrong_token_is_unauthorized(api: FakeBotAPI) -> None:
    intruder = make_bot(api, token="999:WRONG")
    try:
        with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
            await intruder.get_me()
    finally:
        await intruder.session.close()
    assert api.calls[-1].status == 401


async def test_unknown_method_is_404_in_telegram_shape(api: FakeBotAPI) -> None:
    async with aiohttp.ClientSession() as http, http.post(f"{api.base_url}/bot{TOKEN}/sendDice") as response:
        body = await response.json()

    assert response.status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert api.calls[-1].method == "sendDice"


async def test_json_and_urlencoded_bodies_and_case_insensitive_names(api: FakeBotAPI, alice: int) -> None:
    url = f"{api.base_url}/bot{TOKEN}"
    markup = '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}'
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{url}/sendmessage", json={"chat_id": alice, "text": "json"}) as response:
            as_json = await response.json()
        form = {"chat_id": str(alice), "text": "form", "reply_markup": markup}
        async with http.post(f"{url}/sendMessage", data=form) as response:
            as_form = await response.json()

    assert as_json["ok"] and as_json["result"]["text"] == "json"
    assert as_form["result"]["reply_markup"] == {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    recorded = api.calls[-1]
    assert recorded.method == "sendMessage"
    assert recorded.params["chat_id"] == alice
    assert recorded.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"


async def test_commands_are_kept_per_scope_and_language(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="开始")])
    scope = BotCommandScopeChat(chat_id=alice)
    await bot.set_my_commands(
        [BotCommand(command="report", description="Report")], scope=scope, language_code="en"
    )

    default = await bot.get_my_commands()
    chat_en = await bot.get_my_commands(scope=scope, language_code="en")
    chat_any = await bot.get_my_commands(scope=scope)
    assert [c.command for c in default] == ["start"]
    assert [c.command for c in chat_en] == ["report"]
    assert chat_any == []
    assert api.commands({"type": "chat", "chat_id": alice}, "en")[0]["description"] == "Report"

    await bot.delete_my_commands()
    assert await bot.get_my_commands() == []


async def test_invalid_command_is_refused(bot: Bot) -> None:
    from aiogram.exceptions import TelegramBadRequest

    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Start Now", description="x")])


async def test_menu_button_round_trip(bot: Bot, alice: int) -> None:
    assert (await bot.get_chat_menu_button(chat_id=alice)).type == "default"
    assert await bot.set_chat_menu_button(chat_id=alice, menu_button=MenuButtonCommands())
    assert (await bot.get_chat_menu_button(chat_id=alice)).type == "commands"


async def test_webhook_blocks_polling_until_deleted(bot: Bot, api: FakeBotAPI) -> None:
    await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()

    await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.get_updates() == []
    assert api.webhook == {"url": ""}


async def test_get_chat_and_members(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    api.add_user(ALICE + 1, "Boss")
    api.add_group(-100777, "Site A")
    api.add_bot_to_group(-100777, ALICE + 1, status="administrator")
    api.set_chat_admins(-100777, [ALICE], owner_id=ALICE + 1)

    chat = await bot.get_chat(-100777)
    owner = await bot.get_chat_member(-100777, ALICE + 1)
    admin = await bot.get_chat_member(-100777, alice)
    me = await bot.get_chat_member(-100777, api.bot_id)
    admins = await bot.get_chat_administrators(-100777)

    assert (chat.title, chat.type) == ("Site A", "supergroup")
    assert (owner.status, admin.status, me.status) == ("creator", "administrator", "administrator")
    assert {member.user.id for member in admins} == {ALICE, ALICE + 1, api.bot_id}
    assert (await bot.get_chat(alice)).first_name == "Alice"
