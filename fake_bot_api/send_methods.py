"""Methods that post new messages: text, photo, document, album, location, contact, chat action."""

from __future__ import annotations

from typing import Any

from . import markup
from .files import StoredFile
from .formatting import FormattedText, format_text
from .images import dimensions_acceptable, image_size
from .limits import (
    ALBUM_EMPTY,
    ALBUM_MEDIA_NOT_FOUND,
    ALBUM_TOO_BIG,
    ALBUM_TOO_SMALL,
    CAPTION_TOO_LONG,
    FILE_EMPTY,
    FILE_TYPE_MISMATCH,
    MAX_ALBUM_SIZE,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    MIN_ALBUM_SIZE,
    REPLY_NOT_FOUND,
    TEXT_EMPTY,
    TEXT_TOO_LONG,
    URL_UNREACHABLE,
    WRONG_ACTION,
    WRONG_FILE_ID,
    bad_request,
)
from .params import Params, Upload
from .registry import MethodCall, bot_method
from .state import BotState, Chat, StoredMessage

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def format_body(raw: str | None, parse_mode: str | None, entities: Any, *, caption: bool) -> FormattedText:
    """Parse text or a caption and apply Telegram's emptiness and length rules for sending."""
    if not caption and not raw:
        raise bad_request(TEXT_EMPTY)
    formatted = format_text(raw or "", parse_mode, entities if isinstance(entities, list) else None)
    if caption:
        if len(formatted.text) > MAX_CAPTION_LENGTH:
            raise bad_request(CAPTION_TOO_LONG)
    else:
        if not formatted.text:
            raise bad_request(TEXT_EMPTY)
        if len(formatted.text) > MAX_TEXT_LENGTH:
            raise bad_request(TEXT_TOO_LONG)
    return formatted


def text_fields(formatted: FormattedText, *, caption: bool) -> dict[str, Any]:
    if caption and not formatted.text:
        return {}
    fields: dict[str, Any] = {"caption" if caption else "text": formatted.text}
    if formatted.entities:
        fields["caption_entities" if caption else "entities"] = formatted.entities
    return fields


def reply_target(chat: Chat, params: Params) -> StoredMessage | None:
    reply = params.get("reply_parameters")
    if not isinstance(reply, dict):
        reply_id = params.int("reply_to_message_id")
        reply = {"message_id": reply_id} if reply_id is not None else None
    if not reply:
        return None
    target = chat.messages.get(reply.get("message_id"))  # type: ignore[arg-type]
    tolerant = reply.get("allow_sending_without_reply") or params.flag("allow_sending_without_reply")
    if target is None and not tolerant:
        raise bad_request(REPLY_NOT_FOUND)
    return target


def post(
    state: BotState,
    chat: Chat,
    params: Params,
    content: dict[str, Any],
    formatted: FormattedText | None,
    *,
    raw: str | None = None,
    counted: bool = True,
    reply_to: StoredMessage | None = None,
) -> StoredMessage:
    """Store one bot message; flood control is checked by the caller before anything is posted."""
    reply_markup = params.get("reply_markup")
    inline = markup.inline_part(reply_markup)
    if inline is not None:
        content = {**content, "reply_markup": inline}
    message = state.add_message(
        chat,
        state.bot_user,
        content,
        reply_to=reply_to,
        plain_text=formatted.text if formatted else "",
        raw_text=raw,
        parse_mode=params.text("parse_mode") if raw is not None else None,
        reply_keyboard=markup.keyboard_part(reply_markup),
    )
    if counted:
        state.count_send(chat)
    return message


def _send_single(
    call: MethodCall, chat: Chat, content: dict[str, Any], formatted: FormattedText | None, raw: str | None
) -> dict[str, Any]:
    state, params = call.state, call.params
    markup.validate(params.get("reply_markup"))
    reply_to = reply_target(chat, params)
    state.check_flood(chat)
    return post(state, chat, params, content, formatted, raw=raw, reply_to=reply_to).wire


@bot_method("sendMessage")
async def send_message(call: MethodCall) -> dict[str, Any]:
    params = call.params
    chat = call.state.writable_chat(params.chat_id())
    raw = params.text("text")
    formatted = format_body(raw, params.text("parse_mode"), params.get("entities"), caption=False)
    return _send_single(call, chat, text_fields(formatted, caption=False), formatted, raw)


def _caption(params: Params) -> tuple[FormattedText, str | None]:
    raw = params.text("caption")
    entities = params.get("caption_entities")
    return format_body(raw, params.text("parse_mode"), entities, caption=True), raw


@bot_method("sendPhoto")
async def send_photo(call: MethodCall) -> dict[str, Any]:
    state, params = call.state, call.params
    chat = state.writable_chat(params.chat_id())
    formatted, raw = _caption(params)
    sizes = photo_sizes(state, _input_file(params, "photo"))
    content = {"photo": sizes, **text_fields(formatted, caption=True)}
    return _send_single(call, chat, content, formatted, raw)


@bot_method("sendDocument")
async def send_document(call: MethodCall) -> dict[str, Any]:
    state, params = call.state, call.params
    chat = state.writable_chat(params.chat_id())
    formatted, raw = _caption(params)
    document = document_object(state, _input_file(params, "document"))
    content = {"document": document, **text_fields(formatted, caption=True)}
    return _send_single(call, chat, content, formatted, raw)


@bot_method("sendLocation")
async def send_location(call: MethodCall) -> dict[str, Any]:
    params = call.params
    chat = call.state.writable_chat(params.chat_id())
    location = {"latitude": params.require("latitude"), "longitude": params.require("longitude")}
    for name in ("horizontal_accuracy", "live_period", "heading", "proximity_alert_radius"):
        if params.has(name):
            location[name] = params.get(name)
    return _send_single(call, chat, {"location": location}, None, None)


@bot_method("sendContact")
async def send_contact(call: MethodCall) -> dict[str, Any]:
    params = call.params
    chat = call.state.writable_chat(params.chat_id())
    contact = {"phone_number": params.require("phone_number"), "first_name": params.require("first_name")}
    for name in ("last_name", "vcard"):
        if params.has(name):
            contact[name] = params.get(name)
    return _send_single(call, chat, {"contact": contact}, None, None)


@bot_method("sendChatAction")
async def send_chat_action(call: MethodCall) -> bool:
    chat = call.state.writable_chat(call.params.chat_id())
    action = call.params.text("action")
    if action not in CHAT_ACTIONS:
        raise bad_request(WRONG_ACTION)
    chat.last_action = action
    call.state.signal.notify()
    return True


@bot_method("sendMediaGroup")
async def send_media_group(call: MethodCall) -> list[dict[str, Any]]:
    state, params = call.state, call.params
    chat = state.writable_chat(params.chat_id())
    items = params.require("media")
    if not isinstance(items, list):
        raise bad_request("Bad Request: can't parse media JSON object")
    if not items:
        raise bad_request(ALBUM_EMPTY)
    if len(items) < MIN_ALBUM_SIZE:
        raise bad_request(ALBUM_TOO_SMALL)
    if len(items) > MAX_ALBUM_SIZE:
        raise bad_request(ALBUM_TOO_BIG)
    kinds = [item.get("type") if isinstance(item, dict) else None for item in items]
    for kind in kinds:
        if kind not in ("photo", "document"):
            raise bad_request(
                f'Bad Request: can\'t parse InputMedia: type "{kind}" is not supported by the fake Bot API'
            )
    if "document" in kinds and "photo" in kinds:
        raise bad_request("Bad Request: document can't be mixed with other media types")
    # Every item is checked before the first message is stored: a refused album posts nothing.
    prepared = []
    for item, kind in zip(items, kinds, strict=True):
        raw, parse_mode = item.get("caption"), item.get("parse_mode")
        formatted = format_body(raw, parse_mode, item.get("caption_entities"), caption=True)
        source = _album_file(params, item.get("media"))
        media = photo_sizes(state, source) if kind == "photo" else document_object(state, source)
        prepared.append((kind, media, formatted, raw, parse_mode))
    reply_to = reply_target(chat, params)
    state.check_flood(chat)
    group_id = state.new_media_group_id()
    sent = []
    for kind, media, formatted, raw, parse_mode in prepared:
        content: dict[str, Any] = {"media_group_id": group_id, kind: media}
        content.update(text_fields(formatted, caption=True))
        item_params = Params({"parse_mode": parse_mode}, {})
        message = post(
            state, chat, item_params, content, formatted, raw=raw, counted=False, reply_to=reply_to
        )
        sent.append(message.wire)
    state.count_send(chat)
    return sent


def _input_file(params: Params, field: str) -> Upload | str:
    direct = params.uploads.get(field)
    if direct is not None:
        return direct
    value = params.get(field)
    if value is None:
        raise bad_request(f"Bad Request: there is no {field} in the request")
    if isinstance(value, str) and value.startswith("attach://"):
        upload = params.uploads.get(value.removeprefix("attach://"))
        if upload is None:
            raise bad_request(WRONG_FILE_ID)
        return upload
    return str(value)


def _album_file(params: Params, media: Any) -> Upload | str:
    if not isinstance(media, str) or not media:
        raise bad_request(ALBUM_MEDIA_NOT_FOUND)
    if media.startswith("attach://"):
        upload = params.uploads.get(media.removeprefix("attach://"))
        if upload is None:
            raise bad_request(ALBUM_MEDIA_NOT_FOUND)
        return upload
    return media


def _known_file(state: BotState, reference: str, kind: str) -> StoredFile:
    if reference.startswith(("http://", "https://")):
        # The fake has no internet access, so it answers as Telegram does for an unreachable URL.
        raise bad_request(URL_UNREACHABLE)
    stored = state.files.get(reference)
    if stored is None:
        raise bad_request(WRONG_FILE_ID)
    if stored.kind != kind:
        raise bad_request(FILE_TYPE_MISMATCH)
    return stored


def photo_sizes(state: BotState, source: Upload | str) -> list[dict[str, Any]]:
    """PhotoSize list for an upload (validated and stored now) or a known photo file_id."""
    if isinstance(source, Upload):
        if not source.data:
            raise bad_request(FILE_EMPTY)
        size = image_size(source.data)
        if size is not None and not dimensions_acceptable(*size):
            raise bad_request("Bad Request: PHOTO_INVALID_DIMENSIONS")
        return state.files.add_photo(source.data)
    stored = _known_file(state, source, "photo")
    return state.files.photo_sizes(stored.file_id) or [dict(stored.wire)]


def document_object(state: BotState, source: Upload | str) -> dict[str, Any]:
    if isinstance(source, Upload):
        if not source.data:
            raise bad_request(FILE_EMPTY)
        return state.files.add_document(source.data, source.filename, source.content_type)
    return dict(_known_file(state, source, "document").wire)
