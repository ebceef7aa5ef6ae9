"""The pacer keeps to Telegram's limits; the scorecard ranks by weighted measures."""

import asyncio
import bisect
import heapq
import itertools
import random
from collections.abc import Awaitable
from dataclasses import dataclass

import pytest

from domain.scorecard import scorecard
from domain.statistics import AreaFigures
from jobs.pacing import Pacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def send(pacer: Pacer, chat_id: int) -> None:
    async with pacer.sending(chat_id):
        pass  # answered at once


async def test_a_group_gets_its_limit_a_minute_and_everyone_thirty_a_second():
    time = FakeTime()
    pacer = Pacer(per_group_minute=19, clock=time.clock, sleep=time.sleep)
    for _ in range(20):
        await send(pacer, -100)
    assert time.now == 60.0  # the 20th message into one group waits for the minute
    time.now = 1000.0
    for chat in range(1, 62):
        await send(pacer, chat)  # private chats: only the overall limit
    assert 1002.0 <= time.now < 1003.0  # 61 messages at 30 a second span two seconds


async def test_a_waiting_group_does_not_hold_up_others():
    time = FakeTime()
    gate = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await gate.wait()
        time.now += seconds

    pacer = Pacer(per_group_minute=20, clock=time.clock, sleep=sleep)
    for _ in range(20):
        await send(pacer, -1)
    stuck = asyncio.create_task(send(pacer, -1))
    await asyncio.sleep(0)
    await asyncio.wait_for(send(pacer, -2), 1)  # another group goes straight through
    assert not stuck.done()
    gate.set()
    await stuck


async def test_a_message_keeps_its_place_until_a_second_after_its_answer():
    time = FakeTime()
    pacer = Pacer(per_second=1, clock=time.clock, sleep=time.sleep)
    answer = asyncio.Event()

    async def slow_upload() -> None:
        async with pacer.sending(1):
            await answer.wait()
            time.now = 5.0  # its answer comes back at 5 s: it may have arrived just before

    upload = asyncio.create_task(slow_upload())
    await asyncio.sleep(0)
    text = asyncio.create_task(send(pacer, 2))
    for _ in range(5):
        await asyncio.sleep(0)
    assert not text.done() and time.now == 0.0  # a second since it left is not enough
    answer.set()
    await upload
    await text
    assert time.now == 6.0  # a second after the upload's answer


async def test_a_failed_send_gives_its_place_back():
    time = FakeTime()
    pacer = Pacer(per_second=1, clock=time.clock, sleep=time.sleep)
    with pytest.raises(RuntimeError):
        async with pacer.sending(-5):
            raise RuntimeError("network gone")
    await send(pacer, -5)
    assert time.now == 1.0  # counted (it may have arrived), then free again
    assert (pacer.overall.in_flight, pacer.groups[-5].in_flight) == (0, 0)


async def test_more_at_once_than_a_limit_is_refused_rather_than_waited_for_forever():
    pacer = Pacer(per_second=30, per_group_minute=19)
    with pytest.raises(ValueError):
        async with pacer.sending(-5, messages=20):
            pass
    async with pacer.sending(-5, messages=10):  # an album
        pass
    assert len(pacer.groups[-5].answered) == 10


async def test_albums_waiting_together_each_take_all_their_places_at_once():
    """Three albums queue behind a full window. Taking places one by one, they would share the window out
    between them (A, B, C, A, B, C), each short of its last place, and wait for each other for ever."""
    time = FakeTime()
    pacer = Pacer(per_second=6, clock=time.clock, sleep=time.sleep)
    release = asyncio.Event()

    async def held(chat_id: int) -> None:
        async with pacer.sending(chat_id):
            await release.wait()

    async def album(chat_id: int) -> int:
        async with pacer.sending(chat_id, messages=3):
            return chat_id

    singles = [asyncio.create_task(held(chat)) for chat in range(1, 7)]
    await asyncio.sleep(0)
    albums = [asyncio.create_task(album(chat)) for chat in (101, 102, 103)]
    await asyncio.sleep(0)
    release.set()
    await asyncio.gather(*singles)
    assert await asyncio.wait_for(asyncio.gather(*albums), 1) == [101, 102, 103]
    assert (pacer.overall.in_flight, len(pacer.overall.answered)) == (0, 3)  # the last album's, within 1 s


class VirtualTime:
    """A clock that jumps to the next wake-up once the tasks have had their turn: many tasks sleeping and
    sending at once, in no real time. A task that runs late only looks like a slower one to the pacer."""

    def __init__(self) -> None:
        self.now = 0.0
        self.timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self.order = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        woken = asyncio.get_running_loop().create_future()
        heapq.heappush(self.timers, (self.now + seconds, next(self.order), woken))
        await woken

    async def run(self, *coroutines: Awaitable[None]) -> None:
        tasks = [asyncio.ensure_future(c) for c in coroutines]
        while not all(t.done() for t in tasks):
            for _ in range(20):
                await asyncio.sleep(0)
            if self.timers:
                when, _, woken = heapq.heappop(self.timers)
                self.now = max(self.now, when)
                woken.set_result(None)
        await asyncio.gather(*tasks)


def most_within(arrivals: list[float], seconds: float) -> int:
    """The most arrivals in any window of `seconds`, counted the way Telegram (and the fake) counts."""
    arrivals = sorted(arrivals)
    within = (bisect.bisect_right(arrivals, a) - bisect.bisect_right(arrivals, a - seconds) for a in arrivals)
    return max(within)


@pytest.mark.parametrize("seed", range(5))
async def test_counted_at_arrival_the_limits_always_hold(seed):
    """Uploads that take long to arrive, texts that arrive at once, answers that come back late, many
    groups and private chats sending side by side: at no point do more arrive than the limits allow."""
    time, rng = VirtualTime(), random.Random(seed)
    pacer = Pacer(per_second=5, per_group_minute=4, clock=time.clock, sleep=time.sleep)
    arrivals: dict[int, list[float]] = {}

    async def one(chat_id: int) -> None:
        async with pacer.sending(chat_id):
            await time.sleep(rng.choice([0.0, 0.01, 0.3, 0.9, 1.5]))  # on the way
            arrivals.setdefault(chat_id, []).append(time.now)
            # The answer on its way back (never instant: a tie with a window's edge is down to rounding).
            await time.sleep(rng.choice([0.001, 0.05, 0.4]))

    async def chat(chat_id: int, messages: int) -> None:
        for _ in range(messages):
            await one(chat_id)

    chats = [-1, -2, -3, -4, -5, -6, 7, 8, 9]
    await time.run(*(chat(chat_id, 9) for chat_id in chats))
    assert sorted(arrivals) == sorted(chats) and all(len(a) == 9 for a in arrivals.values())
    assert most_within([a for chat in arrivals.values() for a in chat], 1.0) <= 5
    assert max(most_within(arrivals[g], 60.0) for g in chats if g < 0) <= 4
    assert most_within([a for chat in arrivals.values() for a in chat], 1.0) == 5  # and it does use them


@dataclass
class Area:
    id: int
    name: str


def row(name: str, **values: int) -> AreaFigures:
    figures = AreaFigures(Area(len(name), name))  # type: ignore[arg-type]
    for key, value in values.items():
        setattr(figures, key, value)
    return figures


def test_scorecard_weighs_measures_and_shares_ranks():
    good = row(
        "甲镇",
        new=10,
        closed=10,
        new_closed=10,
        closed_with_deadline=10,
        closed_on_time=10,
        days_to_close_total=30,
        tips_received=2,
        tips_handled=2,
    )
    late = row(
        "乙镇",
        new=10,
        closed=10,
        new_closed=10,
        closed_with_deadline=10,
        closed_on_time=5,
        days_to_close_total=60,
        overdue=4,
        tips_received=2,
        tips_handled=1,
    )
    twin = row(
        "丙镇",
        new=10,
        closed=10,
        new_closed=10,
        closed_with_deadline=10,
        closed_on_time=10,
        days_to_close_total=30,
        tips_received=2,
        tips_handled=2,
    )
    ranked = scorecard(
        [late, good, twin],
        {"closure": 30, "on_time": 25, "overdue": 20, "speed": 10, "reports": 5, "tips": 10},
    )
    assert [(s.figures.area.name, s.rank, s.score) for s in ranked] == [
        ("丙镇", 1, 100.0),
        ("甲镇", 1, 100.0),
        ("乙镇", 3, 57.5),  # 30 + 25·0.5 + 20·0 + 10·(3/6) + 5 + 10·0.5
    ]
    only_closure = scorecard([late, good], {"closure": 1})
    assert [s.score for s in only_closure] == [100.0, 100.0]
