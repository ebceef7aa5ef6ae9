"""Operations: an online backup that restores, the start-up check, JSON log lines."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sqlite3
import sys
from pathlib import Path

from bot.backup import run_backup
from bot.logging_setup import JsonLines, UpdateContext
from domain import areas as area_rules
from fake_bot_api import FakeBotAPI
from storage import migrations
from storage.migrate import upgrade
from tests.conftest import ADMIN, TOKEN, make_settings

ROOT = Path(__file__).parents[2]


async def test_a_backup_taken_while_writing_restores_to_a_working_database(
    services, settings, session, admin_actor, clock, tmp_path, capsys
):
    await area_rules.create_area(
        session, admin_actor, name="安吉县", code="3305", parent_id=None, now=clock.now()
    )
    # A writer holds an open transaction with more in it while the backup runs: the copy is consistent.
    async with services.engine.connect() as busy:
        await busy.exec_driver_sql("UPDATE areas SET name = '未提交的名字'")  # begins, holds the write lock
        target = tmp_path / "backups" / "safegrid-backup.db"
        assert await asyncio.to_thread(run_backup, settings, target) == 0
        await busy.rollback()
    assert "backed up" in capsys.readouterr().out
    assert not target.with_name(target.name + "-wal").exists()
    assert await asyncio.to_thread(run_backup, settings, target) == 2  # never over an existing file

    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    (restored_dir / "safegrid.db").write_bytes(target.read_bytes())  # the documented restore: copy it in
    from bot.app import build_services

    restored = build_services(make_settings(restored_dir))
    await upgrade(restored.engine)  # a start on the restored file
    async with restored.engine.connect() as conn:
        names = (await conn.exec_driver_sql("SELECT name, code FROM areas")).all()
    await restored.dispose()
    assert [tuple(row) for row in names] == [("安吉县", "3305")]
    assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_backup_on_postgresql_prints_the_pg_dump_line(tmp_path, capsys):
    settings = make_settings(tmp_path, database_url="postgresql+asyncpg://sg:pw@db.internal:5432/safegrid")
    assert run_backup(settings, tmp_path / "sg.dump") == 0
    out = capsys.readouterr().out
    assert (
        f"pg_dump --format=custom --file={tmp_path / 'sg.dump'} 'postgresql://sg:pw@db.internal:5432/safegrid'"
        in out
    )


async def _check(tmp_path: Path, api_base: str) -> tuple[int, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": api_base,
        "DATA_DIR": str(tmp_path),
        "ADMIN_IDS": str(ADMIN.id),
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--check",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode or 0, out.decode()


async def test_check_reports_each_part_and_exits(tmp_path):
    async with FakeBotAPI(TOKEN, bot_username="safegrid_bot") as api:
        code, out = await _check(tmp_path, api.base_url or "")
        assert code == 0, out
        # A fresh database has every migration ahead of it.
        scripts = len(list((Path(migrations.__file__).parent / "versions").glob("0*.py")))
        assert scripts >= 6
        assert f"check passed: database ok ({scripts} migrations to apply at start), redis not used" in out
        assert "Bot API ok (@safegrid_bot), polling" in out
        assert api.calls_to("getUpdates") == [] and api.calls_to("setWebhook") == []  # it only looked
    code, out = await _check(tmp_path, "http://127.0.0.1:9")  # nobody listens there
    assert code == 2 and "setting TELEGRAM_API_BASE cannot be reached" in out


def test_json_log_lines_carry_the_update_and_role_only():
    from bot import log_context

    record = logging.LogRecord("bot.x", logging.INFO, __file__, 1, "did %s", ("it",), None)
    log_context.update_id.set(42)
    log_context.role.set("supervisor")
    UpdateContext().filter(record)
    line = json.loads(JsonLines().format(record))
    assert line["message"] == "did it" and line["update_id"] == 42 and line["role"] == "supervisor"
    assert set(line) == {"time", "level", "logger", "message", "update_id", "role"}
