"""Area use cases against the real database: create, rename, move, import."""

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from sqlmodel import select

from domain import areas as area_rules
from domain.area_import import import_areas, read_table
from domain.errors import Conflict, InvalidInput, PermissionDenied
from domain.permissions import Actor, Grant
from domain.roles import Role
from storage import areas as area_store
from storage.models import AuditEvent


async def make_tree(session, admin, now):
    county = await area_rules.create_area(session, admin, name="安吉县", code="3305", parent_id=None, now=now)
    town = await area_rules.create_area(
        session, admin, name="递铺街道", code="330501", parent_id=county.id, now=now
    )
    village = await area_rules.create_area(
        session, admin, name="古城村", code="330501001", parent_id=town.id, now=now
    )
    other = await area_rules.create_area(
        session, admin, name="孝丰镇", code="330502", parent_id=county.id, now=now
    )
    return county, town, village, other


async def test_create_sets_paths_and_audits(session, admin_actor, clock):
    county, town, village, _ = await make_tree(session, admin_actor, clock.now())
    assert county.path == f"/{county.id}/"
    assert village.path == f"/{county.id}/{town.id}/{village.id}/"
    events = (await session.exec(select(AuditEvent).where(AuditEvent.action == "area.create"))).all()
    assert len(events) == 4
    assert events[0].actor_id == admin_actor.user_id and events[0].actor_role == "admin"


async def test_codes_are_unique(session, admin_actor, clock):
    await make_tree(session, admin_actor, clock.now())
    with pytest.raises(Conflict):
        await area_rules.create_area(
            session, admin_actor, name="重复", code="330501", parent_id=None, now=clock.now()
        )


async def test_scoped_admin_cannot_create_top_level_or_outside(session, admin_actor, clock):
    _county, town, _, other = await make_tree(session, admin_actor, clock.now())
    town_admin = Actor(user_id=5, grants=(Grant(Role.ADMIN, town.id, town.path),))
    with pytest.raises(PermissionDenied):
        await area_rules.create_area(
            session, town_admin, name="新县", code="9999", parent_id=None, now=clock.now()
        )
    with pytest.raises(PermissionDenied):
        await area_rules.create_area(
            session, town_admin, name="外村", code="33050201", parent_id=other.id, now=clock.now()
        )
    inside = await area_rules.create_area(
        session, town_admin, name="新村", code="330501002", parent_id=town.id, now=clock.now()
    )
    assert inside.path.startswith(town.path)


async def test_move_rewrites_the_whole_subtree(session, admin_actor, clock):
    county, town, village, other = await make_tree(session, admin_actor, clock.now())
    await area_rules.move_area(session, admin_actor, town.id, other.id, clock.now())
    await session.refresh(village)
    assert village.path == f"/{county.id}/{other.id}/{town.id}/{village.id}/"
    assert [a.code for a in await area_store.under(session, [other.path])] == [
        "330502",
        "330501",
        "330501001",
    ]


async def test_cannot_move_into_own_subtree(session, admin_actor, clock):
    _, town, village, _ = await make_tree(session, admin_actor, clock.now())
    with pytest.raises(InvalidInput):
        await area_rules.move_area(session, admin_actor, town.id, village.id, clock.now())
    with pytest.raises(InvalidInput):
        await area_rules.move_area(session, admin_actor, town.id, town.id, clock.now())


async def test_rename_records_before_and_after(session, admin_actor, clock):
    _, town, _, _ = await make_tree(session, admin_actor, clock.now())
    await area_rules.rename_area(
        session, admin_actor, town.id, " 递铺  街道 ", clock.now() + timedelta(minutes=1)
    )
    event = (await session.exec(select(AuditEvent).where(AuditEvent.action == "area.rename"))).one()
    assert (event.before, event.after) == ({"name": "递铺街道"}, {"name": "递铺 街道"})


CSV_GOOD = (
    "乡镇,乡镇代码,村社区,村社区代码\n"
    "递铺街道,330501,古城村,330501001\n"
    "递铺街道,330501,鹤鹿溪村,\n"
    "天子湖镇,,高禹村,\n"
)


async def test_import_creates_missing_and_reuses_existing(session, admin_actor, clock):
    county, _, _, _ = await make_tree(session, admin_actor, clock.now())
    rows = read_table(CSV_GOOD.encode("utf-8-sig"), "villages.csv")
    result = await import_areas(session, admin_actor, county.id, rows, clock.now())
    assert result.problems == []
    assert sorted(a.name for a in result.created) == ["天子湖镇", "高禹村", "鹤鹿溪村"]
    assert result.existing == 2  # the township and the village already made
    codes = {a.name: a.code for a in await area_store.under(session, [county.path])}
    assert (
        codes["天子湖镇"] == "330503" and codes["高禹村"] == "330503001" and codes["鹤鹿溪村"] == "330501002"
    )
    again = await import_areas(session, admin_actor, county.id, rows, clock.now())
    assert again.created == [] and again.problems == []


async def test_import_reports_every_bad_row_and_writes_nothing(session, admin_actor, clock):
    county, _, _, _ = await make_tree(session, admin_actor, clock.now())
    csv_text = (
        "乡镇,乡镇代码,村社区,村社区代码\n"
        "梅溪镇,330509,一村,\n"  # 2: fine
        ",,二村,\n"  # 3: no township
        "梅溪镇,330510,三村,\n"  # 4: township code differs from line 2
        "梅溪镇,330509,一村,\n"  # 5: duplicate of line 2
        "梅溪镇,330509,四村,bad-code\n"  # 6: bad code format
        "梅溪镇,330509,五村,330501\n"  # 7: code taken by 递铺街道
    )
    before = await area_store.count(session)
    result = await import_areas(
        session, admin_actor, county.id, read_table(csv_text.encode(), "a.csv"), clock.now()
    )
    assert [(p.line, p.key) for p in result.problems] == [
        (3, "import-row-township-empty"),
        (4, "import-row-township-code-differs"),
        (5, "import-row-duplicate"),
        (6, "import-row-code-format"),
        (7, "import-row-code-taken"),
    ]
    assert await area_store.count(session) == before


async def test_import_reads_xlsx_and_gbk_csv(session, admin_actor, clock):
    county, _, _, _ = await make_tree(session, admin_actor, clock.now())
    book = Workbook()
    sheet = book.active
    sheet.append(["乡镇", "村社区"])
    sheet.append(["杭垓镇", "七管村"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_table(buffer.getvalue(), "t.xlsx")
    assert rows[1] == ["杭垓镇", "七管村"]
    result = await import_areas(session, admin_actor, county.id, rows, clock.now())
    assert sorted(a.name for a in result.created) == ["七管村", "杭垓镇"]
    assert read_table("乡镇,村社区\n报福镇,景溪村\n".encode("gb18030"), "g.csv")[1] == ["报福镇", "景溪村"]


async def test_import_rejects_files_without_header(session, admin_actor, clock):
    county, *_ = await make_tree(session, admin_actor, clock.now())
    with pytest.raises(InvalidInput):
        await import_areas(session, admin_actor, county.id, read_table(b"a,b\n1,2\n", "x.csv"), clock.now())
    with pytest.raises(InvalidInput):
        read_table(b"not a zip", "x.xlsx")


async def test_generated_codes_avoid_every_code_in_use(session, admin_actor, clock):
    county, town, *_ = await make_tree(session, admin_actor, clock.now())
    # 330503 is taken elsewhere in the tree, and the file itself names 330504 on a later row:
    # generated codes must step around both, not crash on the unique index or refuse the file.
    await area_rules.create_area(
        session, admin_actor, name="别处", code="330503", parent_id=town.id, now=clock.now()
    )
    csv_text = "乡镇,乡镇代码,村社区,村社区代码\n新甲镇,,一村,\n新乙镇,330504,二村,\n"
    result = await import_areas(
        session, admin_actor, county.id, read_table(csv_text.encode(), "a.csv"), clock.now()
    )
    assert result.problems == []
    codes = {a.name: a.code for a in result.created}
    assert codes["新乙镇"] == "330504" and codes["新甲镇"] not in {"330501", "330502", "330503", "330504"}


async def test_import_stops_reading_past_the_limit(session, admin_actor, clock):
    from domain.area_import import MAX_ROWS

    county, *_ = await make_tree(session, admin_actor, clock.now())
    huge = "乡镇,村社区\n" + "".join(f"镇{i},村{i}\n" for i in range(MAX_ROWS + 50))
    rows = read_table(huge.encode(), "big.csv")
    assert len(rows) == MAX_ROWS + 2  # header, the limit, and one more to know it was exceeded
    with pytest.raises(InvalidInput):
        await import_areas(session, admin_actor, county.id, rows, clock.now())


async def test_duplicate_boundaries(session, admin_actor, clock):
    """14 days, 200 m, same area and sector, open only; or the same unit (names normalised)."""
    from domain.hazards import Draft, EvidenceRef, create_hazard, possible_duplicates
    from domain.people import Person, ensure_user

    _, _, village, other = await make_tree(session, admin_actor, clock.now())
    await ensure_user(
        session, Person(admin_actor.user_id, "管理员"), clock.now()
    )  # done by the middleware in chat
    await session.commit()
    photo = EvidenceRef(file_id="f", sha256="0" * 64, size=1, mime="image/jpeg")
    base = {
        "area_id": village.id,
        "sector": "fire",
        "level": "general",
        "description": "d",
        "photos": [photo],
    }
    lat, lon = 30.0, 119.0
    await create_hazard(
        session,
        admin_actor,
        Draft(**base, latitude=lat, longitude=lon, unit_name="甲厂"),
        clock.now(),
        ZoneInfo("Asia/Shanghai"),
    )

    async def found(**changes):
        draft = Draft(**{**base, **changes})
        return [c.hazard.ref for c in await possible_duplicates(session, draft, clock.now())]

    assert await found(latitude=lat + 0.0017, longitude=lon, unit_name="乙厂")  # ~189 m
    assert not await found(latitude=lat + 0.0019, longitude=lon, unit_name="乙厂")  # ~211 m
    assert await found(unit_name=" 甲 厂 ")  # same unit, no coordinates
    assert not await found(latitude=lat, longitude=lon, sector="gas")
    assert not await found(latitude=lat, longitude=lon, area_id=other.id)
    draft = Draft(**base, latitude=lat, longitude=lon)
    assert not await possible_duplicates(session, draft, clock.now() + timedelta(days=15))
