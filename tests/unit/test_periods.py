"""Period arithmetic: month, two-month and quarter boundaries, the year wrap, local midnight."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.errors import InvalidInput
from domain.periods import Kind, Period, add_months, containing, parse, reported_by_run

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("kind", "run_day", "start", "end", "key"),
    [
        (Kind.MONTHLY, date(2026, 11, 1), date(2026, 10, 1), date(2026, 11, 1), "2026-10"),
        (Kind.MONTHLY, date(2026, 1, 1), date(2025, 12, 1), date(2026, 1, 1), "2025-12"),  # year wrap
        (Kind.MONTHLY, date(2026, 3, 1), date(2026, 2, 1), date(2026, 3, 1), "2026-02"),
        (Kind.BIMONTHLY, date(2026, 11, 1), date(2026, 11, 1), date(2027, 1, 1), "2026-11/12"),
        (Kind.BIMONTHLY, date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 1), "2026-01/02"),
        (Kind.BIMONTHLY, date(2026, 2, 15), date(2026, 1, 1), date(2026, 3, 1), "2026-01/02"),
        (Kind.QUARTERLY, date(2026, 10, 1), date(2026, 7, 1), date(2026, 10, 1), "2026-Q3"),
        (Kind.QUARTERLY, date(2026, 1, 1), date(2025, 10, 1), date(2026, 1, 1), "2025-Q4"),
        (Kind.HALF_YEAR, date(2026, 7, 1), date(2026, 1, 1), date(2026, 7, 1), "2026-H1"),
        (Kind.HALF_YEAR, date(2027, 1, 1), date(2026, 7, 1), date(2027, 1, 1), "2026-H2"),
        (Kind.ANNUAL, date(2027, 1, 5), date(2026, 1, 1), date(2027, 1, 1), "2026"),
    ],
)
def test_what_a_run_reports_on(kind, run_day, start, end, key):
    period = reported_by_run(kind, run_day)
    assert (period.start, period.end, period.key) == (start, end, key)


def test_bounds_are_local_midnights():
    period = containing(Kind.MONTHLY, date(2026, 10, 15))
    start, end = period.bounds(SHANGHAI)
    # 00:00 in Shanghai is 16:00 UTC the day before.
    assert start == datetime(2026, 9, 30, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 10, 31, 16, 0, tzinfo=UTC)
    assert period.bounds(ZoneInfo("UTC"))[0] == datetime(2026, 10, 1, tzinfo=UTC)


def test_previous_periods_and_months():
    q = containing(Kind.QUARTERLY, date(2026, 2, 10))
    assert q.previous() == Period(Kind.QUARTERLY, date(2025, 10, 1), date(2026, 1, 1))
    assert q.months() == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert containing(Kind.BIMONTHLY, date(2026, 1, 3)).previous().key == "2025-11/12"
    assert add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert add_months(date(2026, 12, 1), 13) == date(2028, 1, 1)


@pytest.mark.parametrize(
    ("kind", "text", "key"),
    [
        (Kind.MONTHLY, "2026-10", "2026-10"),
        (Kind.MONTHLY, " 2026-3 ", "2026-03"),
        (Kind.BIMONTHLY, "2026-11", "2026-11/12"),
        (Kind.BIMONTHLY, "2026-11/12", "2026-11/12"),
        (Kind.QUARTERLY, "2026q3", "2026-Q3"),
        (Kind.HALF_YEAR, "2026-H2", "2026-H2"),
        (Kind.ANNUAL, "2025", "2025"),
    ],
)
def test_parse_what_people_type(kind, text, key):
    assert parse(kind, text).key == key


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (Kind.MONTHLY, "2026-13"),
        (Kind.MONTHLY, "10/2026"),
        (Kind.BIMONTHLY, "2026-12"),
        (Kind.QUARTERLY, "2026-Q5"),
    ],
)
def test_parse_refuses_with_an_example(kind, text):
    with pytest.raises(InvalidInput) as error:
        parse(kind, text)
    assert error.value.args_for_text["example"]
