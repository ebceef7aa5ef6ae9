"""Methods that change or remove existing messages."""

from __future__ import annotations

import time
from typing import Any

from . import markup
from .formatting import FormattedText, format_text
from .limits import (
    CANT_DELETE,
    CANT_EDIT,
    DELETE_NOT_FOUND,
    EDIT_NOT_FOUND,
    EDIT_TOO_LONG,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    NO_CAPTION_TO_EDIT,
    NO_TEXT_TO_EDIT,
    NOT_MODIFIED,
    TEXT_EMPTY,
    TelegramError,
    bad_request,
)
from .members import bot_can_delete_others
from .registry import MethodCall, bot_method
from .state import BotState, Chat, StoredMessage

_MEDIA_KEYS = ("photo", "document", "video", "audio", "animation", "voice")


def _target(call: MethodCall) -> tuple[Chat, StoredMessage]:
    params = call.params
    if params.has("inline_message_id"):
        raise bad_request("Bad Request: inline messages are not supported by the fake Bot API")
    chat = call.state.writable_chat(params.chat_id())
    message_id = params.int("message_id")
    if message_id is None:
        raise bad_request("Bad Request: message identifier is not specified")
    message = chat.messages.get(message_id)
    if message is None:
        raise bad_request(EDIT_NOT_FOUND)
    if message.sender_id != call.state.bot_id:
        raise bad_request(CANT_EDIT)
    return chat, message


def _new_inline_markup(call: MethodCall) -> dict[str, Any] | None:
    # Omitting reply_markup in an edit removes the inline keyboard, exactly as on Telegram.
    new_markup = call.params.get("reply_markup")
    markup.validate(new_markup)
    return markup.inline_part(new_markup)


def _apply(
    state: BotState,
    message: StoredMessage,
    fields: dict[str, Any],
    inline: dict[str, Any] | None,
    formatted: FormattedText | None = None,
    raw: str | None = None,
    parse_mode: str | None = None,
) -> dict[str, Any]:
    wire = message.wire
    for key, value in fields.items():
        if value:
            wire[key] = value
        else:
            wire.pop(key, None)
    if inline is None:
        wire.pop("reply_markup", None)
    else:
        wire["reply_markup"] = inline
    wire["edit_date"] = int(time.time())
    if formatted is not None:
        message.plain_text = formatted.text
        message.raw_text = raw
        message.parse_mode = parse_mode
    state.log_bot_message(message)
    return wire


def _format_edit(raw: str | None, parse_mode: str | None, entities: Any, limit: int) -> FormattedText:
    formatted = format_text(raw or "", parse_mode, entities if isinstance(entities, list) else None)
    if len(formatted.text) > limit:
        raise bad_request(EDIT_TOO_LONG)
    return formatted


@bot_method("editMessageText")
async def edit_message_text(call: MethodCall) -> dict[str, Any]:
    params = call.params
    _, message = _target(call)
    raw = params.text("text")
    if not raw:
        raise bad_request(TEXT_EMPTY)
    formatted = _format_edit(raw, params.text("parse_mode"), params.get("entities"), MAX_TEXT_LENGTH)
    if not formatted.text:
        raise bad_request(TEXT_EMPTY)
    if "text" not in message.wire:
        raise bad_request(NO_TEXT_TO_EDIT)
    inline = _new_inline_markup(call)
    fields = {"text": formatted.text, "entities": formatted.entities}
    _refuse_if_unchanged(message, fields, inline)
    return _apply(call.state, message, fields, inline, formatted, raw, params.text("parse_mode"))


@bot_method("editMessageCaption")
async def edit_message_caption(call: MethodCall) -> dict[str, Any]:
    params = call.params
    _, message = _target(call)
    raw = params.text("caption")
    entities = params.get("caption_entities")
    formatted = _format_edit(raw, params.text("parse_mode"), entities, MAX_CAPTION_LENGTH)
    if not any(key in message.wire for key in _MEDIA_KEYS):
        raise bad_request(NO_CAPTION_TO_EDIT)
    inline = _new_inline_markup(call)
    fields = {"caption": formatted.text, "caption_entities": formatted.entities}
    _refuse_if_unchanged(message, fields, inline)
    return _apply(call.state, message, fields, inline, formatted, raw, params.text("parse_mode"))


@bot_method("editMessageReplyMarkup")
async def edit_message_reply_markup(call: MethodCall) -> dict[str, Any]:
    _, message = _target(call)
    inline = _new_inline_markup(call)
    _refuse_if_unchanged(message, {}, inline)
    return _apply(call.state, message, {}, inline)


def _refuse_if_unchanged(
    message: StoredMessage, fields: dict[str, Any], inline: dict[str, Any] | None
) -> None:
    wire = message.wire
    same_content = all((wire.get(key) or None) == (value or None) for key, value in fields.items())
    if same_content and wire.get("reply_markup") == inline:
        raise bad_request(NOT_MODIFIED)


def _delete(call: MethodCall, chat: Chat, message_id: Any) -> None:
    message = chat.messages.get(message_id)
    if message is None:
        raise bad_request(DELETE_NOT_FOUND)
    if message.sender_id != call.state.bot_id and not bot_can_delete_others(chat):
        raise bad_request(CANT_DELETE)
    del chat.messages[message_id]


@bot_method("deleteMessage")
async def delete_message(call: MethodCall) -> bool:
    chat = call.state.readable_chat(call.params.chat_id())
    _delete(call, chat, call.params.require_int("message_id"))
    call.state.signal.notify()
    return True


@bot_method("deleteMessages")
async def delete_messages(call: MethodCall) -> bool:
    chat = call.state.readable_chat(call.params.chat_id())
    message_ids = call.params.require("message_ids")
    if not isinstance(message_ids, list):
        raise bad_request("Bad Request: can't parse message_ids JSON object")
    # Messages that are gone or may not be deleted are skipped, as Telegram does for this batch method.
    for message_id in message_ids:
        if message_id in chat.messages:
            try:
                _delete(call, chat, message_id)
            except TelegramError:
                continue
    call.state.signal.notify()
    return True
