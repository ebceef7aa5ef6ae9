"""Methods about the bot itself: identity, updates, webhook, commands, menu button, files, callbacks."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from .limits import (
    COMMAND_DESCRIPTION_INVALID,
    COMMAND_INVALID,
    FILE_TOO_BIG,
    MAX_COMMANDS,
    MAX_DOWNLOAD_BYTES,
    MAX_UPDATES_PER_POLL,
    POLL_CONFLICT,
    QUERY_INVALID,
    WEBHOOK_ACTIVE,
    WRONG_FILE_ID,
    TelegramError,
    bad_request,
)
from .registry import MethodCall, bot_method
from .state import BotState

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SCOPE_TYPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_MAX_CALLBACK_ANSWER = 200


@bot_method("getMe")
async def get_me(call: MethodCall) -> dict[str, Any]:
    state = call.state
    return {
        **state.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": not state.privacy_mode,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@bot_method("getUpdates")
async def get_updates(call: MethodCall) -> list[dict[str, Any]]:
    state, params = call.state, call.params
    if state.webhook["url"]:
        raise TelegramError(409, WEBHOOK_ACTIVE)
    queue = state.updates
    limit = min(max(params.int("limit") or MAX_UPDATES_PER_POLL, 1), MAX_UPDATES_PER_POLL)
    timeout = max(params.int("timeout") or 0, 0)
    allowed = params.get("allowed_updates")
    if isinstance(allowed, list):
        queue.set_allowed(allowed)
    queue.confirm(params.int("offset"))
    queue.generation += 1
    generation = queue.generation
    # A newer getUpdates ends this one, as Telegram does when two pollers compete.
    state.signal.notify()

    def answerable() -> bool:
        superseded = queue.generation != generation
        return queue.closed or superseded or call.client_gone() or queue.has_deliverable()

    await state.signal.wait_until(answerable, timeout)
    if queue.generation != generation:
        raise TelegramError(409, POLL_CONFLICT)
    if queue.closed or call.client_gone():
        return []
    return queue.take(limit)


@bot_method("setWebhook")
async def set_webhook(call: MethodCall) -> bool:
    url = call.params.text("url") or ""
    options = {k: v for k, v in call.params.values.items() if k not in ("url", "certificate")}
    call.state.webhook = {"url": url, **options}
    if call.params.flag("drop_pending_updates"):
        call.state.updates.drop_all()
    call.state.signal.notify()
    return True


@bot_method("deleteWebhook")
async def delete_webhook(call: MethodCall) -> bool:
    call.state.webhook = {"url": ""}
    if call.params.flag("drop_pending_updates"):
        call.state.updates.drop_all()
    return True


@bot_method("getWebhookInfo")
async def get_webhook_info(call: MethodCall) -> dict[str, Any]:
    state = call.state
    info: dict[str, Any] = {
        "url": state.webhook["url"],
        "has_custom_certificate": False,
        "pending_update_count": state.updates.pending(),
    }
    for key in ("max_connections", "allowed_updates", "ip_address"):
        if key in state.webhook:
            info[key] = state.webhook[key]
    return info


def _scope_key(state: BotState, scope: Any, language_code: str | None) -> tuple[str, str]:
    scope = scope if isinstance(scope, dict) and scope else {"type": "default"}
    if scope.get("type") not in _SCOPE_TYPES:
        raise bad_request("Bad Request: unsupported bot command scope type")
    if "chat_id" in scope:
        state.find_chat(scope["chat_id"])
    return json.dumps(scope, sort_keys=True), language_code or ""


@bot_method("setMyCommands")
async def set_my_commands(call: MethodCall) -> bool:
    params = call.params
    commands = params.require("commands")
    if not isinstance(commands, list):
        raise bad_request("Bad Request: can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("Bad Request: BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command", ""))):
            raise bad_request(COMMAND_INVALID)
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise bad_request(COMMAND_DESCRIPTION_INVALID)
    key = _scope_key(call.state, params.get("scope"), params.text("language_code"))
    cleaned = [{"command": c["command"], "description": c["description"]} for c in commands]
    if cleaned:
        call.state.commands[key] = cleaned
    else:
        call.state.commands.pop(key, None)
    return True


@bot_method("getMyCommands")
async def get_my_commands(call: MethodCall) -> list[dict[str, Any]]:
    key = _scope_key(call.state, call.params.get("scope"), call.params.text("language_code"))
    return copy.deepcopy(call.state.commands.get(key, []))


@bot_method("deleteMyCommands")
async def delete_my_commands(call: MethodCall) -> bool:
    key = _scope_key(call.state, call.params.get("scope"), call.params.text("language_code"))
    call.state.commands.pop(key, None)
    return True


def _description_setter(field: str) -> Any:
    async def handler(call: MethodCall) -> bool:
        key = (field, call.params.text("language_code") or "")
        call.state.descriptions[key] = call.params.text(field) or ""
        return True

    return handler


def _description_getter(field: str) -> Any:
    async def handler(call: MethodCall) -> dict[str, str]:
        key = (field, call.params.text("language_code") or "")
        return {field: call.state.descriptions.get(key, "")}

    return handler


_DESCRIPTIONS = (
    ("MyName", "name"),
    ("MyDescription", "description"),
    ("MyShortDescription", "short_description"),
)
for _method, _field in _DESCRIPTIONS:
    bot_method(f"set{_method}")(_description_setter(_field))
    bot_method(f"get{_method}")(_description_getter(_field))


@bot_method("setChatMenuButton")
async def set_chat_menu_button(call: MethodCall) -> bool:
    state, params = call.state, call.params
    button = params.get("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
        raise bad_request("Bad Request: can't parse menu button")
    if params.has("chat_id"):
        state.find_chat(params.chat_id()).menu_button = button
    else:
        state.default_menu_button = button
    return True


@bot_method("getChatMenuButton")
async def get_chat_menu_button(call: MethodCall) -> dict[str, Any]:
    state, params = call.state, call.params
    button = state.find_chat(params.chat_id()).menu_button if params.has("chat_id") else None
    return copy.deepcopy(button or state.default_menu_button or {"type": "default"})


@bot_method("getFile")
async def get_file(call: MethodCall) -> dict[str, Any]:
    file_id = call.params.text("file_id")
    stored = call.state.files.get(file_id) if file_id else None
    if stored is None:
        raise bad_request(WRONG_FILE_ID)
    if stored.size > MAX_DOWNLOAD_BYTES:
        raise bad_request(FILE_TOO_BIG)
    return stored.file_object()


@bot_method("answerCallbackQuery")
async def answer_callback_query(call: MethodCall) -> bool:
    params = call.params
    record = call.state.callbacks.get(params.text("callback_query_id") or "")
    if record is None or record.answer is not None:
        raise bad_request(QUERY_INVALID)
    text = params.text("text") or ""
    if len(text) > _MAX_CALLBACK_ANSWER:
        raise bad_request("Bad Request: MESSAGE_TOO_LONG")
    record.answer = {
        "text": text or None,
        "show_alert": params.flag("show_alert"),
        "url": params.text("url"),
        "cache_time": params.int("cache_time") or 0,
    }
    call.state.signal.notify()
    return True


@bot_method("close")
async def close(call: MethodCall) -> bool:
    return True


@bot_method("logOut")
async def log_out(call: MethodCall) -> bool:
    return True
