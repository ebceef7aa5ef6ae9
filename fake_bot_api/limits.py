"""Telegram's documented limits, its error shapes and the flood control the fake can enforce."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from typing import Any

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_ALBUM_SIZE = 10
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_UPDATES_PER_POLL = 100
MAX_COMMANDS = 100

# Flood limits from the Bot FAQ: ~30 messages per second overall, 20 per minute in one group.
GLOBAL_SENDS_PER_SECOND = 30
GROUP_SENDS_PER_MINUTE = 20

TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
# Edits report over-long text with the raw MTProto error instead of the send-time wording.
EDIT_TOO_LONG = "Bad Request: MESSAGE_TOO_LONG"
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
BUTTON_URL_INVALID = "Bad Request: BUTTON_URL_INVALID"
TEXT_BUTTONS_UNALLOWED = "Bad Request: text buttons are unallowed in the inline keyboard"
CHAT_NOT_FOUND = "Bad Request: chat not found"
CHAT_ID_EMPTY = "Bad Request: chat_id is empty"
USER_NOT_FOUND = "Bad Request: user not found"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
DELETE_NOT_FOUND = "Bad Request: message to delete not found"
CANT_EDIT = "Bad Request: message can't be edited"
CANT_DELETE = "Bad Request: message can't be deleted"
NO_TEXT_TO_EDIT = "Bad Request: there is no text in the message to edit"
NO_CAPTION_TO_EDIT = "Bad Request: there is no caption in the message to edit"
REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
WRONG_FILE_ID = "Bad Request: wrong file identifier/HTTP URL specified"
FILE_TYPE_MISMATCH = "Bad Request: type of file mismatch"
FILE_EMPTY = "Bad Request: file must be non-empty"
URL_UNREACHABLE = "Bad Request: failed to get HTTP URL content"
FILE_TOO_BIG = "Bad Request: file is too big"
ALBUM_EMPTY = "Bad Request: there are no messages to send"
ALBUM_TOO_BIG = "Bad Request: too many messages to send as an album"
# The docs require 2-10 items; Telegram's wording for a lone item is not documented, so this one is ours.
ALBUM_TOO_SMALL = "Bad Request: too few messages to send as an album"
MIN_ALBUM_SIZE = 2
ALBUM_MEDIA_NOT_FOUND = "Bad Request: can't parse InputMedia: media not found"
UNSUPPORTED_PARSE_MODE = "Bad Request: unsupported parse_mode"
WRONG_ACTION = "Bad Request: wrong parameter action in request"
COMMAND_INVALID = "Bad Request: BOT_COMMAND_INVALID"
COMMAND_DESCRIPTION_INVALID = "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"
PRIVATE_CHAT_MEMBER = "Bad Request: chat member status can't be changed in private chats"
BOT_BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
UNAUTHORIZED = "Unauthorized"
NOT_FOUND = "Not Found"
ENTITY_TOO_LARGE = "Request Entity Too Large"
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)


def bot_kicked(chat_type: str) -> str:
    return f"Forbidden: bot was kicked from the {chat_type} chat"


def bot_not_member(chat_type: str) -> str:
    return f"Forbidden: bot is not a member of the {chat_type} chat"


def cant_parse_entities(reason: str) -> str:
    return f"Bad Request: can't parse entities: {reason}"


def parameter_required(name: str) -> str:
    return f'Bad Request: parameter "{name}" is required'


def too_many_requests(retry_after: int) -> str:
    return f"Too Many Requests: retry after {retry_after}"


class TelegramError(Exception):
    """An error answer exactly as the Bot API puts it on the wire; the HTTP status equals error_code."""

    def __init__(self, error_code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(f"{error_code} {description}")
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(description: str) -> TelegramError:
    return TelegramError(400, description)


def forbidden(description: str) -> TelegramError:
    return TelegramError(403, description)


def flood(retry_after: int) -> TelegramError:
    return TelegramError(429, too_many_requests(retry_after), retry_after=retry_after)


class RateLimiter:
    """Sliding-window flood control: the overall per-second budget and each group's per-minute budget."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._recent: deque[float] = deque()
        self._per_group: dict[int, deque[float]] = {}

    def retry_after(self, chat_id: int) -> int | None:
        """Seconds the caller must wait before this send is allowed, or None when it may go now."""
        now = self._clock()
        waits = [_window_wait(self._recent, now, 1.0, GLOBAL_SENDS_PER_SECOND)]
        if chat_id < 0:
            window = self._per_group.setdefault(chat_id, deque())
            waits.append(_window_wait(window, now, 60.0, GROUP_SENDS_PER_MINUTE))
        longest = max(waits)
        return None if longest <= 0 else max(1, math.ceil(longest))

    def record(self, chat_id: int) -> None:
        now = self._clock()
        self._recent.append(now)
        if chat_id < 0:
            self._per_group.setdefault(chat_id, deque()).append(now)

    def reset(self) -> None:
        self._recent.clear()
        self._per_group.clear()


def _window_wait(stamps: deque[float], now: float, window: float, budget: int) -> float:
    while stamps and stamps[0] <= now - window:
        stamps.popleft()
    if len(stamps) < budget:
        return 0.0
    return stamps[len(stamps) - budget] + window - now
