"""The local chat page: static files plus a small JSON API over the Bot API stand-in.

The page acts as the demo people would in Telegram clients — it sends messages, presses buttons, shares
locations and uploads photos through the stand-in, and reads the chats the stand-in keeps — so what the
trainer sees is exactly what the bot sent. It never calls into the bot; only the trainer's clock controls
(fast-forward, run the scheduled jobs now) reach the running bot, through `Controls`.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from fake_bot_api import FakeBotAPI
from trial.seed import GROUP, PEOPLE

STATIC = Path(__file__).parent / "static"
ROLE_NAMES = {
    "admin": "管理员",
    "leader": "领导",
    "supervisor": "监管员",
    "coordinator": "网格员",
    "rectifier": "整改责任人",
}


@dataclass
class Controls:
    """What the trainer may do to time: each returns a short report for the page."""

    advance: Callable[[str], Awaitable[str]]
    now: Callable[[], str]


def setup(app: web.Application, api: FakeBotAPI, controls: Controls, host: str, port: int) -> None:
    page = _Page(api, controls)
    app.middlewares.append(_guard({f"{host}:{port}", f"127.0.0.1:{port}", f"localhost:{port}"}))
    app.router.add_get("/", page.index)
    app.router.add_static("/static/", STATIC, show_index=False)
    app.router.add_get("/api/chats", page.chats)
    app.router.add_get("/api/messages", page.messages)
    app.router.add_get("/api/wait", page.wait)
    app.router.add_post("/api/send", page.send)
    app.router.add_post("/api/press", page.press)
    app.router.add_post("/api/location", page.location)
    app.router.add_post("/api/upload", page.upload)
    app.router.add_get("/api/file/{file_id}", page.file)
    app.router.add_get("/api/clock", page.clock)
    app.router.add_post("/api/clock", page.advance)


def _guard(hosts: set[str]) -> Callable[..., Awaitable[web.StreamResponse]]:
    """Only this page may drive the trial: other web sites (a POST from any page the trainer has open, or a
    DNS-rebinding page reading answers) get nothing. The Bot API routes stay as Telegram's are."""

    @web.middleware
    async def guard(
        request: web.Request, handler: Callable[..., Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if request.path == "/" or request.path.startswith(("/api/", "/static/")):
            if request.host not in hosts:
                raise web.HTTPForbidden(text="unknown host")
            if request.method == "POST" and request.headers.get("X-Trial") != "1":
                raise web.HTTPForbidden(text="not from the trial page")
        return await handler(request)

    return guard


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=lambda d: json.dumps(d, ensure_ascii=False))


class _Page:
    def __init__(self, api: FakeBotAPI, controls: Controls) -> None:
        self.api, self.controls = api, controls

    async def index(self, _request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "index.html")

    async def chats(self, _request: web.Request) -> web.Response:
        people = [
            {
                "id": p.id,
                "name": p.name,
                "role": ROLE_NAMES.get(p.role.value, "") if p.role else "群众",
                "kind": "private",
            }
            for p in PEOPLE
        ]
        groups = [
            {"id": GROUP[0], "name": GROUP[1], "role": "领导群", "kind": "group", "members": [700001, 700002]}
        ]
        return _json({"people": people, "groups": groups})

    async def messages(self, request: web.Request) -> web.Response:
        chat_id = int(request.query["chat"])
        try:
            messages = self.api.messages(chat_id)
        except ValueError:
            return _json({"messages": [], "keyboard": None})
        return _json(
            {
                "messages": [_shown(m, self.api.bot_id) for m in messages],
                "keyboard": self.api.reply_keyboard(chat_id),
            }
        )

    async def wait(self, request: web.Request) -> web.Response:
        """Long poll: returns when anything in the stand-in changed (or after a while)."""
        try:
            await self.api.wait_for_change(timeout=float(request.query.get("timeout", "20")))
        except TimeoutError:
            return _json({"changed": False})
        return _json({"changed": True})

    async def _body(self, request: web.Request) -> dict[str, Any]:
        return await request.json()

    async def send(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        text = str(body.get("text", "")).strip()
        if not text:
            return _json({"error": "empty"}, 400)
        return self._act(lambda: self.api.send_message(int(body["user"]), text, chat_id=_group(body)))

    async def press(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        chat_id = int(body["chat"])
        message = next(
            (m for m in self.api.messages(chat_id) if m["message_id"] == int(body["message_id"])), None
        )
        if message is None:
            return _json({"error": "message gone"}, 404)
        try:
            query = self.api.press(int(body["user"]), message, str(body["callback_data"]))
        except ValueError as exc:
            return _json({"error": str(exc)}, 400)
        # What the bot answered the press with (a toast or an alert), as a Telegram client shows it.
        for _ in range(30):
            answer = self.api.callback_answer(query["id"])
            if answer is not None:
                return _json(
                    {"ok": True, "answer": answer.get("text") or "", "alert": bool(answer.get("show_alert"))}
                )
            await asyncio.sleep(0.1)
        return _json({"ok": True, "answer": ""})

    async def location(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        return self._act(
            lambda: self.api.send_location(
                int(body["user"]), float(body["latitude"]), float(body["longitude"]), chat_id=_group(body)
            )
        )

    async def upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            return _json({"error": "no file"}, 400)
        data = upload.file.read()
        user = int(str(form["user"]))
        chat_id = int(str(form["chat"]))
        group = chat_id if chat_id < 0 else None
        caption = str(form.get("caption") or "") or None
        if str(form.get("as_file", "")) == "1":
            mime = (
                upload.content_type or mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
            )
            return self._act(
                lambda: self.api.send_document(
                    user, data, upload.filename, mime, caption=caption, chat_id=group
                )
            )
        return self._act(lambda: self.api.send_photo(user, data, caption=caption, chat_id=group))

    async def file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        try:
            data = self.api.file_bytes(file_id)
        except (KeyError, ValueError):
            raise web.HTTPNotFound() from None
        name = request.query.get("name") or "file"
        mime = _sniff(data)  # by the bytes, never by the name asked for: only pictures are shown inline
        inline = mime.startswith("image/") and not request.query.get("download")
        disposition = "inline" if inline else "attachment"
        headers = {
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{_quote(name)}",
            "X-Content-Type-Options": "nosniff",
        }
        return web.Response(body=data, content_type=mime, headers=headers)

    async def clock(self, _request: web.Request) -> web.Response:
        return _json({"now": self.controls.now()})

    async def advance(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        report = await self.controls.advance(str(body.get("to", "")))
        return _json({"now": self.controls.now(), "report": report})

    def _act(self, action: Callable[[], Any]) -> web.Response:
        try:
            action()
        except ValueError as exc:  # what a Telegram client would not let a person do
            return _json({"error": str(exc)}, 400)
        return _json({"ok": True})


def _group(body: dict[str, Any]) -> int | None:
    chat = int(body.get("chat", 0))
    return chat if chat < 0 else None


def _shown(message: dict[str, Any], bot_id: int) -> dict[str, Any]:
    """What a chat client needs to draw one message."""
    sender = message.get("from", {})
    shown: dict[str, Any] = {
        "id": message["message_id"],
        "date": message.get("date"),
        "from_bot": sender.get("id") == bot_id,
        "sender": sender.get("first_name", ""),
        "text": message.get("text") or message.get("caption") or "",
        "entities": message.get("entities") or message.get("caption_entities") or [],
        "buttons": [
            [{"text": b["text"], "callback_data": b.get("callback_data"), "url": b.get("url")} for b in row]
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
        ],
    }
    if message.get("photo"):
        shown["photo"] = message["photo"][-1]["file_id"]
    if message.get("document"):
        document = message["document"]
        shown["document"] = {"file_id": document["file_id"], "name": document.get("file_name") or "file"}
    if message.get("location"):
        shown["location"] = message["location"]
    joined = message.get("new_chat_members")
    if joined:
        names = "、".join(m.get("first_name", "") for m in joined)
        shown["service"] = f"{sender.get('first_name', '')} 邀请 {names} 加入了群"
    elif message.get("left_chat_member"):
        shown["service"] = f"{message['left_chat_member'].get('first_name', '')} 离开了群"
    return shown


def _sniff(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    return "application/octet-stream"


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
