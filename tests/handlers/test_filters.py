"""Filters run in the event loop: aiogram would send a plain one to a worker thread for each check."""

import asyncio

import pytest
from aiogram import F
from aiogram.types import Chat, Message

from handlers import build_root_router
from handlers.filters import Inline, thread_bound_filters
from handlers.states import ReportForm
from tests.handlers.conftest import COORDINATOR
from tests.support.chat import texts


def message(text: str | None, chat_type: str = "private") -> Message:
    return Message(message_id=1, date=0, chat=Chat(id=1, type=chat_type), text=text)


def test_no_filter_of_the_assembled_tree_runs_in_a_thread():
    assert thread_bound_filters(build_root_router()) == []


async def test_a_wrapped_magic_filter_still_filters():
    private_text = Inline(F.chat.type == "private")
    assert await private_text(message("hi"))
    assert not await private_text(message("hi", "group"))
    not_command = Inline(~F.text.startswith("/"))
    assert await not_command(message("hi"))
    assert not await not_command(message("/start"))


async def test_a_magic_filter_hands_back_what_it_resolved():
    assert await Inline(F.text)(message("配电箱")) == "配电箱"
    assert not await Inline(F.text)(message(None))
    assert await Inline(F.text.as_("words"))(message("配电箱")) == {"words": "配电箱"}


async def test_a_wrapped_state_gets_the_raw_state_by_name():
    waiting = Inline(ReportForm.waiting_for_place)
    assert await waiting(message("x"), raw_state=ReportForm.waiting_for_place.state, other="ignored")
    assert not await waiting(message("x"), raw_state=ReportForm.reviewing.state)
    assert not await waiting(message("x"))


async def test_a_wrapped_predicate_gets_only_the_arguments_it_names():
    def short(event: Message, limit: int) -> bool:
        return len(event.text or "") <= limit

    assert await Inline(short)(message("abc"), limit=3, session=object())
    assert not await Inline(short)(message("abcd"), limit=3, session=object())


@pytest.mark.usefixtures("field")
async def test_a_report_step_is_routed_without_a_thread(chat, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("a filter or handler was sent to a worker thread")

    monkeypatch.setattr(asyncio, "to_thread", refuse)
    calls = await chat.send(COORDINATOR, "📝 上报隐患")
    assert "行业领域" in texts(calls)
    # The sector question takes no location: the state filters still tell the steps apart.
    assert "收到了位置。请点按钮选择行业领域。" in texts(await chat.send_location(COORDINATOR, 30.0, 119.0))
