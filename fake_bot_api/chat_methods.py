"""Methods that read chats and memberships, and leaveChat."""

from __future__ import annotations

from typing import Any

from .limits import PRIVATE_CHAT_MEMBER, bad_request
from .members import bot_status_change, chat_member, member_object, user_status
from .registry import MethodCall, bot_method

_NO_GIFTS = {
    "unlimited_gifts": False,
    "limited_gifts": False,
    "unique_gifts": False,
    "premium_subscription": False,
    "gifts_from_channels": False,
}


@bot_method("getChat")
async def get_chat(call: MethodCall) -> dict[str, Any]:
    state = call.state
    chat = state.readable_chat(call.params.chat_id())
    return {
        **state.chat_wire(chat),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": dict(_NO_GIFTS),
    }


@bot_method("getChatMember")
async def get_chat_member(call: MethodCall) -> dict[str, Any]:
    chat = call.state.readable_chat(call.params.chat_id())
    return chat_member(call.state, chat, call.params.require_int("user_id"))


@bot_method("getChatAdministrators")
async def get_chat_administrators(call: MethodCall) -> list[dict[str, Any]]:
    state = call.state
    chat = state.readable_chat(call.params.chat_id())
    if chat.is_private:
        raise bad_request("Bad Request: there are no administrators in the private chat")
    admins = []
    for user_id in sorted({*chat.admin_ids, *([chat.owner_id] if chat.owner_id else [])}):
        admins.append(member_object(state.users[user_id], user_status(chat, user_id)))
    if chat.bot_status == "administrator":
        admins.append(member_object(state.bot_user, "administrator"))
    return admins


@bot_method("getChatMemberCount")
async def get_chat_member_count(call: MethodCall) -> int:
    chat = call.state.readable_chat(call.params.chat_id())
    if chat.is_private:
        return 2
    people = {*chat.member_ids, *chat.admin_ids, *([chat.owner_id] if chat.owner_id else [])}
    return len(people) + 1


@bot_method("leaveChat")
async def leave_chat(call: MethodCall) -> bool:
    state = call.state
    chat = state.readable_chat(call.params.chat_id())
    if chat.is_private:
        raise bad_request(PRIVATE_CHAT_MEMBER)
    state.push_update("my_chat_member", bot_status_change(state, chat, state.bot_user, "left"))
    return True
