"""/digest, /schedule and /plan through the real dispatcher, on a seeded year of data."""

from __future__ import annotations

import io

import pytest
from aiogram.types import Chat
from openpyxl import load_workbook
from PIL import Image
from sqlmodel import select

from domain.roles import Role
from handlers.callbacks import PlanCb, ScheduleCb
from storage.models import AuditEvent
from tests.conftest import ADMIN, START
from tests.handlers.conftest import COORDINATOR, GROUP_ID, LEADER, SUPERVISOR, join
from tests.support.chat import Person, alerts, shown, texts
from tests.support.seed import seed_year

GROUP = Chat(id=GROUP_ID, type="supergroup", title="安吉县安委办")


@pytest.fixture
async def year(session, field):
    return await seed_year(session, [field.village, field.other_village], COORDINATOR.id, START)


def to(calls, chat_id) -> list:
    return [c for c in calls if getattr(c.method, "chat_id", None) == chat_id]


def photos(calls) -> list[Image.Image]:
    return [Image.open(io.BytesIO(c.method.photo.data)) for c in calls if c.name == "SendPhoto"]


async def test_a_leader_previews_the_monthly_digest_and_sends_it_to_the_group(chat, field, year, session):
    calls = await chat.send(LEADER, "/digest")
    assert [text for text, _ in shown(calls).buttons()] == [
        "Monthly dispatch",
        "Two-month action",
        "Quarterly notice",
        "Half-year review",
        "Annual assessment",
    ]
    calls = await chat.send(LEADER, "/digest monthly 2026-02")
    mine = to(calls, LEADER.id)
    text = mine[0].text
    assert "Monthly dispatch | 安吉县 2/2026" in text and "Closure rate" in text
    charts = photos(mine)
    assert len(charts) == 3 and all(image.width >= 1080 for image in charts)
    [ledger] = [c for c in mine if c.name == "SendDocument"]
    assert ledger.method.document.filename == "ledger-3305-2026-02.xlsx"
    offer = mine[-1]
    calls = await chat.press(LEADER, offer.button("安吉县安委办"), on=offer)
    in_group = to(calls, GROUP_ID)
    assert "一月一调度｜安吉县 2026年2月" in in_group[0].text  # the group reads Chinese
    assert [c.name for c in in_group] == [
        "SendMessage",
        "SendPhoto",
        "SendPhoto",
        "SendPhoto",
        "SendDocument",
    ]
    assert "已发送" in texts(to(calls, LEADER.id)) or "Sent to" in texts(to(calls, LEADER.id))
    await session.rollback()
    events = (await session.exec(select(AuditEvent).where(AuditEvent.action == "digest.sent_now"))).all()
    assert [(e.actor_id, e.after) for e in events] == [(LEADER.id, {"kind": "monthly", "period": "2026-02"})]


async def test_a_ledger_cut_at_the_export_limit_says_how_many_it_holds(chat, field, year, monkeypatch):
    from domain import ledger

    calls = await chat.send(LEADER, "/digest monthly 2026-02")
    [whole] = [c for c in to(calls, LEADER.id) if c.name == "SendDocument"]
    count = len(load_workbook(io.BytesIO(whole.method.document.data)).active["A"]) - 1
    assert count > 3 and whole.method.caption == f"The period's hazard ledger ({count})"
    monkeypatch.setattr(ledger, "EXPORT_MAX", 3)
    calls = await chat.send(LEADER, "/digest monthly 2026-02")
    [cut] = [c for c in to(calls, LEADER.id) if c.name == "SendDocument"]
    assert cut.method.caption == f"The period's hazard ledger: the newest 3 of {count}"
    assert len(load_workbook(io.BytesIO(cut.method.document.data)).active["A"]) == 1 + 3


@pytest.mark.parametrize(
    ("kind", "title", "extra"),
    [
        ("quarterly", "三月一公告｜递铺街道 2025年第4季度", "本季度销号的隐患"),
        ("halfyear", "半年一讲评｜递铺街道 2025年下半年", "<pre>"),
        ("annual", "一年一考核｜递铺街道 2025年度", "权重"),
        ("bimonthly", "两月一行动｜递铺街道 2026年3—4月", "两月一报"),
    ],
)
async def test_each_kind_previews_with_its_content(chat, field, year, kind, title, extra):
    calls = await chat.send(SUPERVISOR, f"/digest {kind}")
    mine = to(calls, SUPERVISOR.id)
    assert title in mine[0].text and extra in mine[0].text
    assert not any("📤" in text for text, _ in mine[-1].buttons())  # a supervisor cannot send to groups


async def test_in_the_group_a_leader_sends_and_others_get_a_private_preview(
    chat, field, year, session, admin_actor, clock
):
    county_supervisor = Person(3010, "钱县监")
    await join(session, admin_actor, county_supervisor, Role.SUPERVISOR, field.county, clock.now())
    calls = await chat.send(county_supervisor, "/digest quarterly", chat=GROUP)
    assert "三月一公告｜安吉县" in to(calls, county_supervisor.id)[0].text
    assert [c.text for c in to(calls, GROUP_ID)] == ["预览已私聊发给您。"]
    calls = await chat.send(SUPERVISOR, "/digest quarterly", chat=GROUP)
    assert "没有权限" in texts(calls)  # a township's supervisor does not read the county's figures
    calls = await chat.send(ADMIN, "/digest quarterly 2025-Q4", chat=GROUP)
    assert "三月一公告｜安吉县 2025年第4季度" in to(calls, GROUP_ID)[0].text
    calls = await chat.send(COORDINATOR, "/digest monthly", chat=GROUP)
    assert "没有权限" in texts(calls)
    calls = await chat.send(ADMIN, "/digest monthly 2026-13", chat=GROUP)
    assert "例如 2026-10" in texts(calls)


async def test_schedule_shows_toggles_and_moves_a_kind(chat, field):
    calls = await chat.send(ADMIN, "/schedule", chat=GROUP)
    panel = shown(calls)
    assert "一月一调度：每月 1 日 09:00（开启）" in panel.text
    assert "一年一考核：1月 5 日 09:00（开启）" in panel.text
    off = ScheduleCb(kind="monthly", on=False).pack()
    assert alerts(await chat.press(SUPERVISOR, off, on=panel, chat=GROUP)) == ["您没有权限进行这个操作。"]
    calls = await chat.press(ADMIN, off, on=panel, chat=GROUP)
    assert "一月一调度：每月 1 日 09:00（已关闭）" in shown(calls).text
    calls = await chat.send(ADMIN, "/schedule monthly 3 08:15", chat=GROUP)
    assert "一月一调度：每月 3 日 08:15（开启）" in shown(calls).text
    calls = await chat.send(ADMIN, "/schedule monthly 30 08:15", chat=GROUP)
    assert "日期请填 1 到 28" in texts(calls)


async def test_a_leader_plans_the_two_month_action_and_the_digest_carries_it(chat, field, year):
    calls = await chat.send(LEADER, "/plan")
    panel = shown(calls)
    assert "5–6/2026" in panel.text  # March's action went out on the 1st: the next one
    calls = await chat.press(LEADER, PlanCb(sector="fire").pack(), on=panel)
    calls = await chat.press(LEADER, PlanCb(sector="gas").pack(), on=panel)
    calls = await chat.press(LEADER, PlanCb().pack(), on=panel)
    calls = await chat.send(LEADER, "开展消防和燃气专项整治，重点检查人员密集场所")
    assert "Fire" in texts(calls) or "消防" in texts(calls)
    calls = await chat.send(ADMIN, "/digest bimonthly 2026-05")
    text = to(calls, ADMIN.id)[0].text
    assert "重点领域</b>：消防、燃气" in text and "燃气专项整治" in text
    assert "• 消防：新发现" in text and "• 燃气：新发现" in text


async def test_the_quarterly_notice_counts_every_hazard_signed_off_and_lists_the_first(
    chat, field, year, session, settings, monkeypatch
):
    import re

    import jobs.digests
    from domain.lifecycle import Status
    from domain.periods import Kind, parse
    from storage.models import Area, Hazard

    start, end = parse(Kind.QUARTERLY, "2025-Q4").bounds(settings.tz)
    query = (
        select(Hazard.ref)
        .join(Area, Area.id == Hazard.area_id)
        .where(
            Area.path.startswith(field.town.path),
            Hazard.status == Status.CLOSED,
            Hazard.closed_at >= start,
            Hazard.closed_at < end,
        )
        .order_by(Hazard.closed_at, Hazard.id)
    )
    closed = list((await session.exec(query)).all())
    monkeypatch.setattr(jobs.digests, "CLOSED_LISTED", 5)
    assert len(closed) > 5  # enough for the list to be cut
    calls = await chat.send(SUPERVISOR, "/digest quarterly 2025-Q4")
    text = to(calls, SUPERVISOR.id)[0].text
    assert f"本季度销号的隐患（{len(closed)} 条）" in text
    assert re.findall(r"• (\S+) .*（", text)[-5:] == closed[:5]
    assert f"另有 {len(closed) - 5} 条" in text
