"""The roles people hold in an area."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    LEADER = "leader"
    SUPERVISOR = "supervisor"
    RECTIFIER = "rectifier"
    COORDINATOR = "coordinator"
