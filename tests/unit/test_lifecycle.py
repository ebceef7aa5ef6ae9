"""Every allowed and every forbidden transition of the hazard life-cycle."""

from datetime import date

import pytest

from domain.errors import Conflict
from domain.lifecycle import NEEDS_AFTER_PHOTO, NEEDS_REASON, TRANSITIONS, Move, Status, apply, is_overdue

ALLOWED = {
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
EVERYTHING = [(status, move) for status in Status for move in Move]


def test_the_table_is_exactly_the_expected_one():
    assert TRANSITIONS == ALLOWED


@pytest.mark.parametrize(("status", "move"), list(ALLOWED), ids=lambda v: str(v))
def test_allowed(status, move):
    outcome = apply(status, move, reason="原因", after_photos=1)
    assert outcome.to is ALLOWED[(status, move)]


@pytest.mark.parametrize(
    ("status", "move"), [p for p in EVERYTHING if p not in ALLOWED], ids=lambda v: str(v)
)
def test_forbidden(status, move):
    with pytest.raises(Conflict) as caught:
        apply(status, move, reason="原因", after_photos=1)
    assert caught.value.key == "lifecycle-error-not-now"


@pytest.mark.parametrize("move", sorted(NEEDS_REASON))
def test_reason_required(move):
    status = next(s for (s, m) in ALLOWED if m == move)
    for reason in (None, "", "   "):
        with pytest.raises(Conflict, match="reason-needed"):
            apply(status, move, reason=reason, after_photos=1)


@pytest.mark.parametrize("move", sorted(NEEDS_AFTER_PHOTO))
def test_after_photo_required(move):
    status = next(s for (s, m) in ALLOWED if m == move)
    with pytest.raises(Conflict, match="after-photo-needed"):
        apply(status, move, after_photos=0)


def test_terminal_states_allow_nothing():
    for status in (Status.CLOSED, Status.REJECTED, Status.MERGED):
        for move in Move:
            with pytest.raises(Conflict):
                apply(status, move, reason="x", after_photos=1)


def test_listed_hazard_needs_township_then_county():
    first = apply(Status.AWAITING_VERIFICATION, Move.ACCEPT, listed=True)
    assert first.to is Status.AWAITING_VERIFICATION and first.needs_county_signoff
    with pytest.raises(Conflict, match="county-signoff"):
        apply(
            Status.AWAITING_VERIFICATION, Move.ACCEPT, listed=True, township_signed=True, county_level=False
        )
    final = apply(
        Status.AWAITING_VERIFICATION, Move.ACCEPT, listed=True, township_signed=True, county_level=True
    )
    assert final.to is Status.CLOSED


def test_overdue_is_derived_from_the_deadline():
    deadline = date(2026, 3, 10)
    assert not is_overdue(Status.RECTIFYING, deadline, date(2026, 3, 10))
    assert is_overdue(Status.RECTIFYING, deadline, date(2026, 3, 11))
    assert not is_overdue(
        Status.AWAITING_VERIFICATION, deadline, date(2026, 4, 1)
    )  # done, waiting for a check
    assert not is_overdue(Status.CLOSED, deadline, date(2026, 4, 1))
    assert not is_overdue(Status.RECTIFYING, None, date(2026, 4, 1))
