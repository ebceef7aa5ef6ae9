"""Fan-out of one digest to many groups against the project's fake Bot API with Telegram's limits enforced
(30 messages/s overall, 20/min per group, 429 with retry_after), through the real sending path: the
scheduled tick (jobs.digest_run.run_tick: claim, build, jobs.pacing.Pacer, progress rows) and the real Bot
from bot.app.build_bot (aiohttp, bot.retry.RetryMiddleware) pointed at the fake by TELEGRAM_API_BASE.

Every group is bound to the same county, so each receives the same monthly digest (text, charts, ledger).
Reported: total time against the floor the limits allow (messages / 30 per s, or the per-group minute
limit if a group gets more than 20), 429 answers, lost and duplicated messages per group (what the fake
received against the digest's parts), groups whose parts came out of order, and the builds.

    python -m bench.fanout                       # 300 groups: at least 50 s by the limits alone
"""

from __future__ import annotations

import asyncio
import functools
import math
import sys
import tempfile
import time
from collections import Counter
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

if __package__ in (None, ""):  # python bench/fanout.py: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jobs.digest_run
from bench import common
from bot.app import build_bot
from domain import areas as area_rules
from domain import groups as group_rules
from domain.clock import FrozenClock
from domain.people import Person, ensure_user
from fake_bot_api import FakeBotAPI
from fake_bot_api.limits import GLOBAL_SENDS_PER_SECOND, GROUP_SENDS_PER_MINUTE
from jobs.pacing import Pacer
from jobs.runtime import Runtime
from tests.support.seed import seed_year

SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument")
FIRST_GROUP = -1001_000_000_000


def timed(spent: dict[str, float], name: str, function):  # type: ignore[no-untyped-def]
    @functools.wraps(function)
    async def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return await function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started
            spent[name + " n"] += 1

    return wrapper


class MeasuredPacer(Pacer):
    """The real pacer, also noting each request's round trip (retries included) and when sending began
    and ended: how much of the time over the floor is the build, and how much is holding each place a
    round trip longer than Telegram counts it."""

    def __init__(self) -> None:
        super().__init__()
        self.round_trips: list[float] = []
        self.first_sent = self.last_answered = 0.0

    @asynccontextmanager
    async def sending(self, chat_id: int, messages: int = 1):  # type: ignore[no-untyped-def]
        async with super().sending(chat_id, messages):
            started = time.perf_counter()
            self.first_sent = self.first_sent or started
            try:
                yield
            finally:
                self.last_answered = time.perf_counter()
                self.round_trips.append(self.last_answered - started)


async def prepare(services, groups: int, per_month: int, run_at: datetime) -> None:
    """A county with two townships of two villages, a year of history, `groups` groups bound to it."""
    now = run_at.astimezone(ZoneInfo("UTC"))
    async with services.session_pool() as s:
        await ensure_user(s, Person(common.ADMIN_ID, "王管理", None, "zh-hans"), now)
        await s.commit()
        county = await area_rules.create_area(
            s, common.ADMIN, name="基准县", code="9907", parent_id=None, now=now
        )
        villages = []
        for t in (1, 2):
            town = await area_rules.create_area(
                s, common.ADMIN, name=f"第{t}镇", code=f"99070{t}", parent_id=county.id, now=now
            )
            for v in (1, 2):
                villages.append(
                    await area_rules.create_area(
                        s,
                        common.ADMIN,
                        name=f"第{t}镇{v}村",
                        code=f"99070{t}0{v}",
                        parent_id=town.id,
                        now=now,
                    )
                )
        await seed_year(s, villages, common.ADMIN_ID, now, per_month=per_month)
        for i in range(groups):
            await group_rules.bind(s, common.ADMIN, FIRST_GROUP - i, f"第{i + 1}组", county.id or 0, now)


def delivered(api: FakeBotAPI, groups: int) -> list[list[str]]:
    """Per group, what the bot posted there: (kind of message, visible text) keys, oldest first."""
    out = []
    for i in range(groups):
        messages = api.messages(FIRST_GROUP - i)
        out.append(
            [
                ("photo" if "photo" in m else "document" if "document" in m else "text")
                + m.get("plain_text", "")
                for m in messages
                if m.get("from", {}).get("id") == api.bot_id
            ]
        )
    return out


async def main() -> None:
    parser = common.parser(__doc__)
    parser.add_argument("--groups", type=int, default=300, help="groups bound to the county (default 300)")
    parser.add_argument(
        "--per-month", type=int, default=40, help="hazards a month in the history (default 40)"
    )
    args = parser.parse_args()
    print(f"fan-out of one monthly digest to {args.groups} groups, limits enforced by the fake Bot API")
    print(f"machine: {common.load_note()}")
    spent: Counter[str] = Counter()
    jobs.digest_run.build = timed(spent, "build", jobs.digest_run.build)
    jobs.digest_run.send_part = timed(spent, "send", jobs.digest_run.send_part)

    with tempfile.TemporaryDirectory(prefix="bench-fanout-") as tmp:
        async with FakeBotAPI(common.TOKEN, enforce_limits=True) as api:
            api.add_user(common.ADMIN_ID, "王管理", started=True)
            for i in range(args.groups):
                api.add_group(FIRST_GROUP - i, f"第{i + 1}组")
                api.add_bot_to_group(FIRST_GROUP - i, common.ADMIN_ID)
            settings = common.settings_for(Path(tmp), telegram_api_base=api.base_url)
            services = await common.open_services(settings)
            bot = build_bot(settings)
            try:
                run_at = datetime(2026, 12, 1, 9, 2, tzinfo=settings.tz)  # December: only the monthly is due
                await prepare(services, args.groups, args.per_month, run_at)
                clock = FrozenClock(run_at)
                pacer = MeasuredPacer()
                runtime = Runtime(bot, services.session_pool, services.catalogs, settings, clock, pacer)
                mark = len(api.calls)
                started = time.perf_counter()
                completed = await jobs.digest_run.run_tick(runtime)
                elapsed = time.perf_counter() - started
                again = await jobs.digest_run.run_tick(
                    runtime
                )  # must send nothing: once per group and period
            finally:
                await bot.session.close()
                await services.dispose()
            calls = api.calls[mark:]
            got = delivered(api, args.groups)

    parts = max(len(set(g)) for g in got)
    expected = args.groups * parts
    lost = sum(max(0, parts - len(set(g))) for g in got)
    duplicated = sum(len(g) - len(set(g)) for g in got)
    in_order = Counter(tuple(g) for g in got).most_common(1)[0][0]  # the parts as most groups got them
    misordered = sum(1 for g in got if len(g) == len(set(g)) == parts and tuple(g) != in_order)
    sends = [c for c in calls if c.method in SEND_METHODS]
    floods = sum(1 for c in sends if c.status == 429)
    overall_floor = expected / GLOBAL_SENDS_PER_SECOND
    group_floor = 60.0 * (math.ceil(parts / GROUP_SENDS_PER_MINUTE) - 1)
    floor = max(overall_floor, group_floor)
    print(f"digest: {parts} messages per group (text, charts, ledger), {expected} in all")
    print(f"sent:   {completed} groups completed in {elapsed:.1f} s; a second tick sent {again} more")
    print(f"floor:  {floor:.1f} s (overall {overall_floor:.1f} s at {GLOBAL_SENDS_PER_SECOND}/s, "
          f"per group {group_floor:.0f} s at {GROUP_SENDS_PER_MINUTE}/min)")  # fmt: skip
    print(f"ratio:  {elapsed / floor:.2f}x the floor  (target <= 1.1x)")
    print(f"pacer:  {pacer.overall.limit}/s, {pacer.per_group_minute}/min per group (each counted until a "
          f"second after its answer); {jobs.digest_run.GROUPS_AT_ONCE} groups at once")  # fmt: skip
    print(f"lost {lost}, duplicated {duplicated}, out of order {misordered} groups; "
          f"429 answers {floods} of {len(sends)} send calls")  # fmt: skip
    trips = sorted(pacer.round_trips) or [0.0]
    mean, p95 = 1000 * sum(trips) / len(trips), 1000 * trips[int(0.95 * (len(trips) - 1))]
    print(f"sending: first message {pacer.first_sent - started:.1f} s after the start, the last answer "
          f"{pacer.last_answered - pacer.first_sent:.1f} s later; round trips mean {mean:.0f} ms, "
          f"p95 {p95:.0f} ms")  # fmt: skip
    print(f"time in build {spent['build']:.1f} s ({spent['build n']:.0f} builds, "
          f"{spent['build'] / max(spent['build n'], 1):.2f} s each); in send_part {spent['send']:.1f} s "
          f"(incl. pacing waits, summed over the groups sent to at once)")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
