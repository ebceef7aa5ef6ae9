"""Who may do what where: role × action × area. Checked at the moment of every action."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from domain.errors import PermissionDenied
from domain.roles import Role


class Action(StrEnum):
    MANAGE_AREAS = "manage_areas"
    MANAGE_MEMBERS = "manage_members"
    VIEW_MEMBERS = "view_members"
    BIND_GROUP = "bind_group"
    REPORT_HAZARD = "report_hazard"
    VIEW_HAZARD = "view_hazard"
    ASSIGN_RECTIFICATION = "assign_rectification"
    RECTIFY = "rectify"
    VERIFY_RECTIFICATION = "verify_rectification"
    LIST_SUPERVISION = "list_supervision"
    VIEW_LEDGER = "view_ledger"
    TRIAGE_TIP = "triage_tip"
    SET_REWARD = "set_reward"
    SEND_DIGEST = "send_digest"


A, L, S, R, C = Role.ADMIN, Role.LEADER, Role.SUPERVISOR, Role.RECTIFIER, Role.COORDINATOR

MATRIX: dict[Action, frozenset[Role]] = {
    Action.MANAGE_AREAS: frozenset({A}),
    Action.MANAGE_MEMBERS: frozenset({A}),
    Action.VIEW_MEMBERS: frozenset({A, L, S}),
    Action.BIND_GROUP: frozenset({A, L}),
    Action.REPORT_HAZARD: frozenset({A, S, C}),
    Action.VIEW_HAZARD: frozenset({A, L, S, R, C}),
    Action.ASSIGN_RECTIFICATION: frozenset({S}),
    Action.RECTIFY: frozenset({R}),
    Action.VERIFY_RECTIFICATION: frozenset({S}),
    Action.LIST_SUPERVISION: frozenset({S, L}),
    Action.VIEW_LEDGER: frozenset({A, L, S}),
    Action.TRIAGE_TIP: frozenset({S}),
    Action.SET_REWARD: frozenset({L}),
    Action.SEND_DIGEST: frozenset({A, L}),
}

# Whom each role may bring in by invite link: admins anyone, supervisors their field staff.
INVITABLE: dict[Role, frozenset[Role]] = {
    A: frozenset(Role),
    S: frozenset({C, R}),
}


@dataclass(frozen=True)
class Grant:
    role: Role
    area_id: int
    area_path: str


@dataclass(frozen=True)
class Actor:
    """The person acting, with every active grant; built fresh for every update."""

    user_id: int
    grants: tuple[Grant, ...] = ()
    is_global_admin: bool = False
    registered: bool = False
    roles: frozenset[Role] = field(init=False)

    def __post_init__(self) -> None:
        roles = {grant.role for grant in self.grants}
        if self.is_global_admin:
            roles.add(Role.ADMIN)
        object.__setattr__(self, "roles", frozenset(roles))

    @property
    def is_staff(self) -> bool:
        return self.is_global_admin or bool(self.grants)

    def roles_over(self, area_path: str) -> set[Role]:
        """Roles that cover the area: a role in an area covers its whole subtree."""
        roles = {grant.role for grant in self.grants if area_path.startswith(grant.area_path)}
        if self.is_global_admin:
            roles.add(Role.ADMIN)
        return roles

    def can(self, action: Action, area_path: str) -> bool:
        return bool(self.roles_over(area_path) & MATRIX[action])

    def role_for(self, action: Action, area_path: str) -> Role | None:
        """The role under which the actor does this (for the audit trail); the most senior one."""
        usable = self.roles_over(area_path) & MATRIX[action]
        return next((role for role in Role if role in usable), None)

    def require(self, action: Action, area_path: str) -> Role:
        role = self.role_for(action, area_path)
        if role is None:
            raise PermissionDenied()
        return role

    def can_anywhere(self, action: Action) -> bool:
        return bool(self.scope_paths(action))

    def scope_paths(self, action: Action) -> list[str]:
        """The top-most areas where the action is allowed (their subtrees are covered too).

        "/" stands for the whole tree (every path starts with it).
        """
        if self.is_global_admin and Role.ADMIN in MATRIX[action]:
            return ["/"]
        paths = sorted({grant.area_path for grant in self.grants if grant.role in MATRIX[action]})
        return [path for i, path in enumerate(paths) if not any(path.startswith(p) for p in paths[:i])]

    def can_invite(self, role: Role, area_path: str) -> bool:
        return any(role in INVITABLE.get(mine, frozenset()) for mine in self.roles_over(area_path))

    def invitable_roles(self, area_path: str) -> list[Role]:
        return [role for role in Role if self.can_invite(role, area_path)]


def covers(paths: Iterable[str], area_path: str) -> bool:
    return any(area_path.startswith(path) for path in paths)
