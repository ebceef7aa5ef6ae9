"""Everything the fake Telegram knows: the bot, users, chats and their messages, files, updates."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .changes import ChangeSignal
from .files import FileStore
from .limits import (
    BOT_BLOCKED,
    CANT_INITIATE,
    CHAT_NOT_FOUND,
    RateLimiter,
    bad_request,
    bot_kicked,
    bot_not_member,
    flood,
    forbidden,
)
from .updates import UpdateQueue


@dataclass
class StoredMessage:
    """A message as Telegram holds it (wire) plus what tests need to read it without re-parsing."""

    wire: dict[str, Any]
    plain_text: str = ""
    raw_text: str | None = None
    parse_mode: str | None = None
    # Reply keyboards are not part of the Message object Telegram returns, so they are kept aside.
    reply_keyboard: dict[str, Any] | None = None

    @property
    def chat_id(self) -> int:
        return self.wire["chat"]["id"]

    @property
    def message_id(self) -> int:
        return self.wire["message_id"]

    @property
    def sender_id(self) -> int | None:
        sender = self.wire.get("from")
        return sender["id"] if sender else None

    def snapshot(self) -> dict[str, Any]:
        return {
            **copy.deepcopy(self.wire),
            "plain_text": self.plain_text,
            "raw_text": self.raw_text,
            "parse_mode": self.parse_mode,
            "reply_keyboard": copy.deepcopy(self.reply_keyboard),
        }


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None
    user_id: int | None = None
    # The bot's own ChatMember status here: member, administrator, left or kicked (= blocked in private).
    bot_status: str = "left"
    # Private chats only: a bot cannot write first, so the user must have messaged it at least once.
    started: bool = False
    owner_id: int | None = None
    admin_ids: set[int] = field(default_factory=set)
    member_ids: set[int] = field(default_factory=set)
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    last_message_id: int = 0
    reply_keyboard: dict[str, Any] | None = None
    menu_button: dict[str, Any] | None = None
    last_action: str | None = None

    @property
    def is_private(self) -> bool:
        return self.type == "private"

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id


@dataclass
class CallbackQueryRecord:
    query: dict[str, Any]
    answer: dict[str, Any] | None = None


class BotState:
    def __init__(
        self,
        *,
        token: str,
        bot_id: int,
        bot_username: str,
        bot_name: str,
        privacy_mode: bool,
        enforce_limits: bool,
        clock: Callable[[], float],
    ) -> None:
        self.token = token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.privacy_mode = privacy_mode
        self.enforce_limits = enforce_limits
        self.clock = clock
        self.limiter = RateLimiter(clock)
        self.signal = ChangeSignal()
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int, Chat] = {}
        self.files = FileStore()
        self.updates = UpdateQueue()
        self.callbacks: dict[str, CallbackQueryRecord] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}
        self.webhook: dict[str, Any] = {"url": ""}
        self.default_menu_button: dict[str, Any] | None = None
        # Snapshots of every message the bot sent or edited, in order: what message waits look through.
        self.bot_message_log: list[dict[str, Any]] = []
        self._callback_counter = 0
        self._album_counter = 0

    @property
    def bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.bot_name, "username": self.bot_username}

    def chat_wire(self, chat: Chat) -> dict[str, Any]:
        if chat.is_private:
            user = self.users[chat.id]
            wire = {"id": chat.id, "first_name": user["first_name"]}
            for key in ("last_name", "username"):
                if user.get(key):
                    wire[key] = user[key]
            wire["type"] = "private"
            return wire
        return {"id": chat.id, "title": chat.title, "type": chat.type}

    def find_chat(self, chat_id: int | str) -> Chat:
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request(CHAT_NOT_FOUND)
        return chat

    def readable_chat(self, chat_id: int | str) -> Chat:
        """A chat the bot may act in at all: groups it was removed from answer 403."""
        chat = self.find_chat(chat_id)
        if not chat.is_private:
            if chat.bot_status == "kicked":
                raise forbidden(bot_kicked(chat.type))
            if chat.bot_status == "left":
                raise forbidden(bot_not_member(chat.type))
        return chat

    def writable_chat(self, chat_id: int | str) -> Chat:
        """A chat the bot may post or edit in right now."""
        chat = self.readable_chat(chat_id)
        if chat.is_private:
            if chat.bot_status == "kicked":
                raise forbidden(BOT_BLOCKED)
            if not chat.started:
                raise forbidden(CANT_INITIATE)
        return chat

    def check_flood(self, chat: Chat) -> None:
        if not self.enforce_limits:
            return
        retry_after = self.limiter.retry_after(chat.id)
        if retry_after is not None:
            raise flood(retry_after)

    def count_send(self, chat: Chat) -> None:
        if self.enforce_limits:
            self.limiter.record(chat.id)

    def add_message(
        self,
        chat: Chat,
        sender: dict[str, Any],
        content: dict[str, Any],
        *,
        reply_to: StoredMessage | None = None,
        plain_text: str = "",
        raw_text: str | None = None,
        parse_mode: str | None = None,
        reply_keyboard: dict[str, Any] | None = None,
    ) -> StoredMessage:
        wire: dict[str, Any] = {
            "message_id": chat.next_message_id(),
            "from": copy.deepcopy(sender),
            "chat": self.chat_wire(chat),
            "date": int(time.time()),
        }
        if reply_to is not None:
            replied = copy.deepcopy(reply_to.wire)
            replied.pop("reply_to_message", None)
            wire["reply_to_message"] = replied
        wire.update(copy.deepcopy(content))
        message = StoredMessage(wire, plain_text, raw_text, parse_mode, copy.deepcopy(reply_keyboard))
        chat.messages[message.message_id] = message
        if sender["id"] == self.bot_id:
            if reply_keyboard is not None and "force_reply" not in reply_keyboard:
                removed = "remove_keyboard" in reply_keyboard
                chat.reply_keyboard = None if removed else copy.deepcopy(reply_keyboard)
            self.log_bot_message(message)
        else:
            self.signal.notify()
        return message

    def log_bot_message(self, message: StoredMessage) -> None:
        self.bot_message_log.append(message.snapshot())
        self.signal.notify()

    def push_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = self.updates.push(kind, payload)
        self.signal.notify()
        return update

    def new_media_group_id(self) -> str:
        self._album_counter += 1
        return str(13_000_000_000_000_000 + self._album_counter)

    def new_callback_id(self) -> str:
        self._callback_counter += 1
        # Real query ids are large decimal strings unique per bot.
        return str(4_000_000_000_000_000_000 + self.bot_id * 1000 + self._callback_counter)
