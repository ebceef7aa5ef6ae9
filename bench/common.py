"""What the benchmarks share: settings, a migrated database, a county with coordinators, a Bot API session
without network, the report conversation as updates, and small measuring helpers.

The conversation is fed through tests.support.chat.ChatDriver (real aiogram Update objects through the real
Dispatcher); the Bot API answers come from a trimmed tests.support.recording.RecordingSession.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import random
import statistics
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.methods import GetFile, TelegramMethod
from aiogram.types import File
from sqlalchemy import event, func, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel import select

from bench.proc import load_note as load_note  # re-exported for the scripts
from bench.proc import rss_mb as rss_mb
from bot.app import Services, build_services
from bot.settings import Settings
from domain import areas as area_rules
from domain import groups as group_rules
from domain import invites as invite_rules
from domain.clock import Clock
from domain.people import Person as Who
from domain.permissions import Actor
from domain.roles import Role
from domain.sectors import Sector
from handlers.callbacks import ReportAct, ReportCb
from storage.db import is_single_statement
from storage.migrate import upgrade
from storage.models import Area, Hazard
from tests.support import chat as chat_support
from tests.support.chat import ChatDriver, Person
from tests.support.recording import RecordingSession

# Update ids unique across runs: with REDIS_URL the app drops an update id it has seen (for a day).
chat_support._update_ids = itertools.count(int(time.time() * 1000))

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
ADMIN_ID = 1001
ADMIN = Actor(user_id=ADMIN_ID, is_global_admin=True, registered=True)
MENU_REPORT = "📝 上报隐患"
# A phone photo as Telegram hands it to a bot is ~100-200 KB; each report gets its own bytes (own hash).
PHOTO_BASE = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(120_000)


def settings_for(data_dir: Path, database_url: str = "", **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "data_dir": data_dir,
        "database_url": database_url,
        "admin_ids": [ADMIN_ID],
        "secret_key": "bench-secret-key-not-for-production",
        "log_level": "WARNING",
        **extra,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def database(url: str) -> AsyncIterator[str]:
    """SQLite: nothing to do. PostgreSQL: create the URL's database if it is missing, drop it afterwards
    (only if it was created here)."""
    if not url.startswith("postgresql"):
        yield url
        return
    parsed = make_url(url)
    admin = create_async_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = parsed.database
    async with admin.connect() as conn:
        query = text("SELECT 1 FROM pg_database WHERE datname = :n")
        exists = (await conn.execute(query, {"n": name})).first()
        if not exists:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url
    finally:
        if not exists:
            async with admin.connect() as conn:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def open_services(settings: Settings, clock: Clock | None = None) -> Services:
    services = build_services(settings, clock=clock)
    await upgrade(services.engine)
    return services


class QuietSession(RecordingSession):
    """RecordingSession's realistic answers without keeping or checking calls (only counting them), and
    any file id downloadable: a photo's bytes are PHOTO_BASE plus its id, handed out once."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.counts: Counter[str] = Counter()

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:  # noqa: ASYNC109
        self.counts[type(method).__name__] += 1
        if isinstance(method, GetFile):
            return File(
                file_id=method.file_id, file_unique_id=method.file_id, file_path=f"files/{method.file_id}"
            )
        return self._answer(method)

    async def stream_content(self, url: str, *args: Any, **kwargs: Any):  # type: ignore[override]
        file_id = url.rsplit("/", 1)[-1]
        self.files.pop(file_id + "s", None)  # ChatDriver also stores the small size; never downloaded
        yield self.files.pop(file_id, None) or PHOTO_BASE + file_id.encode()


def quiet_bot() -> tuple[Bot, QuietSession]:
    session = QuietSession()
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    return bot, session


@dataclass
class County:
    county: Area
    town: Area
    village: Area
    coordinators: list[Person] = field(default_factory=list)


async def make_county(services: Services, coordinators: int, group_id: int = -1009000001) -> County:
    """County → township → village, a supervisor and a leader, `coordinators` coordinators in the village
    (all through real invites), and a leaders' group bound to the county."""
    now = datetime.now(UTC)
    code = str(random.randint(1000, 9999))  # a database kept from an earlier run may hold another county
    async with services.session_pool() as s:
        county = await area_rules.create_area(s, ADMIN, name="基准县", code=code, parent_id=None, now=now)
        town = await area_rules.create_area(
            s, ADMIN, name="基准镇", code=code + "01", parent_id=county.id, now=now
        )
        village = await area_rules.create_area(
            s, ADMIN, name="基准村", code=code + "0101", parent_id=town.id, now=now
        )
        people = [Person(5_000_000 + i, f"网格员{i}", f"grid{i}") for i in range(coordinators)]
        staff = [
            (Person(4_000_001, "赵监管"), Role.SUPERVISOR, town),
            (Person(4_000_002, "钱领导"), Role.LEADER, county),
        ]
        for person, role, area in [*staff, *((p, Role.COORDINATOR, village) for p in people)]:
            invite = await invite_rules.create_invite(
                s, ADMIN, role=role, area_id=area.id or 0, max_uses=1, ttl=timedelta(days=1), now=now
            )
            who = Who(person.id, person.first_name, person.username, person.language_code)
            await invite_rules.redeem_invite(s, who, invite.token, now)
        await group_rules.bind(s, ADMIN, group_id, "基准县安委办", county.id or 0, now)
    return County(county, town, village, people)


async def count_hazards(services: Services) -> int:
    async with services.session_pool() as s:
        return int((await s.exec(select(func.count()).select_from(Hazard))).one())


def _press(act: ReportAct, val: str = "") -> str:
    return ReportCb(act=act, val=val).pack()


_SECTORS = list(Sector)
_conversations = itertools.count()


def report_steps(chat: ChatDriver, person: Person) -> list[Callable[[], Any]]:
    """The shortest report conversation (tests/handlers/test_report.py::file_report), one update per step:
    menu, sector, level, location, unit, description, a two-photo album, done, confirm. Each conversation
    gets its own place (≥300 m apart) and unit, so the duplicate check finds nothing to offer."""
    n = next(_conversations)
    lat, lon = 30.0 + (n % 1000) * 0.003, 119.0 + (n // 1000) * 0.004
    album = f"album-{n}"
    sector = _SECTORS[n % len(_SECTORS)].value
    return [
        lambda: chat.send(person, MENU_REPORT),
        lambda: chat.press(person, _press(ReportAct.SECTOR, sector)),
        lambda: chat.press(person, _press(ReportAct.LEVEL, "general")),
        lambda: chat.send_location(person, lat, lon),
        lambda: chat.send(person, f"基准单位{n}号"),
        lambda: chat.send(person, f"配电箱门损坏，电线裸露（第{n}次）"),
        lambda: chat.send_photo(person, PHOTO_BASE + f"a{n}".encode(), media_group_id=album),
        lambda: chat.send_photo(person, PHOTO_BASE + f"b{n}".encode(), media_group_id=album),
        lambda: chat.press(person, _press(ReportAct.PHOTOS_DONE)),
        lambda: chat.press(person, _press(ReportAct.CONFIRM)),
    ]


STEPS_PER_CONVERSATION = 10


async def converse(chat: ChatDriver, person: Person, latencies: list[float] | None = None) -> None:
    """One complete report conversation; the time of each update is appended to `latencies`."""
    for step in report_steps(chat, person):
        started = time.perf_counter()
        await step()
        if latencies is not None:
            latencies.append(time.perf_counter() - started)


class SqlCounter:
    """Statements sent by the given engines, by their first word (BEGIN, SELECT, SAVEPOINT...)."""

    def __init__(self, *engines: AsyncEngine) -> None:
        self.counts: Counter[str] = Counter()
        for engine in engines:
            event.listen(engine.sync_engine, "before_cursor_execute", self._statement)
            event.listen(engine.sync_engine, "commit", lambda conn: self._end(conn, "COMMIT"))
            event.listen(engine.sync_engine, "rollback", lambda conn: self._end(conn, "ROLLBACK"))

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.counts[statement.split(None, 1)[0].upper()] += 1

    def _end(self, conn: Any, word: str) -> None:
        # A single statement (storage.db.single_statements) began no transaction: its end sends nothing.
        if not is_single_statement(conn.get_execution_options()):
            self.counts[word] += 1

    def per(self, n: int) -> str:
        total = sum(self.counts.values())
        parts = ", ".join(f"{k} {v / n:.1f}" for k, v in self.counts.most_common())
        return f"{total / n:.1f} ({parts})"


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary_ms(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 50) * 1000:7.1f} ms  p95 {percentile(values, 95) * 1000:7.1f} ms  "
        f"p99 {percentile(values, 99) * 1000:7.1f} ms  mean {statistics.fmean(values) * 1000:7.1f} ms  "
        f"max {max(values) * 1000:7.1f} ms  (n={len(values)})"
    )


def backend(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


@contextmanager
def profiled(path: str | None, top: int = 30) -> Iterator[None]:
    """Run the block under cProfile when `path` is given: stats saved there, top entries printed."""
    if not path:
        yield
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        profile.dump_stats(path)
        for order in ("tottime", "cumulative"):
            print(f"\n--- profile, top {top} by {order} (all stats in {path}) ---")
            pstats.Stats(profile).strip_dirs().sort_stats(order).print_stats(top)


def parser(doc: str | None) -> argparse.ArgumentParser:
    return argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
