"""The closed loop in chat: every person gets the right message at the right step; the timeline shows who."""

from handlers.callbacks import RectifyAct, RectifyCb
from tests.handlers.conftest import COORDINATOR, RECTIFIER, SUPERVISOR
from tests.handlers.test_report import JPEG_B, file_report
from tests.support.chat import Person, alerts, shown, texts


def to(calls, person):
    return "\n".join(c.text for c in calls if getattr(c.method, "chat_id", None) == person.id)


async def open_card(chat, person):
    return shown(await chat.send(person, "/h 3305-2603-0001"))


async def test_report_assign_complete_return_complete_close(chat, field):
    await file_report(chat)
    card = await open_card(chat, SUPERVISOR)
    assert [text for text, _ in card.buttons()][:3] == ["📋 交办整改", "❌ 不属实", "🔗 合并为重复"]
    calls = await chat.press(SUPERVISOR, card.button("交办整改"), on=card)
    calls = await chat.press(SUPERVISOR, shown(calls).button("孙整改"), on=shown(calls))
    calls = await chat.press(SUPERVISOR, shown(calls).button("我来督办"), on=shown(calls))
    calls = await chat.press(SUPERVISOR, shown(calls).button("7 天"), on=shown(calls))
    assert "请输入整改措施" in texts(calls)
    calls = await chat.send(SUPERVISOR, "更换配电箱门，电线穿管")
    assert "已交办 <b>3305-2603-0001</b>，整改期限 2026-03-09" in to(calls, SUPERVISOR)
    assert "新的整改任务" in to(calls, RECTIFIER) and "电线穿管" in to(calls, RECTIFIER)
    assert "已交办整改" in to(calls, COORDINATOR)

    card = await open_card(chat, RECTIFIER)
    calls = await chat.press(RECTIFIER, card.button("整改完成"), on=card)
    calls = await chat.press(RECTIFIER, RectifyCb(act=RectifyAct.SUBMIT, hazard=1).pack())
    assert alerts(calls) == ["请至少上传一张整改后的照片。"]  # the step stays
    await chat.send(RECTIFIER, "已更换")
    await chat.send_photo(RECTIFIER, JPEG_B)
    calls = await chat.press(RECTIFIER, RectifyCb(act=RectifyAct.SUBMIT, hazard=1).pack())
    assert "等待复查验收" in to(calls, RECTIFIER) and "请复查验收" in to(calls, SUPERVISOR)
    assert "已整改完成" in to(calls, COORDINATOR)

    card = await open_card(chat, SUPERVISOR)
    calls = await chat.press(SUPERVISOR, card.button("退回重改"), on=card)
    calls = await chat.send(SUPERVISOR, "照片看不清")
    assert "被退回重改：照片看不清" in to(calls, RECTIFIER)

    card = await open_card(chat, RECTIFIER)
    await chat.press(RECTIFIER, card.button("整改完成"), on=card)
    await chat.send_photo(RECTIFIER, JPEG_B + b"2")
    await chat.press(RECTIFIER, RectifyCb(act=RectifyAct.SUBMIT, hazard=1).pack())
    card = await open_card(chat, SUPERVISOR)
    calls = await chat.press(SUPERVISOR, card.button("附意见"), on=card)
    calls = await chat.send(SUPERVISOR, "整改到位")
    assert "已销号" in to(calls, SUPERVISOR)
    assert "已验收销号" in to(calls, COORDINATOR) and "已验收销号" in to(calls, RECTIFIER)

    calls = await chat.send(COORDINATOR, "/h 3305-2603-0001")
    # Before and after photos are paired: the report's album, then the rectifier's, each captioned.
    assert [c.name for c in calls] == ["SendMediaGroup", "SendMediaGroup", "SendMessage"]
    assert [c.method.media[0].caption for c in calls[:2]] == ["整改前", "整改后"]
    timeline = shown(calls).text
    for line in (
        "李网格（网格员）上报",
        "赵监管（监管员）交办整改",
        "孙整改（整改责任人）报告整改完成",
        "赵监管（监管员）退回重改 照片看不清",
        "赵监管（监管员）复查验收，销号",
    ):
        assert line in timeline, line
    assert "已销号" in timeline


async def test_stale_or_forged_presses_change_nothing(chat, field):
    await file_report(chat)
    stranger = Person(9999, "外人")
    for act in (RectifyAct.ASSIGN, RectifyAct.ACCEPT, RectifyAct.REJECT, RectifyAct.LIST, RectifyAct.EXTEND):
        calls = await chat.press(stranger, RectifyCb(act=act, hazard=1).pack())
        assert alerts(calls), act
    # The coordinator cannot accept; a second supervisor press after closing finds the new state.
    calls = await chat.press(COORDINATOR, RectifyCb(act=RectifyAct.ACCEPT, hazard=1).pack())
    assert alerts(calls) == ["您没有权限进行这个操作。"]
    calls = await chat.press(SUPERVISOR, RectifyCb(act=RectifyAct.ACCEPT, hazard=1).pack())
    assert "不能进行这个操作" in alerts(calls)[0]


async def test_merge_and_reject_from_the_card(chat, field, clock):
    from datetime import timedelta

    await file_report(chat)
    clock.advance(timedelta(days=20))
    await file_report(chat, lat=30.7)
    card = shown(await chat.send(SUPERVISOR, "/h 3305-2603-0002"))
    await chat.press(SUPERVISOR, card.button("合并为重复"), on=card)
    calls = await chat.send(SUPERVISOR, "3305 2603 0001")
    assert "已把 <b>3305-2603-0002</b> 合并到 <b>3305-2603-0001</b>" in texts(calls)
    card = shown(await chat.send(SUPERVISOR, "/h 3305-2603-0001"))
    await chat.press(SUPERVISOR, card.button("不属实"), on=card)
    calls = await chat.send(SUPERVISOR, "经核查灭火器在有效期内")
    assert "经核查不属实：经核查灭火器在有效期内" in to(calls, COORDINATOR)


async def test_card_buttons_do_nothing_in_groups_and_old_submits_are_refused(chat, field, clock):
    from datetime import timedelta

    from aiogram.types import Chat

    from tests.handlers.conftest import GROUP_ID

    await file_report(chat)
    group = Chat(id=GROUP_ID, type="supergroup", title="安委办")
    calls = await chat.press(SUPERVISOR, RectifyCb(act=RectifyAct.ASSIGN, hazard=1).pack(), chat=group)
    assert not [c for c in calls if getattr(c.method, "chat_id", None) == GROUP_ID]
    # An old Submit of another report does not act on the current one.
    clock.advance(timedelta(days=20))
    await file_report(chat, lat=30.7)
    card = await open_card(chat, COORDINATOR)
    await chat.press(COORDINATOR, card.button("已当场整改"), on=card)
    await chat.send_photo(COORDINATOR, JPEG_B)
    calls = await chat.press(COORDINATOR, RectifyCb(act=RectifyAct.SUBMIT, hazard=2).pack())
    assert alerts(calls) == ["输入不正确，请检查后重试。"]
    calls = await chat.press(COORDINATOR, RectifyCb(act=RectifyAct.SUBMIT, hazard=1).pack())
    assert "当场整改，等待复查验收" in to(calls, COORDINATOR)


async def test_an_outside_rectifier_gets_the_task_when_joining(chat, field):
    await file_report(chat)
    card = await open_card(chat, SUPERVISOR)
    calls = await chat.press(SUPERVISOR, card.button("交办整改"), on=card)
    calls = await chat.press(SUPERVISOR, shown(calls).button("外部人员"), on=shown(calls))
    await chat.send(SUPERVISOR, "王师傅")
    calls = await chat.send(SUPERVISOR, "138 0000 0000")
    calls = await chat.press(SUPERVISOR, shown(calls).button("我来督办"), on=shown(calls))
    await chat.press(SUPERVISOR, shown(calls).button("15 天"), on=shown(calls))
    calls = await chat.send(SUPERVISOR, "修复护栏")
    link = to(calls, SUPERVISOR).split("<code>")[1].split("</code>")[0]
    outsider = Person(7777, "王师傅")
    calls = await chat.send(outsider, "/start " + link.split("start=")[1])
    assert "整改责任人" in to(calls, outsider) and "新的整改任务 <b>3305-2603-0001</b>" in to(calls, outsider)
