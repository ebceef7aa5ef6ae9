"""Let aiogram's Telegram types and methods build their pydantic validators on first use, not at import.

aiogram 3.31 ends `aiogram/types/__init__.py` with `model_rebuild(_types_namespace=...)` on each of its ~440
types, and builds each of its ~185 methods as the class is created. Every build copies in the whole tree of
types it refers to, so importing aiogram costs about 110 MB of validators that a bot mostly never uses.
`install()`, run by `bot/__init__.py` before anything imports aiogram, imports aiogram.types itself and,
while it does:

- takes aiogram's `model_rebuild(_types_namespace=ns)` calls over: each type gets its field annotations
  resolved with `ns` (cheap: no validator is built) and `ns` as its parent namespace, and stays deferred
  (`TelegramObject` already has `defer_build=True`). Pydantic builds it when it is first used. Resolving
  the fields now matters: a type is also built *inside* other models (`Update`, a method, the session's
  `Response[Message]`), where pydantic would look its names up in the outer model's namespace, and the names
  aiogram imports only under TYPE_CHECKING are not there;
- marks aiogram's methods deferred as well (they are created later in the same import);
- puts one lock around first builds: pydantic's `model_rebuild` is not thread-safe (it can briefly leave a
  class with its parent's validator), and aiogram runs sync filters and handlers in threads.

If aiogram.types is already imported, or pydantic's internals are not what this was written against
(pydantic 2.13), it changes nothing, or finishes the build eagerly as aiogram would, and logs why.
`SAFEGRID_LAZY_AIOGRAM=0` in the environment switches it off.
"""

from __future__ import annotations

import inspect
import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

# "lazy", or why not: read by the memory benchmark and the tests.
mode = "not installed"
SWITCHED_OFF = "eager: switched off by SAFEGRID_LAZY_AIOGRAM=0"
TOO_LATE = "eager: aiogram.types was imported before bot"

# Reentrant: building a type must never wait on itself.
_BUILD_LOCK = threading.RLock()


def install() -> str:
    global mode
    if mode == "lazy" or mode.startswith("eager"):
        return mode
    mode = _install()
    if mode != "lazy":
        # The bot works as with plain aiogram, only with its import-time memory cost; a warning only if
        # pydantic or aiogram changed under us.
        level = logging.INFO if mode in (SWITCHED_OFF, TOO_LATE) else logging.WARNING
        log.log(level, "aiogram types built at import: %s", mode)
    return mode


def _install() -> str:
    if os.environ.get("SAFEGRID_LAZY_AIOGRAM", "1") == "0":
        return SWITCHED_OFF
    if "aiogram.types" in sys.modules:
        return TOO_LATE
    try:
        from pydantic import BaseModel
        from pydantic._internal._config import ConfigWrapper
        from pydantic._internal._fields import rebuild_model_fields
        from pydantic._internal._generics import get_model_typevars_map
        from pydantic._internal._namespace_utils import NsResolver
    except ImportError as exc:
        return f"eager: pydantic internals not found ({exc})"
    rebuild = BaseModel.__dict__.get("model_rebuild")
    parameters = inspect.signature(rebuild.__func__).parameters if isinstance(rebuild, classmethod) else {}
    if "_types_namespace" not in parameters:
        return "eager: pydantic's BaseModel.model_rebuild is not the expected classmethod"
    pydantic_rebuild: Callable[..., Any] = rebuild.__func__

    def resolve_fields(cls: Any, ns: dict[str, Any]) -> None:
        # What complete_model_class() does first, without going on to build the validator.
        cls.__pydantic_parent_namespace__ = ns
        if not cls.__pydantic_fields_complete__:
            cls.__pydantic_fields__, cls.__pydantic_extra_info__ = rebuild_model_fields(
                cls,
                config_wrapper=ConfigWrapper(cls.model_config, check=False),
                ns_resolver=NsResolver(parent_namespace=ns),
                typevars_map=get_model_typevars_map(cls),
            )

    taken: list[tuple[type, dict[str, Any]]] = []
    failed: list[str] = []

    def take_over(cls: type, **kwargs: Any) -> bool | None:
        ns = kwargs.get("_types_namespace")
        if failed or ns is None or not cls.__module__.startswith("aiogram.types."):
            # Not aiogram's call: pydantic's own, one frame deeper than its caller expects.
            kwargs["_parent_namespace_depth"] = kwargs.get("_parent_namespace_depth", 2) + 1
            return pydantic_rebuild(cls, **kwargs)
        taken.append((cls, kwargs))
        try:
            resolve_fields(cls, ns)
            if len(taken) == 1:
                _defer_methods()
        except Exception as exc:  # anything unexpected: build as aiogram would, from here on
            failed.append(f"{cls.__name__}: {type(exc).__name__}: {exc}")
            _undefer_future_methods()  # the methods are created after the types: eagerly then
            for earlier, earlier_kwargs in taken:
                pydantic_rebuild(earlier, **earlier_kwargs)
        return None

    BaseModel.model_rebuild = classmethod(take_over)  # type: ignore[method-assign,assignment]
    try:
        import aiogram.types
    finally:
        BaseModel.model_rebuild = rebuild  # type: ignore[method-assign]
        _undefer_future_methods()

    if failed:
        return f"eager: resolving fields failed ({failed[0]})"
    problem = _check(aiogram.types, taken)
    if problem:
        from aiogram.methods import TelegramMethod

        for cls, kwargs in taken:
            pydantic_rebuild(cls, **kwargs)
        for method in _subclasses(TelegramMethod):  # created deferred: built now, as aiogram would
            pydantic_rebuild(method, raise_errors=False, _types_namespace={})
        return f"eager: {problem}"
    _lock_first_builds(pydantic_rebuild)
    return "lazy"


def _defer_methods() -> None:
    """Called at aiogram's first `model_rebuild`: the types exist, the methods are not created yet. Both
    derive from BotContextController; a flag in its config is inherited by classes created from now on."""
    controller = sys.modules.get("aiogram.client.context_controller")
    if controller is None or "aiogram.methods.base" in sys.modules:
        log.info("aiogram methods built at import: the import order is not the expected one")
        return
    controller.BotContextController.model_config["defer_build"] = True


def _undefer_future_methods() -> None:
    controller = sys.modules.get("aiogram.client.context_controller")
    if controller is not None:
        controller.BotContextController.model_config.pop("defer_build", None)


def _check(types_module: Any, taken: list[tuple[type, dict[str, Any]]]) -> str:
    """Every aiogram type taken over and with resolved fields; every method with resolved fields."""
    from aiogram.methods import TelegramMethod
    from pydantic import BaseModel

    expected = {
        obj
        for name in types_module.__all__
        if isinstance(obj := getattr(types_module, name), type) and issubclass(obj, BaseModel)
    }
    missed = expected - {cls for cls, _ in taken}
    if missed:
        return f"{len(missed)} types were not rebuilt by aiogram, e.g. {min(c.__name__ for c in missed)}"
    methods = _subclasses(TelegramMethod)
    unresolved = [c.__name__ for c in expected | methods if not c.__pydantic_fields_complete__]
    if unresolved:
        return f"fields of {sorted(unresolved)[0]} not resolved"
    return ""


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def _lock_first_builds(pydantic_rebuild: Callable[..., Any]) -> None:
    """A deferred model builds itself through `cls.model_rebuild()`: serialise those builds. A second thread
    that waited then finds the class complete and returns at once, so no validator is deleted in use."""
    from aiogram.methods import TelegramMethod
    from aiogram.types import TelegramObject

    def locked_rebuild(
        cls: type,
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Any = None,
    ) -> bool | None:
        with _BUILD_LOCK:
            return pydantic_rebuild(  # type: ignore[no-any-return]
                cls,
                force=force,
                raise_errors=raise_errors,
                _parent_namespace_depth=_parent_namespace_depth + 1,  # this frame
                _types_namespace=_types_namespace,
            )

    for base in (TelegramObject, TelegramMethod):
        base.model_rebuild = classmethod(locked_rebuild)  # type: ignore[method-assign,assignment]
