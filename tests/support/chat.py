"""Drive the real Dispatcher with real Update objects, as Telegram would deliver them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import (
    CallbackQuery,
    Chat,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberUpdated,
    Document,
    Location,
    Message,
    MessageEntity,
    PhotoSize,
    Update,
    User,
)

from tests.support.recording import BOT_USER, Call, RecordingSession

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


@dataclass
class Person:
    id: int
    first_name: str
    username: str | None = None
    language_code: str = "zh-hans"

    @property
    def user(self) -> User:
        return User(
            id=self.id,
            is_bot=False,
            first_name=self.first_name,
            username=self.username,
            language_code=self.language_code,
        )

    @property
    def private(self) -> Chat:
        return Chat(id=self.id, type="private", first_name=self.first_name)


class ChatDriver:
    def __init__(self, dp: Dispatcher, bot: Bot, session: RecordingSession) -> None:
        self.dp, self.bot, self.session = dp, bot, session

    async def _feed(self, update: Update) -> list[Call]:
        before = len(self.session.calls)
        await self.dp.feed_update(self.bot, update)
        return self.session.calls[before:]

    def _message(self, person: Person, chat: Chat | None, **fields: Any) -> Message:
        return Message(
            message_id=next(_message_ids),
            date=datetime.now(UTC),
            chat=chat or person.private,
            from_user=person.user,
            **fields,
        )

    async def send(self, person: Person, text: str, chat: Chat | None = None) -> list[Call]:
        entities = None
        if text.startswith("/"):
            entities = [MessageEntity(type="bot_command", offset=0, length=len(text.split()[0]))]
        message = self._message(person, chat, text=text, entities=entities)
        return await self._feed(Update(update_id=next(_update_ids), message=message))

    async def send_document(
        self, person: Person, data: bytes, file_name: str, mime: str, size: int | None = None
    ) -> list[Call]:
        """A file; `size` can claim more bytes than sent, to test limits without building huge files."""
        file_id = f"doc{next(_message_ids)}"
        self.session.files[file_id] = data
        document = Document(
            file_id=file_id,
            file_unique_id=file_id,
            file_name=file_name,
            mime_type=mime,
            file_size=size or len(data),
        )
        return await self._feed(
            Update(update_id=next(_update_ids), message=self._message(person, None, document=document))
        )

    async def send_photo(
        self, person: Person, data: bytes, caption: str | None = None, media_group_id: str | None = None
    ) -> list[Call]:
        """A compressed photo as Telegram delivers it: several sizes, the largest last."""
        file_id = f"photo{next(_message_ids)}"
        self.session.files[file_id] = data
        sizes = [
            PhotoSize(
                file_id=f"{file_id}s", file_unique_id=f"{file_id}s", width=90, height=60, file_size=100
            ),
            PhotoSize(file_id=file_id, file_unique_id=file_id, width=1280, height=960, file_size=len(data)),
        ]
        self.session.files[f"{file_id}s"] = data[:100]
        message = self._message(person, None, photo=sizes, caption=caption, media_group_id=media_group_id)
        return await self._feed(Update(update_id=next(_update_ids), message=message))

    async def send_album(self, person: Person, photos: list[bytes], caption: str | None = None) -> list[Call]:
        """An album arrives as one message per photo sharing a media group id."""
        group = f"album{next(_message_ids)}"
        calls: list[Call] = []
        for i, data in enumerate(photos):
            calls += await self.send_photo(person, data, caption if i == 0 else None, media_group_id=group)
        return calls

    async def send_location(self, person: Person, latitude: float, longitude: float) -> list[Call]:
        return await self.send_message(person, location=Location(latitude=latitude, longitude=longitude))

    async def send_message(self, person: Person, chat: Chat | None = None, **fields: Any) -> list[Call]:
        return await self._feed(
            Update(update_id=next(_update_ids), message=self._message(person, chat, **fields))
        )

    async def press(
        self, person: Person, data: str, on: Call | None = None, chat: Chat | None = None
    ) -> list[Call]:
        """Press an inline button; `on` is the bot call that showed it (Telegram attaches that message)."""
        message = self._message(
            Person(BOT_USER.id, BOT_USER.first_name), chat or person.private, text=on.text if on else "…"
        )
        if on is not None and isinstance(on.result, Message):
            message = message.model_copy(update={"message_id": on.result.message_id})
        query = CallbackQuery(
            id=str(next(_update_ids)), from_user=person.user, chat_instance="ci", data=data, message=message
        )
        return await self._feed(Update(update_id=next(_update_ids), callback_query=query))

    async def bot_added(self, person: Person, group: Chat) -> list[Call]:
        return await self._member_change(person, group, joined=True)

    async def bot_removed(self, person: Person, group: Chat) -> list[Call]:
        return await self._member_change(person, group, joined=False)

    async def _member_change(self, person: Person, group: Chat, joined: bool) -> list[Call]:
        left = ChatMemberLeft(user=BOT_USER)
        member = ChatMemberMember(user=BOT_USER)
        event = ChatMemberUpdated(
            chat=group,
            from_user=person.user,
            date=datetime.now(UTC),
            old_chat_member=left if joined else member,
            new_chat_member=member if joined else left,
        )
        return await self._feed(Update(update_id=next(_update_ids), my_chat_member=event))


def texts(calls: list[Call]) -> str:
    return "\n---\n".join(call.text for call in calls if call.text)


def alerts(calls: list[Call]) -> list[str]:
    return [
        call.method.text or "" for call in calls if call.name == "AnswerCallbackQuery" and call.method.text
    ]


def shown(calls: list[Call]) -> Call:
    """The last message the bot sent or edited in these calls (what the person now looks at)."""
    for call in reversed(calls):
        if call.name in ("SendMessage", "EditMessageText", "SendPhoto", "SendDocument"):
            return call
    raise AssertionError(f"the bot showed nothing: {[c.name for c in calls]}")
