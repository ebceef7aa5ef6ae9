"""Public tips (举报): filing one without registering, rate limits, and finding it again by receipt.

A tip names its tipster nowhere. The chat to answer them in is sealed (domain.tip_secrets), the receipt is
kept only as a slow hash, and counters for rate limits use keyed hashes that no tip row carries.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain import audit
from domain.areas import get_area
from domain.errors import DomainError, InvalidInput, NotFound
from domain.hazards import MAX_PHOTOS, EvidenceRef, clean_text
from domain.numbering import next_ref, ref_prefix
from domain.sectors import Sector
from domain.tip_secrets import Sealed, TipVault, new_receipt, normalise_receipt
from storage.db import write_transaction
from storage.models import Photo, ReceiptAttempt, Tip, TipCounter, TipMessage

TIP_REF_KIND = "J"  # 举报
FREE_RECEIPT_TRIES = 3
MAX_RECEIPT_LOCK = timedelta(hours=1)
NAME_MAX, PHONE_MAX = 32, 20


class TipStatus(StrEnum):
    NEW = "new"
    ACCEPTED = "accepted"  # turned into a hazard
    DUPLICATE = "duplicate"  # linked to a hazard already known
    DISMISSED = "dismissed"  # 不属实


class RateLimited(DomainError):
    key = "tip-error-rate"


@dataclass(frozen=True)
class Limits:
    per_hour: int = 5
    per_day: int = 20
    area_per_hour: int = 30


@dataclass
class TipDraft:
    area_id: int | None = None
    sector: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    place_skipped: bool = False
    description: str | None = None
    photos: list[EvidenceRef] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> TipDraft:
        raw = dict(data.get("tip") or {})
        photos = [EvidenceRef(**p) for p in raw.pop("photos", [])]
        return cls(**raw, photos=photos)

    def as_data(self) -> dict[str, Any]:
        return {
            **{k: v for k, v in self.__dict__.items() if k != "photos"},
            "photos": [p.as_dict() for p in self.photos],
        }

    def missing(self) -> list[str]:
        checks = [
            ("area", self.area_id is not None),
            ("sector", self.sector in set(Sector)),
            ("place", self.place_skipped or self.latitude is not None or bool(self.address)),
            ("description", bool(self.description)),
        ]
        return [name for name, ok in checks if not ok]


def clean_contact(name: str, phone: str) -> Sealed:
    name = " ".join(name.split())
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if not name or len(name) > NAME_MAX:
        raise InvalidInput("tip-error-name", max=NAME_MAX)
    if not 5 <= len(digits) <= PHONE_MAX:
        raise InvalidInput("tip-error-phone")
    return Sealed(name=name, phone=digits)


def _hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


async def _count(session: AsyncSession, key: str, since: datetime) -> int:
    query = select(func.coalesce(func.sum(TipCounter.count), 0)).where(
        TipCounter.key == key, TipCounter.hour > since
    )
    return int((await session.exec(query)).one())


async def _bump(session: AsyncSession, key: str, now: datetime) -> None:
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(TipCounter)
        .values(key=key, hour=_hour(now), count=1)
        .on_conflict_do_update(index_elements=["key", "hour"], set_={"count": TipCounter.count + 1})
    )
    await session.exec(statement)  # type: ignore[call-overload]


def _keys(vault: TipVault, chat_id: int, area_id: int | None) -> tuple[str, str | None]:
    return vault.sender_key(chat_id, "rate"), (f"area:{area_id}" if area_id is not None else None)


async def check_rate(
    session: AsyncSession, vault: TipVault, chat_id: int, area_id: int | None, now: datetime, limits: Limits
) -> None:
    """Raise RateLimited (with the minutes to wait) when this chat or this area has sent enough for now."""
    sender, area = _keys(vault, chat_id, area_id)
    this_hour = _hour(now)
    # Counted in whole hours, this one and the one before (so never fewer than 60 minutes look back); the
    # day is the last 24 hour buckets.
    if await _count(session, sender, this_hour - timedelta(hours=24)) >= limits.per_day:
        raise RateLimited("tip-error-rate-day")
    checks = [(sender, limits.per_hour, "tip-error-rate")]
    if area is not None:
        checks.append((area, limits.area_per_hour, "tip-error-rate-area"))
    for key, limit, error in checks:
        if await _count(session, key, this_hour - timedelta(hours=2)) < limit:
            continue
        # The count drops when the older bucket leaves, at the next hour; if this hour alone is full,
        # an hour later.
        wait = 60 - now.minute
        if await _count(session, key, this_hour - timedelta(hours=1)) >= limit:
            wait += 60
        raise RateLimited(error, minutes=wait)


async def create_tip(
    session: AsyncSession,
    vault: TipVault,
    draft: TipDraft,
    *,
    chat_id: int,
    contact: Sealed | None,
    locale: str,
    now: datetime,
    tz: ZoneInfo,
    limits: Limits,
) -> tuple[Tip, str]:
    """Save the tip and return it with its receipt (shown once, never stored)."""
    missing = draft.missing()
    if missing:
        raise InvalidInput("tip-error-incomplete", fields=",".join(missing))
    description = clean_text(draft.description)
    receipt = new_receipt()
    receipt_hash = await asyncio.to_thread(vault.receipt_hash, receipt)
    sealed_contact = vault.seal(contact) if contact is not None else None
    async with write_transaction(session):
        area = await get_area(session, draft.area_id or 0)
        await check_rate(session, vault, chat_id, area.id, now, limits)
        sender, area_key = _keys(vault, chat_id, area.id)
        await _bump(session, sender, now)
        await _bump(session, area_key or "", now)
        county = await get_area(session, int(area.path.strip("/").split("/")[0]))
        tip = Tip(
            ref=await next_ref(session, ref_prefix(county.code, now, tz, kind=TIP_REF_KIND)),
            area_id=area.id or 0,
            sector=draft.sector or Sector.OTHER.value,
            latitude=draft.latitude,
            longitude=draft.longitude,
            address=draft.address,
            description=description,
            status=TipStatus.NEW,
            received_at=now,
            anonymous=contact is None,
            locale=locale,
            receipt_hash=receipt_hash,
            chat_sealed=vault.seal(Sealed(chat_id=chat_id)),
            contact_sealed=sealed_contact,
        )
        session.add(tip)
        await session.flush()
        session.add_all(
            Photo(
                tip_id=tip.id,
                kind="before",
                media=p.media,
                file_id=p.file_id,
                sha256=p.sha256,
                size=p.size,
                mime=p.mime,
                added_at=now,
            )
            for p in draft.photos[:MAX_PHOTOS]
        )
        audit.record(
            session,
            at=now,
            actor=None,
            role=None,
            action="tip.received",
            subject=("tip", tip.ref),
            area_id=area.id,
            after={"anonymous": tip.anonymous, "sector": tip.sector, "photos": len(draft.photos)},
        )
    return tip, receipt


async def find_by_receipt(
    session: AsyncSession, vault: TipVault, chat_id: int, typed: str, now: datetime
) -> Tip:
    """The tip behind a receipt. Wrong receipts from one chat lock it out for a growing while."""
    key = vault.sender_key(chat_id, "receipt")
    attempt = await session.get(ReceiptAttempt, key)
    if attempt is not None and attempt.locked_until is not None and attempt.locked_until > now:
        raise RateLimited("tip-error-receipt-wait", minutes=_minutes_until(attempt.locked_until, now))
    receipt = normalise_receipt(typed)
    if receipt is None:
        raise InvalidInput("tip-error-receipt-format")  # a slip of the finger, not a guess: not counted
    digest = await asyncio.to_thread(vault.receipt_hash, receipt)
    tip = (await session.exec(select(Tip).where(Tip.receipt_hash == digest))).first()
    async with write_transaction(session):
        attempt = await session.get(ReceiptAttempt, key)
        if tip is not None:
            # Right receipts do not wipe the count: else one's own receipt would reset the count between
            # guesses at others'. Only a quiet day does.
            return tip
        if attempt is None or now - attempt.last_at > timedelta(days=1):
            attempt = attempt or ReceiptAttempt(key=key)
            attempt.failures = 0
        attempt.failures += 1
        attempt.last_at = now
        if attempt.failures >= FREE_RECEIPT_TRIES:
            wait = min(timedelta(minutes=2 ** (attempt.failures - FREE_RECEIPT_TRIES)), MAX_RECEIPT_LOCK)
            attempt.locked_until = now + wait
        session.add(attempt)
    raise NotFound("tip-error-receipt")


def _minutes_until(when: datetime, now: datetime) -> int:
    return max(1, int((when - now).total_seconds() + 59) // 60)


async def messages_of(session: AsyncSession, tip_id: int) -> list[TipMessage]:
    query = select(TipMessage).where(TipMessage.tip_id == tip_id).order_by(col(TipMessage.id))
    return list((await session.exec(query)).all())


async def photos_of(session: AsyncSession, tip_id: int) -> list[Photo]:
    query = select(Photo).where(Photo.tip_id == tip_id).order_by(col(Photo.id))
    return list((await session.exec(query)).all())


async def forget_counters(session: AsyncSession, now: datetime) -> None:
    """Counters older than a day have served their purpose; they are not kept."""
    async with write_transaction(session):
        await session.exec(delete(TipCounter).where(col(TipCounter.hour) < _hour(now) - timedelta(days=1)))  # type: ignore[call-overload]
        await session.exec(
            delete(ReceiptAttempt).where(col(ReceiptAttempt.last_at) < now - timedelta(days=2))  # type: ignore[call-overload]
        )
