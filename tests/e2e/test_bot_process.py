"""The real bot process against the project's fake Bot API, over HTTP, as Telegram users would see it."""

import signal
import sqlite3

import pytest

from fake_bot_api import FakeBotAPI
from tests.conftest import TOKEN
from tests.e2e.process import BotProcess

ADMIN, ALICE = 1001, 2001
GROUP = -1001234567


@pytest.fixture
async def api():
    fake = FakeBotAPI(TOKEN, bot_username="safegrid_bot")
    await fake.start()
    fake.add_user(ADMIN, "王管理", username="wang_admin", started=True)
    fake.add_user(ALICE, "李网格", username="li_grid")
    yield fake
    await fake.stop()
    assert fake.internal_errors == []


@pytest.fixture
async def bot(api, tmp_path):
    process = BotProcess(api.base_url, tmp_path, TOKEN, admin_ids=str(ADMIN))
    await process.start()
    yield process
    await process.kill()


async def say(api, user, text, predicate=None, chat_id=None):
    await api.wait_idle()  # a person reads the bot's last answer before typing the next thing
    api.send_message(user, text, chat_id=chat_id)
    return await api.wait_for_message(chat_id or user, predicate, timeout=10)


async def tap(api, user, message, text, chat_id=None):
    await api.wait_idle()
    api.press_button(user, message, text)
    return await api.wait_for_message(chat_id or user, timeout=10)


def contains(part):
    return lambda message: part in message["plain_text"]


async def create_county(api, name="安吉县", code="3305"):
    panel = await say(api, ADMIN, "/areas")
    ask = await tap(api, ADMIN, panel, "➕ 新建县级区域")
    assert "名称" in ask["plain_text"]
    assert "代码" in (await say(api, ADMIN, name))["plain_text"]
    api.send_message(ADMIN, code)
    await api.wait_for_message(ADMIN, contains("已新建区域"), timeout=10)
    return await api.wait_for_message(ADMIN, contains("下级区域"), timeout=10)


async def test_admin_builds_area_invites_and_member_sees_role(api, bot):
    assert "安全网格" in (await say(api, ALICE, "/start"))["plain_text"]
    county = await create_county(api)
    village_ask = await tap(api, ADMIN, county, "➕ 新建下级")
    assert "安吉县" in village_ask["plain_text"]
    suggestion = await say(api, ADMIN, "古城村")
    api.press_button(ADMIN, suggestion, "使用 330501")
    village = await api.wait_for_message(ADMIN, contains("下级区域"), timeout=10)
    assert "安吉县 › 古城村" in village["plain_text"]

    roles = await tap(api, ADMIN, village, "🔗 邀请")
    uses = await tap(api, ADMIN, roles, "网格员")
    ttl = await tap(api, ADMIN, uses, "仅一次")
    created = await tap(api, ADMIN, ttl, "7 天")
    link = next(line for line in created["plain_text"].splitlines() if line.startswith("https://t.me/"))
    assert link.startswith("https://t.me/safegrid_bot?start=inv_")

    welcome = await say(api, ALICE, "/start " + link.split("start=")[1])
    assert "您已作为网格员加入 安吉县 › 古城村" in welcome["plain_text"]
    me = await say(api, ALICE, "/me", contains("网格员"))
    assert "网格员 — 安吉县 › 古城村" in me["plain_text"]
    # The new member's own command menu was set, in both languages.
    menu = api.commands({"type": "chat", "chat_id": ALICE}, "zh")
    assert [c["command"] for c in menu] == ["report", "accident", "mine", "h", "me", "help", "cancel"]


async def test_menus_per_scope_and_language(api, bot):
    await api.wait_idle()
    assert [c["command"] for c in api.commands({"type": "all_private_chats"}, "en")] == [
        "start",
        "tip",
        "status",
        "help",
        "cancel",
    ]
    assert api.commands({"type": "all_private_chats"}, "zh")[3]["description"] == "帮助"
    assert api.commands({"type": "all_private_chats"}, "en")[3]["description"] == "Help"
    assert [c["command"] for c in api.commands({"type": "all_group_chats"}, "zh")] == [
        "bind",
        "unbind",
        "digest",
        "schedule",
        "help",
    ]
    assert "areas" in [c["command"] for c in api.commands({"type": "chat", "chat_id": ADMIN}, "zh")]


async def test_conversation_survives_restart_and_stop_is_prompt(api, bot):
    panel = await say(api, ADMIN, "/areas")
    await tap(api, ADMIN, panel, "➕ 新建县级区域")
    assert await bot.stop(signal.SIGTERM) < 5
    await bot.start()
    assert "代码" in (await say(api, ADMIN, "安吉县"))["plain_text"]  # the name step was remembered
    api.send_message(ADMIN, "3305")
    assert await api.wait_for_message(ADMIN, contains("已新建区域"), timeout=10)
    assert await bot.stop(signal.SIGINT) < 5


async def test_group_bind_and_removal_are_recorded(api, bot, tmp_path):
    await create_county(api)
    api.add_group(GROUP, "安吉县安委办")
    api.add_bot_to_group(GROUP, ADMIN)
    assert "/bind" in (await api.wait_for_message(GROUP, timeout=10))["plain_text"]
    picker = await say(api, ADMIN, "/bind@safegrid_bot", chat_id=GROUP)
    done = await tap(api, ADMIN, picker, "✅ 安吉县", chat_id=GROUP)
    assert "本群已绑定到 安吉县" in done["plain_text"]
    api.remove_bot_from_group(GROUP, ADMIN)
    await api.wait_idle()
    await bot.stop()
    with sqlite3.connect(tmp_path / "safegrid.db") as db:
        row = db.execute(
            "SELECT area_id, is_member, unbind_reason FROM group_chats WHERE id = ?", (GROUP,)
        ).fetchone()
    assert row == (None, 0, "removed")


async def test_flood_control_and_blocked_user(api, bot):
    api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    reply = await say(api, ALICE, "/start")
    assert "安全网格" in reply["plain_text"]  # delivered after waiting as Telegram asked
    assert [c.error_code for c in api.calls_to("sendMessage")][:2] == [429, None]
    api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    api.send_message(ALICE, "/help")
    await api.wait_idle()
    assert "安全网格" in (await say(api, ALICE, "/start"))["plain_text"]  # the bot carried on
    assert not [line for line in bot.log if "Traceback" in line]


async def test_revoking_invites_and_members_over_the_wire(api, bot):
    county = await create_county(api)
    roles = await tap(api, ADMIN, county, "🔗 邀请")
    created = await tap(
        api, ADMIN, await tap(api, ADMIN, await tap(api, ADMIN, roles, "监管员"), "不限次数"), "30 天"
    )
    token = created["plain_text"].split("start=")[1].split()[0]
    await say(api, ALICE, f"/start {token}", contains("欢迎"))
    invites = await tap(api, ADMIN, created, "« 返回")
    listing = await tap(api, ADMIN, invites, "📋 有效邀请")
    assert "已用 1/不限" in listing["plain_text"]
    emptied = await tap(api, ADMIN, listing, "作废第 1 个")
    assert "（0 个）" in emptied["plain_text"]
    panel = await tap(api, ADMIN, emptied, "« 返回")
    members = await tap(api, ADMIN, panel, "👥 人员")
    confirm = await tap(api, ADMIN, members, "撤销 1. 李网格")
    api.press_button(ADMIN, confirm, "✅ 确定撤销")
    told = await api.wait_for_message(ALICE, contains("撤销"), timeout=10)
    assert "监管员角色已被管理员撤销" in told["plain_text"]
    await api.wait_idle()
    # Every button press was answered exactly once: Telegram refuses a second answer.
    assert [c for c in api.calls_to("answerCallbackQuery") if not c.ok] == []
    assert "您还没有加入任何区域" in (await say(api, ALICE, "/me"))["plain_text"]
    assert not [line for line in bot.log if "Traceback" in line]


async def run_once(env_overrides, tmp_path):
    """Start `python -m bot` and expect it to stop at once with one line on stderr."""
    import asyncio
    import sys

    from tests.e2e.process import ROOT

    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": TOKEN,
        "DATA_DIR": str(tmp_path / "d"),
    }
    env.update(env_overrides)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), 90)
    lines = [line for line in err.decode().splitlines() if line.startswith("safegrid:")]
    assert proc.returncode == 2, err.decode()[-2000:]
    assert "Traceback" not in err.decode() and "Unclosed" not in err.decode(), err.decode()[-2000:]
    return lines


async def test_rejected_token_unreachable_api_and_bad_data_dir_are_one_line(api, tmp_path):
    other_token = "987654321:ZZHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
    lines = await run_once({"TELEGRAM_API_BASE": api.base_url, "BOT_TOKEN": other_token}, tmp_path)
    assert lines == ["safegrid: setting BOT_TOKEN was rejected by the Bot API"]
    lines = await run_once({"TELEGRAM_API_BASE": "http://127.0.0.1:9"}, tmp_path)
    assert lines == ["safegrid: setting TELEGRAM_API_BASE cannot be reached: http://127.0.0.1:9"]
    (tmp_path / "file").write_text("not a folder")
    lines = await run_once({"DATA_DIR": str(tmp_path / "file" / "data")}, tmp_path)
    assert len(lines) == 1 and lines[0].startswith("safegrid: setting DATA_DIR is not a writable folder")


async def invite_link(api, panel, role_label):
    roles = await tap(api, ADMIN, panel, "🔗 邀请")
    created = await tap(
        api, ADMIN, await tap(api, ADMIN, await tap(api, ADMIN, roles, role_label), "仅一次"), "7 天"
    )
    token = created["plain_text"].split("start=")[1].split()[0]
    return created, token


async def test_report_with_photos_over_the_wire(api, bot, tmp_path):
    """Real uploads and downloads through TELEGRAM_API_BASE: the photos end up on disk by their hash."""
    import hashlib

    from tests.fake_api.media import jpeg_header, png

    supervisor = 2002
    api.add_user(supervisor, "赵监管", username="zhao")
    county = await create_county(api)
    created, token = await invite_link(api, county, "监管员")
    await say(api, supervisor, f"/start {token}", contains("欢迎"))
    back = await tap(api, ADMIN, created, "« 返回")
    village_ask = await tap(api, ADMIN, back, "➕ 新建下级")
    assert "安吉县" in village_ask["plain_text"]
    api.press_button(ADMIN, await say(api, ADMIN, "古城村"), "使用 330501")
    village = await api.wait_for_message(ADMIN, contains("下级区域"), timeout=10)
    _, token = await invite_link(api, village, "网格员")
    await say(api, ALICE, f"/start {token}", contains("欢迎"))

    photos = [jpeg_header(1280, 960) + b"exif-and-pixels", png(4, 3)]
    sector = await say(api, ALICE, "📝 上报隐患", contains("行业领域"))  # 1 tap (the menu)
    await api.wait_idle()
    api.press_button(ALICE, sector, "消防")  # 2
    level = await api.wait_for_message(ALICE, contains("隐患等级"), timeout=10)
    await api.wait_idle()
    api.press_button(ALICE, level, "一般隐患")  # 3
    await api.wait_for_message(ALICE, contains("隐患在哪里"), timeout=10)
    await api.wait_idle()
    api.send_location(ALICE, 30.6388, 119.6805)  # 4
    await api.wait_for_message(ALICE, contains("涉及哪个单位"), timeout=10)
    await say(api, ALICE, "安吉电器厂", contains("描述"))
    await say(api, ALICE, "配电箱门损坏，电线裸露", contains("现场照片"))
    await api.wait_idle()
    api.send_album(ALICE, photos)  # 5: an album is one step
    await api.wait_for_message(ALICE, contains("已收到 2 张"), timeout=10)
    await api.wait_idle()
    original = jpeg_header(4000, 3000) + b"GPS-and-camera-EXIF"
    api.send_document(ALICE, original, "IMG_2041.JPG", "image/jpeg")  # the original, EXIF and all
    await api.wait_for_message(ALICE, contains("已收到 3 张"), timeout=10)
    await api.wait_idle()
    photos.append(original)
    api.press_button(ALICE, api.last_message(ALICE, from_bot=True), "✅ 完成")  # 6
    review = await api.wait_for_message(ALICE, contains("请核对隐患信息"), timeout=10)
    await api.wait_idle()
    api.press_button(ALICE, review, "✅ 确认上报")  # 7
    await api.wait_for_message(ALICE, contains("已上报，编号"), timeout=10)
    card = await api.wait_for_message(supervisor, contains("新隐患上报"), timeout=10)
    assert "photo" in card and "安吉电器厂" in card["plain_text"]
    # The supervisor opens the card: the photos as an album, the original file as a document, the text.
    await api.wait_idle()
    api.press_button(supervisor, card, "🔎 查看详情")
    full = await api.wait_for_message(supervisor, contains("经过"), timeout=10)
    assert "李网格（网格员）上报" in full["plain_text"]
    kinds = [("photo" in m, "document" in m) for m in api.messages(supervisor)[-4:-1]]
    assert kinds == [(True, False), (True, False), (False, True)]
    for data in photos:
        digest = hashlib.sha256(data).hexdigest()
        stored = list((tmp_path / "evidence" / digest[:2]).glob(f"{digest}.*"))
        assert len(stored) == 1 and stored[0].read_bytes() == data
    assert [c for c in api.calls if not c.ok and c.method != "getupdates"] == []


async def test_rectification_loop_over_the_wire(api, bot):
    """Report → assign → complete → send back → complete → 销号, each person acting from their own chat."""
    from tests.fake_api.media import jpeg_header, png

    supervisor, rectifier = 2002, 2003
    api.add_user(supervisor, "赵监管", username="zhao")
    api.add_user(rectifier, "孙整改", username="sun")
    county = await create_county(api)
    created, token = await invite_link(api, county, "监管员")
    await say(api, supervisor, f"/start {token}", contains("欢迎"))
    back = await tap(api, ADMIN, created, "« 返回")
    await tap(api, ADMIN, back, "➕ 新建下级")
    api.press_button(ADMIN, await say(api, ADMIN, "古城村"), "使用 330501")
    village = await api.wait_for_message(ADMIN, contains("下级区域"), timeout=10)
    created, token = await invite_link(api, village, "网格员")
    await say(api, ALICE, f"/start {token}", contains("欢迎"))
    back = await tap(api, ADMIN, created, "« 返回")
    _, token = await invite_link(api, back, "整改责任人")
    await say(api, rectifier, f"/start {token}", contains("欢迎"))

    async def step(user, message, button, expect):
        await api.wait_idle()
        api.press_button(user, message, button)
        return await api.wait_for_message(user, contains(expect), timeout=10)

    sector = await say(api, ALICE, "/report", contains("行业领域"))
    level = await step(ALICE, sector, "消防", "隐患等级")
    await step(ALICE, level, "一般隐患", "隐患在哪里")
    await say(api, ALICE, "村委会东侧", contains("涉及哪个单位"))
    await say(api, ALICE, "村委会", contains("描述"))
    await say(api, ALICE, "灭火器过期", contains("现场照片"))
    await api.wait_idle()
    api.send_photo(ALICE, jpeg_header(800, 600))
    received = await api.wait_for_message(ALICE, contains("已收到 1 张"), timeout=10)
    review = await step(ALICE, received, "✅ 完成", "请核对隐患信息")
    await step(ALICE, review, "✅ 确认上报", "已上报，编号")

    card = await api.wait_for_message(supervisor, contains("新隐患上报"), timeout=10)
    full = await step(supervisor, card, "🔎 查看详情", "经过")
    who = await step(supervisor, full, "📋 交办整改", "谁来整改")
    boss = await step(supervisor, who, "孙整改", "谁来督办")
    days = await step(supervisor, boss, "👤 我来督办", "整改期限")
    await step(supervisor, days, "7 天", "整改措施")
    await say(api, supervisor, "更换灭火器", contains("已交办"))

    task = await api.wait_for_message(rectifier, contains("新的整改任务"), timeout=10)
    for round_ in (1, 2):
        full = await step(rectifier, task, "🔎 查看详情", "经过")
        ask = await step(rectifier, full, "✅ 整改完成", "整改完成：请发送整改后的照片")
        await api.wait_idle()
        api.send_photo(rectifier, png(4, round_))
        await api.wait_for_message(rectifier, contains("已收到 1 张照片"), timeout=10)
        await step(rectifier, ask, "📤 提交", "等待复查验收")
        check = await api.wait_for_message(supervisor, contains("请复查验收"), timeout=10)
        full = await step(supervisor, check, "🔎 查看详情", "经过")
        if round_ == 1:
            await step(supervisor, full, "↩️ 退回重改", "退回")
            await say(api, supervisor, "照片看不清", contains("已退回"))
            task = await api.wait_for_message(rectifier, contains("被退回重改"), timeout=10)
    await step(supervisor, full, "✅ 验收销号", "已销号")
    assert await api.wait_for_message(ALICE, contains("已验收销号"), timeout=10)
    await api.wait_idle()
    assert [c for c in api.calls if not c.ok and c.method != "getupdates"] == []
    assert not [line for line in bot.log if "Traceback" in line]


async def test_anonymous_tip_from_a_qr_link_over_the_wire(api, tmp_path):
    """A stranger scans the poster's link, files an anonymous tip with a phone photo sent as a file, keeps
    the receipt and talks with the supervisor; afterwards neither the database files nor the bot's log
    (at DEBUG) hold the tipster's id, username, name or receipt."""
    import re

    from tests.support.media import jpeg_with_gps

    process = BotProcess(api.base_url, tmp_path, TOKEN, admin_ids=str(ADMIN), LOG_LEVEL="DEBUG")
    await process.start()
    try:
        supervisor, tipster = 2002, 7350012345
        api.add_user(supervisor, "赵监管", username="zhao")
        api.add_user(tipster, "王吹哨", username="whistle_wang_77")
        county = await create_county(api)
        created, token = await invite_link(api, county, "监管员")
        await say(api, supervisor, f"/start {token}", contains("欢迎"))
        back = await tap(api, ADMIN, created, "« 返回")
        await tap(api, ADMIN, back, "➕ 新建下级")
        api.press_button(ADMIN, await say(api, ADMIN, "古城村"), "使用 330501")
        await api.wait_for_message(ADMIN, contains("下级区域"), timeout=10)

        sector = await say(api, tipster, "/start tip_330501", contains("属于哪一类"))  # scanned the QR code
        assert "古城村" in api.messages(tipster)[-2]["plain_text"]
        await api.wait_idle()
        api.press_button(tipster, sector, "烟花爆竹")  # 1 tap
        await api.wait_for_message(tipster, contains("具体在哪里"), timeout=10)
        await say(api, tipster, "村东头废弃仓库", contains("描述"))
        await say(api, tipster, "仓库里堆放大量烟花爆竹，无人看管", contains("有照片"))
        await api.wait_idle()
        api.send_document(tipster, jpeg_with_gps(), "IMG_0001.JPG", "image/jpeg")
        echo = await api.wait_for_message(tipster, contains("已去除"), timeout=10)
        assert "photo" in echo  # the cleaned picture comes back as a photo, as staff will see it
        received = await api.wait_for_message(tipster, contains("已收到 1 张"), timeout=10)
        await api.wait_idle()
        api.press_button(tipster, received, "✅ 完成")  # 2
        review = await api.wait_for_message(tipster, contains("请核对"), timeout=10)
        await api.wait_idle()
        api.press_button(tipster, review, "🕶 匿名提交（推荐）")  # 3: anonymous is one tap
        done = await api.wait_for_message(tipster, contains("只显示这一次"), timeout=10)
        receipt = re.search(r"\d{4} \d{4} \d{4} \d{4}", done["plain_text"]).group(0)

        card = await api.wait_for_message(supervisor, contains("新的群众举报"), timeout=10)
        assert "photo" in api.messages(supervisor)[-2] and "王吹哨" not in card["plain_text"]
        await api.wait_idle()
        api.press_button(supervisor, card, "✉️ 给举报人留言")
        await api.wait_for_message(supervisor, contains("请输入给举报人的留言"), timeout=10)
        await say(api, supervisor, "请问是哪一间？", contains("已转给"))
        note = await api.wait_for_message(tipster, contains("哪一间"), timeout=10)
        assert "赵监管" not in note["plain_text"]
        await say(api, tipster, "/status", contains("回执码"))
        view = await say(api, tipster, receipt, contains("举报进度"))
        await api.wait_idle()
        api.press_button(tipster, view, "✉️ 回复工作人员")
        await api.wait_for_message(tipster, contains("请输入要转给工作人员的话"), timeout=10)
        await say(api, tipster, "靠河那间", contains("已转给工作人员"))
        await api.wait_for_message(supervisor, contains("靠河那间"), timeout=10)
        await api.wait_idle()
    finally:
        await process.stop()
    files = {path.name: path.read_bytes() for path in sorted(tmp_path.rglob("*")) if path.is_file()}
    files["bot log"] = "\n".join(process.log).encode()
    assert "DEBUG" in files["bot log"].decode()  # the log really was at its most talkative
    for needle in (str(tipster), "whistle_wang_77", "王吹哨", receipt, receipt.replace(" ", "")):
        for name, blob in files.items():
            assert needle.encode() not in blob, (needle, name)
