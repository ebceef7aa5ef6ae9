"""Admins build the tree and invite people, through real updates and the real dispatcher."""

from aiogram.types import Chat

from handlers.callbacks import AreaAct, AreaCb, BindCb, InviteCb, MemberCb, MoveCb
from tests.conftest import ADMIN
from tests.support.chat import Person, alerts, shown, texts

ALICE = Person(2001, "李网格", "li_grid")
EVE = Person(6666, "<b>伊娃</b>", "eve", language_code="en")


async def create_area(chat, name: str, code: str | None, parent_call=None):
    """Tap "new", type the name, then type the code or take the suggestion."""
    if parent_call is None:
        panel = shown(await chat.send(ADMIN, "/areas"))
        calls = await chat.press(ADMIN, panel.button("新建县级区域"), on=panel)
    else:
        calls = await chat.press(ADMIN, parent_call.button("新建下级"), on=parent_call)
    assert "名称" in texts(calls)
    calls = await chat.send(ADMIN, name)
    if code is None:
        calls = await chat.press(ADMIN, shown(calls).button("使用"), on=shown(calls))
    else:
        calls = await chat.send(ADMIN, code)
    assert "已新建区域" in texts(calls), texts(calls)
    return shown(calls)  # the new area's panel


async def test_admin_builds_tree_and_invites(chat):
    county = await create_area(chat, "安吉县", "3305")
    assert "安吉县" in county.text and "3305" in county.text
    town = await create_area(chat, "递铺街道", None, county)
    assert "330501" in town.text
    village = await create_area(chat, "古城村", None, town)
    assert "33050101" in village.text and "安吉县 › 递铺街道 › 古城村" in village.text

    calls = await chat.press(ADMIN, village.button("邀请"), on=village)
    calls = await chat.press(ADMIN, shown(calls).button("网格员"), on=shown(calls))
    calls = await chat.press(ADMIN, shown(calls).button("仅一次"), on=shown(calls))
    calls = await chat.press(ADMIN, shown(calls).button("7 天"), on=shown(calls))
    link = texts(calls).split("<code>")[1].split("</code>")[0]
    assert link.startswith("https://t.me/safegrid_bot?start=inv_")

    calls = await chat.send(ALICE, f"/start {link.split('start=')[1]}")
    assert "欢迎，李网格" in texts(calls) and "网格员" in texts(calls)
    assert any(c.name == "SetMyCommands" and c.method.scope.chat_id == ALICE.id for c in calls)
    calls = await chat.send(ALICE, "/me")
    assert "网格员 — 安吉县 › 递铺街道 › 古城村" in texts(calls)

    calls = await chat.send(Person(2002, "赵"), f"/start {link.split('start=')[1]}")
    assert "已经用完" in texts(calls)


async def test_tree_listing_and_move(chat):
    county = await create_area(chat, "安吉县", "3305")
    town_a = await create_area(chat, "甲镇", "330501", county)
    await create_area(chat, "一村", "33050101", town_a)
    county = shown(await chat.press(ADMIN, AreaCb(act=AreaAct.OPEN, id=1).pack()))
    await create_area(chat, "乙镇", "330502", county)
    calls = await chat.press(ADMIN, AreaCb(act=AreaAct.TREE, id=1).pack())
    assert texts(calls).splitlines()[1:] == [
        "安吉县 <code>3305</code>",
        "├ 甲镇 <code>330501</code>",
        "│ └ 一村 <code>33050101</code>",
        "└ 乙镇 <code>330502</code>",
    ]
    # Move the village from 甲镇 (id 2) to 乙镇 (id 4): the choices leave out its own parent.
    calls = await chat.press(ADMIN, AreaCb(act=AreaAct.MOVE, id=3).pack())
    assert [text for text, _ in shown(calls).buttons()] == ["安吉县", "└ 乙镇", "⬆️ 设为顶级区域", "« 返回"]
    calls = await chat.press(ADMIN, MoveCb(id=3, to=4).pack())
    assert "安吉县 › 乙镇 › 一村" in texts(calls)
    # Moving a town into its own village is refused with a reason, not an error page.
    calls = await chat.press(ADMIN, MoveCb(id=4, to=3).pack())
    assert alerts(calls) == ["不能把区域移到它自己或它的下级区域下面。"]


async def test_bad_input_in_area_form_keeps_the_step(chat):
    county = await create_area(chat, "安吉县", "3305")
    await chat.press(ADMIN, county.button("新建下级"), on=county)
    calls = await chat.send_message(ADMIN, sticker=None, location={"latitude": 30.6, "longitude": 119.6})
    assert "请直接发送文字" in texts(calls)
    await chat.send(ADMIN, "递铺街道")
    calls = await chat.send(ADMIN, "bad code!")
    assert "代码只能是" in texts(calls)
    calls = await chat.send(ADMIN, "3305")  # taken by the county
    assert "已被其他区域使用" in texts(calls)
    calls = await chat.send(ADMIN, "330501")
    assert "已新建区域" in texts(calls)


async def test_user_text_is_escaped_everywhere(chat):
    county = await create_area(chat, "<i>县</i>&", "3305")
    assert "&lt;i&gt;县&lt;/i&gt;&amp;" in county.text
    assert "<i>县</i>" not in county.text


async def test_cancel_leaves_any_conversation(chat):
    panel = shown(await chat.send(ADMIN, "/areas"))
    await chat.press(ADMIN, panel.button("新建县级区域"), on=panel)
    calls = await chat.send(ADMIN, "/cancel")
    assert "已取消" in texts(calls)
    calls = await chat.send(ADMIN, "安吉县")  # no longer taken as a name
    assert "已新建" not in texts(calls)
    assert "/help" in texts(calls)
    assert "当前没有进行中的操作" in texts(await chat.send(ADMIN, "/cancel"))


async def test_import_by_chat_reports_bad_rows_then_succeeds(chat):
    county = await create_area(chat, "安吉县", "3305")
    calls = await chat.press(ADMIN, county.button("批量导入"), on=county)
    assert "CSV" in texts(calls)
    calls = await chat.send(ADMIN, "hello")
    assert "以文件形式" in texts(calls)
    calls = await chat.send_document(ADMIN, b"%PDF-1.4", "x.pdf", "application/pdf")
    assert "只能导入" in texts(calls)
    bad = "乡镇,村社区\n递铺街道,古城村\n,孤村\n".encode()
    calls = await chat.send_document(ADMIN, bad, "v.csv", "text/csv")
    assert "第 3 行：乡镇名称为空" in texts(calls)
    good = "乡镇,村社区\n递铺街道,古城村\n递铺街道,鹤鹿溪村\n".encode()
    calls = await chat.send_document(ADMIN, good, "v.csv", "text/csv")
    assert "新建 3 个区域" in texts(calls)


async def test_forged_and_out_of_scope_presses_change_nothing(chat):
    county = await create_area(chat, "安吉县", "3305")
    town = await create_area(chat, "递铺街道", "330501", county)
    await create_area(chat, "古城村", "33050101", town)
    # A stranger crafts callback data for admin-only actions: refused politely, nothing changes.
    for data in (
        MoveCb(id=3, to=0).pack(),
        AreaCb(act=AreaAct.RENAME, id=1).pack(),
        InviteCb(area=1, role="admin", uses=0, ttl=30).pack(),
        MemberCb(area=1, grant=1, confirm=True).pack(),
        AreaCb(act=AreaAct.OPEN, id=1).pack(),
    ):
        calls = await chat.press(EVE, data)
        assert alerts(calls) == ["You are not allowed to do that."], data
        assert not [c for c in calls if c.name in ("EditMessageText", "SendMessage")]
    tree = texts(await chat.press(ADMIN, AreaCb(act=AreaAct.TREE, id=1).pack()))
    assert "└ 递铺街道" in tree and "  └ 古城村" in tree.replace("　", " ")
    # Garbage and stale data get the stale-button answer.
    assert alerts(await chat.press(EVE, "ar:zz:1:0")) == [
        "This button no longer works; please open the menu again."
    ]


async def test_revoked_member_loses_access_at_once(chat):
    county = await create_area(chat, "安吉县", "3305")
    calls = await chat.press(ADMIN, county.button("邀请"), on=county)
    calls = await chat.press(ADMIN, InviteCb(area=1, role="supervisor", uses=1, ttl=1).pack())
    token = texts(calls).split("start=")[1].split("</code>")[0]
    await chat.send(ALICE, f"/start {token}")
    assert "安吉县" in str(shown(await chat.send(ALICE, "/areas")).buttons())  # the supervisor sees the area
    members = await chat.press(ADMIN, AreaCb(act=AreaAct.MEMBERS, id=1).pack())
    assert "李网格 @li_grid — 监管员 · 安吉县" in shown(members).text
    calls = await chat.press(ADMIN, shown(members).button("撤销"))
    calls = await chat.press(ADMIN, shown(calls).button("确定撤销"))
    assert any(c.name == "SendMessage" and c.method.chat_id == ALICE.id and "撤销" in c.text for c in calls)
    assert "您还没有加入任何区域" in texts(await chat.send(ALICE, "/me"))
    assert alerts(await chat.press(ALICE, AreaCb(act=AreaAct.OPEN, id=1).pack())) == [
        "您没有权限进行这个操作。"
    ]


async def test_group_bind_and_removal(chat, session):
    from storage.models import GroupChat

    await create_area(chat, "安吉县", "3305")
    group = Chat(id=-1001234, type="supergroup", title="安吉县安委办")
    calls = await chat.bot_added(ADMIN, group)
    assert "/bind" in texts(calls)
    calls = await chat.send(EVE, "/bind", chat=group)
    assert "Only administrators or leaders" in texts(calls)
    calls = await chat.send(ADMIN, "/bind", chat=group)
    assert "安吉县" in str(shown(calls).buttons())
    calls = await chat.press(EVE, BindCb(area=1, bind=True).pack(), chat=group)
    assert alerts(calls) == ["You are not allowed to do that."]
    calls = await chat.press(ADMIN, BindCb(area=1, bind=True).pack(), chat=group)
    assert "本群已绑定到 安吉县" in texts(calls)
    assert (await session.get(GroupChat, group.id)).area_id == 1
    await session.rollback()
    await chat.bot_removed(ADMIN, group)
    await session.rollback()  # end this test's read snapshot to see what the bot wrote since
    stored = await session.get(GroupChat, group.id)
    assert (stored.area_id, stored.is_member, stored.unbind_reason) == (None, False, "removed")


async def test_help_depends_on_roles(chat):
    assert "管理员" in texts(await chat.send(ADMIN, "/help"))
    stranger = texts(await chat.send(Person(9, "路人"), "/help"))
    assert "邀请链接" in stranger and "/areas" not in stranger
    assert "/areas" not in texts(await chat.send(Person(9, "路人"), "/me"))


async def test_double_tap_on_the_same_panel_is_quiet(chat, recording):
    from aiogram.exceptions import TelegramBadRequest
    from aiogram.methods import EditMessageText

    await create_area(chat, "安吉县", "3305")
    recording.fail["EditMessageText"] = TelegramBadRequest(
        EditMessageText(text="x"), "Bad Request: message is not modified: specified new message content ..."
    )
    calls = await chat.press(ADMIN, AreaCb(act=AreaAct.OPEN, id=1).pack())
    assert [c.name for c in calls] == ["EditMessageText", "AnswerCallbackQuery"]
    assert alerts(calls) == []


async def test_a_command_at_a_text_step_is_not_taken_as_a_name(chat):
    panel = shown(await chat.send(ADMIN, "/areas"))
    await chat.press(ADMIN, panel.button("新建县级区域"), on=panel)
    calls = await chat.send(ADMIN, "/bind")
    assert "代码" not in texts(calls) and "请按上一条消息的提示" in texts(calls)
    assert "代码" in texts(await chat.send(ADMIN, "安吉县"))  # the step is still waiting for the name


async def test_an_old_cancel_button_does_not_cancel_a_newer_conversation(chat):
    county = await create_area(chat, "安吉县", "3305")
    old_prompt = shown(await chat.press(ADMIN, county.button("改名"), on=county))
    await chat.send(ADMIN, "/cancel")
    await chat.press(ADMIN, county.button("新建下级"), on=county)
    calls = await chat.press(ADMIN, old_prompt.button("取消"), on=old_prompt)
    assert [c.method.text for c in calls if c.name == "AnswerCallbackQuery"] == ["当前没有进行中的操作。"]
    assert "代码" in texts(await chat.send(ADMIN, "递铺街道"))  # the newer conversation went on


async def test_names_in_buttons_are_plain_text(chat):
    county = await create_area(chat, "A&B<县>", "3305")
    group = Chat(id=-1001, type="supergroup", title="g")
    await chat.bot_added(ADMIN, group)
    picker = shown(await chat.send(ADMIN, "/bind", chat=group))
    calls = await chat.press(ADMIN, picker.button("下级"), on=picker, chat=group)
    assert "✅ 绑定到「A&B<县>」" in [text for text, _ in shown(calls).buttons()]
    assert "A&amp;B&lt;县&gt;" in county.text  # while message text stays escaped for HTML


async def test_thirty_people_at_once_all_get_answers(chat):
    """Updates are handled concurrently; neither the connection pool nor SQLite's lock may stall them."""
    import asyncio

    people = [Person(5000 + i, f"人{i}") for i in range(30)]
    results = await asyncio.wait_for(asyncio.gather(*(chat.send(p, "/start") for p in people)), timeout=20)
    assert all("安全网格" in texts(calls) for calls in results)
