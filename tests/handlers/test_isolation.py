"""Updates from one person are handled one at a time, so FSM read-modify-write cannot lose changes."""

import asyncio

import pytest
from aiogram import Bot
from aiogram.fsm.storage.memory import DisabledEventIsolation

from bot.app import build_dispatcher
from tests.conftest import TOKEN
from tests.support.chat import ChatDriver, Person
from tests.support.recording import RecordingSession

ALICE = Person(2001, "李网格")


async def count_concurrent_bumps(services, **options) -> int:
    dp = build_dispatcher(services, with_scheduler=False, **options)

    async def bump(handler, event, data):
        # A deliberately slow read-modify-write of the person's conversation data.
        state = data["state"]
        current = (await state.get_data()).get("n", 0)
        await asyncio.sleep(0.01)
        await state.update_data(n=current + 1)
        return await handler(event, data)

    dp.update.outer_middleware(bump)
    session = RecordingSession()
    chat = ChatDriver(dp, Bot(TOKEN, session=session), session)
    await asyncio.gather(*(chat.send(ALICE, "hello") for _ in range(10)))
    return (await dp.storage.get_data(dp.fsm.get_context(chat.bot, ALICE.id, ALICE.id).key)).get("n", 0)


async def test_one_person_one_update_at_a_time(services):
    assert await count_concurrent_bumps(services) == 10


async def test_the_check_above_can_fail(services):
    # Without the isolation the same race loses updates: this is what the first test guards against.
    lost = await count_concurrent_bumps(services, events_isolation=DisabledEventIsolation())
    if lost == 10:
        pytest.fail("the race did not show without isolation; the isolation test proves nothing")
