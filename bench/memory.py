"""Resident memory (VmRSS, and the peak VmHWM, from /proc/self/status) of the bot: idle — services,
dispatcher and bot built, migrations applied, scheduler off, as `python -m bot` is before its first
update — and under load, after report conversations through the real Dispatcher and a digest build.

    python -m bench.memory                        # 200 conversations, 8 at a time, on SQLite
    python -m bench.memory --conversations 1000 --database-url postgresql+asyncpg://postgres@127.0.0.1/bench_mem
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # python bench/memory.py: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.proc import rss_mb  # standard library only: nothing of the app is imported yet

STAGES: list[tuple[str, float, float]] = []


def stage(name: str) -> None:
    gc.collect()
    STAGES.append((name, *rss_mb()))


IMPORTS = [  # imported in this order first, to show what each layer adds
    ("+ aiogram (with aiohttp, pydantic)", ["aiogram", "aiogram.types", "aiogram.methods"]),
    ("+ SQLAlchemy, SQLModel, aiosqlite, alembic", ["sqlmodel", "aiosqlite", "alembic.command"]),
    ("+ numpy, matplotlib", ["numpy", "matplotlib.figure"]),
    ("+ the app (bot.app and all it imports)", ["bot.app", "storage.migrate"]),
]


async def main() -> None:
    stage("python + stdlib")
    for name, modules in IMPORTS:
        for module in modules:
            importlib.import_module(module)
        stage(name)
    from bench import common
    from bot.app import build_bot, build_dispatcher
    from domain.periods import Kind, reported_by_run
    from jobs.digests import build
    from tests.support.chat import ChatDriver

    parser = common.parser(__doc__)
    parser.add_argument("--conversations", type=int, default=200, help="report conversations (default 200)")
    parser.add_argument("--concurrency", type=int, default=8, help="people at a time (default 8)")
    parser.add_argument("--database-url", default="", help="postgresql+asyncpg://.../DB (made, dropped)")
    args: argparse.Namespace = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        async with common.database(args.database_url) as url:
            settings = common.settings_for(Path(tmp), url)
            services = await common.open_services(settings)
            try:
                dp = build_dispatcher(services, with_scheduler=False)
                real_bot = build_bot(settings)
                county = await common.make_county(services, args.concurrency)
                stage("idle: services, dispatcher, bot built, migrated")

                bot, session = common.quiet_bot()
                chat = ChatDriver(dp, bot, session)  # type: ignore[arg-type]
                queue = iter(range(args.conversations))

                async def worker(person) -> None:  # type: ignore[no-untyped-def]
                    for _ in queue:
                        await common.converse(chat, person)

                await asyncio.gather(*(worker(p) for p in county.coordinators))
                stage(f"after {args.conversations} report conversations")

                async with services.session_pool() as s:
                    now = services.clock.now()
                    period = reported_by_run(Kind.MONTHLY, now.date())
                    t = services.catalogs.translator("zh")
                    await build(s, Kind.MONTHLY, county.county, period, t, settings, now)
                stage("after a monthly digest build (charts, xlsx)")
                await real_bot.session.close()
            finally:
                await services.dispose()

    print(f"resident memory on {common.backend(args.database_url)}; machine: {common.load_note()}")
    print(f"  {'stage':<52} {'RSS':>9} {'peak':>9}")
    for name, rss, peak in STAGES:
        print(f"  {name:<52} {rss:7.1f} MB {peak:7.1f} MB")
    idle = next(rss for name, rss, _ in STAGES if name.startswith("idle"))
    print(f"idle RSS {idle:.1f} MB (target <= 150 MB)")


if __name__ == "__main__":
    asyncio.run(main())
