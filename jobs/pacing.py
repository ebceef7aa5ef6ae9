"""Keeping to Telegram's sending limits before Telegram has to say so: about 30 messages a second overall
and 20 a minute into one group. Flood control (429) still happens now and then; bot.retry waits it out."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable


class Window:
    """At most `limit` events in any `seconds`-long window."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self.events: deque[float] = deque()

    def wait_for(self, now: float) -> float:
        """How long to wait before one more event may happen."""
        while self.events and now - self.events[0] >= self.seconds:
            self.events.popleft()
        if len(self.events) < self.limit:
            return 0.0
        return self.events[0] + self.seconds - now

    def record(self, now: float) -> None:
        self.events.append(now)


class Pacer:
    def __init__(
        self,
        per_second: int = 30,
        per_group_minute: int = 20,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.overall = Window(per_second, 1.0)
        self.per_group_minute = per_group_minute
        self.groups: dict[int, Window] = defaultdict(lambda: Window(self.per_group_minute, 60.0))
        self.clock, self.sleep = clock, sleep
        self._overall_lock = asyncio.Lock()
        self._group_locks: dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def slot(self, chat_id: int, messages: int = 1) -> None:
        """Wait until `messages` more (an album counts each photo) may go to this chat, then count them.

        A group waiting for its minute holds only its own lock: other chats go on meanwhile."""
        for _ in range(messages):
            if chat_id < 0:
                async with self._group_locks[chat_id]:
                    await self._take(self.groups[chat_id])
            async with self._overall_lock:
                await self._take(self.overall)

    async def _take(self, window: Window) -> None:
        while (wait := window.wait_for(self.clock())) > 0:
            await self.sleep(wait)
        window.record(self.clock())
