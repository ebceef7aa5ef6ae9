"""Handler latency under concurrent users: N people, each in their own chat, each running report
conversations at the same time through one Dispatcher (as polling does, one task per update). Latency is
from feeding an update to the dispatcher until its handling (database, evidence, replies) is done.

By default each person sends the next update as soon as the previous one is handled (closed loop, no
think time): the worst case, where latency is queueing behind everyone else. --think adds a random pause.

    python -m bench.latency                      # 50 and 200 users on SQLite
    python -m bench.latency --users 50 --think 2 --database-url postgresql+asyncpg://postgres@127.0.0.1/bench_lat
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # python bench/latency.py: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common
from bot.app import build_dispatcher
from tests.support.chat import ChatDriver, Person

STEP_NAMES = (
    "menu",
    "sector",
    "level",
    "location",
    "unit",
    "description",
    "photo1",
    "photo2",
    "done",
    "confirm",
)


async def person_loop(
    chat: ChatDriver, person: Person, rounds: int, think: float, by_step: list[list[float]]
):
    for _ in range(rounds):
        for i, step in enumerate(common.report_steps(chat, person)):
            if think:
                await asyncio.sleep(random.expovariate(1 / think))
            started = time.perf_counter()
            await step()
            by_step[i].append(time.perf_counter() - started)


async def measure(users: int, args) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp:
        async with common.database(args.database_url) as url:
            services = await common.open_services(
                common.settings_for(Path(tmp), url, redis_url=args.redis_url)
            )
            try:
                county = await common.make_county(services, users)
                dp = build_dispatcher(services, with_scheduler=False)
                bot, session = common.quiet_bot()
                chat = ChatDriver(dp, bot, session)  # type: ignore[arg-type]
                await common.converse(chat, county.coordinators[0])  # warm-up, not counted
                by_step: list[list[float]] = [[] for _ in STEP_NAMES]
                before = await common.count_hazards(services)
                started = time.perf_counter()
                await asyncio.gather(
                    *(person_loop(chat, p, args.rounds, args.think, by_step) for p in county.coordinators)
                )
                wall = time.perf_counter() - started
                saved = await common.count_hazards(services) - before
            finally:
                await services.dispose()
    every = [x for step in by_step for x in step]
    print(f"\n{users} concurrent users, {args.rounds} conversation(s) each, think {args.think:g} s:")
    print(f"  all updates  {common.summary_ms(every)}")
    for name, values in zip(STEP_NAMES, by_step, strict=True):
        print(f"  {name:<12} {common.summary_ms(values)}")
    print(f"  {saved} hazards saved in {wall:.1f} s ({len(every) / wall:.1f} updates/s)")
    if saved != users * args.rounds:
        print(f"  WARNING: expected {users * args.rounds} hazards")


async def main() -> None:
    parser = common.parser(__doc__)
    parser.add_argument("--users", type=int, nargs="+", default=[50, 200], help="default: 50 200")
    parser.add_argument("--rounds", type=int, default=1, help="conversations per person (default 1)")
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean pause before each update, s (default 0)"
    )
    parser.add_argument("--database-url", default="", help="postgresql+asyncpg://.../DB (made, dropped)")
    parser.add_argument("--redis-url", default="", help="REDIS_URL for conversation state")
    args = parser.parse_args()
    print(f"latency of report-conversation updates on {common.backend(args.database_url)}")
    print(f"machine: {common.load_note()}")
    for users in args.users:
        await measure(users, args)


if __name__ == "__main__":
    asyncio.run(main())
