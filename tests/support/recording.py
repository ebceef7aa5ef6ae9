"""A Bot API session that records every call and answers with realistic Telegram objects."""

from __future__ import annotations

import itertools
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    DeleteMyCommands,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import BufferedInputFile, Chat, File, Message, PhotoSize, User

from fake_bot_api.formatting import format_text
from fake_bot_api.limits import QUERY_INVALID, TelegramError, bad_request
from fake_bot_api.markup import validate as validate_markup

BOT_USER = User(id=42, is_bot=True, first_name="SafeGrid", username="safegrid_bot")


@dataclass
class Call:
    method: TelegramMethod[Any]
    result: Any = None

    @property
    def name(self) -> str:
        return type(self.method).__name__

    @property
    def text(self) -> str:
        return str(getattr(self.method, "text", None) or getattr(self.method, "caption", None) or "")

    def buttons(self) -> list[tuple[str, str]]:
        """(visible text, callback data or url) of every inline button."""
        markup = getattr(self.method, "reply_markup", None)
        rows = getattr(markup, "inline_keyboard", None) or []
        return [(b.text, b.callback_data or b.url or "") for row in rows for b in row]

    def button(self, label_part: str) -> str:
        found = [data for text, data in self.buttons() if label_part in text]
        if not found:
            raise AssertionError(f"no button with {label_part!r} in {self.buttons()}")
        return found[0]


@dataclass
class RecordingSession(BaseSession):
    calls: list[Call] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    fail: dict[str, Exception] = field(default_factory=dict)
    answered: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1000)

    async def close(self) -> None:
        pass

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        self.calls.append(Call(method))
        error = self.fail.pop(type(method).__name__, None)
        if error is not None:
            raise error
        self._check(method)
        self.calls[-1].result = result = self._answer(method)
        return result

    def _check(self, method: TelegramMethod[Any]) -> None:
        """Refuse what Telegram refuses, with its words, using the same rules as the project's fake API."""
        try:
            text = getattr(method, "text", None)
            caption = getattr(method, "caption", None)
            for value, limit, error in (
                (text, 4096, "message is too long"),
                (caption, 1024, "message caption is too long"),
            ):
                if isinstance(value, str):
                    shown = format_text(value, "HTML").text  # the bot's default parse mode
                    if len(shown) > limit:
                        raise bad_request(f"Bad Request: {error}")
            markup = getattr(method, "reply_markup", None)
            if markup is not None:
                validate_markup(markup.model_dump(exclude_none=True))
            if isinstance(method, AnswerCallbackQuery):
                if method.callback_query_id in self.answered:
                    raise bad_request(QUERY_INVALID)
                self.answered.add(method.callback_query_id)
        except TelegramError as error:
            raise TelegramBadRequest(method, error.description) from None

    def _message(self, chat_id: int | str, message_id: int | None = None, **fields: Any) -> Message:
        chat_id = int(chat_id)
        chat = Chat(id=chat_id, type="private" if chat_id > 0 else "supergroup")
        return Message(
            message_id=message_id or next(self._ids),
            date=datetime.now(UTC),
            chat=chat,
            from_user=BOT_USER,
            **fields,
        )

    def _answer(self, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage):
            return self._message(method.chat_id, text=method.text, reply_markup=_inline(method.reply_markup))
        if isinstance(method, SendPhoto) and isinstance(method.photo, BufferedInputFile):
            # An upload comes back as a photo with a new file id, which can then be downloaded.
            file_id = f"upload{next(self._ids)}"
            self.files[file_id] = method.photo.data
            size = PhotoSize(file_id=file_id, file_unique_id=file_id, width=1280, height=960)
            return self._message(method.chat_id, caption=method.caption, photo=[size])
        if isinstance(method, SendPhoto | SendDocument):
            return self._message(method.chat_id, caption=method.caption)
        if isinstance(method, EditMessageText):
            return self._message(
                method.chat_id or 0, method.message_id, text=method.text, reply_markup=method.reply_markup
            )
        if isinstance(method, GetFile):
            if method.file_id not in self.files:
                raise TelegramBadRequest(
                    method, "Bad Request: wrong file_id or the file is temporarily unavailable"
                )
            return File(
                file_id=method.file_id, file_unique_id=method.file_id, file_path=f"files/{method.file_id}"
            )
        if isinstance(
            method,
            AnswerCallbackQuery | SetMyCommands | DeleteMyCommands | DeleteMessage | EditMessageReplyMarkup,
        ):
            return True
        return True

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield self.files[url.rsplit("/", 1)[-1]]


def _inline(markup: Any) -> Any:
    # Only inline keyboards come back on the message object, as in Telegram.
    return markup if markup is not None and hasattr(markup, "inline_keyboard") else None
