"""Scripted failures: make the next matching calls answer with a chosen Telegram error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .limits import BOT_BLOCKED, TelegramError, too_many_requests

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: BOT_BLOCKED,
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class Fault:
    method: str
    error: TelegramError
    remaining: int
    chat_id: int | str | None

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.method != method.lower():
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id


class FaultInjector:
    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(
        self,
        method: str,
        error_code: int,
        description: str | None,
        *,
        retry_after: int | None,
        times: int,
        chat_id: int | str | None,
    ) -> None:
        if times < 1:
            raise ValueError("times must be at least 1")
        if error_code == 429 and retry_after is None:
            # Telegram never sends a 429 without telling the client how long to wait.
            retry_after = 1
        if description is None:
            description = (
                too_many_requests(retry_after)
                if error_code == 429 and retry_after is not None
                else _DEFAULT_DESCRIPTIONS.get(error_code, "Error")
            )
        error = TelegramError(error_code, description, retry_after=retry_after)
        self._faults.append(Fault(method.lower(), error, times, chat_id))

    def take(self, method: str, params: dict[str, Any]) -> TelegramError | None:
        for fault in self._faults:
            if fault.matches(method, params):
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults.remove(fault)
                return fault.error
        return None

    def clear(self) -> None:
        self._faults.clear()

    @property
    def pending(self) -> int:
        return sum(fault.remaining for fault in self._faults)
