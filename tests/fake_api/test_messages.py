"""Sending, editing and deleting messages, with Telegram's formatting rules and limits."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyParameters,
)

from fake_bot_api import FakeBotAPI

from .conftest import ALICE


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=data)] for text, data in pairs]
    )


async def test_sent_messages_are_full_messages_numbered_per_chat(
    bot: Bot, api: FakeBotAPI, alice: int
) -> None:
    first = await bot.send_message(alice, "one")
    second = await bot.send_message(alice, "two", reply_markup=keyboard(("Yes", "y")))

    assert (first.message_id, second.message_id) == (1, 2)
    assert second.from_user is not None and second.from_user.id == api.bot_id
    assert second.chat.id == alice and second.chat.type == "private"
    assert second.reply_markup is not None
    assert second.reply_markup.inline_keyboard[0][0].callback_data == "y"
    assert [m["plain_text"] for m in api.messages(alice)] == ["one", "two"]
    assert api.last_message(alice)["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "y"


async def test_html_is_parsed_into_entities_and_plain_text(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    html = '  <b>隐患</b> #3 &amp; <a href="https://example.org">详情</a> &lt;ok&gt;\n'
    sent = await bot.send_message(alice, html, parse_mode="HTML")

    assert sent.text == "隐患 #3 & 详情 <ok>"
    assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [
        ("bold", 0, 2),
        ("text_link", 8, 2),
    ]
    stored = api.last_message(alice)
    assert stored["plain_text"] == "隐患 #3 & 详情 <ok>"
    assert stored["raw_text"] == html and stored["parse_mode"] == "HTML"


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<br>x", 'Unsupported start tag "br" at byte offset 0'),
        ("温度 < 5", 'Unsupported start tag "" at byte offset 7'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
async def test_bad_html_is_refused_like_telegram(
    bot: Bot, api: FakeBotAPI, alice: int, html: str, reason: str
) -> None:
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_message(alice, html, parse_mode="HTML")

    assert raised.value.message == f"Bad Request: can't parse entities: {reason}"
    assert api.messages(alice) == []
    assert api.calls[-1].error_code == 400


async def test_text_limits(bot: Bot, alice: int) -> None:
    longest = await bot.send_message(alice, "<b>" + "字" * 4096 + "</b>", parse_mode="HTML")
    assert len(longest.text or "") == 4096

    with pytest.raises(
        TelegramBadRequest, match=r"^Telegram server says - Bad Request: message is too long$"
    ):
        await bot.send_message(alice, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(alice, " \n ")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(alice, "<b> </b>", parse_mode="HTML")


async def test_callback_data_is_limited_to_64_bytes(bot: Bot, alice: int) -> None:
    await bot.send_message(alice, "ok", reply_markup=keyboard(("A", "a" * 64)))

    for data in ("a" * 65, "隐" * 22):  # 66 bytes in UTF-8 although only 22 characters
        with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
            await bot.send_message(alice, "no", reply_markup=keyboard(("A", data)))


async def test_unknown_chat_and_unstarted_user(bot: Bot, api: FakeBotAPI) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(42, "hello?")
    api.add_user(ALICE, "Alice")
    with pytest.raises(TelegramForbiddenError, match="bot can't initiate conversation with a user"):
        await bot.send_message(ALICE, "hello?")

    api.send_message(ALICE, "hi")
    assert (await bot.send_message(ALICE, "hello!")).message_id == 2


async def test_edit_text_and_markup(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    sent = await bot.send_message(alice, "Pick", reply_markup=keyboard(("A", "a")))

    edited = await bot.edit_message_text(
        "<i>Picked</i> A", chat_id=alice, message_id=sent.message_id, parse_mode="HTML"
    )
    assert edited.text == "Picked A" and edited.edit_date is not None
    # Omitting reply_markup in an edit removes the inline keyboard, as on Telegram.
    assert edited.reply_markup is None
    assert api.messages(alice)[0]["plain_text"] == "Picked A"

    with pytest.raises(TelegramBadRequest, match="message is not modified: specified new message content"):
        await bot.edit_message_text(
            "<i>Picked</i> A", chat_id=alice, message_id=sent.message_id, parse_mode="HTML"
        )
    changed = await bot.edit_message_reply_markup(
        chat_id=alice, message_id=sent.message_id, reply_markup=keyboard(("B", "b"))
    )
    assert changed.reply_markup is not None
    assert [b.text for b in changed.reply_markup.inline_keyboard[0]] == ["B"]
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=alice, message_id=sent.message_id, reply_markup=keyboard(("B", "b"))
        )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=alice, message_id=99)
    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.edit_message_text("x" * 4097, chat_id=alice, message_id=sent.message_id)


async def test_edit_rules_for_captions_and_foreign_messages(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    own = await bot.send_message(alice, "text only")
    theirs = api.send_message(alice, "user text")

    with pytest.raises(TelegramBadRequest, match="there is no caption in the message to edit"):
        await bot.edit_message_caption(chat_id=alice, message_id=own.message_id, caption="c")
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("hijack", chat_id=alice, message_id=theirs["message_id"])


async def test_delete_message(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    sent = await bot.send_message(alice, "temporary")
    assert await bot.delete_message(alice, sent.message_id)
    assert api.messages(alice) == []

    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(alice, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("late", chat_id=alice, message_id=sent.message_id)


async def test_group_deletes_need_admin_rights(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    api.add_group(-100555, "Yard")
    api.add_bot_to_group(-100555, alice)
    posted = api.send_message(alice, "/report", chat_id=-100555)

    with pytest.raises(TelegramBadRequest, match="message can't be deleted"):
        await bot.delete_message(-100555, posted["message_id"])


async def test_reply_keyboard_is_kept_aside_and_pressed_by_text(
    bot: Bot, api: FakeBotAPI, alice: int
) -> None:
    reply_keyboard = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="上报隐患")], [KeyboardButton(text="位置", request_location=True)]],
        one_time_keyboard=True,
    )
    sent = await bot.send_message(alice, "Menu", reply_markup=reply_keyboard)

    # Telegram only echoes inline keyboards in the Message object.
    assert sent.reply_markup is None
    stored = api.last_message(alice)
    assert stored["reply_keyboard"]["keyboard"][0][0]["text"] == "上报隐患"
    with pytest.raises(ValueError, match="send_location"):
        api.press_button(alice, stored, "位置")

    pressed = api.press_button(alice, stored, "上报隐患")
    assert pressed["text"] == "上报隐患" and pressed["from"]["id"] == alice
    assert api.reply_keyboard(alice) is None  # one_time_keyboard hides after use


async def test_replies_and_missing_reply_target(bot: Bot, alice: int) -> None:
    first = await bot.send_message(alice, "question")
    answer = await bot.send_message(
        alice, "answer", reply_parameters=ReplyParameters(message_id=first.message_id)
    )

    assert answer.reply_to_message is not None and answer.reply_to_message.text == "question"
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(alice, "x", reply_parameters=ReplyParameters(message_id=77))


async def test_location_and_chat_action(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    sent = await bot.send_location(alice, latitude=31.2304, longitude=121.4737)
    assert sent.location is not None and (sent.location.latitude, sent.location.longitude) == (
        31.2304,
        121.4737,
    )

    assert await bot.send_chat_action(alice, "typing")
    assert api.chat_action(alice) == "typing"
    with pytest.raises(TelegramBadRequest, match="wrong parameter action"):
        await bot.send_chat_action(alice, "dancing")  # type: ignore[arg-type]
