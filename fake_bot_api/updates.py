"""The bot's update queue with getUpdates semantics: offsets confirm, allowed_updates filters."""

from __future__ import annotations

import copy
from typing import Any

# What an empty or never-given allowed_updates means, per the Bot API docs.
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def update_type(update: dict[str, Any]) -> str:
    return next(key for key in update if key != "update_id")


class UpdateQueue:
    def __init__(self) -> None:
        self._queue: list[dict[str, Any]] = []
        self.history: list[dict[str, Any]] = []
        self._next_id = 1
        self.allowed: frozenset[str] | None = None
        self.delivered_up_to = 0
        # Each getUpdates takes a new generation; a long poll seeing a newer one was superseded (409).
        self.generation = 0
        self.closed = False

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self._next_id, kind: copy.deepcopy(payload)}
        self._next_id += 1
        self._queue.append(update)
        self.history.append(update)
        return update

    def set_allowed(self, allowed: list[str]) -> None:
        self.allowed = frozenset(allowed) if allowed else None

    def is_allowed(self, update: dict[str, Any]) -> bool:
        kind = update_type(update)
        if self.allowed is None:
            return kind not in DEFAULT_EXCLUDED
        return kind in self.allowed

    def confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset < 0:
            # A negative offset keeps only the last -offset updates; everything older is forgotten.
            self._queue = self._queue[offset:]
            return
        self._queue = [update for update in self._queue if update["update_id"] >= offset]

    def _deliverable(self) -> list[dict[str, Any]]:
        # Updates of unwanted types are never sent, so they are dropped rather than held back.
        self._queue = [update for update in self._queue if self.is_allowed(update)]
        return self._queue

    def has_deliverable(self) -> bool:
        return bool(self._deliverable())

    def take(self, limit: int) -> list[dict[str, Any]]:
        batch = copy.deepcopy(self._deliverable()[:limit])
        if batch:
            self.delivered_up_to = max(self.delivered_up_to, batch[-1]["update_id"])
        return batch

    def undelivered(self) -> int:
        """Queued updates the bot has not been sent yet (ones it would not accept do not count)."""
        return sum(1 for u in self._queue if u["update_id"] > self.delivered_up_to and self.is_allowed(u))

    def pending(self) -> int:
        """Updates not yet confirmed by an offset, as getWebhookInfo reports them."""
        return len(self._queue)

    def drop_all(self) -> None:
        self._queue.clear()
