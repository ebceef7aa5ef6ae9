"""Accident quick reports: the conversation, the push to leaders and supervisors, the lateness flag."""

from datetime import timedelta

import pytest
from sqlmodel import select

from domain.accidents import lateness, parse_casualties, parse_when
from domain.errors import InvalidInput
from handlers.callbacks import AccidentAct, AccidentCb
from storage.models import Accident
from tests.handlers.conftest import COORDINATOR, GROUP_ID, SUPERVISOR
from tests.support.chat import alerts, texts
from tests.support.media import JPEG


def press(act: AccidentAct, id: int = 0) -> str:
    return AccidentCb(act=act, id=id).pack()


async def finish_accident(chat, minutes_ago: int = 30) -> list:
    """From the time question to the end, the shortest way."""
    calls = await chat.press(COORDINATOR, press(AccidentAct.AGO, minutes_ago))
    calls += await chat.send(COORDINATOR, "厂区")
    calls += await chat.press(COORDINATOR, press(AccidentAct.NO_UNIT))
    calls += await chat.press(COORDINATOR, press(AccidentAct.NO_CASUALTIES))
    calls += await chat.send(COORDINATOR, "货架倒塌，无人受伤")
    calls += await chat.press(COORDINATOR, press(AccidentAct.PHOTOS_DONE))
    calls += await chat.press(COORDINATOR, press(AccidentAct.CONFIRM))
    return calls


async def file_accident(chat, when_text: str | None, minutes_ago: int = 0) -> list:
    calls = await chat.send(COORDINATOR, "🚨 事故直报")
    assert "事故什么时候发生" in texts(calls)
    if when_text is None:
        calls += await chat.press(COORDINATOR, press(AccidentAct.AGO, minutes_ago))
    else:
        calls += await chat.send(COORDINATOR, when_text)
    calls += await chat.send_location(COORDINATOR, 30.64, 119.68)
    calls += await chat.send(COORDINATOR, "安吉建材厂")
    calls += await chat.send(COORDINATOR, "死亡0 受伤2")
    calls += await chat.send(COORDINATOR, "叉车侧翻，两名工人受伤送医")
    calls += await chat.send_photo(COORDINATOR, JPEG)
    calls += await chat.press(COORDINATOR, press(AccidentAct.PHOTOS_DONE))
    assert "请核对事故信息" in texts(calls)
    calls += await chat.press(COORDINATOR, press(AccidentAct.CONFIRM))
    return calls


async def test_prompt_report_is_pushed_at_once(chat, field, session):
    calls = await file_accident(chat, None, minutes_ago=30)
    assert "事故已报送，编号 <b>A3305-2603-0001</b>（发生后 30 分钟）" in texts(calls)
    accident = (await session.exec(select(Accident))).one()
    assert (accident.delay_minutes, accident.late, accident.deaths, accident.injuries) == (30, False, 0, 2)
    to_group = [c for c in calls if getattr(c.method, "chat_id", None) == GROUP_ID]
    to_supervisor = [c for c in calls if getattr(c.method, "chat_id", None) == SUPERVISOR.id]
    assert (
        len(to_group) == 1
        and "事故直报 A3305-2603-0001" in to_group[0].text
        and to_group[0].name == "SendPhoto"
    )
    assert len(to_supervisor) == 1 and "受伤 2 人" in to_supervisor[0].text
    assert "迟报" not in to_group[0].text


async def test_late_report_is_flagged(chat, field, session, clock, settings):
    # The clock stands at 09:00 Beijing time; the accident happened at 07:30: 90 minutes.
    assert clock.now().astimezone(settings.tz).strftime("%H:%M") == "09:00"
    calls = await file_accident(chat, "7:30")
    assert "已标记为迟报" in texts(calls)
    accident = (await session.exec(select(Accident))).one()
    assert (accident.delay_minutes, accident.late) == (90, True)
    assert any("迟报" in c.text for c in calls if getattr(c.method, "chat_id", None) == GROUP_ID)


async def test_bad_answers_get_hints(chat, field):
    await chat.send(COORDINATOR, "/accident")
    assert "没看懂这个时间" in texts(await chat.send(COORDINATOR, "昨天下午"))
    assert "不能晚于现在" in texts(await chat.send(COORDINATOR, "3-30 10:00"))
    calls = await chat.send_message(COORDINATOR, voice={"file_id": "v", "file_unique_id": "v", "duration": 1})
    assert "收到了语音。请点按钮，或输入时间" in texts(calls)
    await chat.press(COORDINATOR, press(AccidentAct.AGO, 0))
    await chat.send(COORDINATOR, "厂区")
    await chat.press(COORDINATOR, press(AccidentAct.NO_UNIT))
    assert "请输入两个数字" in texts(await chat.send(COORDINATOR, "两人受伤"))


def test_time_and_casualty_parsing(clock, settings):
    now = clock.now()  # 09:00 in Asia/Shanghai
    assert parse_when("8:15", now, settings.tz) == now - timedelta(minutes=45)
    assert parse_when("10点", now, settings.tz) == now - timedelta(hours=23)  # later today means yesterday
    assert parse_when("3月1日 20:00", now, settings.tz) == now - timedelta(hours=13)
    for bad in ("abc", "25:00", "2-30 10:00"):
        with pytest.raises(InvalidInput):
            parse_when(bad, now, settings.tz)
    assert parse_casualties("0 2") == (0, 2) and parse_casualties("死亡1人，受伤3人") == (1, 3)
    with pytest.raises(InvalidInput):
        parse_casualties("3")
    assert lateness(now - timedelta(minutes=61), now, 60) == (61, True)
    assert lateness(now - timedelta(minutes=60), now, 60) == (60, False)


async def test_forged_minutes_are_refused(chat, field):
    await chat.send(COORDINATOR, "/accident")
    for minutes in (100000, 2**31 - 1, 45):
        calls = await chat.press(COORDINATOR, press(AccidentAct.AGO, minutes))
        assert alerts(calls) == ["这个按钮已经失效，请重新打开菜单。"], minutes


async def test_the_late_threshold_is_the_setting(chat, field, session, services):
    services.settings.accident_late_minutes = 20
    await chat.send(COORDINATOR, "/accident")
    calls = await finish_accident(chat, minutes_ago=30)
    assert "已标记为迟报" in texts(calls)
    assert (await session.exec(select(Accident))).one().late


async def test_an_album_of_scene_photos_gets_one_reply(chat, field):
    await chat.send(COORDINATOR, "/accident")
    await chat.press(COORDINATOR, press(AccidentAct.AGO, 0))
    await chat.send(COORDINATOR, "厂区")
    await chat.press(COORDINATOR, press(AccidentAct.NO_UNIT))
    await chat.press(COORDINATOR, press(AccidentAct.NO_CASUALTIES))
    await chat.send(COORDINATOR, "货架倒塌")
    calls = await chat.send_album(COORDINATOR, [JPEG, JPEG + b"1", JPEG + b"2"])
    assert [c.text for c in calls if c.name == "SendMessage"] == [
        "📷 照片已收到，可继续发送，或点「跳过/完成」。"
    ]
    calls = await chat.press(COORDINATOR, press(AccidentAct.PHOTOS_DONE))
    assert "照片：3 张" in texts(calls)
