"""Reporting a hazard through the real dispatcher: the whole conversation, albums, bad input, restarts."""

import hashlib
from datetime import timedelta

import pytest
from aiogram import Bot
from sqlmodel import select

from bot.app import build_dispatcher
from handlers.callbacks import ReportAct, ReportCb
from storage.evidence import evidence_path
from storage.models import Hazard, HazardEvent, Photo
from tests.conftest import TOKEN
from tests.handlers.conftest import COORDINATOR, GROUP_ID, SUPERVISOR
from tests.support.chat import ChatDriver, Person, alerts, shown, texts

# A tiny JPEG carrying an EXIF block: evidence keeps it byte for byte.
JPEG_A = b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\xff\xd9"
JPEG_B = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
LAT, LON = 30.6388, 119.6805


def press(act: ReportAct, val: str = "", id: int = 0) -> str:
    return ReportCb(act=act, val=val, id=id).pack()


async def file_report(
    chat,
    description="配电箱门损坏，电线裸露",
    lat=LAT,
    lon=LON,
    unit="安吉电器厂",
    level="general",
    photos=(JPEG_A, JPEG_B),
) -> list:
    """The shortest path a coordinator takes; returns every call, and counts taps in `chat.taps`."""
    calls = await chat.send(COORDINATOR, "📝 上报隐患")  # the menu button
    assert "行业领域" in texts(calls)  # one village: the area question is skipped
    calls += await chat.press(COORDINATOR, press(ReportAct.SECTOR, "fire"))
    calls += await chat.press(COORDINATOR, press(ReportAct.LEVEL, level))
    if lat is None:
        calls += await chat.send(COORDINATOR, "递铺街道古城村 12 号")
    else:
        calls += await chat.send_location(COORDINATOR, lat, lon)
    calls += await chat.send(COORDINATOR, unit)
    calls += await chat.send(COORDINATOR, description)
    calls += await chat.send_album(COORDINATOR, list(photos))
    calls += await chat.press(COORDINATOR, press(ReportAct.PHOTOS_DONE))
    assert "请核对隐患信息" in texts(calls)
    calls += await chat.press(COORDINATOR, press(ReportAct.CONFIRM))
    return calls


async def test_full_report_notifies_and_keeps_evidence(chat, field, session, settings):
    calls = await file_report(chat)
    saved = texts(calls)
    assert "已上报，编号 <b>3305-2603-0001</b>" in saved
    # Taps: menu, sector, level, location, done, confirm = 6 (plus typing unit and description).
    hazard = (await session.exec(select(Hazard))).one()
    assert (hazard.sector, hazard.level, hazard.latitude, hazard.status) == (
        "fire",
        "general",
        LAT,
        "reported",
    )
    assert hazard.description == "配电箱门损坏，电线裸露"
    photos = (await session.exec(select(Photo).where(Photo.hazard_id == hazard.id))).all()
    assert len(photos) == 2
    for photo, data in zip(photos, (JPEG_A, JPEG_B), strict=True):
        assert photo.sha256 == hashlib.sha256(data).hexdigest()
        assert evidence_path(settings.data_dir, photo.sha256, photo.mime).read_bytes() == data  # EXIF kept
    # The supervisor of the township got the card with the first photo and a "view" button.
    to_supervisor = [c for c in calls if c.name == "SendPhoto" and c.method.chat_id == SUPERVISOR.id]
    assert len(to_supervisor) == 1 and "3305-2603-0001" in to_supervisor[0].text
    assert to_supervisor[0].buttons()[0][0] == "🔎 查看详情"
    # A general hazard does not go to the leader group.
    assert not [c for c in calls if getattr(c.method, "chat_id", None) == GROUP_ID]


async def test_album_is_one_step_with_one_reply(chat, field):
    await chat.send(COORDINATOR, "/report")
    await chat.press(COORDINATOR, press(ReportAct.SECTOR, "gas"))
    await chat.press(COORDINATOR, press(ReportAct.LEVEL, "general"))
    await chat.send(COORDINATOR, "村口")
    await chat.send(COORDINATOR, "液化气站")
    await chat.send(COORDINATOR, "钢瓶露天堆放")
    calls = await chat.send_album(COORDINATOR, [JPEG_A, JPEG_B, JPEG_A + b"x"])
    replies = [c for c in calls if c.name == "SendMessage"]
    edits = [c for c in calls if c.name == "EditMessageText"]
    assert len(replies) == 1 and len(edits) == 2
    assert "已收到 3 张照片" in edits[-1].text


async def test_major_hazard_goes_to_the_leader_group(chat, field):
    calls = await file_report(chat, level="major")
    group_cards = [c for c in calls if getattr(c.method, "chat_id", None) == GROUP_ID]
    assert len(group_cards) == 1 and "重大隐患" in group_cards[0].text


async def test_caption_photo_answers_the_description(chat, field, session):
    await chat.send(COORDINATOR, "/report")
    await chat.press(COORDINATOR, press(ReportAct.SECTOR, "road"))
    await chat.press(COORDINATOR, press(ReportAct.LEVEL, "general"))
    await chat.send(COORDINATOR, "县道 X501 第 3 公里")
    await chat.press(COORDINATOR, press(ReportAct.NO_UNIT))
    calls = await chat.send_photo(COORDINATOR, JPEG_A, caption="护栏缺失一段")
    assert "已收到 1 张" in texts(calls) or "已收到 1 张" in texts(calls[-1:])
    await chat.press(COORDINATOR, press(ReportAct.PHOTOS_DONE))
    calls = await chat.press(COORDINATOR, press(ReportAct.CONFIRM))
    assert "已上报" in texts(calls)
    hazard = (await session.exec(select(Hazard))).one()
    assert (
        hazard.description == "护栏缺失一段"
        and hazard.unit_id is None
        and hazard.address == "县道 X501 第 3 公里"
    )


async def test_review_edit_goes_back_to_review(chat, field):
    await chat.send(COORDINATOR, "/report")
    await chat.press(COORDINATOR, press(ReportAct.SECTOR, "fire"))
    await chat.press(COORDINATOR, press(ReportAct.LEVEL, "general"))
    await chat.send(COORDINATOR, "村委会")
    await chat.send(COORDINATOR, "村委会")
    await chat.send(COORDINATOR, "灭火器过期")
    await chat.send_photo(COORDINATOR, JPEG_A)
    await chat.press(COORDINATOR, press(ReportAct.PHOTOS_DONE))
    calls = await chat.press(COORDINATOR, press(ReportAct.EDIT, "level"))
    assert "隐患等级" in texts(calls)
    calls = await chat.press(COORDINATOR, press(ReportAct.LEVEL, "major"))
    assert "请核对隐患信息" in texts(calls) and "重大隐患" in texts(calls)


BAD_INPUTS = {
    "sticker": {
        "sticker": {
            "file_id": "s",
            "file_unique_id": "s",
            "type": "regular",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
        }
    },
    "voice": {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 1}},
    "video": {"video": {"file_id": "d", "file_unique_id": "d", "width": 1, "height": 1, "duration": 1}},
    "contact": {"contact": {"phone_number": "13800000000", "first_name": "张"}},
}
EXPECT = {
    "sector": "请点按钮选择行业领域",
    "level": "请点按钮选择隐患等级",
    "place": "请点「发送当前位置」",
    "unit": "请输入单位名称",
    "description": "请用文字描述隐患",
    "photos": "请发送照片",
    "review": "请核对后点",
}


async def walk_to(chat, step: str) -> None:
    await chat.send(COORDINATOR, "/report")
    order = ["sector", "level", "place", "unit", "description", "photos", "review"]
    actions = {
        "sector": lambda: chat.press(COORDINATOR, press(ReportAct.SECTOR, "fire")),
        "level": lambda: chat.press(COORDINATOR, press(ReportAct.LEVEL, "general")),
        "place": lambda: chat.send_location(COORDINATOR, LAT, LON),
        "unit": lambda: chat.send(COORDINATOR, "某厂"),
        "description": lambda: chat.send(COORDINATOR, "某隐患"),
        "photos": lambda: chat.send_photo(COORDINATOR, JPEG_A),
    }
    for name in order[: order.index(step)]:
        await actions[name]()
    if step == "review":
        await chat.press(COORDINATOR, press(ReportAct.PHOTOS_DONE))
    if step == "photos":
        await chat.send_photo(COORDINATOR, JPEG_A)  # so that "done" is a valid answer afterwards


ANSWER = {
    "sector": lambda chat: chat.press(COORDINATOR, press(ReportAct.SECTOR, "fire")),
    "level": lambda chat: chat.press(COORDINATOR, press(ReportAct.LEVEL, "general")),
    "place": lambda chat: chat.send(COORDINATOR, "村口"),
    "unit": lambda chat: chat.send(COORDINATOR, "某厂"),
    "description": lambda chat: chat.send(COORDINATOR, "某隐患"),
    "photos": lambda chat: chat.press(COORDINATOR, press(ReportAct.PHOTOS_DONE)),
    "review": lambda chat: chat.press(COORDINATOR, press(ReportAct.CONFIRM)),
}
NEXT = {
    "sector": "隐患等级",
    "level": "隐患在哪里",
    "place": "涉及哪个单位",
    "unit": "请简要描述隐患",
    "description": "请发送现场照片",
    "photos": "请核对隐患信息",
    "review": "已上报",
}


@pytest.mark.parametrize("step", list(EXPECT))
async def test_every_bad_input_at_every_step_gets_a_hint(chat, field, step):
    await walk_to(chat, step)
    kinds = dict(BAD_INPUTS)
    if step not in ("place",):
        kinds["location"] = {"location": {"latitude": 30.0, "longitude": 119.0}}
    if step not in ("photos", "description"):
        kinds["photo"] = None
    for kind, fields in kinds.items():
        if kind == "photo":
            calls = await chat.send_photo(COORDINATOR, JPEG_A)
        else:
            calls = await chat.send_message(COORDINATOR, **fields)
        assert EXPECT[step] in texts(calls), (step, kind, texts(calls))
    # A file that is not an image, and (at text steps) text that is too long.
    calls = await chat.send_document(COORDINATOR, b"%PDF", "a.pdf", "application/pdf")
    assert ("收到的文件不是图片。" + EXPECT[step]) in texts(calls), (step, texts(calls))
    if step in ("unit", "description", "place"):
        calls = await chat.send(COORDINATOR, "长" * 2001)
        limits = {
            "place": "内容太长（2001 字），最多 200 字",
            "unit": "单位名称最多 100 个字",
            "description": "内容太长（2001 字），最多 2000 字",
        }
        assert limits[step] in texts(calls)
    # The step is unchanged: its proper answer still moves the conversation on.
    calls = await ANSWER[step](chat)
    assert NEXT[step] in texts(calls), (step, texts(calls))


async def test_oversized_image_file_gets_a_clear_message(chat, field):
    await walk_to(chat, "photos")
    calls = await chat.send_document(COORDINATOR, JPEG_A, "big.jpg", "image/jpeg", size=25 * 1024 * 1024)
    assert "图片太大，最多 20 MB" in texts(calls)
    calls = await chat.send_document(COORDINATOR, JPEG_B, "ok.png", "image/png")
    assert "已收到 2 张" in texts(calls)  # an image sent as a file is accepted


async def test_old_buttons_do_nothing(chat, field):
    await walk_to(chat, "level")
    calls = await chat.press(COORDINATOR, press(ReportAct.SECTOR, "gas"))  # a button of the previous question
    assert alerts(calls) == ["这个按钮已经失效，请重新打开菜单。"]
    calls = await chat.press(COORDINATOR, press(ReportAct.LEVEL, "nonsense"))  # forged
    assert alerts(calls) == ["这个按钮已经失效，请重新打开菜单。"]


async def test_draft_survives_a_restart(services, field, recording):
    first = build_dispatcher(services, with_scheduler=False)
    chat = ChatDriver(first, Bot(TOKEN, session=recording), recording)
    await walk_to(chat, "unit")
    second = build_dispatcher(services, with_scheduler=False)  # a new process: nothing kept in memory
    chat = ChatDriver(second, Bot(TOKEN, session=recording), recording)
    calls = await chat.send(COORDINATOR, "安吉电器厂")
    assert "请简要描述隐患" in texts(calls)


async def test_a_day_old_draft_is_offered_for_resume_or_discard(chat, field, clock):
    await walk_to(chat, "unit")
    clock.advance(timedelta(hours=25))
    calls = await chat.send(COORDINATOR, "安吉电器厂")
    assert "没填完的隐患上报" in texts(calls)
    calls = await chat.press(COORDINATOR, press(ReportAct.RESUME), on=shown(calls))
    assert "涉及哪个单位" in texts(calls)
    calls = await chat.send(COORDINATOR, "安吉电器厂")
    assert "请简要描述隐患" in texts(calls)
    clock.advance(timedelta(hours=25))
    calls = await chat.send(COORDINATOR, "描述")
    calls = await chat.press(COORDINATOR, press(ReportAct.DISCARD), on=shown(calls))
    assert "行业领域" in texts(calls)  # a fresh report


async def test_duplicates_offered_and_both_choices_recorded(chat, field, session, clock):
    await file_report(chat)
    clock.advance(timedelta(days=3))
    # 50 m away, same sector and area: shown as a possible duplicate, with its first photo.
    calls = await file_report(
        chat, lat=LAT + 0.00045, unit="另一家", description="同一个配电箱", photos=(JPEG_B,)
    )
    candidates = [c for c in calls if c.name == "SendPhoto" and c.method.chat_id == COORDINATOR.id]
    assert (
        len(candidates) == 1 and "3305-2603-0001" in candidates[0].text and "相距 50 米" in candidates[0].text
    )
    calls = await chat.press(COORDINATOR, candidates[0].button("补充到此"))
    assert "补充到隐患 <b>3305-2603-0001</b>" in texts(calls)
    hazards = (await session.exec(select(Hazard))).all()
    assert len(hazards) == 1
    event = (await session.exec(select(HazardEvent).where(HazardEvent.kind == "duplicate_report"))).one()
    assert event.comment == "同一个配电箱" and event.actor_id == COORDINATOR.id
    assert len((await session.exec(select(Photo).where(Photo.hazard_id == hazards[0].id))).all()) == 3

    # Same unit, no coordinates: offered again; this time "new hazard", and the refusal is recorded.
    await session.rollback()
    calls = await file_report(chat, lat=None, description="另一处问题")
    assert "3305-2603-0001" in texts(calls)
    calls = await chat.press(COORDINATOR, press(ReportAct.NEW))
    assert "已上报，编号 <b>3305-2603-0002</b>" in texts(calls)
    await session.rollback()
    reported = (await session.exec(select(HazardEvent).where(HazardEvent.kind == "reported"))).all()
    assert reported[-1].comment == "not-duplicate-of:3305-2603-0001"


async def test_card_and_my_list(chat, field):
    await file_report(chat)
    calls = await chat.send(COORDINATOR, "/h 3305-2603-0001")
    assert [c.name for c in calls] == ["SendMediaGroup", "SendMessage"]
    card = calls[-1].text
    assert "隐患 3305-2603-0001" in card and "李网格（网格员）上报" in card and "安吉电器厂" in card
    calls = await chat.send(COORDINATOR, "📋 我的上报")
    assert "共 1 条" in texts(calls) and "<b>已上报</b>" in texts(calls)
    # The supervisor's "view" button works for them; a stranger gets nothing.
    assert "隐患 3305-2603-0001" in texts(await chat.send(SUPERVISOR, "/h 3305-2603-0001"))
    assert "没有权限" in texts(await chat.send(Person(9999, "外人"), "/h 3305-2603-0001"))


async def test_unit_history_and_repeat_offender(chat, field, clock):
    for day in range(3):
        # Twenty days apart: outside the 14-day duplicate window, inside the 12-month repeat window.
        await file_report(chat, lat=LAT + day * 0.01, description=f"第{day}次", photos=(JPEG_A,))
        clock.advance(timedelta(days=20))
    calls = await chat.send(SUPERVISOR, "/h 3305-2604-0001")
    card = shown(calls)
    assert "安吉电器厂 ⚠️ 屡查屡犯" in card.text
    calls = await chat.press(SUPERVISOR, card.button("该单位隐患记录"), on=card)
    assert "最近 3 条隐患" in texts(calls)
    assert alerts(await chat.press(Person(9999, "外人"), card.button("该单位隐患记录"))) == [
        "您没有权限进行这个操作。"
    ]


async def test_images_sent_as_files_reach_the_supervisor_the_card_and_duplicates(chat, field, clock):
    """The original file keeps its EXIF; it must be sent back as a document, never as a photo."""
    await chat.send(COORDINATOR, "/report")
    await chat.press(COORDINATOR, press(ReportAct.SECTOR, "fire"))
    await chat.press(COORDINATOR, press(ReportAct.LEVEL, "general"))
    await chat.send_location(COORDINATOR, LAT, LON)
    await chat.send(COORDINATOR, "安吉电器厂")
    await chat.send(COORDINATOR, "消防通道堵塞")
    await chat.send_document(
        COORDINATOR, JPEG_A, "IMG_0001.JPG", "application/octet-stream"
    )  # a phone's label
    await chat.press(COORDINATOR, press(ReportAct.PHOTOS_DONE))
    calls = await chat.press(COORDINATOR, press(ReportAct.CONFIRM))
    card = [c for c in calls if getattr(c.method, "chat_id", None) == SUPERVISOR.id]
    assert [c.name for c in card] == ["SendDocument"]
    calls = await chat.send(SUPERVISOR, "/h 3305-2603-0001")
    assert [c.name for c in calls] == ["SendDocument", "SendMessage"]
    clock.advance(timedelta(days=1))
    calls = await file_report(chat, photos=(JPEG_B,))
    assert any(c.name == "SendDocument" and "可能是同一隐患" in c.text for c in calls)
    assert "不是，作为新隐患上报" in str([c.buttons() for c in calls if c.name == "SendMessage"])


async def test_an_administrator_from_the_settings_can_report(chat, field):
    from tests.conftest import ADMIN

    await chat.send(ADMIN, "/report")
    calls = await chat.press(ADMIN, press(ReportAct.AREA, id=field.village.id))
    assert "行业领域" in texts(calls)
    await chat.press(ADMIN, press(ReportAct.SECTOR, "gas"))
    await chat.press(ADMIN, press(ReportAct.LEVEL, "general"))
    await chat.send(ADMIN, "村口")
    await chat.press(ADMIN, press(ReportAct.NO_UNIT))
    await chat.send(ADMIN, "燃气管道裸露")
    await chat.send_photo(ADMIN, JPEG_A)
    await chat.press(ADMIN, press(ReportAct.PHOTOS_DONE))
    calls = await chat.press(ADMIN, press(ReportAct.CONFIRM))
    assert "已上报，编号 <b>3305-2603-0001</b>。已通知 1 位监管员。" in texts(calls)


async def test_menu_buttons_are_never_answers_and_an_accident_parks_the_report(chat, field):
    await walk_to(chat, "unit")
    calls = await chat.send(COORDINATOR, "🚨 事故直报")
    assert "暂存" in texts(calls) and "事故什么时候发生" in texts(calls)
    calls = await chat.send(COORDINATOR, "📝 上报隐患")
    assert "正在填写事故直报" in texts(calls)
    from tests.handlers.test_accident import finish_accident

    calls = await finish_accident(chat)
    assert "事故已报送" in texts(calls)
    assert "继续刚才的隐患上报" in texts(calls) and "涉及哪个单位" in texts(calls)  # back where it was
    assert "请简要描述隐患" in texts(await chat.send(COORDINATOR, "安吉电器厂"))


async def test_only_an_offered_hazard_can_take_the_report(chat, field, clock, session):
    await file_report(chat)  # 0001
    clock.advance(timedelta(days=30))
    await file_report(chat, lat=LAT + 1)  # 0002: far away, a month later: no duplicate offered
    calls = await file_report(chat, lat=LAT + 1 + 0.0001)  # near 0002 only
    assert "3305-2604-0001" in texts(calls) or "3305-2603-0002" in texts(calls)
    first = (await session.exec(select(Hazard).where(Hazard.ref == "3305-2603-0001"))).one()
    calls = await chat.press(COORDINATOR, press(ReportAct.SAME, id=first.id))  # forged: 0001 was not offered
    assert alerts(calls) == ["输入不正确，请检查后重试。"]


async def test_a_revoked_reporter_is_stopped_mid_way(chat, field, session, admin_actor, clock):
    from domain.people import grants_of, revoke_grant

    await walk_to(chat, "photos")
    grant, _ = (await grants_of(session, COORDINATOR.id))[0]
    await revoke_grant(session, admin_actor, grant.id, clock.now())
    calls = await chat.send_photo(COORDINATOR, JPEG_B)
    assert "上报权限已被撤销" in texts(calls)
    assert not [c for c in calls if c.name == "GetFile"]  # the photo was not even downloaded


async def test_editing_the_area_from_the_review_asks_for_the_unit_again(chat, field):
    await chat.send(SUPERVISOR, "/report")  # a township supervisor chooses among villages
    await chat.press(SUPERVISOR, press(ReportAct.AREA, id=field.village.id))
    await chat.press(SUPERVISOR, press(ReportAct.SECTOR, "fire"))
    await chat.press(SUPERVISOR, press(ReportAct.LEVEL, "general"))
    await chat.send(SUPERVISOR, "村口")
    await chat.send(SUPERVISOR, "甲厂")
    await chat.send(SUPERVISOR, "描述")
    await chat.send_photo(SUPERVISOR, JPEG_A)
    await chat.press(SUPERVISOR, press(ReportAct.PHOTOS_DONE))
    await chat.press(SUPERVISOR, press(ReportAct.EDIT, "area"))
    calls = await chat.press(SUPERVISOR, press(ReportAct.AREA, id=field.other_village.id))
    assert "涉及哪个单位" in texts(calls)  # units belong to an area: asked again, not shown as "none"
    calls = await chat.send(SUPERVISOR, "乙厂")
    assert "请核对隐患信息" in texts(calls) and "鹤鹿溪村" in texts(calls) and "乙厂" in texts(calls)


async def test_the_duplicate_step_has_its_own_hint_and_resume(chat, field, clock):
    await file_report(chat)
    clock.advance(timedelta(hours=1))
    await file_report(chat)
    calls = await chat.send(COORDINATOR, "随便说点什么")
    assert "请点按钮：补充到已有隐患，或作为新隐患上报" in texts(calls)
    clock.advance(timedelta(hours=25))
    calls = await chat.send(COORDINATOR, "还在吗")
    calls = await chat.press(COORDINATOR, press(ReportAct.RESUME), on=shown(calls))
    assert "请核对隐患信息" in texts(calls)  # back to the review, not an endless offer


async def test_cancel_brings_the_main_menu_back(chat, field):
    await walk_to(chat, "place")
    calls = await chat.send(COORDINATOR, "/cancel")
    keyboard = calls[-1].method.reply_markup
    assert [b.text for row in keyboard.keyboard for b in row] == ["📝 上报隐患", "🚨 事故直报", "📋 我的上报"]
