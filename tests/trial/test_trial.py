"""`python -m bot trial` as a trainer uses it: its own process, the page over HTTP, and a real browser."""

from __future__ import annotations

import asyncio
import io
import json
import os
import shutil
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Trial:
    def __init__(self, tmp: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.tmp = tmp
        self.log: list[str] = []

    async def start(self) -> None:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "trial",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.tmp / "trial"),
            cwd=self.tmp,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        assert self.proc.stdout is not None
        async with asyncio.timeout(90):
            async for raw in self.proc.stdout:
                line = raw.decode(errors="replace").rstrip()
                self.log.append(line)
                if "SafeGrid trial: open" in line:
                    break
            else:
                raise AssertionError("the trial did not start:\n" + "\n".join(self.log))
        self._drain = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc.stdout is not None
        async for raw in self.proc.stdout:
            self.log.append(raw.decode(errors="replace").rstrip())

    async def stop(self) -> None:
        self.proc.terminate()
        await asyncio.wait_for(self.proc.wait(), 30)
        await self._drain

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return json.loads(response.read())

    def download(self, file_id: str) -> bytes:
        with urllib.request.urlopen(f"{self.base}/api/file/{file_id}", timeout=10) as response:
            return response.read()

    def post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "X-Trial": "1"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    async def messages(self, chat: int) -> list[dict]:
        return (await asyncio.to_thread(self.get, f"/api/messages?chat={chat}"))["messages"]

    async def wait_for_text(self, chat: int, part: str, timeout: float = 20) -> dict:  # noqa: ASYNC109
        async with asyncio.timeout(timeout):
            while True:
                for message in reversed(await self.messages(chat)):
                    if part in message["text"]:
                        return message
                await asyncio.sleep(0.2)


@pytest.fixture
async def trial(tmp_path):
    # A production .env in the folder the trainer starts from must not be used.
    (tmp_path / ".env").write_text(
        f"DATABASE_URL=sqlite+aiosqlite:///{tmp_path / 'prod.db'}\nREDIS_URL=redis://x:1\n"
    )
    running = Trial(tmp_path)
    await running.start()
    yield running
    await running.stop()


ADMIN, LEADER, SUPERVISOR, COORDINATOR, GROUP = 700001, 700002, 700003, 700005, -100990001


async def test_the_trial_seeds_a_county_and_fast_forwards_to_the_monthly_digest(trial):
    assert (trial.tmp / ".env").read_text()  # the hostile .env of the fixture was there all along
    chats = await asyncio.to_thread(trial.get, "/api/chats")
    assert {p["name"] for p in chats["people"]} >= {
        "王管理",
        "钱领导",
        "赵监管",
        "李网格",
        "孙整改",
        "吴群众",
    }
    greeting = await trial.wait_for_text(GROUP, "本群已绑定到 示范县")
    assert greeting["from_bot"]
    # The leader previews last month's digest from their own chat, with real numbers from the seeded year.
    await asyncio.to_thread(
        trial.post, "/api/send", {"user": LEADER, "chat": LEADER, "text": "/digest monthly"}
    )
    preview = await trial.wait_for_text(LEADER, "一月一调度｜示范县")
    assert "新发现隐患" in preview["text"] and "整改率" in preview["text"]
    # The trainer jumps to the next 1st: the scheduled digests go out to the leaders' group, once.
    result = await asyncio.to_thread(trial.post, "/api/clock", {"to": "month"})
    assert "简报" in result["report"] and result["now"].endswith("10:35")
    await trial.wait_for_text(GROUP, "一月一调度｜示范县")
    group = await trial.messages(GROUP)
    charts = [m for m in group if m.get("photo")]
    assert len(charts) >= 2
    chart = Image.open(io.BytesIO(await asyncio.to_thread(trial.download, charts[0]["photo"])))
    assert chart.width >= 1080
    assert any(m.get("document", {}).get("name", "").endswith(".xlsx") for m in group)
    assert (
        "逾期提醒" in result["report"] and int(result["report"].rsplit(" ", 2)[-2]) < 10
    )  # no backlog flood
    again = await asyncio.to_thread(trial.post, "/api/clock", {"to": "day"})
    assert again["report"].startswith("简报 0 份")  # the same month is not sent twice
    # The real database named in .env was never touched: the trial keeps to its own folder.
    assert not (trial.tmp / "prod.db").exists()


async def test_only_the_page_itself_may_drive_the_trial(trial):
    forged = urllib.request.Request(
        trial.base + "/api/send",
        data=b'{"user": 700002, "chat": 700002, "text": "/start"}',
        headers={"Content-Type": "text/plain"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        await asyncio.to_thread(urllib.request.urlopen, forged, timeout=10)
    assert refused.value.code == 403
    rebound = urllib.request.Request(trial.base + "/api/chats", headers={"Host": "evil.example:80"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        await asyncio.to_thread(urllib.request.urlopen, rebound, timeout=10)
    assert refused.value.code == 403


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 90, 40)).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: install Debian's `chromium` package to run it")
async def test_a_coordinator_reports_with_a_photo_and_the_supervisor_sees_it_in_the_browser(trial, tmp_path):
    playwright_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
    photo = tmp_path / "hazard.jpg"
    photo.write_bytes(_jpeg())
    async with playwright_api.async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = await browser.new_page()
            await page.goto(trial.base + "/")
            await page.get_by_role("button", name="李网格").click()
            await page.get_by_label("消息").fill("/report")
            await page.get_by_role("button", name="发送", exact=True).click()
            await page.get_by_role("button", name="消防", exact=True).click()
            await page.get_by_role("button", name="一般隐患").click()
            await page.locator("#keyboard").get_by_role("button", name="📍 发送当前位置").click()
            await page.get_by_role("button", name="不涉及具体单位").click()
            await page.get_by_label("消息").fill("仓库消防通道被杂物堵塞")
            await page.get_by_role("button", name="发送", exact=True).click()
            await page.get_by_text("请发送现场照片").last.wait_for()
            await page.locator("#photo").set_input_files(str(photo))
            await page.get_by_text("已收到 1 张").last.wait_for()
            await page.get_by_role("button", name="✅ 完成").last.click()
            await page.get_by_role("button", name="✅ 确认上报").click()
            await page.get_by_text("已上报，编号").wait_for()

            await page.get_by_role("button", name="赵监管").click()
            notice = page.get_by_text("仓库消防通道被杂物堵塞").last
            await notice.wait_for()
            assert await page.locator("#messages img").count() >= 1  # the photo, as Telegram would show it
            assert await page.get_by_role("button", name="🔎 查看详情").count() >= 1
        finally:
            await browser.close()
