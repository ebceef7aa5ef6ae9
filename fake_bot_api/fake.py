"""FakeBotAPI: a local Telegram Bot API server plus the controls tests use to drive and observe it."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from .faults import FaultInjector
from .observe import Call, Mark, Recorder
from .people import PeopleSimulation
from .server import APIServer
from .state import BotState


def _bot_id_from_token(token: str) -> int:
    prefix = token.split(":", 1)[0]
    if ":" not in token or not prefix.isdigit():
        raise ValueError("a bot token looks like '123456:ABC-DEF...'; the part before ':' is the bot id")
    return int(prefix)


class FakeBotAPI(PeopleSimulation):
    """A stand-in for api.telegram.org that a real aiogram Bot can talk to over HTTP.

    Point a bot at it with AiohttpSession(api=TelegramAPIServer.from_base(await api.start())).
    """

    def __init__(
        self,
        token: str,
        bot_username: str = "safegrid_bot",
        bot_id: int | None = None,
        *,
        bot_name: str = "SafeGrid",
        enforce_limits: bool = False,
        privacy_mode: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self._state = BotState(
            token=token,
            bot_id=bot_id if bot_id is not None else _bot_id_from_token(token),
            bot_username=bot_username,
            bot_name=bot_name,
            privacy_mode=privacy_mode,
            enforce_limits=enforce_limits,
            clock=clock,
        )
        self._recorder = Recorder(self._state)
        self._faults = FaultInjector()
        self._server = APIServer(self._state, self._recorder, self._faults)

    # --- lifecycle -------------------------------------------------------------------------------

    async def start(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        setup_app: Callable[[web.Application], None] | None = None,
    ) -> str:
        """Serve on host:port (0 = any free port) and return the base URL for TelegramAPIServer.from_base.

        setup_app may add routes (e.g. a chat page) to the same aiohttp application before it starts.
        """
        return await self._server.start(host, port, setup_app)

    async def stop(self) -> None:
        await self._server.stop()

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str | None:
        return self._server.base_url

    # --- identity and switches -------------------------------------------------------------------

    @property
    def bot_id(self) -> int:
        return self._state.bot_id

    @property
    def bot_user(self) -> dict[str, Any]:
        return self._state.bot_user

    @property
    def enforce_limits(self) -> bool:
        return self._state.enforce_limits

    @enforce_limits.setter
    def enforce_limits(self, value: bool) -> None:
        self._state.enforce_limits = value
        self._state.limiter.reset()

    @property
    def privacy_mode(self) -> bool:
        return self._state.privacy_mode

    @privacy_mode.setter
    def privacy_mode(self, value: bool) -> None:
        self._state.privacy_mode = value

    # --- fault injection -------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """Make the next `times` calls of method (optionally only for chat_id) fail with this error.

        The failing call has no other effect. A 429 always carries parameters.retry_after (default 1)
        and, without a description, reads "Too Many Requests: retry after N".
        """
        self._faults.add(
            method, error_code, description, retry_after=retry_after, times=times, chat_id=chat_id
        )

    def clear_faults(self) -> None:
        self._faults.clear()

    # --- observation -----------------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """Every HTTP call the bot made, in order, failed ones included."""
        return list(self._recorder.calls)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self._recorder.calls if call.method.lower() == method.lower()]

    @property
    def updates(self) -> list[dict[str, Any]]:
        """Every update ever queued for the bot, delivered or not."""
        return copy.deepcopy(self._state.updates.history)

    @property
    def internal_errors(self) -> list[BaseException]:
        """Exceptions raised inside the fake itself (answered as 500); should stay empty."""
        return list(self._server.internal_errors)

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The chat's current messages, oldest first, edits applied, deleted ones gone.

        Each is the Message as Telegram would send it plus plain_text (visible text or caption),
        raw_text (what the bot sent, e.g. the HTML source), parse_mode and reply_keyboard (a reply
        keyboard / removal / force_reply sent with it, which Telegram does not echo in the Message).
        """
        chat = self._state.chats.get(chat_id)
        if chat is None:
            raise ValueError(f"unknown chat {chat_id}")
        return [message.snapshot() for message in sorted(chat.messages.values(), key=lambda m: m.message_id)]

    def last_message(self, chat_id: int, *, from_bot: bool | None = None) -> dict[str, Any] | None:
        """The newest message in the chat (optionally only the bot's or only people's), or None."""
        for message in reversed(self.messages(chat_id)):
            if from_bot is None or (message["from"]["id"] == self.bot_id) == from_bot:
                return message
        return None

    def reply_keyboard(self, chat_id: int) -> dict[str, Any] | None:
        """The reply keyboard the user currently sees in this chat, if any."""
        chat = self._state.chats.get(chat_id)
        return dict(chat.reply_keyboard) if chat and chat.reply_keyboard else None

    def chat_action(self, chat_id: int) -> str | None:
        """The last sendChatAction action in this chat ("typing", ...)."""
        chat = self._state.chats.get(chat_id)
        return chat.last_action if chat else None

    def callback_answer(self, callback_query_id: str) -> dict[str, Any] | None:
        """How the bot answered a pressed button (text, show_alert, url, cache_time), or None if not yet."""
        record = self._state.callbacks.get(callback_query_id)
        return dict(record.answer) if record and record.answer else None

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, Any]]:
        """Commands the bot set for exactly this scope and language (default scope if None)."""
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        return [dict(command) for command in self._state.commands.get(key, [])]

    @property
    def webhook_deliveries(self) -> list[tuple[int, int | str]]:
        """Each webhook POST the fake made: (update_id, HTTP status or error name), in order."""
        return list(self._server.deliveries.attempts)

    @property
    def webhook(self) -> dict[str, Any]:
        return dict(self._state.webhook)

    def file_bytes(self, file_id: str) -> bytes:
        stored = self._state.files.get(file_id)
        if stored is None:
            raise KeyError(file_id)
        return stored.data

    def chat_member_status(self, chat_id: int) -> str:
        """The bot's status in a chat: member, administrator, left or kicked."""
        chat = self._state.chats.get(chat_id)
        if chat is None:
            raise ValueError(f"unknown chat {chat_id}")
        return chat.bot_status

    # --- waiting ---------------------------------------------------------------------------------

    def mark(self) -> Mark:
        """Move the wait floor to now: later waits only see calls and messages after this point.

        Simulated user actions do this implicitly, so a wait after an action sees only the bot's
        reaction to it.
        """
        return self._recorder.mark()

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - the waits' public signature, a plain number is simplest
        *,
        since: Mark | None = None,
    ) -> Call:
        """The first new call of method (matching predicate) after the cursor; AssertionError on timeout."""
        return await self._recorder.wait_for_call(method, predicate, timeout, since)

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        since: Mark | None = None,
    ) -> dict[str, Any]:
        """The first new message the bot sent or edited in chat_id (an edit yields the edited version,
        with edit_date set) after the cursor; AssertionError with recent calls on timeout."""
        return await self._recorder.wait_for_message(chat_id, predicate, timeout, since)

    async def wait_for_change(self, timeout: float = 30.0) -> None:  # noqa: ASYNC109
        """Return at the next change of anything observable (a call, message, update), or after timeout.

        Meant for a live view such as the trial chat page; tests should prefer the specific waits.
        """
        await self._state.signal.wait(timeout)

    async def wait_idle(self, timeout: float = 5.0, *, quiet: float = 0.2) -> None:  # noqa: ASYNC109
        """Return once the bot has fetched every queued update, has no call in flight and made no call
        for `quiet` seconds."""
        await self._recorder.wait_idle(timeout, quiet)
