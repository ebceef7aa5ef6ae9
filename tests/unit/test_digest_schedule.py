"""When a digest is due: each kind's months, a group's own day and time, the grace, the year wrap."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.action_plans import upcoming
from domain.digest_schedule import DEFAULTS, Slot, due, parse_slot
from domain.errors import InvalidInput
from domain.periods import Kind, parse

TZ = ZoneInfo("Asia/Shanghai")
GRACE = timedelta(hours=12)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ).astimezone(UTC)


@pytest.mark.parametrize(
    ("kind", "now", "run"),
    [
        (Kind.MONTHLY, at(2026, 11, 1, 9, 0), datetime(2026, 11, 1, 9, 0, tzinfo=TZ)),
        (Kind.MONTHLY, at(2026, 11, 1, 8, 59), None),  # not yet; October's run is long past the grace
        (Kind.MONTHLY, at(2026, 11, 1, 20, 59), datetime(2026, 11, 1, 9, 0, tzinfo=TZ)),
        (Kind.MONTHLY, at(2026, 11, 1, 21, 1), None),  # beyond the grace
        (Kind.BIMONTHLY, at(2026, 12, 1, 10, 0), None),  # December is not an action month
        (Kind.BIMONTHLY, at(2027, 1, 1, 9, 31), datetime(2027, 1, 1, 9, 30, tzinfo=TZ)),  # year wrap
        (Kind.QUARTERLY, at(2026, 10, 1, 10, 5), datetime(2026, 10, 1, 10, 0, tzinfo=TZ)),
        (Kind.QUARTERLY, at(2026, 11, 1, 10, 5), None),
        (Kind.HALF_YEAR, at(2027, 1, 1, 10, 30), datetime(2027, 1, 1, 10, 30, tzinfo=TZ)),
        (Kind.ANNUAL, at(2027, 1, 1, 12, 0), None),  # early January, but the 5th
        (Kind.ANNUAL, at(2027, 1, 5, 9, 1), datetime(2027, 1, 5, 9, 0, tzinfo=TZ)),
    ],
)
def test_due_by_kind_and_grace(kind, now, run):
    assert due(DEFAULTS[kind], now, TZ, GRACE) == run


def test_a_switched_off_or_moved_slot():
    off = Slot(Kind.MONTHLY, False, 1, time(9))
    assert due(off, at(2026, 11, 1, 9, 5), TZ, GRACE) is None
    moved = Slot(Kind.MONTHLY, True, 3, time(8, 15))
    assert due(moved, at(2026, 11, 1, 9, 5), TZ, GRACE) is None
    assert due(moved, at(2026, 11, 3, 8, 20), TZ, GRACE) == datetime(2026, 11, 3, 8, 15, tzinfo=TZ)


def test_day_and_time_as_typed():
    assert parse_slot(Kind.MONTHLY, "2", "8：05") == (2, time(8, 5))
    for day, clock in (("0", "09:00"), ("29", "09:00"), ("²", "09:00"), ("2", "24:00"), ("2", "9")):
        with pytest.raises(InvalidInput):
            parse_slot(Kind.MONTHLY, day, clock)


@pytest.mark.parametrize("text", ["0000", "9999"])
def test_years_out_of_range_are_refused_politely(text):
    with pytest.raises(InvalidInput):
        parse(Kind.ANNUAL, text)


def test_a_plan_is_for_the_next_action_digest():
    assert upcoming(date(2026, 1, 1)).key == "2026-01/02"  # its digest goes out this morning
    assert upcoming(date(2026, 1, 20)).key == "2026-03/04"
    assert upcoming(date(2026, 2, 10)).key == "2026-03/04"
    assert upcoming(date(2026, 11, 30)).key == "2027-01/02"
    assert upcoming(date(2026, 12, 31)).key == "2027-01/02"
    with pytest.raises(InvalidInput):
        parse(Kind.BIMONTHLY, "2026-11/05")
