"""reply_markup checks and lookups: what Telegram refuses, what it echoes, which buttons exist."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from .limits import (
    BUTTON_DATA_INVALID,
    BUTTON_URL_INVALID,
    MAX_CALLBACK_DATA_BYTES,
    TEXT_BUTTONS_UNALLOWED,
    bad_request,
)

_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_MARKUP_KINDS = ("inline_keyboard", "keyboard", "remove_keyboard", "force_reply")


def validate(markup: Any) -> None:
    """Raise the 400 Telegram gives for a reply_markup it would not accept."""
    if markup is None:
        return
    if not isinstance(markup, dict) or not any(kind in markup for kind in _MARKUP_KINDS):
        raise bad_request("Bad Request: object expected as reply markup")
    if "inline_keyboard" in markup:
        for button in _rows_of(markup["inline_keyboard"], "inline keyboard"):
            _validate_inline_button(button)
    elif "keyboard" in markup:
        for button in _rows_of(markup["keyboard"], "keyboard"):
            if isinstance(button, str):
                continue
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request(
                    'Bad Request: can\'t parse keyboard button: Field "text" must be of type String'
                )


def _rows_of(rows: Any, what: str) -> Iterator[Any]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f"Bad Request: can't parse {what}: field must be an Array of Arrays")
    for row in rows:
        yield from row


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    actions = [name for name in _INLINE_ACTIONS if name in button]
    if not actions:
        raise bad_request(TEXT_BUTTONS_UNALLOWED)
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request(BUTTON_DATA_INVALID)
    if "url" in button and not _is_button_url(button["url"]):
        raise bad_request(BUTTON_URL_INVALID)


def _is_button_url(url: Any) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    if parts.scheme == "tg":
        return bool(parts.netloc or parts.path)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def inline_part(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """The part Telegram attaches to the Message object: only inline keyboards are echoed back."""
    if markup and "inline_keyboard" in markup:
        return markup
    return None


def keyboard_part(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """A reply keyboard, keyboard removal or force-reply: it changes the user's input field instead."""
    if markup and "inline_keyboard" not in markup:
        return markup
    return None


def inline_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not markup or "inline_keyboard" not in markup:
        return []
    return [button for row in markup["inline_keyboard"] for button in row]


def keyboard_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Reply-keyboard buttons, with plain-string buttons expanded to {"text": ...}."""
    if not markup or "keyboard" not in markup:
        return []
    buttons = [button for row in markup["keyboard"] for button in row]
    return [button if isinstance(button, dict) else {"text": button} for button in buttons]
