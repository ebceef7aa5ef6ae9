"""What the bot did: recorded calls, and waits for new calls, new bot messages or an idle bot.

Cursor semantics of the waits: each wait returns the earliest match that is newer than both
  * the floor, set by mark() and moved to "now" by every simulated user action, and
  * the previous match returned by a wait of the same kind: same method for wait_for_call,
    same chat for wait_for_message.
So after a user action, consecutive waits walk through the bot's reactions in order, and waits for
different methods or chats do not consume each other's items. Passing since=<Mark> searches from that
mark instead, ignoring earlier matches.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .state import BotState

LONG_POLL_METHOD = "getupdates"
_REPORT_CALLS = 15


@dataclass(frozen=True)
class Call:
    index: int
    method: str
    params: dict[str, Any]
    time: float
    status: int
    response: dict[str, Any]
    files: dict[str, dict[str, Any]]

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def error_code(self) -> int | None:
        return None if self.ok else self.response.get("error_code")

    @property
    def description(self) -> str | None:
        return self.response.get("description")

    def describe(self) -> str:
        shown = ", ".join(f"{key}={_short(value)}" for key, value in self.params.items())
        outcome = "ok" if self.ok else f"{self.error_code} {self.description}"
        return f"#{self.index} {self.method}({shown}) -> {outcome}"


@dataclass(frozen=True)
class Mark:
    """A position in the call record and in the log of bot messages."""

    calls: int
    messages: int


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Recorder:
    def __init__(self, state: BotState) -> None:
        self._state = state
        self.calls: list[Call] = []
        self._floor = Mark(0, 0)
        self._after_call: dict[str, int] = {}
        self._after_message: dict[int, int] = {}
        self.in_flight = 0
        self.last_activity = time.monotonic()

    # --- recording -------------------------------------------------------------------------------

    def begin(self, method: str) -> None:
        if method.lower() != LONG_POLL_METHOD:
            self.in_flight += 1
            self.last_activity = time.monotonic()

    def abandon(self, method: str) -> None:
        """The server dropped a call without answering it (shutdown); it must not count as in flight."""
        if method.lower() != LONG_POLL_METHOD:
            self.in_flight -= 1
        self._state.signal.notify()

    def finish(
        self,
        method: str,
        params: dict[str, Any],
        status: int,
        response: dict[str, Any],
        files: dict[str, dict[str, Any]],
    ) -> Call:
        call = Call(len(self.calls), method, params, self._state.clock(), status, response, files)
        self.calls.append(call)
        if method.lower() != LONG_POLL_METHOD:
            self.in_flight -= 1
            self.last_activity = time.monotonic()
        elif call.result:
            self.last_activity = time.monotonic()
        self._state.signal.notify()
        return call

    # --- cursors ---------------------------------------------------------------------------------

    def mark(self) -> Mark:
        self._floor = Mark(len(self.calls), len(self._state.bot_message_log))
        return self._floor

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None,
        seconds: float,
        since: Mark | None,
    ) -> Call:
        key = method.lower()
        start = since.calls if since else max(self._floor.calls, self._after_call.get(key, 0))

        def matches(call: Call) -> bool:
            return call.method.lower() == key and (predicate is None or predicate(call))

        found = self._first_match(lambda: self.calls, start, matches)
        if not await self._state.signal.wait_until(lambda: bool(found()), seconds):
            raise AssertionError(
                f"wait_for_call({method!r}) timed out after {seconds}s: no new matching call.\n"
                + self.report()
            )
        _, call = found()
        self._after_call[key] = max(self._after_call.get(key, 0), call.index + 1)
        return call

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[dict[str, Any]], bool] | None,
        seconds: float,
        since: Mark | None,
    ) -> dict[str, Any]:
        start = since.messages if since else max(self._floor.messages, self._after_message.get(chat_id, 0))
        log = self._state.bot_message_log
        found = self._first_match(
            lambda: log, start, lambda m: m["chat"]["id"] == chat_id and (predicate is None or predicate(m))
        )
        if not await self._state.signal.wait_until(lambda: bool(found()), seconds):
            recent = [m for m in log if m["chat"]["id"] == chat_id][-5:]
            shown = "\n".join(f"  #{m['message_id']}: {m['plain_text']!r}" for m in recent) or "  (none)"
            raise AssertionError(
                f"wait_for_message({chat_id}) timed out after {seconds}s: the bot sent or edited no new "
                f"matching message there.\nLatest bot messages in that chat:\n{shown}\n" + self.report()
            )
        index, message = found()
        self._after_message[chat_id] = max(self._after_message.get(chat_id, 0), index + 1)
        return message

    @staticmethod
    def _first_match(
        items: Callable[[], list[Any]], start: int, matches: Callable[[Any], bool]
    ) -> Callable[[], tuple[int, Any] | tuple[()]]:
        """A re-checkable search that resumes where it stopped instead of rescanning old items."""
        position = start

        def search() -> tuple[int, Any] | tuple[()]:
            nonlocal position
            current = items()
            while position < len(current):
                item = current[position]
                if matches(item):
                    return position, item
                position += 1
            return ()

        return search

    # --- idleness --------------------------------------------------------------------------------

    async def wait_idle(self, seconds: float, quiet: float) -> None:
        deadline = time.monotonic() + seconds
        while True:
            now = time.monotonic()
            unfetched = self._state.updates.undelivered()
            busy = unfetched > 0 or self.in_flight > 0
            quiet_left = 0.0 if busy else self.last_activity + quiet - now
            if not busy and quiet_left <= 0:
                return
            remaining = deadline - now
            if remaining <= 0:
                raise AssertionError(
                    f"wait_idle timed out after {seconds}s: {unfetched} update(s) not fetched by the bot "
                    f"(is it polling?), {self.in_flight} call(s) in flight.\n" + self.report()
                )
            await self._state.signal.wait(min(remaining, quiet_left) if not busy else remaining)

    # --- reporting -------------------------------------------------------------------------------

    def report(self) -> str:
        interesting = [c for c in self.calls if c.method.lower() != LONG_POLL_METHOD or c.result or not c.ok]
        lines = [c.describe() for c in interesting[-_REPORT_CALLS:]]
        return "Recent calls (oldest first):\n" + ("\n".join(f"  {line}" for line in lines) or "  (none)")
