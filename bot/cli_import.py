"""The command-line side of the area import, for an operator at the server."""

from __future__ import annotations

import asyncio
import html
import re
import sys
from pathlib import Path

from bot.i18n import Catalogs, Markup
from bot.settings import Settings
from domain.area_import import import_areas, read_table
from domain.clock import Clock
from domain.errors import DomainError
from domain.permissions import Actor
from storage import areas as area_store
from storage.db import create_engine, create_session_pool
from storage.migrate import upgrade

# Whoever can run commands on the server is an administrator; audit events show actor 0 for the console.
CONSOLE = Actor(user_id=0, is_global_admin=True)


async def run_import(settings: Settings, file: Path, under_code: str) -> int:
    t = Catalogs(fallback=settings.default_locale).translator(settings.default_locale)
    engine = create_engine(settings.db_url)
    try:
        await upgrade(engine)
        async with create_session_pool(engine)() as session:
            parent = await area_store.by_code(session, under_code.strip().upper())
            if parent is None or parent.id is None:
                print(_plain(t("area-error-not-found")), file=sys.stderr)
                return 1
            try:
                rows = read_table(await asyncio.to_thread(file.read_bytes), file.name)
                result = await import_areas(session, CONSOLE, parent.id, rows, Clock().now())
            except DomainError as exc:
                print(_plain(t(exc.key, **exc.args_for_text)), file=sys.stderr)
                return 1
            if result.problems:
                for problem in result.problems:
                    print(
                        _plain(
                            t("import-row", line=problem.line, problem=Markup(t(problem.key, **problem.args)))
                        )
                    )
                print(_plain(t("import-failed", count=len(result.problems))), file=sys.stderr)
                return 1
            print(
                _plain(
                    t(
                        "import-done",
                        created=len(result.created),
                        existing=result.existing,
                        parent=parent.name,
                    )
                )
            )
            return 0
    finally:
        await engine.dispose()


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))
