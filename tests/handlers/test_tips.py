"""A stranger's tip from a QR link to a claimed reward, through the real dispatcher; then nothing anywhere
names the tipster."""

from __future__ import annotations

import io
import logging
import re
from datetime import timedelta
from pathlib import Path

from PIL import Image
from sqlmodel import select

from bot.logging_setup import quiet_noisy_loggers
from domain.tips import TipStatus
from handlers.callbacks import LedgerAct, LedgerCb, PosterCb, RectifyAct, RectifyCb, TipAct, TipCb
from jobs.runtime import Runtime
from jobs.tip_retention import run_retention
from storage.evidence import evidence_path
from storage.models import AuditEvent, Photo, Tip
from tests.handlers.conftest import COORDINATOR, LEADER, RECTIFIER, SUPERVISOR
from tests.handlers.test_report import JPEG_B
from tests.support.chat import Person, alerts, shown, texts
from tests.support.media import jpeg_with_gps

TIPSTER = Person(5829173641, "王吹哨", "whistle_wang_77")
RECEIPT_RE = re.compile(r"<code>(\d{4} \d{4} \d{4} \d{4})</code>")


def to(calls, person) -> str:
    return "\n".join(c.text for c in calls if getattr(c.method, "chat_id", None) == person.id)


def sent_to(calls, person):
    return [c for c in calls if getattr(c.method, "chat_id", None) == person.id]


async def file_tip(
    chat, person=TIPSTER, *, photo: bytes | None = None, anonymous: bool = True
) -> tuple[list, str]:
    """From the QR link: sector, address, description, maybe a photo sent as a file. Returns the receipt."""
    calls = await chat.send(person, "/start tip_33050101")
    assert "古城村" in texts(calls) and "属于哪一类" in texts(calls)
    calls = await chat.press(person, shown(calls).button("烟花爆竹"), on=shown(calls))
    assert "具体在哪里" in texts(calls)
    await chat.send(person, "村东头废弃仓库")
    calls = await chat.send(person, "仓库里堆放大量烟花爆竹，无人看管，附近有民房")
    assert "有照片可以发过来" in texts(calls)
    everything = []
    if photo is not None:
        calls = await chat.send_document(person, photo, "IMG_0001.jpg", "image/jpeg")
        everything += calls
        assert any(c.name == "SendPhoto" and "已去除" in c.text for c in calls)
        calls = await chat.press(person, shown(calls).button("完成"), on=shown(calls))
    else:
        calls = await chat.press(person, TipCb(act=TipAct.PHOTOS_DONE).pack())
    review = shown(calls)
    assert "请核对" in review.text and "村东头" not in review.text  # the address is not echoed back
    if anonymous:
        calls = await chat.press(person, review.button("匿名提交"), on=review)
    else:
        calls = await chat.press(person, review.button("实名提交"), on=review)
        calls = await chat.press(person, shown(calls).button("同意"), on=shown(calls))
        await chat.send(person, "王吹哨")
        calls = await chat.send(person, "138 0013 8000")
    everything += calls
    receipt = RECEIPT_RE.search(to(calls, person))
    assert receipt, to(calls, person)
    return everything, receipt.group(1)


async def status(chat, person, receipt: str) -> list:
    await chat.send(person, "/status")
    return await chat.send(person, receipt)


async def close_hazard(chat, ref: str) -> list:
    """The hazard made from the tip goes round the loop to 销号 (as in test_rectify)."""
    card = shown(await chat.send(SUPERVISOR, f"/h {ref}"))
    calls = await chat.press(SUPERVISOR, card.button("交办整改"), on=card)
    calls = await chat.press(SUPERVISOR, shown(calls).button("孙整改"), on=shown(calls))
    calls = await chat.press(SUPERVISOR, shown(calls).button("我来督办"), on=shown(calls))
    calls = await chat.press(SUPERVISOR, shown(calls).button("7 天"), on=shown(calls))
    await chat.send(SUPERVISOR, "清理仓库，移交公安")
    card = shown(await chat.send(RECTIFIER, f"/h {ref}"))
    await chat.press(RECTIFIER, card.button("整改完成"), on=card)
    await chat.send_photo(RECTIFIER, JPEG_B)
    await chat.press(RECTIFIER, RectifyCb(act=RectifyAct.SUBMIT, hazard=1).pack())
    card = shown(await chat.send(SUPERVISOR, f"/h {ref}"))
    return await chat.press(SUPERVISOR, card.button("验收销号"), on=card)


async def test_anonymous_tip_relay_and_reward_leave_no_trace_of_the_tipster(
    chat, field, session, settings, services, caplog
):
    quiet_noisy_loggers()  # as the bot does at start, whatever LOG_LEVEL says
    caplog.set_level(logging.DEBUG)
    calls = await chat.send(TIPSTER, "/start")
    assert shown(calls).button("我要举报")  # a stranger is offered the tip at once

    log_of_calls, receipt = await file_tip(chat, photo=jpeg_with_gps())
    assert "回执码只显示这一次" in to(log_of_calls, TIPSTER)
    # The township supervisor gets the cleaned photo (never the file as sent), then the card.
    picture, card = sent_to(log_of_calls, SUPERVISOR)
    assert picture.name == "SendPhoto" and picture.method.photo.startswith("upload")
    assert "新的群众举报" in card.text and "匿名" in card.text
    for forbidden in (str(TIPSTER.id), TIPSTER.username, TIPSTER.first_name):
        assert forbidden not in card.text

    # The photo on disk is the cleaned one: no EXIF, no GPS, no device.
    photo = (await session.exec(select(Photo).where(Photo.tip_id == 1))).one()
    stored = evidence_path(settings.data_dir, photo.sha256, photo.mime).read_bytes()
    assert not Image.open(io.BytesIO(stored)).getexif() and b"TipsterPhone" not in stored

    # Staff ask; the tipster sees it, follows up with the receipt and answers; staff see the answer.
    calls = await chat.press(SUPERVISOR, card.button("留言"), on=card)
    calls = await chat.send(SUPERVISOR, "请问是哪一间仓库？")
    assert "工作人员留言" in to(calls, TIPSTER) and "哪一间仓库" in to(calls, TIPSTER)
    assert SUPERVISOR.first_name not in to(calls, TIPSTER)
    calls = await status(chat, TIPSTER, receipt)
    view = shown(calls)
    assert "待核查" in view.text and "哪一间仓库" in view.text
    await chat.press(TIPSTER, view.button("回复"), on=view)
    calls = await chat.send(TIPSTER, "靠河边那间，门口有红色铁门")
    assert "已转给工作人员" in to(calls, TIPSTER)
    assert "举报人回复" in to(calls, SUPERVISOR) and "红色铁门" in to(calls, SUPERVISOR)

    # Triage: it becomes a hazard in the loop; the tipster hears it.
    calls = await chat.press(SUPERVISOR, card.button("立为一般隐患"), on=card)
    assert "已立为隐患 <b>3305-2603-0001</b>" in to(calls, SUPERVISOR)
    assert "已受理" in to(calls, TIPSTER)
    calls = await chat.press(SUPERVISOR, card.button("立为一般隐患"), on=card)
    assert alerts(calls) == ["这条举报已经处理过了。"]
    hazard_card = shown(await chat.send(SUPERVISOR, "/h 3305-2603-0001"))
    assert "赵监管（监管员）上报 （来自群众举报 J3305-2603-0001）" in hazard_card.text

    calls = await close_hazard(chat, "3305-2603-0001")
    assert "已整改完毕并销号" in to(calls, TIPSTER)
    reward_due = next(c for c in sent_to(calls, LEADER) if "reward" in c.text.lower())
    calls = await chat.press(LEADER, reward_due.button("Set a reward"), on=reward_due)
    calls = await chat.send(LEADER, "500")
    assert "500 yuan set" in to(calls, LEADER)
    assert "获得举报奖励 500 元" in to(calls, TIPSTER)

    # The claim: only with the receipt; an anonymous tipster gets a claim reference, so does the leader.
    view = shown(await status(chat, TIPSTER, receipt))
    calls = await chat.press(TIPSTER, view.button("领取奖励"), on=view)
    calls = await chat.press(TIPSTER, shown(calls).button("确认领取"), on=shown(calls))
    claim = re.search(r"JL-\d{4}-\d{4}", to(calls, TIPSTER)).group(0)
    assert claim in to(calls, LEADER) and "anonymous tipster" in to(calls, LEADER)
    await session.rollback()  # end the fixture session's old read
    tip = (await session.exec(select(Tip))).one()
    assert tip.claim_ref == claim and tip.reward_claimed_at is not None
    actions = [
        e.action for e in (await session.exec(select(AuditEvent).where(AuditEvent.subject_type == "tip")))
    ]
    assert actions == [
        "tip.received",
        "tip.message_out",
        "tip.message_in",
        "tip.accepted",
        "tip.closed",
        "tip.reward_set",
        "tip.reward_claimed",
    ]

    # The scan: database files (with the write-ahead log), every export, the log.
    calls = await chat.press(LEADER, LedgerCb(act=LedgerAct.EXPORT).pack())
    [export] = [c.method.document.data for c in calls if c.name == "SendDocument"]
    await services.engine.dispose()
    await services.fsm_engine.dispose()
    blobs = {path.name: path.read_bytes() for path in _database_files(settings.data_dir)}
    blobs["ledger.xlsx"] = export
    blobs["log"] = caplog.text.encode()
    assert "is handled" in caplog.text and "tip.received" not in caplog.text  # the log was captured
    digits = receipt.replace(" ", "")
    needles = [str(TIPSTER.id), TIPSTER.username, TIPSTER.first_name, digits, receipt]
    for name, blob in blobs.items():
        for needle in needles:
            assert needle.encode() not in blob, (name, needle)
        assert "王吹哨".encode("utf-16-le") not in blob, name


def _database_files(data_dir: Path) -> list[Path]:
    """The database with its write-ahead log and shared memory, as they lie on disk."""
    return sorted(data_dir.glob("safegrid.db*"))


async def test_named_tip_reveals_contact_only_to_the_rewarding_leader_at_claim(chat, field, session):
    calls, receipt = await file_tip(chat, anonymous=False)
    card = next(c for c in sent_to(calls, SUPERVISOR))
    assert "实名" in card.text and "13800138000" not in card.text and "王吹哨" not in card.text
    tip = (await session.exec(select(Tip))).one()
    assert tip.contact_sealed and "13800138000" not in tip.contact_sealed
    calls = await chat.press(SUPERVISOR, card.button("立为一般隐患"), on=card)
    calls = await close_hazard(chat, "3305-2603-0001")
    due = next(c for c in sent_to(calls, LEADER) if "reward" in c.text.lower())
    assert "13800138000" not in due.text
    await chat.press(LEADER, due.button("Set a reward"), on=due)
    await chat.send(LEADER, "200")
    view = shown(await status(chat, TIPSTER, receipt))
    calls = await chat.press(TIPSTER, view.button("领取奖励"), on=view)
    calls = await chat.press(TIPSTER, shown(calls).button("确认领取"), on=shown(calls))
    assert "13800138000" in to(calls, LEADER) and "王吹哨" in to(calls, LEADER)
    assert not to(calls, SUPERVISOR)


async def test_dismissed_and_duplicate_tips_tell_the_tipster(chat, field):
    calls, _ = await file_tip(chat)
    card = sent_to(calls, SUPERVISOR)[0]
    await chat.press(SUPERVISOR, card.button("不属实"), on=card)
    calls = await chat.send(SUPERVISOR, "现场核查，仓库为空")
    assert "不属实：现场核查，仓库为空" in to(calls, TIPSTER)

    other = Person(5829170000, "路人")
    calls, _ = await file_tip(chat, other)
    card = sent_to(calls, SUPERVISOR)[0]
    await chat.press(SUPERVISOR, card.button("关联已有隐患"), on=card)
    calls = await chat.send(SUPERVISOR, "3305-2603-0099")
    assert "没有找到" in texts(calls)  # no such hazard: nothing linked, the question stays
    from tests.handlers.test_report import file_report

    await file_report(chat)
    calls = await chat.send(SUPERVISOR, "3305 2603 0001")
    assert "已关联隐患 3305-2603-0001" in to(calls, SUPERVISOR)
    assert "已经有人报告过" in to(calls, other)


async def test_a_wrong_receipt_gets_nothing_and_repeated_ones_are_slowed(chat, field, clock):
    _, receipt = await file_tip(chat)
    prober = Person(5829179999, "试探者")
    for _ in range(2):
        calls = await status(chat, prober, "1111 2222 3333 4444")
        assert "没有找到这个回执码" in texts(calls) and "古城村" not in texts(calls)
    calls = await status(chat, prober, "1111 2222 3333 4445")
    assert "没有找到" in texts(calls)
    # The third miss locks the chat for a while: even the right receipt waits.
    calls = await status(chat, prober, receipt)
    assert "尝试次数太多，请 1 分钟后再试" in texts(calls) and "举报进度" not in texts(calls)
    calls = await status(chat, prober, "12345")
    assert "尝试次数太多" in texts(calls)
    clock.advance(timedelta(minutes=2))
    calls = await status(chat, prober, "1111 2222 3333 4446")
    calls = await status(chat, prober, receipt)
    assert "请 2 分钟后再试" in texts(calls)  # the lock doubles
    clock.advance(timedelta(minutes=3))
    calls = await status(chat, prober, receipt)
    assert "举报进度" in texts(calls)  # whoever holds the receipt may follow the tip, as designed


async def test_rate_limit_asks_to_wait_politely(chat, field, settings):
    settings.tip_limit_per_hour = 2
    await file_tip(chat)
    await file_tip(chat)
    calls = await chat.send(TIPSTER, "/start tip_33050101")
    # Both in this hour: the count drops only when this hour leaves the window, two hours on.
    assert "请 120 分钟后再提交" in texts(calls) and "属于哪一类" not in texts(calls)
    calls = await chat.send(Person(5829170001, "另一人"), "/tip")
    assert "隐患在哪个区域" in texts(calls)  # another chat is not held up


async def test_retention_erases_the_way_back_and_ends_the_receipt(
    chat, field, services, settings, clock, session
):
    calls, receipt = await file_tip(chat)
    card = sent_to(calls, SUPERVISOR)[0]
    await chat.press(SUPERVISOR, card.button("不属实"), on=card)
    await chat.send(SUPERVISOR, "无此仓库")
    runtime = Runtime(
        bot=chat.bot,
        session_pool=services.session_pool,
        catalogs=services.catalogs,
        settings=settings,
        clock=clock,
    )
    clock.advance(timedelta(days=settings.tip_retention_days - 1))
    assert await run_retention(runtime) == 0
    clock.advance(timedelta(days=2))
    assert await run_retention(runtime) == 1
    tip = (await session.exec(select(Tip))).one()
    await session.refresh(tip)
    assert tip.status == TipStatus.DISMISSED and tip.chat_sealed is None and tip.receipt_hash is None
    assert tip.description  # the record of what was reported stays
    calls = await status(chat, TIPSTER, receipt)
    assert "没有找到这个回执码" in texts(calls)
    calls = await chat.press(SUPERVISOR, f"ts:w:{tip.id}")
    assert alerts(calls) == [] and "给举报人的留言" in texts(calls)
    calls = await chat.send(SUPERVISOR, "还在吗？")
    assert "已超过保存期限" in texts(calls)


async def test_admin_makes_a_printable_qr_poster_for_an_area(chat, field):
    from tests.conftest import ADMIN

    calls = await chat.send(ADMIN, "/poster")
    picker = shown(calls)
    assert "举报二维码海报" in picker.text
    calls = await chat.press(ADMIN, picker.button("下级"), on=picker)
    calls = await chat.press(ADMIN, shown(calls).button("递铺街道"), on=shown(calls))
    [sent] = [c for c in calls if c.name == "SendDocument"]
    assert "https://t.me/safegrid_bot?start=tip_330501" in sent.text
    poster = Image.open(io.BytesIO(sent.method.document.data))
    assert poster.format == "PNG" and poster.size == (1240, 1754)
    # Field staff cannot make posters; strangers neither.
    forged = PosterCb(area=field.town.id).pack()
    assert alerts(await chat.press(SUPERVISOR, forged)) == ["您没有权限进行这个操作。"]
    assert "没有权限" in texts(await chat.send(TIPSTER, "/poster"))


async def test_tips_list_shows_waiting_tips_in_scope_only(chat, field):
    await file_tip(chat)
    calls = await chat.send(SUPERVISOR, "/tips")
    listing = shown(calls)
    assert "待处理的群众举报（1）" in listing.text and "J3305-2603-0001" in listing.buttons()[0][0]
    calls = await chat.press(SUPERVISOR, listing.buttons()[0][1], on=listing)
    card = shown(calls)
    assert "群众举报 J3305-2603-0001" in card.text and "村东头废弃仓库" in card.text
    assert [text for text, _ in card.buttons()][:2] == ["立为一般隐患", "立为重大隐患"]
    assert "没有待处理" in texts(await chat.send(COORDINATOR, "/tips"))
    assert alerts(await chat.press(COORDINATOR, listing.buttons()[0][1])) == [
        "没有找到这条举报，或不在您的辖区。"
    ]


async def test_a_long_thread_and_a_tricky_reason_still_show_whole_and_escaped_once(chat, field):
    calls, receipt = await file_tip(chat)
    card = sent_to(calls, SUPERVISOR)[-1]
    for n in range(14):
        await chat.press(SUPERVISOR, card.button("留言"), on=card)
        await chat.send(SUPERVISOR, f"第{n}次询问：" + "细节" * 190)
    await chat.press(SUPERVISOR, card.button("不属实"), on=card)
    await chat.send(SUPERVISOR, "A&B <仓库> 不存在")
    view = shown(await status(chat, TIPSTER, receipt))
    assert "第13次询问" in view.text and "更早的" in view.text  # the newest kept, the oldest left out
    assert "A&amp;B &lt;仓库&gt; 不存在" in view.text and "&amp;amp;" not in view.text
    assert view.button("回复")  # the card arrived, so its buttons can be used


async def test_a_refused_submit_keeps_the_buttons_for_a_later_try(chat, field, settings):
    await file_tip(chat)
    other = Person(5829170002, "第二人")
    calls = await chat.send(other, "/start tip_33050101")
    calls = await chat.press(other, shown(calls).button("消防"), on=shown(calls))
    await chat.send(other, "村口")
    await chat.send(other, "消防通道被占")
    calls = await chat.press(other, TipCb(act=TipAct.PHOTOS_DONE).pack())
    review = shown(calls)
    settings.tip_area_limit_per_hour = 1  # meanwhile the village got its fill of tips
    calls = await chat.press(other, review.button("匿名提交"), on=review)
    assert alerts(calls) and "这个区域刚刚收到很多举报" in alerts(calls)[0]
    assert not [c for c in calls if c.name == "EditMessageReplyMarkup"]  # the buttons are still there
