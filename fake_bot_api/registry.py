"""Bot API method table: name lookup is case-insensitive, as on api.telegram.org."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .params import Params
from .state import BotState


@dataclass
class MethodCall:
    state: BotState
    params: Params
    # True once the HTTP client has hung up; a long poll must not hand updates to a dead connection.
    client_gone: Callable[[], bool]


Handler = Callable[[MethodCall], Awaitable[Any]]


@dataclass(frozen=True)
class Method:
    name: str
    handler: Handler


_METHODS: dict[str, Method] = {}


def bot_method(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _METHODS[name.lower()] = Method(name, handler)
        return handler

    return register


def find_method(name: str) -> Method | None:
    return _METHODS.get(name.lower())


def method_names() -> list[str]:
    return sorted(method.name for method in _METHODS.values())
