"""Simulated people: registering users and groups and producing the updates their actions cause.

Every action returns plain dicts (the created Message, CallbackQuery or ChatMemberUpdated), queues the
Update Telegram would deliver, and moves the wait cursor floor to "now" (see observe.py).
Mistakes a real client could not make (unknown user, pressing a missing button) raise ValueError.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from . import markup
from .formatting import utf16_length
from .limits import MAX_ALBUM_SIZE, MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH
from .members import bot_status_change
from .observe import Recorder
from .state import BotState, CallbackQueryRecord, Chat, StoredMessage

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@(?P<bot>[A-Za-z0-9_]{1,32}))?(?![A-Za-z0-9_@])")
_SERVICE_KEYS = (
    "new_chat_members",
    "left_chat_member",
    "group_chat_created",
    "new_chat_title",
    "pinned_message",
)
# Tiny stand-ins for media whose content the bot never looks inside.
_PLACEHOLDER_BYTES = {
    "sticker": b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00"
    b"\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00",
    "voice": b"OggS\x00\x02" + b"\x00" * 20,
    "video": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",
}


class PeopleSimulation:
    _state: BotState
    _recorder: Recorder

    # --- who exists ------------------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        username: str | None = None,
        language_code: str | None = "zh-hans",
        last_name: str | None = None,
        started: bool = False,
    ) -> dict[str, Any]:
        """Register a user and their private chat with the bot.

        started=True means they already talked to the bot before the test, so the bot may write first.
        """
        if user_id <= 0:
            raise ValueError("user ids are positive; groups use negative ids")
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self._state.users[user_id] = user
        chat = self._state.chats.get(user_id)
        if chat is None:
            chat = Chat(user_id, "private", user_id=user_id, bot_status="member", started=started)
            self._state.chats[user_id] = chat
        elif started:
            chat.started = True
        return copy.deepcopy(user)

    def add_group(self, chat_id: int, title: str, *, type: str = "supergroup") -> dict[str, Any]:
        """Register a group; the bot is not in it until add_bot_to_group."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative (supergroups look like -100xxxxxxxxxx)")
        if type not in ("group", "supergroup"):
            raise ValueError("type must be 'group' or 'supergroup'")
        chat = Chat(chat_id, type, title=title)
        self._state.chats[chat_id] = chat
        return self._state.chat_wire(chat)

    def set_chat_admins(self, chat_id: int, user_ids: list[int], *, owner_id: int | None = None) -> None:
        """Make these users the group's administrators (and owner_id its creator) for getChatMember."""
        chat = self._group(chat_id)
        for user_id in [*user_ids, *([owner_id] if owner_id else [])]:
            self._user(user_id)
        chat.admin_ids = set(user_ids)
        chat.owner_id = owner_id
        chat.member_ids |= chat.admin_ids | ({owner_id} if owner_id else set())

    # --- membership of the bot -------------------------------------------------------------------

    def add_bot_to_group(self, chat_id: int, by_user_id: int, *, status: str = "member") -> dict[str, Any]:
        """The user adds the bot: a my_chat_member update, then the new_chat_members service message."""
        if status not in ("member", "administrator"):
            raise ValueError("status must be 'member' or 'administrator'")
        chat, user = self._group(chat_id), self._user(by_user_id)
        if chat.bot_status in ("member", "administrator"):
            raise ValueError(f"the bot is already in group {chat_id}")
        chat.member_ids.add(by_user_id)
        self._recorder.mark()
        change = bot_status_change(self._state, chat, user, status)
        self._state.push_update("my_chat_member", change)
        service = self._state.add_message(chat, user, {"new_chat_members": [self._state.bot_user]})
        self._state.push_update("message", service.wire)
        return copy.deepcopy(change)

    def remove_bot_from_group(self, chat_id: int, by_user_id: int) -> dict[str, Any]:
        """The user kicks the bot: a my_chat_member update; later sends to the group answer 403."""
        chat, user = self._group(chat_id), self._user(by_user_id)
        if chat.bot_status not in ("member", "administrator"):
            raise ValueError(f"the bot is not in group {chat_id}")
        self._recorder.mark()
        change = bot_status_change(self._state, chat, user, "kicked")
        self._state.push_update("my_chat_member", change)
        # The group still shows the service message; the removed bot just never receives it.
        self._state.add_message(chat, user, {"left_chat_member": self._state.bot_user})
        return copy.deepcopy(change)

    def block(self, user_id: int) -> dict[str, Any]:
        """The user blocks the bot: sends to them answer 403 until unblock()."""
        user = self._user(user_id)
        chat = self._state.chats[user_id]
        if chat.bot_status == "kicked":
            raise ValueError(f"user {user_id} has already blocked the bot")
        self._recorder.mark()
        change = bot_status_change(self._state, chat, user, "kicked")
        self._state.push_update("my_chat_member", change)
        return copy.deepcopy(change)

    def unblock(self, user_id: int) -> dict[str, Any]:
        user = self._user(user_id)
        chat = self._state.chats[user_id]
        if chat.bot_status != "kicked":
            raise ValueError(f"user {user_id} has not blocked the bot")
        self._recorder.mark()
        change = bot_status_change(self._state, chat, user, "member")
        self._state.push_update("my_chat_member", change)
        return copy.deepcopy(change)

    # --- messages --------------------------------------------------------------------------------

    def send_message(
        self, user_id: int, text: str, *, chat_id: int | None = None, reply_to_message_id: int | None = None
    ) -> dict[str, Any]:
        """A text message; a leading /command gets its bot_command entity as Telegram adds it."""
        if not text.strip():
            raise ValueError("Telegram clients do not send empty messages")
        if len(text) > MAX_TEXT_LENGTH:
            raise ValueError(f"Telegram clients split texts longer than {MAX_TEXT_LENGTH} characters")
        content: dict[str, Any] = {"text": text}
        command = _COMMAND.match(text)
        if command:
            length = utf16_length(command.group())
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        chat = self._chat_of(user_id, chat_id)
        self._hide_one_time_keyboard(chat, text)
        return self._post(user_id, chat, content, text, reply_to_message_id)

    def send_photo(
        self,
        user_id: int,
        data: bytes,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        media_group_id: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """A photo; Telegram's size ladder is built from the image header (largest = these bytes)."""
        chat = self._chat_of(user_id, chat_id)
        content: dict[str, Any] = {"photo": self._state.files.add_photo(data)}
        if media_group_id:
            content = {"media_group_id": media_group_id, **content}
        return self._post(user_id, chat, {**content, **_caption(caption)}, caption or "", reply_to_message_id)

    def send_album(
        self, user_id: int, photos: list[bytes], caption: str | None = None, *, chat_id: int | None = None
    ) -> list[dict[str, Any]]:
        """Several photo messages sharing one media_group_id, the caption on the first, as clients send."""
        if not 2 <= len(photos) <= MAX_ALBUM_SIZE:
            raise ValueError(f"an album has 2 to {MAX_ALBUM_SIZE} items")
        group_id = self._state.new_media_group_id()
        return [
            self.send_photo(
                user_id, data, caption=None if i else caption, chat_id=chat_id, media_group_id=group_id
            )
            for i, data in enumerate(photos)
        ]

    def send_document(
        self,
        user_id: int,
        data: bytes,
        file_name: str,
        mime_type: str,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        chat = self._chat_of(user_id, chat_id)
        document = self._state.files.add_document(data, file_name, mime_type)
        content = {"document": document, **_caption(caption)}
        return self._post(user_id, chat, content, caption or "", reply_to_message_id)

    def send_location(
        self, user_id: int, latitude: float, longitude: float, *, chat_id: int | None = None
    ) -> dict[str, Any]:
        """Also how a user answers a request_location reply button."""
        chat = self._chat_of(user_id, chat_id)
        content = {"location": {"latitude": float(latitude), "longitude": float(longitude)}}
        self._hide_one_time_keyboard(chat, None)
        return self._post(user_id, chat, content, "", None)

    def send_contact(
        self,
        user_id: int,
        phone_number: str,
        first_name: str,
        *,
        last_name: str | None = None,
        contact_user_id: int | None = None,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """Also how a user answers a request_contact button (pass contact_user_id=user_id for their own)."""
        chat = self._chat_of(user_id, chat_id)
        contact: dict[str, Any] = {"phone_number": phone_number, "first_name": first_name}
        if last_name:
            contact["last_name"] = last_name
        if contact_user_id:
            contact["user_id"] = contact_user_id
        self._hide_one_time_keyboard(chat, None)
        return self._post(user_id, chat, {"contact": contact}, "", None)

    def send_sticker(self, user_id: int, *, chat_id: int | None = None) -> dict[str, Any]:
        fields = {
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "🙂",
        }
        return self._send_media(user_id, chat_id, "sticker", fields)

    def send_voice(self, user_id: int, *, chat_id: int | None = None) -> dict[str, Any]:
        return self._send_media(user_id, chat_id, "voice", {"duration": 1, "mime_type": "audio/ogg"})

    def send_video(self, user_id: int, *, chat_id: int | None = None) -> dict[str, Any]:
        fields = {"width": 640, "height": 360, "duration": 1, "mime_type": "video/mp4"}
        return self._send_media(user_id, chat_id, "video", fields)

    # --- buttons ---------------------------------------------------------------------------------

    def press(self, user_id: int, message: dict[str, Any], callback_data: str) -> dict[str, Any]:
        """Press the inline button carrying callback_data on a bot message (its current stored version)."""
        user = self._user(user_id)
        chat, stored = self._bot_message(message)
        self._check_can_see(user_id, chat)
        buttons = markup.inline_buttons(stored.wire.get("reply_markup"))
        if not any(button.get("callback_data") == callback_data for button in buttons):
            raise ValueError(
                f"message #{stored.message_id} has no button with callback_data {callback_data!r}; "
                f"it has {_describe_inline(buttons)}"
            )
        if not chat.is_private:
            chat.member_ids.add(user_id)
        query = {
            "id": self._state.new_callback_id(),
            "from": copy.deepcopy(user),
            "message": copy.deepcopy(stored.wire),
            "chat_instance": str((chat.id * 2654435761) % 2**63),
            "data": callback_data,
        }
        self._state.callbacks[query["id"]] = CallbackQueryRecord(query)
        self._recorder.mark()
        self._state.push_update("callback_query", query)
        return copy.deepcopy(query)

    def press_button(self, user_id: int, message: dict[str, Any], text: str) -> dict[str, Any]:
        """Press a button by its visible text: inline buttons send a callback query, reply-keyboard
        buttons send their text as a message (location/contact buttons need send_location/send_contact)."""
        chat, stored = self._message(message)
        inline = markup.inline_buttons(stored.wire.get("reply_markup"))
        for button in inline:
            if button["text"] == text:
                if "callback_data" not in button:
                    raise ValueError(f"button {text!r} sends the bot nothing (no callback_data): {button}")
                return self.press(user_id, message, button["callback_data"])
        keyboard = markup.keyboard_buttons(stored.reply_keyboard or chat.reply_keyboard)
        for button in keyboard:
            if button["text"] == text:
                if button.get("request_location"):
                    raise ValueError(f"{text!r} asks for a location: use api.send_location(...)")
                if button.get("request_contact"):
                    raise ValueError(f"{text!r} asks for a contact: use api.send_contact(...)")
                return self.send_message(user_id, text, chat_id=None if chat.is_private else chat.id)
        raise ValueError(
            f"no button {text!r} on message #{stored.message_id}; "
            f"inline: {_describe_inline(inline)}; reply keyboard: {[button['text'] for button in keyboard]}"
        )

    # --- helpers ---------------------------------------------------------------------------------

    def _user(self, user_id: int) -> dict[str, Any]:
        user = self._state.users.get(user_id)
        if user is None:
            raise ValueError(f"unknown user {user_id}: call api.add_user({user_id}, ...) first")
        return user

    def _group(self, chat_id: int) -> Chat:
        chat = self._state.chats.get(chat_id)
        if chat is None or chat.is_private:
            raise ValueError(f"unknown group {chat_id}: call api.add_group({chat_id}, ...) first")
        return chat

    def _chat_of(self, user_id: int, chat_id: int | None) -> Chat:
        self._user(user_id)
        chat = self._state.chats[user_id] if chat_id is None or chat_id == user_id else self._group(chat_id)
        self._check_can_see(user_id, chat)
        return chat

    def _check_can_see(self, user_id: int, chat: Chat) -> None:
        if chat.is_private:
            if chat.id != user_id:
                raise ValueError(f"user {user_id} cannot act in another user's private chat {chat.id}")
            if chat.bot_status == "kicked":
                raise ValueError(f"user {user_id} has blocked the bot: call api.unblock({user_id}) first")
        elif chat.bot_status not in ("member", "administrator"):
            raise ValueError(f"the bot is not in group {chat.id}: call api.add_bot_to_group first")

    def _message(self, message: dict[str, Any]) -> tuple[Chat, StoredMessage]:
        chat = self._state.chats.get(message["chat"]["id"])
        stored = chat.messages.get(message["message_id"]) if chat else None
        if chat is None or stored is None:
            raise ValueError(f"message #{message.get('message_id')} no longer exists (deleted?)")
        return chat, stored

    def _bot_message(self, message: dict[str, Any]) -> tuple[Chat, StoredMessage]:
        chat, stored = self._message(message)
        if stored.sender_id != self._state.bot_id:
            raise ValueError(f"message #{stored.message_id} was not sent by the bot")
        return chat, stored

    def _post(
        self,
        user_id: int,
        chat: Chat,
        content: dict[str, Any],
        plain_text: str,
        reply_to_message_id: int | None,
    ) -> dict[str, Any]:
        reply_to = None
        if reply_to_message_id is not None:
            reply_to = chat.messages.get(reply_to_message_id)
            if reply_to is None:
                raise ValueError(f"no message #{reply_to_message_id} in chat {chat.id} to reply to")
        if chat.is_private:
            chat.started = True
        else:
            chat.member_ids.add(user_id)
        self._recorder.mark()
        sender = self._user(user_id)
        message = self._state.add_message(chat, sender, content, reply_to=reply_to, plain_text=plain_text)
        if self._bot_receives(chat, message):
            self._state.push_update("message", message.wire)
        return message.snapshot()

    def _send_media(
        self, user_id: int, chat_id: int | None, kind: str, fields: dict[str, Any]
    ) -> dict[str, Any]:
        chat = self._chat_of(user_id, chat_id)
        media = self._state.files.add_media(kind, _PLACEHOLDER_BYTES[kind], fields)
        return self._post(user_id, chat, {kind: media}, "", None)

    def _bot_receives(self, chat: Chat, message: StoredMessage) -> bool:
        """Privacy mode: in groups a bot sees only commands, replies to it and service messages."""
        if chat.is_private or not self._state.privacy_mode or chat.bot_status == "administrator":
            return True
        wire = message.wire
        if any(key in wire for key in _SERVICE_KEYS):
            return True
        replied = wire.get("reply_to_message")
        if replied and replied.get("from", {}).get("id") == self._state.bot_id:
            return True
        command = _COMMAND.match(wire.get("text", ""))
        if command is None:
            return False
        addressed = command.group("bot")
        return addressed is None or addressed.lower() == self._state.bot_username.lower()

    def _hide_one_time_keyboard(self, chat: Chat, text: str | None) -> None:
        keyboard = chat.reply_keyboard
        if not keyboard or not keyboard.get("one_time_keyboard"):
            return
        if text is None or any(button["text"] == text for button in markup.keyboard_buttons(keyboard)):
            chat.reply_keyboard = None


def _caption(caption: str | None) -> dict[str, Any]:
    if not caption:
        return {}
    if len(caption) > MAX_CAPTION_LENGTH:
        raise ValueError(f"captions are limited to {MAX_CAPTION_LENGTH} characters")
    return {"caption": caption}


def _describe_inline(buttons: list[dict[str, Any]]) -> str:
    if not buttons:
        return "no inline buttons"
    return ", ".join(f"{b['text']!r} -> {b.get('callback_data', '(no callback_data)')!r}" for b in buttons)
