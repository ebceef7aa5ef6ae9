"""The life of a hazard from report to sign-off (销号), as one table read top to bottom.

    reported ──assign──────────▶ rectifying ──complete──▶ verifying ──accept──▶ closed
       │  └──fix_on_spot (边查边改) ───────────────────────────▲   │
       ├──reject (不属实) ──▶ rejected                           └──return──▶ rectifying
       └──merge ──▶ merged

Everything else is forbidden. Being overdue is not a state: it is derived from the deadline.
A listed (挂牌督办) hazard needs two sign-offs to close: the township's, then the county's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.errors import Conflict


class Status(StrEnum):
    REPORTED = "reported"  # 已上报, waiting for assignment
    RECTIFYING = "rectifying"  # 整改中
    AWAITING_VERIFICATION = "verifying"  # 待复查
    CLOSED = "closed"  # 已销号
    REJECTED = "rejected"  # 不属实
    MERGED = "merged"  # merged into another report of the same hazard


class Move(StrEnum):
    ASSIGN = "assign"
    FIX_ON_SPOT = "fix_on_spot"
    PROGRESS = "progress"
    EXTEND = "extend"
    COMPLETE = "complete"
    ACCEPT = "accept"
    RETURN = "return"
    REJECT = "reject"
    MERGE = "merge"


OPEN_STATUSES = frozenset({Status.REPORTED, Status.RECTIFYING, Status.AWAITING_VERIFICATION})

# (from, move) -> to. The whole life-cycle; any pair not here is forbidden.
TRANSITIONS: dict[tuple[Status, Move], Status] = {
    (Status.REPORTED, Move.ASSIGN): Status.RECTIFYING,
    (Status.REPORTED, Move.FIX_ON_SPOT): Status.AWAITING_VERIFICATION,
    (Status.REPORTED, Move.REJECT): Status.REJECTED,
    (Status.REPORTED, Move.MERGE): Status.MERGED,
    (Status.RECTIFYING, Move.PROGRESS): Status.RECTIFYING,
    (Status.RECTIFYING, Move.EXTEND): Status.RECTIFYING,
    (Status.RECTIFYING, Move.COMPLETE): Status.AWAITING_VERIFICATION,
    (Status.AWAITING_VERIFICATION, Move.ACCEPT): Status.CLOSED,
    (Status.AWAITING_VERIFICATION, Move.RETURN): Status.RECTIFYING,
}

# Moves that must carry a reason in the record.
NEEDS_REASON = frozenset({Move.RETURN, Move.REJECT, Move.EXTEND})
# Moves that must carry at least one after-photo.
NEEDS_AFTER_PHOTO = frozenset({Move.COMPLETE, Move.FIX_ON_SPOT})


@dataclass(frozen=True)
class Outcome:
    to: Status
    # For a listed hazard, the township's acceptance is recorded but the hazard waits for the county.
    needs_county_signoff: bool = False


def apply(
    status: Status,
    move: Move,
    *,
    reason: str | None = None,
    after_photos: int = 0,
    listed: bool = False,
    township_signed: bool = False,
    county_level: bool = False,
) -> Outcome:
    """Where a move takes a hazard, or Conflict naming why it cannot happen now."""
    to = TRANSITIONS.get((status, move))
    if to is None:
        raise Conflict("lifecycle-error-not-now", status=status.value, move=move.value)
    if move in NEEDS_REASON and not (reason and reason.strip()):
        raise Conflict("lifecycle-error-reason-needed")
    if move in NEEDS_AFTER_PHOTO and after_photos < 1:
        raise Conflict("lifecycle-error-after-photo-needed")
    if move == Move.ACCEPT and listed:
        if not township_signed:
            return Outcome(status, needs_county_signoff=True)
        if not county_level:
            raise Conflict("lifecycle-error-county-signoff")
    return Outcome(to)


def is_overdue(status: Status, deadline: date | None, today: date) -> bool:
    """Overdue is derived, never stored: an open rectification past its deadline."""
    return deadline is not None and status in (Status.RECTIFYING, Status.REPORTED) and today > deadline


def days_overdue(deadline: date | None, today: date) -> int:
    return max(0, (today - deadline).days) if deadline else 0
