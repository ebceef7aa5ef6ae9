"""Translation catalogs (Fluent) and the choice of language.

Arguments are HTML-escaped on the way in, so user-supplied text can never break or forge markup;
catalog text itself is trusted markup. Pre-rendered fragments pass as `Markup`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number

LOCALES_DIR = Path(__file__).parent / "locales"
SUPPORTED = ("zh", "en")
_TAG = re.compile(r"</?[a-z][a-z-]*(?:\s[^<>]*)?>")


class Markup(str):
    """Text already safe for HTML parse mode (built from escaped parts)."""


def escape(value: object) -> str:
    return html.escape(str(value), quote=False)


def pick_locale(language_code: str | None, default: str = "zh") -> str:
    """Telegram sends zh-hans, zh-cn, zh-hant, en-gb ...; everything Chinese gets the Chinese catalog."""
    if not language_code:
        return default
    primary = language_code.lower().replace("_", "-").split("-")[0]
    return primary if primary in SUPPORTED else default


class Catalogs:
    def __init__(self, directory: Path = LOCALES_DIR, fallback: str = "zh") -> None:
        self.fallback = fallback
        self.bundles: dict[str, FluentBundle] = {}
        for locale in SUPPORTED:
            bundle = FluentBundle([locale], use_isolating=False)
            for file in sorted((directory / locale).glob("*.ftl")):
                resource = FluentResource(file.read_text(encoding="utf-8"))
                errors = bundle.add_resource(resource)
                if errors:
                    raise ValueError(f"{file}: {errors}")
            self.bundles[locale] = bundle

    def keys(self, locale: str) -> set[str]:
        return set(self.bundles[locale]._messages)

    def translator(self, locale: str) -> Translator:
        return Translator(self, locale if locale in self.bundles else self.fallback)


class Translator:
    def __init__(self, catalogs: Catalogs, locale: str) -> None:
        self.catalogs = catalogs
        self.locale = locale

    def __call__(self, key: str, **args: Any) -> str:
        """Text for a message in HTML parse mode: arguments escaped, catalog markup kept."""
        return self._format(key, _prepare(args))

    def plain(self, key: str, **args: Any) -> str:
        """Text Telegram shows as is (button labels, alerts, command menus): nothing escaped, no tags."""
        return html.unescape(_TAG.sub("", self._format(key, _prepare(args))))

    def _format(self, key: str, args: dict[str, Any]) -> str:
        # Fluent refuses any argument over 2500 characters (a guard against runaway expansion). Long user
        # text (an escaped 2000-character description can exceed it) goes in after formatting instead.
        long = {name: value for name, value in args.items() if isinstance(value, str) and len(value) > 1000}
        if long:
            tokens = {name: f"\x00{i}\x00" for i, name in enumerate(long)}
            text = self._format(key, {**args, **tokens})
            for name, token in tokens.items():
                text = text.replace(token, long[name])
            return text
        for locale in (self.locale, self.catalogs.fallback):
            bundle = self.catalogs.bundles[locale]
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    break
                text, errors = bundle.format_pattern(message.value, args)
                if errors:
                    raise ValueError(f"catalog {locale}:{key}: {errors}")
                return text
        raise KeyError(f"no catalog text for {key!r}")

    def lines(self, keys: Iterable[str]) -> str:
        return "\n".join(self(key) for key in keys)


def _prepare(args: dict[str, Any]) -> dict[str, Any]:
    prepared: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, Markup):
            prepared[name] = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            # Counts, line numbers and limits read better without thousands separators ("第 1234 行").
            prepared[name] = fluent_number(value, useGrouping=False)
        else:
            prepared[name] = escape(value)
    return prepared
