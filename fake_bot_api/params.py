"""Bot API request parameters: reading any of the three body encodings and typed access to fields."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .limits import (
    CHAT_ID_EMPTY,
    ENTITY_TOO_LARGE,
    MAX_UPLOAD_BYTES,
    TelegramError,
    bad_request,
    parameter_required,
)

# Form bodies carry every value as a string; these fields hold JSON, numbers or booleans.
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "media",
        "allowed_updates",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "menu_button",
        "message_ids",
        "results",
        "permissions",
        "reaction",
        "options",
        "rights",
    }
)
INT_FIELDS = frozenset(
    {
        "message_id",
        "user_id",
        "offset",
        "limit",
        "timeout",
        "reply_to_message_id",
        "message_thread_id",
        "cache_time",
        "max_connections",
        "live_period",
        "heading",
        "proximity_alert_radius",
        "from_chat_id",
        "until_date",
        "duration",
        "width",
        "height",
    }
)
FLOAT_FIELDS = frozenset({"latitude", "longitude", "horizontal_accuracy"})
BOOL_FIELDS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "show_caption_above_media",
        "has_spoiler",
        "disable_content_type_detection",
        "allow_paid_broadcast",
        "for_channels",
        "only_if_banned",
    }
)
_INTEGER = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    data: bytes


async def read_body(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Query string plus body fields (JSON, urlencoded or multipart), and any uploaded files by field name."""
    values: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.method != "POST" or not request.can_read_body:
        return values, uploads
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("Bad Request: can't parse JSON encoded request") from None
        if not isinstance(body, dict):
            raise bad_request("Bad Request: JSON object expected")
        values.update(body)
        return values, uploads
    try:
        form = await request.post()
    except web.HTTPRequestEntityTooLarge:
        raise TelegramError(413, ENTITY_TOO_LARGE) from None
    for name, value in form.items():
        if isinstance(value, web.FileField):
            data = value.file.read()
            if len(data) > MAX_UPLOAD_BYTES:
                raise TelegramError(413, ENTITY_TOO_LARGE)
            uploads[name] = Upload(value.filename, value.content_type, data)
        else:
            values[name] = value if isinstance(value, str) else value.decode()
    return values, uploads


def normalize(values: dict[str, Any]) -> dict[str, Any]:
    """Decode the typed fields so handlers and recorded calls see JSON values, ints, floats and bools."""
    decoded: dict[str, Any] = {}
    for name, value in values.items():
        decoded[name] = _decode(name, value)
    return decoded


def _decode(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"Bad Request: can't parse {name} JSON object") from None
    if name == "chat_id":
        return int(value) if _INTEGER.fullmatch(value) else value
    if name in INT_FIELDS:
        if not _INTEGER.fullmatch(value):
            raise bad_request(f'Bad Request: invalid parameter "{name}": expected an Integer')
        return int(value)
    if name in FLOAT_FIELDS:
        try:
            return float(value)
        except ValueError:
            raise bad_request(f'Bad Request: invalid parameter "{name}": expected a Float') from None
    if name in BOOL_FIELDS:
        return value.lower() in ("true", "1")
    return value


class Params:
    """Decoded parameters of one call plus its uploads, with the checks every method shares."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload]) -> None:
        self.values = values
        self.uploads = uploads

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None or value == "" else value

    def has(self, name: str) -> bool:
        return self.get(name) is not None

    def require(self, name: str) -> Any:
        value = self.get(name)
        if value is None:
            raise bad_request(parameter_required(name))
        return value

    def int(self, name: str, default: int | None = None) -> int | None:
        value = self.get(name, default)
        if value is None or isinstance(value, int):
            return value
        raise bad_request(f'Bad Request: invalid parameter "{name}": expected an Integer')

    def require_int(self, name: str) -> int:
        value = self.int(name)
        if value is None:
            raise bad_request(parameter_required(name))
        return value

    def text(self, name: str) -> str | None:
        value = self.get(name)
        return None if value is None else str(value)

    def flag(self, name: str) -> bool:
        return bool(self.get(name, False))

    def chat_id(self) -> int | str:
        value = self.get("chat_id")
        if value is None:
            raise bad_request(CHAT_ID_EMPTY)
        return value
