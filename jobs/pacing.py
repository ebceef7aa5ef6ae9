"""Keeping to Telegram's sending limits before Telegram has to say so: about 30 messages a second overall
and 20 a minute into one group.

Telegram counts a message when it arrives, and an upload arrives later than a short text sent after it. The
moment of arrival cannot be seen from here, but it lies between the request leaving and its answer coming
back. So a message takes its place in a window when it leaves, and keeps it until `seconds` after its
answer: any `limit` + 1 messages that arrived within one window would have had to be let go while `limit`
places were taken, which the pacer never does. A retry after flood control (bot.retry) happens inside the
same request and so inside the same place.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager


class Window:
    """At most `limit` messages arriving in any `seconds`-long window."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self.answered: deque[float] = deque()  # when each answer came back, oldest first
        self.in_flight = 0

    def wait_for(self, now: float, count: int = 1) -> float | None:
        """0 if `count` more may leave now, else how long until a place frees; None until an answer comes."""
        # One expression for "aged out" and for the wait: with `now - t >= seconds` instead, rounding could
        # keep a place taken and yet make the wait 0.0, letting one more go.
        while self.answered and self.answered[0] + self.seconds <= now:
            self.answered.popleft()
        if len(self.answered) + self.in_flight + count <= self.limit:
            return 0.0
        if not self.answered:
            return None
        return self.answered[0] + self.seconds - now

    def leave(self, count: int = 1) -> None:
        self.in_flight += count

    def answer(self, now: float, count: int = 1) -> None:
        self.in_flight -= count
        self.answered.extend([now] * count)


class Pacer:
    """One per process. Holding each place a round trip longer than Telegram counts it is the margin on the
    overall limit (a fixed 29/s on top cost the fan-out about 4%). In a group the margin is one message a
    minute, left for the bot's answers there while a digest goes out."""

    def __init__(
        self,
        per_second: int = 30,
        per_group_minute: int = 19,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.overall = Window(per_second, 1.0)
        self.per_group_minute = per_group_minute
        self.groups: dict[int, Window] = defaultdict(lambda: Window(self.per_group_minute, 60.0))
        self.clock, self.sleep = clock, sleep
        self._overall_lock = asyncio.Lock()
        self._group_locks: dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._answered = asyncio.Event()

    @asynccontextmanager
    async def sending(self, chat_id: int, messages: int = 1) -> AsyncIterator[None]:
        """Wait until `messages` more (an album counts each photo) may go to this chat; send them inside.

        A group waiting for its minute holds only its own lock: other chats go on meanwhile. The places
        count until a second (a minute) after the block ends, answered or not: a failed request may still
        have arrived."""
        if messages > min(self.overall.limit, self.per_group_minute):
            raise ValueError(f"{messages} messages at once would wait for their own answers forever")
        # All of a send's places are taken at once: senders holding part of theirs while waiting for the
        # rest could fill a window with places nobody can answer, and wait for each other for ever.
        taken: list[Window] = []
        try:
            if chat_id < 0:
                async with self._group_locks[chat_id]:
                    await self._take(self.groups[chat_id], messages)
                    taken.append(self.groups[chat_id])
            async with self._overall_lock:
                await self._take(self.overall, messages)
                taken.append(self.overall)
            yield
        finally:
            now = self.clock()
            for window in taken:
                window.answer(now, messages)
            # Wake whoever waits for an answer; later waiters wait on a fresh event.
            self._answered.set()
            self._answered = asyncio.Event()

    async def _take(self, window: Window, count: int) -> None:
        while (wait := window.wait_for(self.clock(), count)) != 0:
            if wait is None:
                await self._answered.wait()
            else:
                await self.sleep(wait)
        window.leave(count)
