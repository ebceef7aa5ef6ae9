"""The permission matrix: role × action × area, and how scope follows the tree."""

import pytest

from domain.errors import PermissionDenied
from domain.permissions import MATRIX, Action, Actor, Grant
from domain.roles import Role

COUNTY, TOWN, VILLAGE, OTHER_TOWN = "/1/", "/1/2/", "/1/2/3/", "/1/4/"

# The expected answer for every role and action, written out so that a change to the matrix shows here.
EXPECTED = {
    Role.ADMIN: {
        Action.MANAGE_AREAS,
        Action.MANAGE_MEMBERS,
        Action.VIEW_MEMBERS,
        Action.BIND_GROUP,
        Action.REPORT_HAZARD,
        Action.VIEW_HAZARD,
        Action.VIEW_LEDGER,
        Action.SEND_DIGEST,
    },
    Role.LEADER: {
        Action.VIEW_MEMBERS,
        Action.BIND_GROUP,
        Action.VIEW_HAZARD,
        Action.LIST_SUPERVISION,
        Action.VIEW_LEDGER,
        Action.SET_REWARD,
        Action.SEND_DIGEST,
    },
    Role.SUPERVISOR: {
        Action.VIEW_MEMBERS,
        Action.REPORT_HAZARD,
        Action.VIEW_HAZARD,
        Action.ASSIGN_RECTIFICATION,
        Action.VERIFY_RECTIFICATION,
        Action.LIST_SUPERVISION,
        Action.VIEW_LEDGER,
        Action.TRIAGE_TIP,
    },
    Role.RECTIFIER: {Action.VIEW_HAZARD, Action.RECTIFY},
    Role.COORDINATOR: {Action.REPORT_HAZARD, Action.VIEW_HAZARD},
}


def actor(role: Role, path: str = TOWN) -> Actor:
    return Actor(user_id=7, grants=(Grant(role, int(path.strip("/").split("/")[-1]), path),))


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_matrix_in_own_area_and_subtree(role, action):
    expected = action in EXPECTED[role]
    person = actor(role, TOWN)
    assert person.can(action, TOWN) is expected
    assert person.can(action, VILLAGE) is expected  # a role covers its subtree


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_nothing_outside_scope(role, action):
    person = actor(role, TOWN)
    assert not person.can(action, COUNTY)  # not upwards
    assert not person.can(action, OTHER_TOWN)  # not sideways
    with pytest.raises(PermissionDenied):
        person.require(action, OTHER_TOWN)


def test_sibling_with_common_prefix_is_not_inside():
    # "/1/2/" must not cover "/1/23/": paths end with "/" for this reason.
    assert not actor(Role.ADMIN, "/1/2/").can(Action.MANAGE_AREAS, "/1/23/")


def test_stranger_can_do_nothing():
    stranger = Actor(user_id=9)
    assert not stranger.is_staff
    assert not any(stranger.can(action, COUNTY) for action in Action)
    assert stranger.scope_paths(Action.VIEW_HAZARD) == []


def test_global_admin_everywhere_but_only_admin_actions():
    admin = Actor(user_id=1, is_global_admin=True)
    assert all(admin.can(a, OTHER_TOWN) is (Role.ADMIN in MATRIX[a]) for a in Action)
    assert admin.scope_paths(Action.MANAGE_AREAS) == ["/"]
    assert admin.scope_paths(Action.ASSIGN_RECTIFICATION) == []


def test_several_roles_in_several_areas():
    person = Actor(
        user_id=3, grants=(Grant(Role.COORDINATOR, 3, VILLAGE), Grant(Role.SUPERVISOR, 4, OTHER_TOWN))
    )
    assert person.can(Action.REPORT_HAZARD, VILLAGE)
    assert not person.can(Action.ASSIGN_RECTIFICATION, VILLAGE)
    assert person.can(Action.ASSIGN_RECTIFICATION, "/1/4/9/")
    assert person.role_for(Action.REPORT_HAZARD, "/1/4/") is Role.SUPERVISOR
    assert person.scope_paths(Action.VIEW_HAZARD) == [VILLAGE, OTHER_TOWN]


def test_scope_paths_keeps_only_top_most():
    person = Actor(
        user_id=3,
        grants=(Grant(Role.LEADER, 1, COUNTY), Grant(Role.LEADER, 2, TOWN), Grant(Role.LEADER, 5, "/5/")),
    )
    assert person.scope_paths(Action.VIEW_HAZARD) == [COUNTY, "/5/"]


@pytest.mark.parametrize(
    ("inviter", "invitee", "allowed"),
    [(Role.ADMIN, role, True) for role in Role]
    + [(Role.SUPERVISOR, Role.COORDINATOR, True), (Role.SUPERVISOR, Role.RECTIFIER, True)]
    + [(Role.SUPERVISOR, role, False) for role in (Role.ADMIN, Role.LEADER, Role.SUPERVISOR)]
    + [(role, Role.COORDINATOR, False) for role in (Role.LEADER, Role.RECTIFIER, Role.COORDINATOR)],
)
def test_who_may_invite_whom(inviter, invitee, allowed):
    assert actor(inviter, TOWN).can_invite(invitee, VILLAGE) is allowed
    assert not actor(inviter, TOWN).can_invite(invitee, OTHER_TOWN)
