"""Tables. Nothing here is ever deleted: rows are revoked, unbound or closed, and changes are audit events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def _utc(**kwargs: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kwargs)


class User(SQLModel, table=True):
    """A registered member of staff. Strangers and tipsters never get a row here."""

    __tablename__ = "users"

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    full_name: str = Field(max_length=256)
    username: str | None = Field(default=None, max_length=64)
    language_code: str | None = Field(default=None, max_length=16)
    created_at: datetime = _utc()


class Area(SQLModel, table=True):
    __tablename__ = "areas"

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="areas.id", index=True)
    name: str = Field(max_length=64)
    code: str = Field(max_length=16, unique=True)
    # Materialised path of ids ("/1/4/17/"): subtree queries become one prefix match on any back end.
    path: str = Field(default="", max_length=512, index=True)
    created_at: datetime = _utc()

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2


class RoleGrant(SQLModel, table=True):
    __tablename__ = "role_grants"
    __table_args__ = (
        Index(
            "uq_role_grants_active",
            "user_id",
            "role",
            "area_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(BigInteger, ForeignKey("users.id"), nullable=False, index=True))
    role: str = Field(max_length=16)
    area_id: int = Field(foreign_key="areas.id", index=True)
    invite_id: int | None = Field(default=None, foreign_key="invites.id")
    granted_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    granted_at: datetime = _utc()
    revoked_at: datetime | None = _utc(default=None)
    revoked_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class Invite(SQLModel, table=True):
    __tablename__ = "invites"

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=32, unique=True)
    role: str = Field(max_length=16)
    area_id: int = Field(foreign_key="areas.id", index=True)
    max_uses: int | None = None
    uses: int = 0
    # An outside rectifier's invite: whoever opens it becomes that hazard's 整改责任人.
    hazard_id: int | None = Field(default=None, foreign_key="hazards.id")
    expires_at: datetime = _utc()
    created_by: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = _utc()
    revoked_at: datetime | None = _utc(default=None)
    revoked_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class GroupChat(SQLModel, table=True):
    """A group the bot is in; bound to an area it receives that area's digests."""

    __tablename__ = "group_chats"

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    title: str = Field(max_length=256)
    area_id: int | None = Field(default=None, foreign_key="areas.id", index=True)
    bound_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    bound_at: datetime | None = _utc(default=None)
    is_member: bool = True
    joined_at: datetime = _utc()
    left_at: datetime | None = _utc(default=None)
    unbind_reason: str | None = Field(default=None, max_length=64)


class AuditEvent(SQLModel, table=True):
    """Who did what, when, from what to what (谁检查、谁签字、谁负责)."""

    __tablename__ = "audit_events"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _utc(index=True)
    actor_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True, index=True))
    actor_role: str | None = Field(default=None, max_length=16)
    action: str = Field(max_length=48, index=True)
    subject_type: str = Field(max_length=24)
    subject_id: str = Field(max_length=32)
    area_id: int | None = Field(default=None, foreign_key="areas.id", index=True)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class FsmRecord(SQLModel, table=True):
    """Conversation state; the key is a keyed hash so no Telegram id is stored in the clear."""

    __tablename__ = "fsm_states"

    key: str = Field(sa_column=Column(String(64), primary_key=True))
    state: str | None = Field(default=None, max_length=128)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = _utc()


class Unit(SQLModel, table=True):
    """A business or organisation concerned by hazards (生产经营单位), registered per area from reports."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("area_id", "name_key", name="uq_units_area_name"),)

    id: int | None = Field(default=None, primary_key=True)
    area_id: int = Field(foreign_key="areas.id", index=True)
    name: str = Field(max_length=100)
    # The name reduced for matching: width, case, spaces and punctuation do not make another unit.
    name_key: str = Field(max_length=100)
    created_at: datetime = _utc()
    last_used_at: datetime = _utc(index=True)


class RefCounter(SQLModel, table=True):
    """The last sequence number given under a reference prefix (county code and month)."""

    __tablename__ = "ref_counters"

    prefix: str = Field(sa_column=Column(String(32), primary_key=True))
    last: int = 0


class Hazard(SQLModel, table=True):
    __tablename__ = "hazards"
    # What was signed off when: without it SQLite, which keeps no statistics here, takes the status index
    # alone and reads every closed hazard for a month's figures.
    __table_args__ = (Index("ix_hazards_status_closed_at", "status", "closed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=32, unique=True)
    area_id: int = Field(foreign_key="areas.id", index=True)
    sector: str = Field(max_length=24, index=True)
    level: str = Field(max_length=8)
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = Field(default=None, max_length=200)
    unit_id: int | None = Field(default=None, foreign_key="units.id", index=True)
    description: str = Field(sa_column=Column(Text, nullable=False))
    reporter_id: int = Field(sa_column=Column(BigInteger, ForeignKey("users.id"), nullable=False, index=True))
    status: str = Field(max_length=16, index=True)
    reported_at: datetime = _utc(index=True)
    # Rectification (整改): the four parts that must all be named, and where it stands.
    rectifier_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, ForeignKey("users.id"), nullable=True)
    )
    rectifier_name: str | None = Field(default=None, max_length=64)  # an outside person, until they join
    rectifier_phone: str | None = Field(default=None, max_length=32)
    supervisor_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, ForeignKey("users.id"), nullable=True)
    )
    deadline: date | None = Field(default=None, index=True)
    measures: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    assigned_at: datetime | None = _utc(default=None)
    completed_at: datetime | None = _utc(default=None)
    closed_at: datetime | None = _utc(default=None, index=True)  # digests count what was signed off when
    # Listed supervision (挂牌督办) needs a township sign-off, then the county's.
    listed: bool = Field(default=False, sa_column_kwargs={"server_default": text("0")})
    listed_at: datetime | None = _utc(default=None)
    township_signed_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    merged_into_id: int | None = Field(default=None, foreign_key="hazards.id")
    # Bumped by every change: two people acting on the same old state cannot both succeed.
    version: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})


class ReminderSent(SQLModel, table=True):
    """One row per overdue-ladder rung sent; the unique key makes each reminder go out once, ever.

    The deadline is part of the key, so extending it re-arms the ladder for the new date.
    """

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("hazard_id", "rung", "deadline", name="uq_reminders_once"),)

    id: int | None = Field(default=None, primary_key=True)
    hazard_id: int = Field(foreign_key="hazards.id", index=True)
    rung: str = Field(max_length=16)
    deadline: date
    sent_at: datetime = _utc()


class HazardEvent(SQLModel, table=True):
    """One step in a hazard's life: who, in which role, when, from what state to what, with what note."""

    __tablename__ = "hazard_events"

    id: int | None = Field(default=None, primary_key=True)
    hazard_id: int = Field(foreign_key="hazards.id", index=True)
    at: datetime = _utc()
    actor_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    actor_role: str | None = Field(default=None, max_length=16)
    kind: str = Field(max_length=24)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str | None = Field(default=None, max_length=16)
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Accident(SQLModel, table=True):
    """An accident quick report (事故直报)."""

    __tablename__ = "accidents"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=32, unique=True)
    area_id: int = Field(foreign_key="areas.id", index=True)
    occurred_at: datetime = _utc()
    reported_at: datetime = _utc(index=True)
    delay_minutes: int
    # Judged against the threshold in force when it was reported; a later change of the setting does not
    # rewrite history.
    late: bool
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = Field(default=None, max_length=200)
    unit_name: str | None = Field(default=None, max_length=100)
    deaths: int = 0
    injuries: int = 0
    account: str = Field(sa_column=Column(Text, nullable=False))
    reporter_id: int = Field(sa_column=Column(BigInteger, ForeignKey("users.id"), nullable=False))


class Photo(SQLModel, table=True):
    """Evidence: the Telegram file id to show it again; the bytes on disk by SHA-256 outlive the chat."""

    __tablename__ = "photos"

    id: int | None = Field(default=None, primary_key=True)
    hazard_id: int | None = Field(default=None, foreign_key="hazards.id", index=True)
    accident_id: int | None = Field(default=None, foreign_key="accidents.id", index=True)
    tip_id: int | None = Field(default=None, foreign_key="tips.id", index=True)
    event_id: int | None = Field(default=None, foreign_key="hazard_events.id")
    kind: str = Field(max_length=12)  # before, progress, after
    # How Telegram knows the file: a compressed "photo", or a "document" (an image sent as a file).
    media: str = Field(default="photo", max_length=8)
    file_id: str = Field(max_length=255)
    sha256: str = Field(max_length=64, index=True)
    size: int
    mime: str = Field(max_length=64)
    added_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    added_at: datetime = _utc()


class Tip(SQLModel, table=True):
    """A public tip (举报). Nothing here names the tipster: the way back to them is encrypted with a key
    that is not in the database, and the receipt exists only as a slow hash."""

    __tablename__ = "tips"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=32, unique=True)
    area_id: int = Field(foreign_key="areas.id", index=True)
    sector: str = Field(max_length=24)
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = Field(default=None, max_length=200)
    description: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(max_length=16, index=True)  # new, accepted, duplicate, dismissed
    received_at: datetime = _utc(index=True)
    anonymous: bool = True
    locale: str = Field(default="zh", max_length=8)  # the language the tipster is answered in
    # Erased `TIP_RETENTION_DAYS` after the tip is closed (see domain.tip_triage.purge_expired).
    receipt_hash: str | None = Field(default=None, max_length=64, unique=True)
    chat_sealed: str | None = Field(default=None, max_length=255)
    contact_sealed: str | None = Field(default=None, max_length=1024)
    hazard_id: int | None = Field(default=None, foreign_key="hazards.id", index=True)
    triaged_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    triaged_at: datetime | None = _utc(default=None)
    dismiss_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    closed_at: datetime | None = _utc(default=None)
    outcome: str | None = Field(default=None, max_length=16)  # real, not_real, duplicate
    reward_amount: int | None = None  # yuan
    reward_set_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    reward_set_at: datetime | None = _utc(default=None)
    reward_claimed_at: datetime | None = _utc(default=None)
    claim_ref: str | None = Field(default=None, max_length=32)
    erased_at: datetime | None = _utc(default=None)


class TipMessage(SQLModel, table=True):
    """One message of the two-way relay: "in" from the tipster, "out" from staff (author recorded)."""

    __tablename__ = "tip_messages"

    id: int | None = Field(default=None, primary_key=True)
    tip_id: int = Field(foreign_key="tips.id", index=True)
    at: datetime = _utc()
    direction: str = Field(max_length=4)
    author_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    text: str = Field(sa_column=Column(Text, nullable=False))


class TipCounter(SQLModel, table=True):
    """Tips per sender (a keyed hash, not linked to any tip) or per area, per hour, for rate limits.

    Rows older than a day are deleted."""

    __tablename__ = "tip_counters"

    key: str = Field(sa_column=Column(String(40), primary_key=True))
    hour: datetime = _utc(primary_key=True)
    count: int = 0


class ReceiptAttempt(SQLModel, table=True):
    """Wrong receipts per sender (a keyed hash), so that guessing is slowed down."""

    __tablename__ = "receipt_attempts"

    key: str = Field(sa_column=Column(String(40), primary_key=True))
    failures: int = 0
    last_at: datetime = _utc()
    locked_until: datetime | None = _utc(default=None)


class DigestSchedule(SQLModel, table=True):
    """A bound group's own day and time for one kind of digest; without a row the kind's default applies."""

    __tablename__ = "digest_schedules"

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    kind: str = Field(sa_column=Column(String(16), primary_key=True))
    enabled: bool = True
    day: int = 1
    at: str = Field(max_length=5)  # HH:MM local
    updated_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    updated_at: datetime = _utc()


class DigestSent(SQLModel, table=True):
    """Each scheduled digest once per group and period: the row is claimed before anything is sent, and
    `parts_done` lets a run cut short resume where it stopped."""

    __tablename__ = "digests_sent"
    __table_args__ = (UniqueConstraint("kind", "period", "chat_id", name="uq_digest_once"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    period: str = Field(max_length=32)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    area_id: int = Field(foreign_key="areas.id")
    state: str = Field(max_length=8)  # sending, sent, failed
    parts_done: int = 0
    claimed_at: datetime = _utc()
    # Who holds the claim now: each progress write checks it, so a sender whose claim was taken over
    # (after its lease ran out) stops instead of sending alongside the new holder.
    token: str = Field(default="", max_length=32)
    finished_at: datetime | None = _utc(default=None)
    error: str | None = Field(default=None, max_length=200)


class ActionPlan(SQLModel, table=True):
    """两月一行动: the focus sectors and the notice a leader set for an area's two-month action."""

    __tablename__ = "action_plans"
    __table_args__ = (UniqueConstraint("area_id", "period", name="uq_action_plan"),)

    id: int | None = Field(default=None, primary_key=True)
    area_id: int = Field(foreign_key="areas.id", index=True)
    period: str = Field(max_length=16)
    sectors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    set_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    set_at: datetime = _utc()
