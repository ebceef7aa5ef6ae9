"""A broadcast "something changed" signal that synchronous code can fire without holding a lock."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable


class ChangeSignal:
    """Wakes every waiter on each notify().

    asyncio.Condition would need its lock held to notify, which the synchronous simulation API cannot
    do; swapping in a fresh Event per generation gives the same wake-all behaviour without one.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> None:
        """Return at the next notify() or after `seconds`, whichever comes first."""
        if seconds <= 0:
            return
        event = self._event
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)

    async def wait_until(self, condition: Callable[[], bool], seconds: float) -> bool:
        """Wait until condition() holds; False if `seconds` pass first."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            await self.wait(remaining)
        return True
