"""The pacer keeps to Telegram's limits; the scorecard ranks by weighted measures."""

import asyncio
from dataclasses import dataclass

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


async def test_a_group_gets_twenty_a_minute_and_everyone_thirty_a_second():
    time = FakeTime()
    pacer = Pacer(clock=time.clock, sleep=time.sleep)
    for _ in range(21):
        await pacer.slot(-100)
    assert time.now == 60.0  # the 21st message into one group waits for the minute
    time.now = 1000.0
    for chat in range(1, 62):
        await pacer.slot(chat)  # private chats: only the overall limit
    assert 1002.0 <= time.now < 1003.0  # 61 messages at 30 a second span two seconds


async def test_a_waiting_group_does_not_hold_up_others():
    time = FakeTime()
    gate = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await gate.wait()
        time.now += seconds

    pacer = Pacer(clock=time.clock, sleep=sleep)
    for _ in range(20):
        await pacer.slot(-1)
    stuck = asyncio.create_task(pacer.slot(-1))
    await asyncio.sleep(0)
    await asyncio.wait_for(pacer.slot(-2), 1)  # another group goes straight through
    assert not stuck.done()
    gate.set()
    await stuck


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
