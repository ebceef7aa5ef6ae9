"""Resident memory (VmRSS, and the peak VmHWM, from /proc/self/status) of the bot as `python -m bot` starts
it: `bot` imported first (aiogram's types then build on first use: bot.lazy_aiogram), migrations applied by
a `python -m bot migrate` subprocess, services, dispatcher and bot built, scheduler off, gc.freeze() —
idle — and then under load: report conversations through the real Dispatcher, and a monthly digest build.

Each mode runs in a fresh process: `lazy` (as the bot runs) and `eager` (SAFEGRID_LAZY_AIOGRAM=0: aiogram
builds every type at import, as plain aiogram does), so the table shows how much of the lazy build's saving
is left after load.

    python -m bench.memory                        # 200 conversations, 8 at a time, on SQLite, both modes
    python -m bench.memory --modes lazy           # only as the bot runs
    python -m bench.memory --conversations 1000 --database-url postgresql+asyncpg://postgres@127.0.0.1/bench_mem
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # python bench/memory.py: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.proc import load_note, rss_mb  # standard library only: nothing of the app is imported yet

IMPORTS = [  # imported in this order first, to show what each layer adds
    ("+ aiogram (import bot: lazy build installed)", ["bot", "aiogram", "aiogram.types", "aiogram.methods"]),
    ("+ SQLAlchemy, SQLModel, aiosqlite", ["sqlmodel", "sqlalchemy.ext.asyncio", "aiosqlite"]),
    ("+ the app (bot.app and all it imports)", ["bot.app"]),
]
# Libraries the bot needs only for some work; which of them are loaded says where memory went.
HEAVY = ("alembic", "matplotlib", "numpy", "PIL", "xlsxwriter", "openpyxl", "segno", "cryptography")
IDLE = "idle: migrated (subprocess), services, dispatcher, bot"


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.memory",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--conversations", type=int, default=200, help="report conversations (default 200)")
    parser.add_argument("--concurrency", type=int, default=8, help="people at a time (default 8)")
    parser.add_argument("--database-url", default="", help="postgresql+asyncpg://.../DB (made, dropped)")
    parser.add_argument("--modes", default="lazy,eager", help="lazy, eager or both (default lazy,eager)")
    parser.add_argument("--one", choices=("lazy", "eager"), help=argparse.SUPPRESS)  # a child process
    return parser.parse_args(argv)


class Stages:
    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float]] = []
        self.notes: list[str] = []

    def __call__(self, name: str) -> None:
        gc.collect()
        self.rows.append((name, *rss_mb()))

    def loaded(self, when: str) -> None:
        self.notes.append(
            f"heavy libraries {when}: {', '.join(m for m in HEAVY if m in sys.modules) or 'none'}"
        )


def migrate(data_dir: Path, url: str) -> None:
    """As the bot does it (bot.__main__): `python -m bot migrate`, on the bench's own settings."""
    env = {**os.environ, "DATA_DIR": str(data_dir), "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, "-m", "bot", "migrate"], env=env, check=True)


def full_collection_ms() -> float:
    started = time.perf_counter()
    gc.collect()
    return (time.perf_counter() - started) * 1000


async def measure(args: argparse.Namespace) -> dict[str, object]:
    stage = Stages()
    stage("python + stdlib")
    for name, modules in IMPORTS:
        for module in modules:
            importlib.import_module(module)
        stage(name)
    from bench import common
    from bot import lazy_aiogram
    from bot.app import build_bot, build_dispatcher, build_services
    from domain.periods import Kind, reported_by_run
    from jobs.digests import build
    from tests.support.chat import ChatDriver

    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        async with common.database(args.database_url) as url:
            settings = common.settings_for(Path(tmp), url)
            migrate(settings.data_dir, settings.db_url)
            services = build_services(settings)
            try:
                dp = build_dispatcher(services, with_scheduler=False)
                real_bot = build_bot(settings)
                county = await common.make_county(services, args.concurrency)
                stage(IDLE)
                stage.loaded("at idle")
                # As bot.__main__ does before its first update; RSS does not change (measured: +0.0 MB).
                unfrozen = full_collection_ms()
                gc.freeze()
                frozen = full_collection_ms()
                stage.notes.append(
                    f"a full gc.collect() at idle: {unfrozen:.0f} ms; after gc.freeze(): {frozen:.0f} ms"
                )

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
                stage.loaded("after load")
                stage.notes.append(f"a full gc.collect() after load: {full_collection_ms():.0f} ms")
                await real_bot.session.close()
            finally:
                await services.dispose()
    return {"mode": lazy_aiogram.mode, "rows": stage.rows, "notes": stage.notes}


def run_child(mode: str, argv: list[str]) -> dict[str, object]:
    env = {**os.environ, "SAFEGRID_LAZY_AIOGRAM": "1" if mode == "lazy" else "0"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.memory", *argv, "--one", mode],
        env=env,
        stdout=subprocess.PIPE,
        check=True,
        text=True,
    )
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def report(args: argparse.Namespace, results: dict[str, dict[str, object]]) -> None:
    modes = list(results)
    print(f"resident memory on {'PostgreSQL' if args.database_url else 'SQLite'}; machine: {load_note()}")
    for mode, result in results.items():
        print(f"  {mode}: aiogram types {result['mode']}")
    header = "".join(f" {m + ' RSS':>11} {m + ' peak':>11}" for m in modes)
    saving = "   lazy saves" if modes == ["lazy", "eager"] else ""
    print(f"  {'stage':<52}{header}{saving}")
    names = [row[0] for row in results[modes[0]]["rows"]]  # type: ignore[index]
    for i, name in enumerate(names):
        cells = [results[m]["rows"][i] for m in modes]  # type: ignore[index]
        line = "".join(f" {rss:8.1f} MB {peak:8.1f} MB" for _, rss, peak in cells)
        if saving:
            line += f" {cells[1][1] - cells[0][1]:9.1f} MB"
        print(f"  {name:<52}{line}")
    for mode, result in results.items():
        for note in result["notes"]:  # type: ignore[attr-defined]
            print(f"  {mode}: {note}")
    idle = next(rss for name, rss, _ in results[modes[0]]["rows"] if name == IDLE)  # type: ignore[attr-defined]
    print(f"idle RSS ({modes[0]}) {idle:.1f} MB (target <= 150 MB)")


def main() -> None:
    args = parse()
    if args.one:
        print(json.dumps(asyncio.run(measure(args))))
        return
    results = {mode: run_child(mode, sys.argv[1:]) for mode in args.modes.split(",")}
    report(args, results)


if __name__ == "__main__":
    main()
