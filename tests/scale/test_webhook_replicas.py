"""Two bot processes in webhook mode on one PostgreSQL and Redis, behind a round-robin load balancer, with
the fake Bot API posting updates as Telegram does: a conversation whose steps land on both replicas works,
nothing is lost or doubled, the secret header is checked, /healthz reports the database and Redis."""

from __future__ import annotations

import itertools
import json
import secrets
import socket
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from fake_bot_api import FakeBotAPI
from tests.conftest import TOKEN, make_settings
from tests.e2e.process import BotProcess
from tests.e2e.test_bot_process import ADMIN, contains, create_county, say
from tests.scale.conftest import REDIS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RoundRobin:
    """The load balancer in front of the replicas: each request to the next one."""

    def __init__(self, targets: list[str]) -> None:
        self.targets = itertools.cycle(targets)
        self.sent: list[str] = []

    async def forward(self, request: web.Request) -> web.Response:
        target = next(self.targets)
        self.sent.append(target)
        async with (
            aiohttp.ClientSession() as http,
            http.request(
                request.method, target + request.path_qs, data=await request.read(), headers=request.headers
            ) as reply,
        ):
            return web.Response(status=reply.status, body=await reply.read())


@pytest.fixture
async def api():
    fake = FakeBotAPI(TOKEN, bot_username="safegrid_bot")
    await fake.start()
    fake.add_user(ADMIN, "王管理", username="wang_admin", started=True)
    yield fake
    await fake.stop()


async def test_two_replicas_behind_a_webhook(api, tmp_path, pg_url):
    ports = [_free_port(), _free_port()]
    balancer = RoundRobin([f"http://127.0.0.1:{port}" for port in ports])
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", balancer.forward)
    runner = web.AppRunner(app)
    await runner.setup()
    lb_port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", lb_port).start()
    shared = {
        "DATABASE_URL": pg_url,
        "REDIS_URL": REDIS,
        "WEBHOOK_URL": f"http://127.0.0.1:{lb_port}",
        "LOG_FORMAT": "json",
    }
    secret_key = secrets.token_hex(16)
    replicas = [
        BotProcess(
            api.base_url,
            tmp_path / f"r{i}",
            TOKEN,
            admin_ids=str(ADMIN),
            SECRET_KEY=secret_key,
            WEBHOOK_LISTEN=f"127.0.0.1:{port}",
            **shared,
        )
        for i, port in enumerate(ports)
    ]
    for replica in replicas:
        (tmp_path / replica.cwd.name).mkdir(exist_ok=True)
        await replica.start()
    try:
        assert api.webhook["url"] == f"http://127.0.0.1:{lb_port}/telegram"
        # A conversation of several steps: with round robin its updates alternate between the replicas,
        # so its state can only be in the shared Redis.
        village = await create_county(api)
        assert "安吉县" in village["plain_text"]
        panel = await say(api, ADMIN, "/me", contains("系统管理员"))
        assert panel
        assert {target.rsplit(":", 1)[1] for target in balancer.sent} == {str(p) for p in ports}
        statuses = [status for _, status in api.webhook_deliveries]
        assert statuses and all(status == 200 for status in statuses)  # none refused, none retried
        delivered = [update_id for update_id, _ in api.webhook_deliveries]
        assert len(delivered) == len(set(delivered))
        # Every message the admin sent got exactly its answers: nothing lost, nothing answered twice.
        bot_texts = [m["plain_text"] for m in api.messages(ADMIN) if m["from"]["id"] == api.bot_id]
        assert sum("已新建区域" in text for text in bot_texts) == 1

        async with aiohttp.ClientSession() as http:
            for port in ports:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as reply:
                    assert reply.status == 200
                    assert await reply.json() == {"database": "ok", "redis": "ok"}
            update = {
                "update_id": 777001,
                "message": {
                    "message_id": 9,
                    "date": 0,
                    "text": "/help",
                    "chat": {"id": ADMIN, "type": "private"},
                    "from": {"id": ADMIN, "is_bot": False, "first_name": "王管理"},
                    "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
                },
            }
            async with http.post(
                f"http://127.0.0.1:{ports[0]}/telegram",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
            ) as reply:
                assert reply.status == 401
            secret = _webhook_secret(secret_key)
            before = len(api.calls_to("sendMessage"))
            for port in ports:  # Telegram's retry reaching the other replica
                async with http.post(
                    f"http://127.0.0.1:{port}/telegram",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": secret},
                ) as reply:
                    assert reply.status == 200
            await api.wait_for_message(ADMIN, contains("可用功能"), timeout=10)
            await api.wait_idle()
            assert len(api.calls_to("sendMessage")) - before == 1
    finally:
        for replica in replicas:
            await replica.stop()
        await runner.cleanup()
    # The logs are JSON lines; those written while an update was handled name it and the acting role only.
    lines = [json.loads(line) for replica in replicas for line in replica.log if line.startswith("{")]
    assert len(lines) == sum(len(replica.log) for replica in replicas)
    assert any(line.get("update_id") and line.get("role") == "admin" for line in lines)
    assert not any(str(ADMIN) in json.dumps(line) for line in lines)


def _webhook_secret(secret_key: str) -> str:
    return make_settings(Path("/nonexistent"), secret_key=secret_key).resolve_webhook_secret()
