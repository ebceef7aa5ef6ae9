"""Reference numbers people can say aloud: county code, year and month, sequence — e.g. 3305-2611-0042.

They sort by county and month, and the sequence restarts each month, so they stay short.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import RefCounter


def ref_prefix(county_code: str, when: datetime, tz: ZoneInfo, kind: str = "") -> str:
    return f"{kind}{county_code}-{when.astimezone(tz):%y%m}"


def normalise_ref(typed: str) -> str:
    """What people type: full-width digits and dashes, spaces, lower case, or no dashes at all."""
    text = re.sub(r"[\s_—–－‐]+", "-", unicodedata.normalize("NFKC", typed).strip().upper()).strip("-")
    if "-" not in text and len(text) >= 10 and text[-8:].isdigit():
        # Typed in one go: the last eight digits are the month and the sequence.
        return f"{text[:-8]}-{text[-8:-4]}-{text[-4:]}"
    return text


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
