"""The command-line import and migrations, and the persistent scheduler."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.cli_import import run_import
from domain import areas as area_rules
from jobs.scheduler import build_scheduler
from storage import areas as area_store
from storage.db import create_engine
from storage.migrate import pending


async def test_cli_import_reports_lines_then_imports(
    services, settings, admin_actor, clock, tmp_path, capsys
):
    async with services.session_pool() as session:
        await area_rules.create_area(
            session, admin_actor, name="安吉县", code="3305", parent_id=None, now=clock.now()
        )
    bad = tmp_path / "bad.csv"
    bad.write_text("乡镇,村社区\n递铺街道,古城村\n递铺街道,古城村\n", encoding="utf-8")
    assert await run_import(settings, bad, "3305") == 1
    out = capsys.readouterr()
    assert "第 3 行：与第 2 行重复" in out.out
    assert "没有导入任何区域" in out.err

    good = tmp_path / "good.csv"
    good.write_text("乡镇,村社区\n递铺街道,古城村\n递铺街道,鹤鹿溪村\n", encoding="utf-8")
    assert await run_import(settings, good, "3305") == 0
    assert "新建 3 个区域" in capsys.readouterr().out
    async with services.session_pool() as session:
        assert await area_store.count(session) == 4
    assert await run_import(settings, good, "nope") == 1
    assert "没有找到这个区域" in capsys.readouterr().err


def remember() -> None:
    """A job target; the store keeps a reference to it by name."""


async def test_jobs_survive_a_scheduler_restart(settings):
    first = build_scheduler(settings)
    first.start(paused=True)
    first.add_job(remember, "date", run_date=datetime.now(UTC) + timedelta(days=1), id="reminder-1")
    first.shutdown(wait=False)

    second = build_scheduler(settings)
    second.start(paused=True)
    job = second.get_job("reminder-1")
    second.shutdown(wait=False)
    assert job is not None and job.func is remember
    # A run missed during downtime still happens within the grace, once.
    assert job.misfire_grace_time == 12 * 3600 and job.coalesce


def run_cli(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": os.environ["PATH"], "DATA_DIR": str(tmp_path / "data"), **env}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,  # no .env there
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_migrate_command_brings_the_database_to_the_newest_schema(tmp_path):
    done = run_cli("migrate", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'data' / 'safegrid.db'}")
    assert await pending(engine) == 0
    await engine.dispose()
    assert run_cli("migrate", tmp_path=tmp_path).returncode == 0  # nothing to do, nothing broken


def test_the_bot_migrates_in_a_subprocess_and_stops_with_its_one_line(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    url = f"sqlite+aiosqlite:///{tmp_path / 'file' / 'x.db'}"
    done = run_cli(
        tmp_path=tmp_path, BOT_TOKEN="123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0", DATABASE_URL=url
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("safegrid:")]
    assert done.returncode == 2, done.stderr[-2000:]
    assert lines == ["safegrid: setting DATABASE_URL cannot be opened: FileExistsError"]
    assert "Traceback" not in done.stderr
