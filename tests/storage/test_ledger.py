"""The ledger (台账) against the real database: scope, filters, paging, derived overdue, and the .xlsx."""

import asyncio
import io
import zipfile
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import event
from sqlmodel import select

from bot.i18n import Catalogs
from domain import ledger
from domain import rectification as rect
from domain.errors import PermissionDenied
from domain.hazards import Draft, EvidenceRef, create_hazard
from domain.ledger import LedgerFilter
from domain.people import load_actor
from domain.roles import Role
from storage import evidence
from storage.models import Hazard
from tests.storage.test_area_cases import make_tree
from tests.storage.test_rectification import TZ, grant

COORD, OTHER_COORD, RECT, TOWN_SUP, OTHER_SUP, LEADER = 21, 22, 23, 24, 25, 26
TODAY = date(2026, 3, 2)  # the clock's START (01:00 UTC) is 09:00 in Shanghai that day
DEADLINE = date(2026, 3, 5)


def jpeg(colour: str, size=(640, 480)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
async def world(session, admin_actor, clock, settings):
    """Two townships; four hazards in 递铺街道's village (one assigned, one closed), one in 孝丰镇."""
    now = clock.now()
    county, town, village, other = await make_tree(session, admin_actor, now)
    for user_id, role, area in (
        (COORD, Role.COORDINATOR, village),
        (OTHER_COORD, Role.COORDINATOR, other),
        (RECT, Role.RECTIFIER, village),
        (TOWN_SUP, Role.SUPERVISOR, town),
        (OTHER_SUP, Role.SUPERVISOR, other),
        (LEADER, Role.LEADER, county),
    ):
        await grant(session, admin_actor, user_id, role, area, now)
    data = jpeg("red")
    sha, _ = evidence.store(settings.data_dir, data, "image/jpeg")
    photo = EvidenceRef(file_id="p1", sha256=sha, size=len(data), mime="image/jpeg")
    # Known to the database but never saved to disk: the export must carry on without it.
    lost = EvidenceRef(file_id="p2", sha256="c" * 64, size=1, mime="image/jpeg")

    async def actor(user_id):
        return await load_actor(session, user_id, admin_ids=[])

    async def report(who, area, minutes, sector="fire", level="general", description="灭火器过期", pic=photo):
        draft = Draft(
            area_id=area.id,
            sector=sector,
            level=level,
            address="村口",
            unit_name="安吉电器厂",
            description=description,
            photos=[pic],
        )
        return await create_hazard(session, await actor(who), draft, now + timedelta(minutes=minutes), TZ)

    plan = rect.Assignment(RECT, None, None, None, DEADLINE, "更换灭火器")
    assigned = await report(COORD, village, 1)
    await rect.assign(session, await actor(TOWN_SUP), assigned.id, plan, now, TZ)
    major = await report(COORD, village, 2, sector="gas", level="major", description="=1+1 液化气钢瓶露天")
    closed = await report(COORD, village, 3)
    await rect.assign(session, await actor(TOWN_SUP), closed.id, plan, now, TZ)
    after = EvidenceRef(file_id="a", sha256="a" * 64, size=1, mime="image/jpeg")
    await rect.complete(session, await actor(RECT), closed.id, "完成", [after], now)
    await rect.accept(session, await actor(TOWN_SUP), closed.id, "合格", now + timedelta(hours=2))
    elsewhere = await report(OTHER_COORD, other, 4, sector="road", pic=lost)
    refs = {"assigned": assigned.ref, "major": major.ref, "closed": closed.ref, "elsewhere": elsewhere.ref}
    return actor, refs, {"town": town, "village": village, "other": other}, sha


async def refs_of(session, who, flt=None, today=TODAY, offset=0, limit=100):
    rows, total = await ledger.page(session, who, flt or LedgerFilter(), today, offset, limit)
    return [row.ref for row in rows], total


async def test_scope_keeps_each_township_to_its_own(session, world):
    actor, refs, areas, _ = world
    town_rows, total = await refs_of(session, await actor(TOWN_SUP))
    assert town_rows == [refs["closed"], refs["major"], refs["assigned"]] and total == 3  # newest first
    assert await refs_of(session, await actor(OTHER_SUP)) == ([refs["elsewhere"]], 1)
    assert (await refs_of(session, await actor(LEADER)))[1] == 4
    # The other township's area, chosen as a filter, is refused rather than shown empty.
    with pytest.raises(PermissionDenied):
        await refs_of(session, await actor(TOWN_SUP), LedgerFilter(area_id=areas["other"].id))
    with pytest.raises(PermissionDenied):
        await refs_of(session, await actor(TOWN_SUP), LedgerFilter(area_id=999_999))
    # Inside the scope an area narrows to its subtree.
    village_rows, _ = await refs_of(session, await actor(LEADER), LedgerFilter(area_id=areas["village"].id))
    assert set(village_rows) == {refs["assigned"], refs["major"], refs["closed"]}
    assert await refs_of(session, await actor(LEADER), LedgerFilter(area_id=areas["other"].id)) == (
        [refs["elsewhere"]],
        1,
    )


async def test_people_without_the_ledger_right_are_refused(session, world):
    actor, *_ = world
    for who in (COORD, RECT):
        with pytest.raises(PermissionDenied):
            await refs_of(session, await actor(who))


async def test_filters(session, world):
    actor, refs, _, _ = world
    leader = await actor(LEADER)
    assert await refs_of(session, leader, LedgerFilter(status="rectifying")) == ([refs["assigned"]], 1)
    assert await refs_of(session, leader, LedgerFilter(status="closed")) == ([refs["closed"]], 1)
    assert await refs_of(session, leader, LedgerFilter(sector="road")) == ([refs["elsewhere"]], 1)
    assert await refs_of(session, leader, LedgerFilter(level="major")) == ([refs["major"]], 1)
    fire_general = await refs_of(session, leader, LedgerFilter(sector="fire", level="general"))
    assert fire_general == ([refs["closed"], refs["assigned"]], 2)
    assert await refs_of(session, leader, LedgerFilter(sector="fire", status="reported")) == ([], 0)


async def test_paging_is_stable_and_complete(session, world):
    actor, refs, _, _ = world
    leader = await actor(LEADER)
    first, total = await refs_of(session, leader, offset=0, limit=3)
    second, total_again = await refs_of(session, leader, offset=3, limit=3)
    beyond, _ = await refs_of(session, leader, offset=6, limit=3)
    assert (len(first), len(second), beyond, total, total_again) == (3, 1, [], 4, 4)
    assert set(first) | set(second) == set(refs.values())


async def test_a_page_is_three_statements_whatever_its_size(session, world, services):
    """Rows with their joins, the count, and the first photos in one batch: no query per row."""
    actor, *_ = world
    leader = await actor(LEADER)
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(services.engine.sync_engine, "before_cursor_execute", record)
    try:
        rows, _ = await ledger.page(session, leader, LedgerFilter(), TODAY, 0, 100)
    finally:
        event.remove(services.engine.sync_engine, "before_cursor_execute", record)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(rows) == 4 and len(selects) == 3
    assert sum(" JOIN users" in s for s in selects) == 1 and selects[0].count("JOIN users") == 3


async def test_overdue_is_derived_from_the_deadline_and_today(session, world):
    actor, refs, _, _ = world
    leader = await actor(LEADER)
    only = LedgerFilter(overdue=True)
    # On the deadline day it is not overdue yet; the day after it is, by one day.
    assert await refs_of(session, leader, only, today=DEADLINE) == ([], 0)
    assert await refs_of(session, leader, only, today=DEADLINE + timedelta(days=1)) == ([refs["assigned"]], 1)
    rows, _ = await ledger.page(session, leader, LedgerFilter(), DEADLINE + timedelta(days=3), 0, 100)
    marks = {row.ref: (row.overdue, row.days_overdue) for row in rows}
    # The closed one had the same deadline and is not overdue; unassigned ones have no deadline.
    assert marks == {
        refs["assigned"]: (True, 3),
        refs["closed"]: (False, 0),
        refs["major"]: (False, 0),
        refs["elsewhere"]: (False, 0),
    }
    not_overdue = await refs_of(session, leader, LedgerFilter(overdue=False), today=DEADLINE + timedelta(3))
    assert set(not_overdue[0]) == {refs["closed"], refs["major"], refs["elsewhere"]}
    # The SQL filter and lifecycle.is_overdue agree on every day around the deadline.
    for shift in range(-2, 4):
        today = DEADLINE + timedelta(days=shift)
        rows, _ = await ledger.page(session, leader, LedgerFilter(), today, 0, 100)
        flagged, _ = await refs_of(session, leader, only, today=today)
        assert set(flagged) == {row.ref for row in rows if row.overdue}
    # Nothing about being overdue was written to the database.
    hazard = (await session.exec(select(Hazard).where(Hazard.ref == refs["assigned"]))).one()
    assert hazard.status == "rectifying" and hazard.deadline == DEADLINE


async def test_a_row_carries_every_column(session, world):
    actor, refs, _, sha = world
    rows, _ = await ledger.page(
        session, await actor(TOWN_SUP), LedgerFilter(status="rectifying"), TODAY, 0, 10
    )
    (row,) = rows
    assert (row.ref, row.area_label, row.sector, row.level, row.status) == (
        refs["assigned"],
        "递铺街道/古城村",
        "fire",
        "general",
        "rectifying",
    )
    assert (row.unit_name, row.reporter_name, row.rectifier_name, row.supervisor_name) == (
        "安吉电器厂",
        f"用户{COORD}",
        f"用户{RECT}",
        f"用户{TOWN_SUP}",
    )
    assert (row.deadline, row.measures, row.closed_at, row.photo_sha256, row.photo_mime) == (
        DEADLINE,
        "更换灭火器",
        None,
        sha,
        "image/jpeg",
    )


def _cells(ws, row: int) -> dict:
    header = [cell.value for cell in ws[1]]
    return dict(zip(header, [cell.value for cell in ws[row]], strict=True))


async def test_xlsx_reads_back_with_the_columns_and_thumbnails(session, world, settings):
    actor, refs, _, _ = world
    today = DEADLINE + timedelta(days=1)
    rows, _ = await ledger.page(session, await actor(LEADER), LedgerFilter(), today, 0, 100)
    t = Catalogs().translator("zh").plain
    data = await asyncio.to_thread(ledger.export_xlsx, rows, t, settings.data_dir, TZ)  # runs in a thread

    ws = load_workbook(io.BytesIO(data))["隐患台账"]
    assert [cell.value for cell in ws[1]] == [
        "编号",
        "区域",
        "行业领域",
        "隐患等级",
        "隐患描述",
        "单位",
        "发现时间",
        "上报人",
        "整改责任人",
        "督办责任人",
        "整改期限",
        "整改措施",
        "状态",
        "销号时间",
        "是否逾期",
        "照片",
    ]
    assert ws.freeze_panes == "A2" and ws.max_row == 5
    by_ref = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    assigned = _cells(ws, by_ref[refs["assigned"]])
    assert assigned == {
        "编号": refs["assigned"],
        "区域": "递铺街道/古城村",
        "行业领域": "消防",
        "隐患等级": "一般隐患",
        "隐患描述": "灭火器过期",
        "单位": "安吉电器厂",
        "发现时间": datetime(2026, 3, 2, 9, 1),  # local time, not UTC
        "上报人": f"用户{COORD}",
        "整改责任人": f"用户{RECT}",
        "督办责任人": f"用户{TOWN_SUP}",
        "整改期限": datetime(2026, 3, 5),
        "整改措施": "更换灭火器",
        "状态": "整改中",
        "销号时间": None,
        "是否逾期": "是",
        "照片": None,
    }
    closed = _cells(ws, by_ref[refs["closed"]])
    assert (closed["状态"], closed["销号时间"], closed["是否逾期"]) == (
        "已销号",
        datetime(2026, 3, 2, 11, 0),
        "否",
    )
    # A description that looks like a formula stays text.
    major = ws.cell(row=by_ref[refs["major"]], column=5)
    assert (major.value, major.data_type) == ("=1+1 液化气钢瓶露天", "s")

    # One thumbnail anchored in the 照片 column of each row whose photo is on disk (not the lost one).
    anchored = sorted((image.anchor._from.row + 1, image.anchor._from.col) for image in ws._images)
    with_photo = sorted(by_ref[ref] for key, ref in refs.items() if key != "elsewhere")
    assert anchored == [(row, 15) for row in with_photo]
    # The same photo is stored once in the file, however many rows show it, and it is small.
    media = [name for name in zipfile.ZipFile(io.BytesIO(data)).namelist() if name.startswith("xl/media/")]
    assert len(media) == 1
    thumb = Image.open(io.BytesIO(zipfile.ZipFile(io.BytesIO(data)).read(media[0])))
    assert thumb.format == "JPEG" and max(thumb.size) <= ledger.THUMB_PX


async def test_empty_export_still_has_the_header(settings):
    t = Catalogs().translator("zh").plain
    ws = load_workbook(io.BytesIO(ledger.export_xlsx([], t, settings.data_dir, TZ))).active
    assert ws.title == "隐患台账" and ws.max_row == 1 and ws.cell(row=1, column=16).value == "照片"


def test_the_thumbnail_is_made_when_the_photo_is_stored_and_only_read_at_export(settings):
    data = jpeg("blue", size=(1280, 960))
    sha, path = evidence.store(settings.data_dir, data, "image/jpeg")
    kept = evidence.thumbnail_path(settings.data_dir, sha)
    assert kept.parent == path.parent
    with Image.open(kept) as thumb:
        assert thumb.format == "JPEG" and thumb.size == (ledger.THUMB_PX, 90)
    path.unlink()  # the export needs only the thumbnail
    assert evidence.thumbnail(settings.data_dir, sha, "image/jpeg") == kept.read_bytes()


def test_a_photo_stored_before_thumbnails_gets_one_at_export_and_keeps_it(settings):
    sha, _ = evidence.store(settings.data_dir, jpeg("green"), "image/jpeg")
    kept = evidence.thumbnail_path(settings.data_dir, sha)
    kept.unlink()
    made = evidence.thumbnail(settings.data_dir, sha, "image/jpeg")
    assert made is not None and kept.read_bytes() == made
    # Unreadable or missing photos have none, and nothing is left behind for them.
    sha, _ = evidence.store(settings.data_dir, b"not an image", "image/jpeg")
    assert evidence.thumbnail(settings.data_dir, sha, "image/jpeg") is None
    assert evidence.thumbnail(settings.data_dir, "d" * 64, "image/jpeg") is None
    assert not evidence.thumbnail_path(settings.data_dir, sha).exists()


def test_row_heights_measure_only_texts_that_could_need_more_lines():
    import random

    rng = random.Random(5)
    alphabet = "ab 1-：配电箱门损坏\n"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 90)))
        width, known = rng.choice(ledger.WIDTHS), rng.randrange(1, 9)
        exact = sum(
            max(1, -(-sum(2 if ord(c) > 0x2E80 else 1 for c in part) // (width - 1)))
            for part in text.split("\n")
        )
        assert ledger._lines(text, width, known) == max(known, exact), (text, width, known)
