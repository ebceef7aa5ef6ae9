"""The audit trail: every change is an event; nothing is deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.permissions import Actor
from domain.roles import Role
from storage.models import AuditEvent


def record(
    session: AsyncSession,
    *,
    at: datetime,
    actor: Actor | None,
    role: Role | None,
    action: str,
    subject: tuple[str, object],
    area_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str | None = None,
) -> AuditEvent:
    event = AuditEvent(
        at=at,
        actor_id=actor.user_id if actor else None,
        actor_role=role.value if role else None,
        action=action,
        subject_type=subject[0],
        subject_id=str(subject[1]),
        area_id=area_id,
        before=before,
        after=after,
        comment=comment,
    )
    session.add(event)
    return event
