"""Invites, members and groups against the real database."""

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import select

from domain import groups as group_rules
from domain import invites as invite_rules
from domain.errors import Conflict, NotFound, PermissionDenied
from domain.people import Person, load_actor, revoke_grant
from domain.permissions import Action, Actor, Grant
from domain.roles import Role
from storage.models import AuditEvent, GroupChat, User
from tests.storage.test_area_cases import make_tree


async def make_invite(session, actor, area, role, *, max_uses, days, now):
    return await invite_rules.create_invite(
        session, actor, role=role, area_id=area.id, max_uses=max_uses, ttl=timedelta(days=days), now=now
    )


ALICE = Person(2001, "李网格", "li_grid", "zh-hans")
BOB = Person(2002, "赵监管", None, "en")


async def test_invite_round_trip(session, admin_actor, clock):
    _, town, village, _ = await make_tree(session, admin_actor, clock.now())
    invite = await make_invite(
        session, admin_actor, village, Role.COORDINATOR, max_uses=1, days=7, now=clock.now()
    )
    redeemed = await invite_rules.redeem_invite(session, ALICE, invite.token, clock.now())
    assert not redeemed.already_held and redeemed.area.id == village.id
    actor = await load_actor(session, ALICE.id, admin_ids=[])
    assert actor.roles == {Role.COORDINATOR}
    assert actor.can(Action.REPORT_HAZARD, village.path) and not actor.can(Action.REPORT_HAZARD, town.path)
    assert (await session.get(User, ALICE.id)).username == "li_grid"
    # A single-use link is now spent for anyone else, but its holder may open it again harmlessly.
    with pytest.raises(Conflict) as caught:
        await invite_rules.redeem_invite(session, BOB, invite.token, clock.now())
    assert caught.value.key == "invite-error-used-up"
    assert (await invite_rules.redeem_invite(session, ALICE, invite.token, clock.now())).already_held


async def test_expired_revoked_and_unknown_invites(session, admin_actor, clock):
    *_, village, _ = await make_tree(session, admin_actor, clock.now())
    invite = await make_invite(
        session, admin_actor, village, Role.RECTIFIER, max_uses=None, days=1, now=clock.now()
    )
    with pytest.raises(Conflict, match="invite-error-expired"):
        await invite_rules.redeem_invite(
            session, ALICE, invite.token, clock.now() + timedelta(days=1, seconds=1)
        )
    await invite_rules.revoke_invite(session, admin_actor, invite.id, clock.now())
    with pytest.raises(Conflict, match="invite-error-revoked"):
        await invite_rules.redeem_invite(session, ALICE, invite.token, clock.now())
    with pytest.raises(NotFound):
        await invite_rules.redeem_invite(session, ALICE, "nonexistent-token", clock.now())


async def test_multi_use_invite_counts_uses(session, admin_actor, clock):
    *_, village, _ = await make_tree(session, admin_actor, clock.now())
    invite = await make_invite(
        session, admin_actor, village, Role.COORDINATOR, max_uses=2, days=1, now=clock.now()
    )
    for person in (ALICE, BOB):
        await invite_rules.redeem_invite(session, person, invite.token, clock.now())
    with pytest.raises(Conflict, match="used-up"):
        await invite_rules.redeem_invite(session, Person(2003, "钱"), invite.token, clock.now())


async def test_last_use_race_lets_one_in(services, admin_actor, clock):
    async with services.session_pool() as session:
        *_, village, _ = await make_tree(session, admin_actor, clock.now())
        invite = await make_invite(
            session, admin_actor, village, Role.COORDINATOR, max_uses=1, days=1, now=clock.now()
        )

    async def attempt(person):
        async with services.session_pool() as session:
            try:
                await invite_rules.redeem_invite(session, person, invite.token, clock.now())
                return "in"
            except Conflict:
                return "refused"

    results = await asyncio.gather(*(attempt(Person(3000 + i, f"p{i}")) for i in range(6)))
    assert sorted(results) == ["in"] + ["refused"] * 5


async def test_supervisor_invites_field_staff_only(session, admin_actor, clock):
    _, town, village, other = await make_tree(session, admin_actor, clock.now())
    supervisor = Actor(user_id=7, grants=(Grant(Role.SUPERVISOR, town.id, town.path),))
    ok = await make_invite(session, supervisor, village, Role.RECTIFIER, max_uses=1, days=1, now=clock.now())
    assert ok.created_by == 7
    for role, area in ((Role.LEADER, village), (Role.COORDINATOR, other)):
        with pytest.raises(PermissionDenied):
            await make_invite(session, supervisor, area, role, max_uses=1, days=1, now=clock.now())


async def test_revoking_a_grant_takes_effect_and_is_kept(session, admin_actor, clock):
    *_, village, _ = await make_tree(session, admin_actor, clock.now())
    invite = await make_invite(
        session, admin_actor, village, Role.COORDINATOR, max_uses=1, days=1, now=clock.now()
    )
    grant = (await invite_rules.redeem_invite(session, ALICE, invite.token, clock.now())).grant
    await revoke_grant(session, admin_actor, grant.id, clock.now())
    assert not (await load_actor(session, ALICE.id, admin_ids=[])).is_staff
    assert (await session.get(type(grant), grant.id)).revoked_at is not None  # revoked, not deleted
    actions = [e.action for e in (await session.exec(select(AuditEvent).order_by(AuditEvent.id))).all()]
    assert actions[-3:] == ["invite.create", "invite.redeem", "member.revoke"]


async def test_group_binding_life(session, admin_actor, clock):
    county, town, *_ = await make_tree(session, admin_actor, clock.now())
    await group_rules.bot_joined(session, -100500, "安吉县安委会", clock.now())
    leader = Actor(user_id=8, grants=(Grant(Role.LEADER, town.id, town.path),))
    with pytest.raises(PermissionDenied):
        await group_rules.bind(session, leader, -100500, "安吉县安委会", county.id, clock.now())
    group = await group_rules.bind(session, leader, -100500, "安吉县安委会", town.id, clock.now())
    assert group.area_id == town.id and group.bound_by == 8
    assert [g.id for g in await group_rules.bound_groups(session, [town.id])] == [-100500]
    await group_rules.bot_left(session, -100500, "removed", clock.now())
    group = await session.get(GroupChat, -100500)
    assert (group.area_id, group.is_member, group.unbind_reason) == (None, False, "removed")
    left = (await session.exec(select(AuditEvent).where(AuditEvent.action == "group.left"))).one()
    assert left.before == {"area_id": town.id}


async def test_group_migration_carries_the_binding(session, admin_actor, clock):
    county, *_ = await make_tree(session, admin_actor, clock.now())
    await group_rules.bind(session, admin_actor, -500, "群", county.id, clock.now())
    await group_rules.migrated(session, -500, -100500, clock.now())
    assert (await session.get(GroupChat, -100500)).area_id == county.id
    assert (await session.get(GroupChat, -500)).area_id is None
