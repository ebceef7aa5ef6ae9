"""A clock the trainer can move forward, so scheduled jobs can be shown in minutes instead of a month."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.clock import Clock
from domain.periods import add_months


class OffsetClock(Clock):
    """Real time plus an offset that only grows: time in the trial never runs backwards."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def jump_to(self, moment: datetime) -> None:
        if moment > self.now():
            self.offset += moment - self.now()

    def advance(self, what: str, tz: ZoneInfo) -> datetime:
        """ "day": 24 hours on; "month": the next 1st at 10:35 local, after the digests due that morning."""
        if what == "day":
            self.offset += timedelta(days=1)
        elif what == "month":
            local = self.now().astimezone(tz)
            first = add_months(local.date(), 1)
            self.jump_to(datetime.combine(first, time(10, 35), tzinfo=tz))
        else:
            raise ValueError(f"cannot advance by {what!r}")
        return self.now()
