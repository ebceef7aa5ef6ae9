"""The HTTP face of the fake: Bot API routes, token check, dispatch, fault injection, call recording."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

from aiohttp import web

from . import bot_methods, chat_methods, edit_methods, send_methods  # noqa: F401 - importing registers them
from .faults import FaultInjector
from .limits import MAX_UPLOAD_BYTES, NOT_FOUND, UNAUTHORIZED, TelegramError
from .observe import Recorder
from .params import Params, normalize, read_body
from .registry import MethodCall, find_method
from .state import BotState
from .webhook import Deliveries, push_loop

logger = logging.getLogger(__name__)

# Multipart overhead on top of the largest file Telegram accepts, so the 413 comes from our own check.
_BODY_SLACK = 1024 * 1024


class APIServer:
    def __init__(self, state: BotState, recorder: Recorder, faults: FaultInjector) -> None:
        self._state = state
        self._recorder = recorder
        self._faults = faults
        self._runner: web.AppRunner | None = None
        self.base_url: str | None = None
        self.internal_errors: list[BaseException] = []
        self.deliveries = Deliveries()
        self._pusher: asyncio.Task[None] | None = None

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + _BODY_SLACK)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        return app

    async def start(self, host: str, port: int, setup_app: Callable[[web.Application], None] | None) -> str:
        if self._runner is not None:
            raise RuntimeError("the fake Bot API is already running")
        self._state.updates.closed = False
        app = self.make_app()
        if setup_app is not None:
            setup_app(app)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        # Idle until a webhook is set; then it posts updates as Telegram would.
        self._pusher = asyncio.create_task(push_loop(self._state, self.deliveries))
        bound_host, bound_port = runner.addresses[0][:2]
        self.base_url = f"http://{host if host not in ('0.0.0.0', '::') else bound_host}:{bound_port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is None:
            return
        # Open long polls return at once instead of holding the shutdown for their full timeout.
        self._state.updates.closed = True
        self._state.signal.notify()
        if self._pusher is not None:
            self._pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pusher
            self._pusher = None
        runner, self._runner = self._runner, None
        await runner.cleanup()
        self.base_url = None

    async def _api(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        method = find_method(name)
        recorded_name = method.name if method else name
        self._recorder.begin(recorded_name)
        params: dict[str, Any] = {}
        files: dict[str, dict[str, Any]] = {}
        try:
            if request.match_info["token"] != self._state.token:
                raise TelegramError(401, UNAUTHORIZED)
            if method is None:
                raise TelegramError(404, NOT_FOUND)
            raw, uploads = await read_body(request)
            params = dict(raw)
            files = {key: {"filename": u.filename, "size": len(u.data)} for key, u in uploads.items()}
            params = normalize(raw)
            fault = self._faults.take(method.name, params)
            if fault is not None:
                raise fault
            result = await method.handler(MethodCall(self._state, Params(params, uploads), _gone(request)))
            status, body = 200, {"ok": True, "result": result}
        except asyncio.CancelledError:
            self._recorder.abandon(recorded_name)
            raise
        except TelegramError as error:
            status, body = error.error_code, error.payload()
        except Exception as error:
            # A bug in the fake must surface as an answer, not as a hung or dropped connection.
            logger.exception("fake Bot API failed in %s", name)
            self.internal_errors.append(error)
            status = 500
            body = {"ok": False, "error_code": 500, "description": f"Internal Server Error: {error!r}"}
        # One serialisation serves as the wire body and as a frozen copy for the call record.
        text = json.dumps(body, ensure_ascii=False)
        self._recorder.finish(recorded_name, params, status, json.loads(text), files)
        return web.Response(text=text, status=status, content_type="application/json")

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self._state.token:
            return _json_error(401, UNAUTHORIZED)
        stored = self._state.files.by_path(request.match_info["path"])
        if stored is None:
            return _json_error(404, NOT_FOUND)
        return web.Response(body=stored.data, content_type="application/octet-stream")


def _json_error(code: int, description: str) -> web.Response:
    return web.json_response(TelegramError(code, description).payload(), status=code)


def _gone(request: web.Request) -> Any:
    def client_gone() -> bool:
        transport = request.transport
        return transport is None or transport.is_closing()

    return client_gone
