"""Run by test_lazy_aiogram.py in a fresh interpreter, importing `bot` first as `python -m bot` does, so
aiogram's types build lazily (or, with SAFEGRID_LAZY_AIOGRAM=0, eagerly: the reference). Prints one JSON
object on stdout: `python tests/unit/lazy_aiogram_probe.py wire|build-all|threads`.
"""

# ruff: noqa: I001  (the order of imports is the point)
from __future__ import annotations

import bot  # noqa: F401  (first, as in `python -m bot`: installs the lazy build before aiogram is imported)

import json
import re
import sys
import threading
import warnings
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    GetUpdates,
    SendDocument,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    KeyboardButton,
    LinkPreviewOptions,
    ReplyKeyboardMarkup,
    ReplyParameters,
    Update,
)
from pydantic import BaseModel
from pydantic.json_schema import PydanticJsonSchemaWarning
from pydantic_core import SchemaSerializer, SchemaValidator

from bot import lazy_aiogram

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
USER = {"id": 7, "is_bot": False, "first_name": "张三", "language_code": "zh-hans"}
PRIVATE = {"id": 7, "type": "private", "first_name": "张三"}
GROUP = {"id": -100123, "type": "supergroup", "title": "安全网格领导群", "is_forum": True}
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "SafeGrid", "username": "safegrid_bot"}
PHOTO = [
    {"file_id": "p-small", "file_unique_id": "u1", "width": 90, "height": 60, "file_size": 1200},
    {"file_id": "p-big", "file_unique_id": "u2", "width": 1280, "height": 853},
]
KEYBOARD = {
    "inline_keyboard": [
        [{"text": "查看详情", "callback_data": "h:v:42"}, {"text": "🔗", "url": "https://t.me/x"}]
    ]
}


ATTACH = re.compile(r"attach://[\w-]+")  # secrets.token_urlsafe names


def message(**fields: Any) -> dict[str, Any]:
    sender = fields.pop("from_", USER)  # `from` is a keyword
    return {"message_id": 10, "date": 1_767_225_600, "chat": PRIVATE, "from": sender, **fields}


UPDATES: dict[str, dict[str, Any]] = {
    "text with entities": {
        "message": message(text="/report now", entities=[{"type": "bot_command", "offset": 0, "length": 7}])
    },
    "photo album part": {"message": message(photo=PHOTO, caption="隐患", media_group_id="album-1")},
    "location": {
        "message": message(location={"latitude": 30.64, "longitude": 119.68, "horizontal_accuracy": 12.5})
    },
    "contact": {
        "message": message(contact={"phone_number": "+8613800000000", "first_name": "李四", "user_id": 8})
    },
    "document": {
        "message": message(
            document={
                "file_id": "d",
                "file_unique_id": "du",
                "file_name": "台账.xlsx",
                "mime_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "file_size": 17000,
            }
        )
    },
    "reply in a forum topic": {
        "message": message(
            chat=GROUP,
            message_thread_id=5,
            is_topic_message=True,
            text="/bind",
            reply_to_message=message(chat=GROUP, from_=BOT_USER, text="选择区域", reply_markup=KEYBOARD),
        )
    },
    "edited": {"edited_message": message(text="改正", edit_date=1_767_225_700)},
    "callback on a message": {
        "callback_query": {
            "id": "cb1",
            "from": USER,
            "chat_instance": "ci",
            "data": "r:sector:3",
            "message": message(from_=BOT_USER, text="选择行业", reply_markup=KEYBOARD),
        }
    },
    "callback on an inaccessible message": {
        "callback_query": {
            "id": "cb2",
            "from": USER,
            "chat_instance": "ci",
            "data": "x",
            "message": {"chat": PRIVATE, "message_id": 3, "date": 0},
        }
    },
    "bot added to a group": {
        "my_chat_member": {
            "chat": GROUP,
            "from": USER,
            "date": 1_767_225_600,
            "old_chat_member": {"status": "left", "user": BOT_USER},
            "new_chat_member": {
                "status": "administrator",
                "user": BOT_USER,
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": False,
                "can_restrict_members": False,
                "can_promote_members": False,
                "can_change_info": False,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
                "can_send_welcome_messages": False,
            },
        }
    },
    "new members": {"message": message(chat=GROUP, new_chat_members=[USER, BOT_USER])},
}


def wire() -> dict[str, Any]:
    """Updates in, Bot API calls out, Bot API answers in: as the bot's session does them."""
    out: dict[str, Any] = {"mode": lazy_aiogram.mode}
    for n, (name, body) in enumerate(UPDATES.items()):
        update = Update.model_validate({"update_id": n + 1, **body})
        event = update.event
        out[f"update {name}"] = {
            "event": type(event).__name__,
            "inner": type(getattr(event, "message", None)).__name__,
            "dump": update.model_dump(mode="json", exclude_none=True, by_alias=True),
        }
    telegram = Bot(TOKEN)
    session = AiohttpSession()
    kb = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="确认", callback_data="r:ok")]])
    methods: dict[str, TelegramMethod[Any]] = {
        "sendMessage": SendMessage(
            chat_id=7,
            text="<b>隐患</b> 3305-2611-0042",
            reply_markup=kb,
            reply_parameters=ReplyParameters(message_id=10),
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
        "sendMessage keyboard": SendMessage(
            chat_id=7,
            text="菜单",
            reply_markup=ReplyKeyboardMarkup(
                keyboard=[[KeyboardButton(text="📍", request_location=True)]], resize_keyboard=True
            ),
        ),
        "sendPhoto": SendPhoto(chat_id=7, photo=BufferedInputFile(b"\x89PNG", "chart.png"), caption="图"),
        "sendDocument": SendDocument(chat_id=-100123, document="file-id", message_thread_id=5),
        "sendMediaGroup": SendMediaGroup(
            chat_id=7,
            media=[InputMediaPhoto(media="p1"), InputMediaPhoto(media=BufferedInputFile(b"j", "a.jpg"))],
        ),
        "editMessageText": EditMessageText(chat_id=7, message_id=10, text="已确认", reply_markup=kb),
        "editMessageReplyMarkup": EditMessageReplyMarkup(chat_id=7, message_id=10),
        "answerCallbackQuery": AnswerCallbackQuery(callback_query_id="cb1", text="好", show_alert=True),
        "setMyCommands": SetMyCommands(
            commands=[BotCommand(command="report", description="上报隐患")],
            scope=BotCommandScopeAllPrivateChats(),
        ),
        "getFile": GetFile(file_id="p-big"),
    }
    for name, method in methods.items():
        form = session.build_form_data(telegram, method)
        fields = [(options["name"], value) for options, _, value in form._fields]
        uploads = {key for key, value in fields if not isinstance(value, str)}  # random names: made alike
        out[f"call {name}"] = sorted(
            (
                "upload" if key in uploads else key,
                type(value).__name__ if key in uploads else ATTACH.sub("attach://upload", value),
            )
            for key, value in fields
        )
    answers: list[tuple[TelegramMethod[Any], Any]] = [
        (SendMessage(chat_id=7, text="x"), message(from_=BOT_USER, text="x", reply_markup=KEYBOARD)),
        (
            SendMediaGroup(chat_id=7, media=[InputMediaPhoto(media="p1")]),
            [message(photo=PHOTO, media_group_id="m")],
        ),
        (GetUpdates(), [{"update_id": 5, **UPDATES["callback on a message"]}]),
        (GetMe(), {**BOT_USER, "can_join_groups": True}),
        (GetFile(file_id="p-big"), {"file_id": "p-big", "file_unique_id": "u2", "file_path": "photos/1.jpg"}),
        (AnswerCallbackQuery(callback_query_id="cb1"), True),
    ]
    for method, result in answers:
        content = json.dumps({"ok": True, "result": result})
        response = session.check_response(telegram, method, 200, content)
        out[f"answer {type(method).__name__}"] = json.loads(response.model_dump_json(exclude_none=True))
    return out


def models() -> list[type[BaseModel]]:
    import aiogram.methods
    import aiogram.types

    found = []
    for module in (aiogram.types, aiogram.methods):
        for name in module.__all__:
            obj = getattr(module, name)
            if (
                isinstance(obj, type)
                and issubclass(obj, BaseModel)
                and not obj.__pydantic_generic_metadata__["parameters"]
            ):
                found.append(obj)
    return found


def build_all() -> dict[str, Any]:
    """Every aiogram type and method, built one after the other, each first on its own: its JSON schema (or
    why there is none: aiogram's InputFile has no JSON schema, built eagerly or not)."""
    warnings.simplefilter("ignore", PydanticJsonSchemaWarning)  # aiogram's Default(...) values, either way
    everything = models()
    out: dict[str, Any] = {
        "mode": lazy_aiogram.mode,
        "built before use": sorted(c.__name__ for c in everything if c.__pydantic_complete__),
    }
    schemas: dict[str, Any] = {}
    for cls in everything:
        try:
            schemas[cls.__name__] = cls.model_json_schema()
        except Exception as exc:  # the error itself is compared with the eager build's
            schemas[cls.__name__] = f"{type(exc).__name__}"
        complete = cls.__pydantic_complete__
        real = isinstance(cls.__pydantic_validator__, SchemaValidator) and isinstance(
            cls.__pydantic_serializer__, SchemaSerializer
        )
        if not (complete and real):
            schemas[cls.__name__] = (
                f"not built: complete={complete} validator={type(cls.__pydantic_validator__).__name__}"
            )
    out["schemas"] = schemas
    return out


def threads() -> dict[str, Any]:
    """Many threads using the same unbuilt types at the same instant, as to_thread filters could."""
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, inside pydantic's build too
    bodies = [{"update_id": n, **body} for n, body in enumerate(UPDATES.values())]
    barrier = threading.Barrier(16)
    results: list[Any] = []
    errors: list[str] = []

    def use() -> None:
        from aiogram.types import CallbackQuery, Chat, Message, User

        barrier.wait()
        try:
            got = [
                Message.model_validate(message(text="t")).text,
                User(id=1, is_bot=False, first_name="a").model_dump(exclude_none=True),
                Chat.model_validate(GROUP).title,
                type(
                    CallbackQuery.model_validate(UPDATES["callback on a message"]["callback_query"]).message
                ).__name__,
                [Update.model_validate(b).event_type for b in bodies],
            ]
            results.append(got)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")

    workers = [threading.Thread(target=use) for _ in range(16)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {
        "mode": lazy_aiogram.mode,
        "errors": errors,
        "distinct results": len({json.dumps(r) for r in results}),
        "results": results[:1],
    }


if __name__ == "__main__":
    probe = {"wire": wire, "build-all": build_all, "threads": threads}[sys.argv[1]]
    print(json.dumps(probe(), ensure_ascii=False, sort_keys=True, default=str))
