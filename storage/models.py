"""Tables. Nothing here is ever deleted: rows are revoked, unbound or closed, and changes are audit events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, String, Text, text
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
