"""Reference numbers people can say aloud: county code, year and month, sequence — e.g. 3305-2611-0042.

They sort by county and month, and the sequence restarts each month, so they stay short.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import RefCounter


def ref_prefix(county_code: str, when: datetime, tz: ZoneInfo, kind: str = "") -> str:
    return f"{kind}{county_code}-{when.astimezone(tz):%y%m}"


def format_ref(prefix: str, sequence: int) -> str:
    return f"{prefix}-{sequence:04d}"


async def next_ref(session: AsyncSession, prefix: str) -> str:
    """Take the next number under the prefix in one atomic statement (safe with concurrent reporters)."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(RefCounter)
        .values(prefix=prefix, last=1)
        .on_conflict_do_update(index_elements=["prefix"], set_={"last": RefCounter.last + 1})
        .returning(RefCounter.last)
    )
    sequence = (await session.exec(statement)).scalar_one()  # type: ignore[call-overload]
    return format_ref(prefix, sequence)
