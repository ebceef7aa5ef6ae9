"""Filters evaluated in the event loop rather than in a worker thread.

aiogram 3.31 (`CallableObject.call`) runs every filter that is not a coroutine function through
`asyncio.to_thread`: a magic filter (`F.text`, `F.chat.type == "private"`), a state given as a filter
(`ReportForm.waiting_for_place`) and a plain predicate alike. These are attribute look-ups of microseconds;
the thread hand-off costs far more, and an update passes dozens of them on its way through the routers.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.filters import Filter
from magic_filter import MagicFilter

_NAMED = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


class Inline(Filter):
    """A magic filter, a state or a plain (non-async) predicate, evaluated where it is called.

    aiogram awaits a `Filter` directly, so wrapping the check in one keeps it out of the thread pool. The
    check receives the event and, by name, the keyword arguments its signature asks for (`raw_state`...),
    and its result (a magic filter's resolved value, a dict of new arguments) is returned as it is.
    """

    def __init__(self, check: Callable[..., Any]) -> None:
        self.check = check
        self._call = check.resolve if isinstance(check, MagicFilter) else check
        parameters = list(inspect.signature(self._call).parameters.values())[1:]  # after the event
        self._names = frozenset(p.name for p in parameters if p.kind in _NAMED)

    async def __call__(self, event: Any, **data: Any) -> Any:
        return self._call(event, **{name: data[name] for name in self._names if name in data})

    def __str__(self) -> str:
        return f"Inline({self.check!r})"


def inline_filters(router: Router) -> None:
    """Wrap every non-async filter of the router tree (router-level and handler-level) in `Inline`.

    Done once over the assembled tree, so no router can forget it; tests check none is left."""
    for filters in _filter_lists(router):
        filters[:] = [_inline(f) for f in filters]


def thread_bound_filters(router: Router) -> list[FilterObject]:
    """The filters aiogram would still send to a worker thread."""
    return [f for filters in _filter_lists(router) for f in filters if not f.awaitable]


def _inline(filter_object: FilterObject) -> FilterObject:
    if filter_object.awaitable:
        return filter_object
    check = filter_object.magic if filter_object.magic is not None else filter_object.callback
    return FilterObject(Inline(check))


def _filter_lists(router: Router) -> Iterator[list[FilterObject]]:
    for observer in router.observers.values():
        # Router-level filters (`router.message.filter(...)`) live on the observer's own handler object,
        # which aiogram keeps in a private attribute.
        if observer._handler.filters:
            yield observer._handler.filters
        for handler in observer.handlers:
            if handler.filters:
                yield handler.filters
    for sub_router in router.sub_routers:
        yield from _filter_lists(sub_router)
