"""The periods of the cadence (一月一调度, 两月一行动, 三月一公告, 半年一讲评, 一年一考核).

A period is a half-open range of local dates [start, end); its key names it in digests and in the record
of what was sent (e.g. "2026-10", "2026-11/12", "2026-Q3", "2026-H1", "2026").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.errors import InvalidInput


class Kind(StrEnum):
    MONTHLY = "monthly"  # 一月一调度: the month before the run
    BIMONTHLY = "bimonthly"  # 两月一行动: the two months starting with the run's month
    QUARTERLY = "quarterly"  # 三月一公告: the quarter before the run
    HALF_YEAR = "halfyear"  # 半年一讲评: the half-year before the run
    ANNUAL = "annual"  # 一年一考核: the year before the run


@dataclass(frozen=True)
class Period:
    kind: Kind
    start: date
    end: date  # exclusive

    @property
    def key(self) -> str:
        y, m = self.start.year, self.start.month
        return {
            Kind.MONTHLY: f"{y}-{m:02d}",
            Kind.BIMONTHLY: f"{y}-{m:02d}/{m + 1:02d}",
            Kind.QUARTERLY: f"{y}-Q{(m - 1) // 3 + 1}",
            Kind.HALF_YEAR: f"{y}-H{1 if m == 1 else 2}",
            Kind.ANNUAL: f"{y}",
        }[self.kind]

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """The period as UTC instants, from local midnight to local midnight."""
        return local_midnight(self.start, tz), local_midnight(self.end, tz)

    def previous(self) -> Period:
        months = MONTHS[self.kind]
        return Period(self.kind, add_months(self.start, -months), self.start)

    def months(self) -> list[date]:
        """The first day of each month in the period, in order."""
        return [add_months(self.start, i) for i in range(MONTHS[self.kind])]


MONTHS = {Kind.MONTHLY: 1, Kind.BIMONTHLY: 2, Kind.QUARTERLY: 3, Kind.HALF_YEAR: 6, Kind.ANNUAL: 12}


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant at which `day` starts in the zone."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """The first of the month `months` away from the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _aligned_start(kind: Kind, day: date) -> date:
    """The first day of the period of this kind that contains `day`."""
    months = MONTHS[kind]
    if kind == Kind.BIMONTHLY:
        # Two-month actions start in odd months: Jan/Feb, Mar/Apr, … Nov/Dec.
        return date(day.year, day.month - (day.month - 1) % 2, 1)
    return date(day.year, day.month - (day.month - 1) % months, 1)


def containing(kind: Kind, day: date) -> Period:
    start = _aligned_start(kind, day)
    return Period(kind, start, add_months(start, MONTHS[kind]))


def reported_by_run(kind: Kind, run_day: date) -> Period:
    """What a scheduled run on this local day reports on.

    A bimonthly action looks ahead (the two months it starts); every other kind looks back at the period
    that has just ended.
    """
    if kind == Kind.BIMONTHLY:
        return containing(kind, run_day)
    return containing(kind, run_day).previous()


_PATTERNS = {
    Kind.MONTHLY: re.compile(r"^(\d{4})-(\d{1,2})$"),
    Kind.BIMONTHLY: re.compile(r"^(\d{4})-(\d{1,2})(?:/(\d{1,2}))?$"),
    Kind.QUARTERLY: re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE),
    Kind.HALF_YEAR: re.compile(r"^(\d{4})-?H([12])$", re.IGNORECASE),
    Kind.ANNUAL: re.compile(r"^(\d{4})$"),
}


def parse(kind: Kind, text: str) -> Period:
    """A period typed after /digest: 2026-10, 2026-11, 2026-Q3, 2026-H1, 2026."""
    match = _PATTERNS[kind].match(text.strip())
    if not match:
        raise InvalidInput("period-error-format", example=EXAMPLES[kind])
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise InvalidInput("period-error-format", example=EXAMPLES[kind])
    if kind == Kind.ANNUAL:
        return containing(kind, date(year, 1, 1))
    number = int(match.group(2))
    month = {Kind.QUARTERLY: (number - 1) * 3 + 1, Kind.HALF_YEAR: (number - 1) * 6 + 1}.get(kind, number)
    if not 1 <= month <= 12:
        raise InvalidInput("period-error-format", example=EXAMPLES[kind])
    period = containing(kind, date(year, month, 1))
    second = match.group(3) if kind == Kind.BIMONTHLY else None
    if kind == Kind.BIMONTHLY and (period.start.month != month or (second and int(second) != month + 1)):
        raise InvalidInput("period-error-format", example=EXAMPLES[kind])
    return period


EXAMPLES = {
    Kind.MONTHLY: "2026-10",
    Kind.BIMONTHLY: "2026-11",
    Kind.QUARTERLY: "2026-Q3",
    Kind.HALF_YEAR: "2026-H1",
    Kind.ANNUAL: "2026",
}
