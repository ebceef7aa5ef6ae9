"""Shared fixtures: settings on a temporary data dir, a migrated database, the real dispatcher."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher

from bot.app import Services, build_dispatcher, build_services
from bot.settings import Settings
from domain.clock import FrozenClock
from domain.permissions import Actor
from storage.migrate import upgrade
from tests.support.chat import ChatDriver, Person
from tests.support.recording import RecordingSession

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
ADMIN = Person(1001, "王管理", "wang_admin")
START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "bot_token": TOKEN,
        "data_dir": tmp_path,
        "admin_ids": [ADMIN.id],
        "secret_key": "test-secret-key-not-for-production",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
async def services(settings: Settings, clock: FrozenClock) -> AsyncIterator[Services]:
    services = build_services(settings, clock=clock)
    await upgrade(services.engine)
    yield services
    await services.dispose()


@pytest.fixture
async def session(services: Services):
    async with services.session_pool() as session:
        yield session


@pytest.fixture
def admin_actor() -> Actor:
    return Actor(user_id=ADMIN.id, is_global_admin=True, registered=True)


@pytest.fixture
async def recording() -> RecordingSession:
    return RecordingSession()


@pytest.fixture
async def dispatcher(services: Services) -> Dispatcher:
    return build_dispatcher(services, with_scheduler=False)


@pytest.fixture
async def chat(dispatcher: Dispatcher, recording: RecordingSession) -> AsyncIterator[ChatDriver]:
    bot = Bot(TOKEN, session=recording)
    yield ChatDriver(dispatcher, bot, recording)
