"""The rectification loop against the real database: every step, who may take it, and what is recorded."""

import asyncio
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from domain import invites as invite_rules
from domain import rectification as rect
from domain.errors import Conflict, InvalidInput, PermissionDenied
from domain.hazards import Draft, EvidenceRef, create_hazard
from domain.lifecycle import Status
from domain.people import Person, load_actor
from domain.roles import Role
from storage.models import HazardEvent, Photo
from tests.storage.test_area_cases import make_tree

TZ = ZoneInfo("Asia/Shanghai")
BEFORE = EvidenceRef(file_id="b", sha256="b" * 64, size=1, mime="image/jpeg")
AFTER = EvidenceRef(file_id="a", sha256="a" * 64, size=1, mime="image/jpeg")
COORD, RECT, TOWN_SUP, COUNTY_SUP, COUNTY_LEADER = 11, 12, 13, 14, 15


async def grant(session, admin, user_id, role, area, now):
    invite = await invite_rules.create_invite(
        session, admin, role=role, area_id=area.id, max_uses=1, ttl=timedelta(days=1), now=now
    )
    await invite_rules.redeem_invite(session, Person(user_id, f"用户{user_id}"), invite.token, now)


@pytest.fixture
async def world(session, admin_actor, clock):
    now = clock.now()
    county, town, village, _ = await make_tree(session, admin_actor, now)
    for user_id, role, area in (
        (COORD, Role.COORDINATOR, village),
        (RECT, Role.RECTIFIER, village),
        (TOWN_SUP, Role.SUPERVISOR, town),
        (COUNTY_SUP, Role.SUPERVISOR, county),
        (COUNTY_LEADER, Role.LEADER, county),
    ):
        await grant(session, admin_actor, user_id, role, area, now)

    async def actor(user_id):
        return await load_actor(session, user_id, admin_ids=[])

    async def report(level="general"):
        draft = Draft(
            area_id=village.id,
            sector="fire",
            level=level,
            address="村口",
            no_unit=True,
            description="灭火器过期",
            photos=[BEFORE],
        )
        return await create_hazard(session, await actor(COORD), draft, clock.now(), TZ)

    return actor, report


def plan(**changes):
    values = {
        "rectifier_id": RECT,
        "rectifier_name": None,
        "rectifier_phone": None,
        "supervisor_id": None,
        "deadline": date(2026, 3, 9),
        "measures": "更换灭火器",
    }
    values.update(changes)
    return rect.Assignment(**values)


async def test_the_full_loop_with_a_return(session, world, clock):
    actor, report = world
    hazard = await report()
    now = clock.now()
    done = await rect.assign(session, await actor(TOWN_SUP), hazard.id, plan(), now, TZ)
    assert (done.hazard.status, done.hazard.supervisor_id, done.hazard.deadline) == (
        "rectifying",
        TOWN_SUP,
        date(2026, 3, 9),
    )
    await rect.progress(session, await actor(RECT), hazard.id, "已采购新灭火器", [], now)
    with pytest.raises(Conflict, match="after-photo"):
        await rect.complete(session, await actor(RECT), hazard.id, "完成", [], now)
    await rect.complete(session, await actor(RECT), hazard.id, "完成", [AFTER], now)
    await rect.send_back(session, await actor(TOWN_SUP), hazard.id, "照片看不清编号", now)
    await rect.complete(session, await actor(RECT), hazard.id, "重新拍照", [AFTER], now)
    done = await rect.accept(session, await actor(TOWN_SUP), hazard.id, "合格", now)
    assert done.hazard.status == Status.CLOSED and done.hazard.closed_at == now
    events = (
        await session.exec(
            select(HazardEvent).where(HazardEvent.hazard_id == hazard.id).order_by(HazardEvent.id)
        )
    ).all()
    assert [(e.kind, e.actor_id, e.actor_role, e.from_status, e.to_status) for e in events] == [
        ("reported", COORD, "coordinator", None, "reported"),
        ("assigned", TOWN_SUP, "supervisor", "reported", "rectifying"),
        ("progress", RECT, "rectifier", "rectifying", "rectifying"),
        ("completed", RECT, "rectifier", "rectifying", "verifying"),
        ("returned", TOWN_SUP, "supervisor", "verifying", "rectifying"),
        ("completed", RECT, "rectifier", "rectifying", "verifying"),
        ("closed", TOWN_SUP, "supervisor", "verifying", "closed"),
    ]
    kinds = [p.kind for p in (await session.exec(select(Photo).where(Photo.hazard_id == hazard.id))).all()]
    assert kinds == ["before", "after", "after"]


async def test_who_may_do_what(session, world, clock):
    actor, report = world
    hazard = await report()
    now = clock.now()
    # A refused change leaves the loaded hazard usable (nothing expired under the caller's feet).
    for who in (COORD, RECT, COUNTY_LEADER):
        with pytest.raises(PermissionDenied):
            await rect.assign(session, await actor(who), hazard.id, plan(), now, TZ)
    with pytest.raises(InvalidInput, match="not-a-rectifier"):
        await rect.assign(session, await actor(TOWN_SUP), hazard.id, plan(rectifier_id=COORD), now, TZ)
    with pytest.raises(InvalidInput, match="deadline-past"):
        await rect.assign(session, await actor(TOWN_SUP), hazard.id, plan(deadline=date(2026, 3, 1)), now, TZ)
    await rect.assign(session, await actor(TOWN_SUP), hazard.id, plan(), now, TZ)
    with pytest.raises(PermissionDenied):  # only the named rectifier reports the work
        await rect.complete(session, await actor(COORD), hazard.id, "x", [AFTER], now)
    with pytest.raises(Conflict, match="not-now"):  # and nobody closes what is not awaiting verification
        await rect.accept(session, await actor(TOWN_SUP), hazard.id, None, now)


async def test_listed_hazards_need_two_signatures(session, world, clock):
    actor, report = world
    hazard = await report(level="major")
    now = clock.now()
    with pytest.raises(PermissionDenied):  # listing is for the county level
        await rect.list_for_supervision(session, await actor(TOWN_SUP), hazard.id, now)
    done = await rect.list_for_supervision(session, await actor(COUNTY_LEADER), hazard.id, now)
    assert done.hazard.listed
    await rect.assign(session, await actor(TOWN_SUP), hazard.id, plan(), now, TZ)
    await rect.complete(session, await actor(RECT), hazard.id, "完成", [AFTER], now)
    first = await rect.accept(session, await actor(TOWN_SUP), hazard.id, "乡镇复查合格", now)
    assert first.hazard.status == Status.AWAITING_VERIFICATION and first.event.kind == "signed_township"
    with pytest.raises(Conflict):  # the same person cannot sign twice
        await rect.accept(session, await actor(TOWN_SUP), hazard.id, None, now)
    final = await rect.accept(session, await actor(COUNTY_SUP), hazard.id, "县级验收合格", now)
    assert final.hazard.status == Status.CLOSED and final.event.kind == "closed"


async def test_two_supervisors_at_once_cannot_both_close(services, world, clock):
    _, report = world
    hazard = await report()
    now = clock.now()
    async with services.session_pool() as session:
        await rect.assign(session, await load_actor(session, TOWN_SUP, []), hazard.id, plan(), now, TZ)
        await rect.complete(session, await load_actor(session, RECT, []), hazard.id, "完成", [AFTER], now)

    async def close(user_id):
        async with services.session_pool() as session:
            try:
                await rect.accept(session, await load_actor(session, user_id, []), hazard.id, None, now)
                return "closed"
            except Conflict:
                return "refused"

    assert sorted(await asyncio.gather(close(TOWN_SUP), close(COUNTY_SUP))) == ["closed", "refused"]


async def test_an_outside_rectifier_joins_through_the_invite(session, world, clock):
    actor, report = world
    hazard = await report()
    now = clock.now()
    plan_outside = plan(rectifier_id=None, rectifier_name="王师傅", rectifier_phone="13800000000")
    done = await rect.assign(session, await actor(TOWN_SUP), hazard.id, plan_outside, now, TZ)
    assert done.invite is not None and done.hazard.rectifier_id is None
    await invite_rules.redeem_invite(session, Person(99, "王师傅"), done.invite.token, now)
    await session.refresh(done.hazard)
    assert done.hazard.rectifier_id == 99
    await rect.complete(session, await actor(99), hazard.id, "已更换", [AFTER], now)


async def test_reject_merge_extend_and_fix_on_spot(session, world, clock):
    actor, report = world
    now = clock.now()
    a, b, c, d = await report(), await report(), await report(), await report()
    with pytest.raises(Conflict, match="reason-needed"):
        await rect.reject(session, await actor(TOWN_SUP), a.id, " ", now)
    assert (
        await rect.reject(session, await actor(TOWN_SUP), a.id, "灭火器在有效期内", now)
    ).hazard.status == "rejected"
    merged = await rect.merge(session, await actor(TOWN_SUP), b.id, c.id, now)
    assert (merged.hazard.status, merged.hazard.merged_into_id) == ("merged", c.id)
    await rect.assign(session, await actor(TOWN_SUP), c.id, plan(), now, TZ)
    with pytest.raises(InvalidInput, match="extend-later"):
        await rect.extend(session, await actor(TOWN_SUP), c.id, date(2026, 3, 8), "原因", now, TZ)
    extended = await rect.extend(
        session, await actor(TOWN_SUP), c.id, date(2026, 3, 20), "需订购配件", now, TZ
    )
    assert (
        extended.hazard.deadline == date(2026, 3, 20) and "2026-03-09 → 2026-03-20" in extended.event.comment
    )
    with pytest.raises(PermissionDenied):  # only the reporter fixes on the spot
        await rect.fix_on_spot(session, await actor(RECT), d.id, "修好了", [AFTER], now)
    fixed = await rect.fix_on_spot(session, await actor(COORD), d.id, "当场更换", [AFTER], now)
    assert fixed.hazard.status == "verifying"


async def test_an_existing_rectifier_opening_the_outside_link_gets_the_task(session, world, clock):
    actor, report = world
    hazard = await report()
    plan_outside = plan(rectifier_id=None, rectifier_name="用户12", rectifier_phone="13900000000")
    done = await rect.assign(session, await actor(TOWN_SUP), hazard.id, plan_outside, clock.now(), TZ)
    redeemed = await invite_rules.redeem_invite(
        session, Person(RECT, "用户12"), done.invite.token, clock.now()
    )
    assert redeemed.already_held and redeemed.hazard_id == hazard.id
    await session.refresh(done.hazard)
    assert done.hazard.rectifier_id == RECT


async def test_the_county_cannot_sign_a_listed_hazard_before_the_township(session, world, clock):
    actor, report = world
    hazard = await report(level="major")
    now = clock.now()
    await rect.list_for_supervision(session, await actor(COUNTY_LEADER), hazard.id, now)
    await rect.assign(session, await actor(TOWN_SUP), hazard.id, plan(), now, TZ)
    await rect.complete(session, await actor(RECT), hazard.id, "完成", [AFTER], now)
    with pytest.raises(Conflict, match="township-first"):
        await rect.accept(session, await actor(COUNTY_SUP), hazard.id, None, now)
    await rect.accept(session, await actor(TOWN_SUP), hazard.id, None, now)
    assert (
        await rect.accept(session, await actor(COUNTY_SUP), hazard.id, None, now)
    ).hazard.status == "closed"
