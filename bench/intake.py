"""Intake throughput: complete report conversations per second through the real Dispatcher and storage,
against the same update stream through a bare aiogram Router with MemoryStorage doing the equivalent FSM
steps (no database, no evidence, no domain). Telegram I/O is not measured: both answer from QuietSession.

    python -m bench.intake                       # SQLite file in a temporary folder
    python -m bench.intake --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/bench_intake
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # python bench/intake.py: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiogram import Dispatcher, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bench import common
from bot.app import build_dispatcher
from domain.sectors import Sector
from handlers.callbacks import ReportAct, ReportCb
from tests.support.chat import ChatDriver, Person

WARM_UP = 2


class Form(StatesGroup):
    sector = State()
    level = State()
    place = State()
    unit = State()
    description = State()
    photos = State()
    review = State()


def _kb(*buttons: tuple[str, ReportAct, str]) -> InlineKeyboardMarkup:
    pack = ReportCb.pack
    rows = [[InlineKeyboardButton(text=t, callback_data=pack(ReportCb(act=a, val=v)))] for t, a, v in buttons]
    return InlineKeyboardMarkup(inline_keyboard=rows)


SECTORS = _kb(*((s.value, ReportAct.SECTOR, s.value) for s in Sector))
LEVELS = _kb(("一般隐患", ReportAct.LEVEL, "general"), ("重大隐患", ReportAct.LEVEL, "major"))
DONE = _kb(("完成", ReportAct.PHOTOS_DONE, ""))
REVIEW = _kb(("确认上报", ReportAct.CONFIRM, ""))


def bare_router() -> Router:
    """The report conversation's FSM steps and about as many Bot API calls, and nothing else."""
    router = Router()

    async def remember(state: FSMContext, **changes: object) -> dict:
        data = await state.get_data()
        data.setdefault("draft", {}).update(changes)
        await state.set_data(data)
        return data

    async def picked(query: CallbackQuery, state: FSMContext, nxt: State, text: str, kb, **changes) -> None:
        await remember(state, **changes)
        await query.answer()
        await query.message.edit_text("已选择")  # type: ignore[union-attr]
        await state.set_state(nxt)
        await query.message.answer(text, reply_markup=kb)  # type: ignore[union-attr]

    @router.message(F.text == common.MENU_REPORT)
    async def start(message: Message, state: FSMContext) -> None:
        await state.set_state(Form.sector)
        await state.set_data({"draft": {}})
        await message.answer("属于哪个行业领域？", reply_markup=SECTORS)

    @router.callback_query(Form.sector, ReportCb.filter(F.act == ReportAct.SECTOR))
    async def sector(query: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
        await picked(query, state, Form.level, "隐患等级？", LEVELS, sector=callback_data.val)

    @router.callback_query(Form.level, ReportCb.filter(F.act == ReportAct.LEVEL))
    async def level(query: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
        await picked(query, state, Form.place, "隐患在哪里？", None, level=callback_data.val)

    @router.message(Form.place, F.location)
    async def place(message: Message, state: FSMContext) -> None:
        await remember(state, lat=message.location.latitude, lon=message.location.longitude)  # type: ignore[union-attr]
        await message.answer("📍 位置已记录。")
        await state.set_state(Form.unit)
        await message.answer("涉及哪个单位？")

    @router.message(Form.unit, F.text)
    async def unit(message: Message, state: FSMContext) -> None:
        await remember(state, unit=message.text)
        await state.set_state(Form.description)
        await message.answer("请简要描述隐患。")

    @router.message(Form.description, F.text)
    async def description(message: Message, state: FSMContext) -> None:
        await remember(state, description=message.text)
        await state.set_state(Form.photos)
        await message.answer("请发送现场照片。", reply_markup=DONE)

    @router.message(Form.photos, F.photo)
    async def photo(message: Message, state: FSMContext) -> None:
        data = await state.get_data()
        photos = [*data["draft"].get("photos", []), message.photo[-1].file_id]  # type: ignore[index]
        await remember(state, photos=photos)
        await message.answer(f"已收到 {len(photos)} 张照片。", reply_markup=DONE)

    @router.callback_query(Form.photos, ReportCb.filter(F.act == ReportAct.PHOTOS_DONE))
    async def done(query: CallbackQuery, state: FSMContext) -> None:
        await picked(query, state, Form.review, "请核对隐患信息", REVIEW)

    @router.callback_query(Form.review, ReportCb.filter(F.act == ReportAct.CONFIRM))
    async def confirm(query: CallbackQuery, state: FSMContext) -> None:
        await state.clear()
        await query.answer()
        await query.message.edit_reply_markup(reply_markup=None)  # type: ignore[union-attr]
        await query.message.answer("✅ 已上报")  # type: ignore[union-attr]

    return router


async def run(dp: Dispatcher, people: list[Person], n: int, concurrency: int) -> tuple[float, dict]:
    """`n` report conversations, `concurrency` people at a time; (seconds, Bot API calls)."""
    bot, session = common.quiet_bot()
    chat = ChatDriver(dp, bot, session)  # type: ignore[arg-type]
    for person in people[:WARM_UP]:  # first use of catalogs, statements, caches: not timed
        await common.converse(chat, person)
    session.counts.clear()
    ticket = itertools.count()

    async def worker(person: Person) -> None:
        while next(ticket) < n:
            await common.converse(chat, person)

    started = time.perf_counter()
    await asyncio.gather(*(worker(p) for p in people[:concurrency]))
    return time.perf_counter() - started, dict(session.counts)


async def real(args: argparse.Namespace, fsm_in_memory: bool = False) -> tuple[float, dict, int, str]:
    """The app's dispatcher on a fresh database; (seconds, Bot API calls, hazards saved, SQL per conv.)."""
    with tempfile.TemporaryDirectory(prefix="bench-intake-") as tmp:
        async with common.database(args.database_url) as url:
            settings = common.settings_for(Path(tmp), url, redis_url=args.redis_url)
            services = await common.open_services(settings)
            try:
                county = await common.make_county(services, max(args.concurrency, WARM_UP))
                storage = MemoryStorage() if fsm_in_memory else None
                dp = build_dispatcher(services, storage=storage, with_scheduler=False)
                before = await common.count_hazards(services)
                sql = common.SqlCounter(services.engine, services.fsm_engine)
                with common.profiled(None if fsm_in_memory else args.profile):
                    seconds, calls = await run(dp, county.coordinators, args.conversations, args.concurrency)
                saved = await common.count_hazards(services) - before - WARM_UP
            finally:
                await services.dispose()
    return seconds, calls, saved, sql.per(args.conversations + WARM_UP)


async def bare(args: argparse.Namespace) -> tuple[float, dict]:
    dp = Dispatcher(storage=MemoryStorage(), events_isolation=SimpleEventIsolation())
    dp.include_router(bare_router())
    people = [Person(6_000_000 + i, f"网格员{i}") for i in range(max(args.concurrency, WARM_UP))]
    return await run(dp, people, args.conversations, args.concurrency)


def per_conversation(calls: dict, n: int) -> str:
    return ", ".join(f"{name} {count / n:.1f}" for name, count in sorted(calls.items()))


async def main() -> None:
    parser = common.parser(__doc__)
    parser.add_argument("--conversations", type=int, default=100, help="timed conversations (default 100)")
    parser.add_argument("--concurrency", type=int, default=8, help="people reporting at once (default 8)")
    parser.add_argument("--database-url", default="", help="postgresql+asyncpg://.../DB (made, dropped)")
    parser.add_argument("--redis-url", default="", help="REDIS_URL for conversation state")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the real run, save stats to FILE")
    parser.add_argument(
        "--no-diagnose", dest="diagnose", action="store_false", help="skip the run with FSM state in memory"
    )
    args = parser.parse_args()
    n, steps = args.conversations, common.STEPS_PER_CONVERSATION
    print(f"intake: {n} report conversations ({steps} updates each), {args.concurrency} at a time")
    print(f"machine: {common.load_note()}")
    real_s, real_calls, saved, sql = await real(args)
    where = common.backend(args.database_url) + (" + redis" if args.redis_url else "")
    line = "{:<34} {:7.2f} s {:8.1f} conversations/s {:8.1f} updates/s"
    print(line.format(f"real dispatcher ({where}):", real_s, n / real_s, n * steps / real_s))
    if args.diagnose:
        mem_s, *_, mem_sql = await real(args, fsm_in_memory=True)
        print(line.format("  same, FSM state in memory:", mem_s, n / mem_s, n * steps / mem_s))
    bare_s, bare_calls = await bare(args)
    print(line.format("bare router (MemoryStorage):", bare_s, n / bare_s, n * steps / bare_s))
    print(f"ratio real/bare: {bare_s / real_s:.3f}x  (target >= 0.5x)")
    if args.diagnose:
        print(f"  with FSM state in memory: {bare_s / mem_s:.3f}x")
    print(f"SQL statements per conversation: {sql}")
    if args.diagnose:
        print(f"  with FSM state in memory: {mem_sql}")
    print(f"Bot API calls per conversation, real: {per_conversation(real_calls, n)}")
    print(f"Bot API calls per conversation, bare: {per_conversation(bare_calls, n)}")
    if saved != n:
        print(f"WARNING: {saved} hazards saved for {n} conversations")


if __name__ == "__main__":
    asyncio.run(main())
