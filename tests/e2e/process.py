"""Run `python -m bot` as its own process, as an operator would, pointed at the local fake Bot API."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parents[2]


class BotProcess:
    def __init__(self, api_base: str, data_dir: Path, token: str, admin_ids: str, **env: str) -> None:
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(ROOT),
            "BOT_TOKEN": token,
            "TELEGRAM_API_BASE": api_base,
            "DATA_DIR": str(data_dir),
            "ADMIN_IDS": admin_ids,
            "SECRET_KEY": "e2e-secret",
            **env,
        }
        self.cwd = data_dir
        self.proc: asyncio.subprocess.Process | None = None
        self.log: list[str] = []
        self._reader: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def start(self, timeout: float = 60.0) -> None:  # noqa: ASYNC109
        self._ready.clear()
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=self.cwd,
            env=self.env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        self._reader = asyncio.create_task(self._read())
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            raise AssertionError("the bot did not log 'ready':\n" + "\n".join(self.log)) from None

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        async for raw in self.proc.stderr:
            line = raw.decode(errors="replace").rstrip()
            self.log.append(line)
            if "ready: @" in line:  # a text or a JSON log line
                self._ready.set()

    async def stop(self, sig: int = signal.SIGTERM) -> float:
        """Signal the bot and return how long it took to exit (it must exit with 0)."""
        assert self.proc is not None
        began = time.monotonic()
        self.proc.send_signal(sig)
        code = await asyncio.wait_for(self.proc.wait(), 30)
        elapsed = time.monotonic() - began
        if self._reader:
            await self._reader
        assert code == 0, f"exit code {code}:\n" + "\n".join(self.log[-30:])
        return elapsed

    async def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()
        if self._reader:
            await self._reader
