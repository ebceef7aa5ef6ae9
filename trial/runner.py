"""`python -m bot trial`: the real bot against the built-in Bot API stand-in, a demo county, a chat page.

No token, no internet: the stand-in (fake_bot_api) speaks the Bot API on localhost, the bot polls it like
Telegram, and the page lets a trainer be every demo person at once.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from bot.settings import Settings
from fake_bot_api import FakeBotAPI
from trial import page
from trial.clock import OffsetClock
from trial.seed import ADMIN, GROUP, LEADER_ID, PEOPLE, seed

log = logging.getLogger("trial")
TOKEN = "700000000:TRIAL-safegrid-offline-token-0000"
MARKER = ".safegrid-trial"


def _fresh(data_dir: Path) -> None:
    """Every trial starts from the same demo county. Only a folder a trial made is ever emptied."""
    if data_dir.exists() and any(data_dir.iterdir()):
        if not (data_dir / MARKER).exists():
            raise SystemExit(f"safegrid: {data_dir} holds other data; choose an empty folder with --data-dir")
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / MARKER).write_text("made by `python -m bot trial`; emptied at its next start\n")


async def run_trial(host: str, port: int, data_dir: Path, ready: object = None) -> int:
    from bot.app import build_bot, build_dispatcher, build_services
    from jobs import digest_run, overdue
    from jobs.runtime import current
    from storage.migrate import upgrade

    clock = OffsetClock()
    api = FakeBotAPI(TOKEN, bot_username="safegrid_trial_bot")
    for person in PEOPLE:
        # The public has not talked to the bot yet; staff have (they joined by invite).
        api.add_user(person.id, person.name, username=person.username, started=person.role is not None)
    api.add_group(GROUP[0], GROUP[1])
    holder: dict[str, object] = {}

    async def advance(what: str) -> str:
        settings = holder["settings"]
        clock.advance(what, settings.tz)  # type: ignore[attr-defined]
        runtime = current()
        sent = await digest_run.run_tick(runtime)
        reminded = await overdue.run_ladder(runtime)
        return f"简报 {sent} 份，逾期提醒 {reminded} 条"

    def now() -> str:
        settings = holder.get("settings")
        tz = settings.tz if settings else None  # type: ignore[attr-defined]
        return clock.now().astimezone(tz).strftime("%Y-%m-%d %H:%M")

    try:
        base = await api.start(
            host, port, setup_app=lambda app: page.setup(app, api, page.Controls(advance, now), host, port)
        )
    except OSError as exc:
        raise SystemExit(f"safegrid: trial cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    # Only once the port is ours (so no second trial is running on this folder) is the folder emptied.
    _fresh(data_dir)
    # Nothing from .env or the environment: a trial must never reach a real database, Redis or Bot API.
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=TOKEN,
        telegram_api_base=base,
        telegram_api_local=False,
        data_dir=data_dir,
        database_url="",
        redis_url="",
        webhook_url="",
        admin_ids=[ADMIN.id],
        secret_key="trial-only-not-a-secret",
    )
    holder["settings"] = settings
    services = build_services(settings, clock=clock)
    bot = build_bot(settings)
    try:
        await upgrade(services.engine)
        async with services.session_pool() as session:
            await seed(session, clock.now(), settings)
        # The leader owns the leaders' group; the administrator added the bot and bound it (in the seed).
        api.set_chat_admins(GROUP[0], [ADMIN.id], owner_id=LEADER_ID)
        api.add_bot_to_group(GROUP[0], ADMIN.id)
        dp = build_dispatcher(services)
        log.info("trial ready: open %s/ in a browser (Ctrl+C to stop)", base)
        print(f"SafeGrid trial: open {base}/ in a browser (Ctrl+C to stop)", flush=True)
        await dp.start_polling(bot, allowed_updates=dp.resolve_used_update_types(), close_bot_session=False)
    finally:
        await bot.session.close()
        await services.dispose()
        await api.stop()
    return 0
