"""The states a hazard passes through, from report to sign-off (销号)."""

from enum import StrEnum


class Status(StrEnum):
    REPORTED = "reported"  # 已上报, waiting for assignment
    RECTIFYING = "rectifying"  # 整改中
    AWAITING_VERIFICATION = "verifying"  # 待复查
    CLOSED = "closed"  # 已销号
    REJECTED = "rejected"  # 不属实
    MERGED = "merged"  # merged into another report of the same hazard


OPEN_STATUSES = frozenset({Status.REPORTED, Status.RECTIFYING, Status.AWAITING_VERIFICATION})
