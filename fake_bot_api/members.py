"""ChatMember objects for the bot and for users, shaped per status as the Bot API sends them."""

from __future__ import annotations

import time
from typing import Any

from .limits import USER_NOT_FOUND, bad_request
from .state import BotState, Chat

_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_send_welcome_messages": False,
    "can_pin_messages": True,
}


def member_object(user: dict[str, Any], status: str) -> dict[str, Any]:
    member: dict[str, Any] = {"user": dict(user), "status": status}
    if status == "administrator":
        member.update(_ADMIN_RIGHTS)
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "kicked":
        member["until_date"] = 0
    return member


def user_status(chat: Chat, user_id: int) -> str:
    if chat.is_private:
        return "member"
    if user_id == chat.owner_id:
        return "creator"
    if user_id in chat.admin_ids:
        return "administrator"
    if user_id in chat.member_ids:
        return "member"
    return "left"


def chat_member(state: BotState, chat: Chat, user_id: int) -> dict[str, Any]:
    if user_id == state.bot_id:
        status = chat.bot_status if not chat.is_private or chat.bot_status == "kicked" else "member"
        return member_object(state.bot_user, status)
    user = state.users.get(user_id)
    if user is None or (chat.is_private and user_id != chat.id):
        raise bad_request(USER_NOT_FOUND)
    return member_object(user, user_status(chat, user_id))


def bot_can_delete_others(chat: Chat) -> bool:
    return chat.is_private or chat.bot_status == "administrator"


def bot_status_change(state: BotState, chat: Chat, actor: dict[str, Any], new_status: str) -> dict[str, Any]:
    """Move the bot to new_status in chat and build the my_chat_member payload Telegram sends for it."""
    old = chat_member(state, chat, state.bot_id)
    chat.bot_status = new_status
    return {
        "chat": state.chat_wire(chat),
        "from": dict(actor),
        "date": int(time.time()),
        "old_chat_member": old,
        "new_chat_member": member_object(state.bot_user, new_status),
    }
