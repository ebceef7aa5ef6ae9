"""A small county with people in every role, made through the domain (not the chat) for speed."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from domain import areas as area_rules
from domain import groups as group_rules
from domain import invites as invite_rules
from domain.people import Person as Who
from domain.roles import Role
from storage.models import Area
from tests.support.chat import Person

COORDINATOR = Person(3001, "李网格", "li_grid")
SUPERVISOR = Person(3002, "赵监管", "zhao_sup")
LEADER = Person(3003, "钱领导", "qian_lead", language_code="en")
RECTIFIER = Person(3004, "孙整改", "sun_fix")
GROUP_ID = -1003003


@dataclass
class Field:
    county: Area
    town: Area
    village: Area
    other_village: Area


async def join(session, admin, person: Person, role: Role, area: Area, now) -> None:
    invite = await invite_rules.create_invite(
        session, admin, role=role, area_id=area.id, max_uses=1, ttl=timedelta(days=1), now=now
    )
    who = Who(person.id, person.first_name, person.username, person.language_code)
    await invite_rules.redeem_invite(session, who, invite.token, now)


@pytest.fixture
async def field(session, admin_actor, clock) -> Field:
    now = clock.now()
    county = await area_rules.create_area(
        session, admin_actor, name="安吉县", code="3305", parent_id=None, now=now
    )
    town = await area_rules.create_area(
        session, admin_actor, name="递铺街道", code="330501", parent_id=county.id, now=now
    )
    village = await area_rules.create_area(
        session, admin_actor, name="古城村", code="33050101", parent_id=town.id, now=now
    )
    other = await area_rules.create_area(
        session, admin_actor, name="鹤鹿溪村", code="33050102", parent_id=town.id, now=now
    )
    await join(session, admin_actor, COORDINATOR, Role.COORDINATOR, village, now)
    await join(session, admin_actor, SUPERVISOR, Role.SUPERVISOR, town, now)
    await join(session, admin_actor, LEADER, Role.LEADER, county, now)
    await join(session, admin_actor, RECTIFIER, Role.RECTIFIER, village, now)
    await group_rules.bind(session, admin_actor, GROUP_ID, "安吉县安委办", county.id, now)
    return Field(county, town, village, other)
