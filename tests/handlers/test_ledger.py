"""`/ledger` through the real dispatcher: rows in scope, filters and pages on buttons, the Excel export."""

import io
import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiogram import Router
from openpyxl import load_workbook
from PIL import Image

import handlers
import handlers.ledger as ledger_handlers
from bot import app
from bot.app import build_dispatcher
from domain import ledger
from domain import rectification as rect
from domain.hazards import Draft, EvidenceRef, create_hazard
from domain.lifecycle import Status
from domain.people import load_actor
from domain.roles import Role
from domain.sectors import Level, Sector
from handlers.callbacks import LedgerAct, LedgerCb
from storage import evidence
from tests.handlers.conftest import COORDINATOR, SUPERVISOR, join
from tests.handlers.test_report import file_report
from tests.support.chat import Person, alerts, shown, texts

TZ = ZoneInfo("Asia/Shanghai")
RECTIFIER = Person(3004, "孙整改", "sun_fix")
GAS = 3  # of the ten hazards made through the domain, this many are about gas
REF = re.compile(r"<code>(3305-\d{4}-\d{4})</code>")


def with_ledger() -> Router:
    """The application's routers, with the ledger's in front until handlers/__init__.py lists it."""
    root = handlers.build_root_router()
    if any(router.name == ledger_handlers.__name__ for router in root.chain_tail):
        return root
    outer = Router(name="test-root")
    outer.include_router(ledger_handlers.build_router())
    outer.include_router(root)
    return outer


@pytest.fixture
async def dispatcher(services, monkeypatch):
    monkeypatch.setattr(app, "build_root_router", with_ledger)
    return build_dispatcher(services, with_scheduler=False)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), "orange").save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
async def hazards(chat, field, session, admin_actor, clock, settings):
    """One report through the chat, ten through the domain (three about gas), one of them assigned."""
    await file_report(chat)
    now = clock.now()
    await join(session, admin_actor, RECTIFIER, Role.RECTIFIER, field.village, now)
    data = jpeg()
    sha, _ = evidence.store(settings.data_dir, data, "image/jpeg")
    photo = EvidenceRef(file_id="f", sha256=sha, size=len(data), mime="image/jpeg")
    coordinator = await load_actor(session, COORDINATOR.id, admin_ids=[])
    made = []
    for i in range(10):
        draft = Draft(
            area_id=field.village.id,
            sector="gas" if i < GAS else "fire",
            level="general",
            address="村口",
            no_unit=True,
            description=f"隐患 {i}",
            photos=[photo],
        )
        made.append(await create_hazard(session, coordinator, draft, now + timedelta(minutes=i + 1), TZ))
    supervisor = await load_actor(session, SUPERVISOR.id, admin_ids=[])
    plan = rect.Assignment(RECTIFIER.id, None, None, None, date(2026, 3, 5), "关阀更换软管")
    await rect.assign(session, supervisor, made[0].id, plan, now, TZ)
    return made


async def open_ledger(chat):
    calls = await chat.send(SUPERVISOR, "/ledger")
    return shown(calls)


async def test_supervisor_sees_filters_pages_and_exports(chat, hazards, clock):
    panel = await open_ledger(chat)
    assert panel.name == "SendMessage" and "隐患台账" in panel.text and "共 11 条" in panel.text
    assert len(REF.findall(panel.text)) == ledger_handlers.PAGE_SIZE
    assert REF.findall(panel.text)[0] == hazards[-1].ref  # newest first
    labels = [label for label, _ in panel.buttons()]
    assert "📥 导出 Excel" in labels and "»" in labels

    # The next page holds the rest; the filter state travels in the button.
    calls = await chat.press(SUPERVISOR, panel.button("»"), on=panel)
    page2 = shown(calls)
    assert page2.name == "EditMessageText" and "2/2" in [label for label, _ in page2.buttons()]
    assert len(REF.findall(page2.text)) == 11 - ledger_handlers.PAGE_SIZE

    # Overdue is derived from the deadline: after it passes, the assigned hazard shows up as overdue.
    clock.advance(timedelta(days=5))  # 2026-03-07 in Shanghai, two days after the deadline
    calls = await chat.press(SUPERVISOR, page2.button("只看逾期"), on=page2)
    overdue = shown(calls)
    assert "共 1 条" in overdue.text and "逾期 2 天" in overdue.text
    assert REF.findall(overdue.text) == [hazards[0].ref]
    calls = await chat.press(SUPERVISOR, overdue.button("只看逾期"), on=overdue)  # toggled off again
    assert "共 11 条" in shown(calls).text

    # Status cycles from "all" to "reported": the assigned one drops out.
    calls = await chat.press(SUPERVISOR, shown(calls).button("状态"), on=shown(calls))
    reported = shown(calls)
    assert "共 10 条" in reported.text and "状态：已上报" in reported.text

    # Sector picker, then a sector: the status filter is kept.
    calls = await chat.press(SUPERVISOR, reported.button("领域"), on=reported)
    picker = shown(calls)
    assert "按行业领域筛选" in picker.text
    calls = await chat.press(SUPERVISOR, picker.button("燃气"), on=picker)
    gas = shown(calls)
    assert f"共 {GAS - 1} 条" in gas.text and "领域：燃气" in gas.text and "状态：已上报" in gas.text

    # Area picker: the township and the villages below it; the other village has nothing.
    calls = await chat.press(SUPERVISOR, gas.button("清除筛选"), on=gas)
    cleared = shown(calls)
    calls = await chat.press(SUPERVISOR, cleared.button("区域"), on=cleared)
    areas = shown(calls)
    names = [label for label, _ in areas.buttons()]
    assert any("递铺街道" in n for n in names) and any("古城村" in n for n in names)
    assert any("鹤鹿溪村" in n for n in names) and not any("安吉县" in n for n in names)
    calls = await chat.press(SUPERVISOR, areas.button("鹤鹿溪村"), on=areas)
    empty = shown(calls)
    assert "共 0 条" in empty.text and "没有符合条件的隐患" in empty.text
    assert "导出 Excel" not in [label for label, _ in empty.buttons()]

    # Export everything matching the (cleared) filter as a real .xlsx document.
    calls = await chat.press(SUPERVISOR, cleared.button("导出 Excel"), on=cleared)
    documents = [c for c in calls if c.name == "SendDocument"]
    assert len(documents) == 1 and documents[0].method.chat_id == SUPERVISOR.id
    assert "11 条" in documents[0].text
    sent = documents[0].method.document
    assert sent.filename == "ledger-20260307.xlsx"
    ws = load_workbook(io.BytesIO(sent.data))["隐患台账"]
    assert [c.value for c in ws[1]][:3] == ["编号", "区域", "行业领域"] and ws.max_row == 12
    by_ref = {ws.cell(row=r, column=1).value: r for r in range(2, 13)}
    assigned = by_ref[hazards[0].ref]
    assert (
        ws.cell(row=assigned, column=15).value == "是" and ws.cell(row=assigned, column=13).value == "整改中"
    )
    assert ws.cell(row=assigned, column=9).value == RECTIFIER.first_name
    # The ten with a real photo on disk get a thumbnail; the chat report's tiny test bytes do not decode.
    assert len(ws._images) == 10 and {image.anchor._from.col for image in ws._images} == {15}


async def test_export_is_capped(chat, hazards, monkeypatch):
    monkeypatch.setattr(ledger, "EXPORT_MAX", 4)
    panel = await open_ledger(chat)
    calls = await chat.press(SUPERVISOR, panel.button("导出 Excel"), on=panel)
    (document,) = [c for c in calls if c.name == "SendDocument"]
    assert "共 11 条" in document.text and "只导出了最新的 4 条" in document.text
    ws = load_workbook(io.BytesIO(document.method.document.data)).active
    assert ws.max_row == 5


async def test_coordinator_is_refused(chat, hazards):
    calls = await chat.send(COORDINATOR, "/ledger")
    assert "您没有权限" in texts(calls) and "隐患台账" not in texts(calls)
    # A ledger button that reached a coordinator (forwarded, or a role since revoked) is refused too.
    calls = await chat.press(COORDINATOR, LedgerCb(act=LedgerAct.SHOW).pack())
    assert any("没有权限" in alert for alert in alerts(calls))
    assert not [c for c in calls if c.name in ("EditMessageText", "SendDocument")]
    calls = await chat.press(COORDINATOR, LedgerCb(act=LedgerAct.EXPORT).pack())
    assert not [c for c in calls if c.name == "SendDocument"] and alerts(calls)


async def test_out_of_scope_area_in_a_forged_button_changes_nothing(chat, hazards, field):
    # The supervisor's scope is the township; the county above it is not his to see.
    calls = await chat.press(SUPERVISOR, LedgerCb(act=LedgerAct.SHOW, area=field.county.id).pack())
    assert any("没有权限" in alert for alert in alerts(calls))
    assert not [c for c in calls if c.name == "EditMessageText"]
    calls = await chat.press(SUPERVISOR, LedgerCb(act=LedgerAct.EXPORT, area=field.county.id).pack())
    assert not [c for c in calls if c.name == "SendDocument"]
    # Garbage in the data does not unpack: it is answered as a stale button.
    calls = await chat.press(SUPERVISOR, "lg:v:nonsense::::0:0")
    assert any("失效" in alert for alert in alerts(calls))


def test_callback_data_fits_and_round_trips_at_its_widest():
    widest = LedgerCb(
        act=max(LedgerAct, key=len),
        status=max(Status, key=len),
        sector=max(Sector, key=len),
        level=max(Level, key=len),
        overdue=False,
        area=2**31 - 1,
        page=9_999,
    )
    packed = widest.pack()
    assert len(packed.encode()) <= 64 and LedgerCb.unpack(packed) == widest
    assert LedgerCb.unpack(LedgerCb(act=LedgerAct.SHOW).pack()).overdue is None  # "any", not False
    with pytest.raises(ValueError):
        LedgerCb.unpack("lg:v:::::-1:0")  # ids are bounded: forged data does not unpack
