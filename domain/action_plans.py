"""两月一行动: a leader sets the focus sectors and the notice of an area's two-month action."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain import audit
from domain.areas import get_area
from domain.hazards import clean_text
from domain.periods import Kind, Period, add_months, containing
from domain.permissions import Action, Actor
from domain.sectors import Sector
from storage.db import write_transaction
from storage.models import ActionPlan

TEXT_MAX = 1500


def upcoming(today: date) -> Period:
    """The two months whose action digest is the next to go out: on the 1st of an odd month that is the
    pair starting today (its digest goes out in the morning); any later day, the next pair."""
    if today.month % 2 == 1 and today.day == 1:
        return containing(Kind.BIMONTHLY, today)
    next_odd = add_months(today, 1 if today.month % 2 == 0 else 2)
    return containing(Kind.BIMONTHLY, next_odd)


async def set_plan(
    session: AsyncSession,
    actor: Actor,
    area_id: int,
    period: Period,
    sectors: list[str],
    text: str,
    now: datetime,
) -> ActionPlan:
    text = clean_text(text, limit=TEXT_MAX)
    chosen = [s.value for s in Sector if s.value in set(sectors)]  # in the catalogue's order, no strays
    async with write_transaction(session):
        area = await get_area(session, area_id)
        role = actor.require(Action.SEND_DIGEST, area.path)
        query = select(ActionPlan).where(ActionPlan.area_id == area.id, ActionPlan.period == period.key)
        plan = (await session.exec(query)).first() or ActionPlan(
            area_id=area.id or 0, period=period.key, text=""
        )
        before = {"sectors": list(plan.sectors), "text": plan.text} if plan.id else None
        plan.sectors, plan.text, plan.set_by, plan.set_at = chosen, text, actor.user_id, now
        session.add(plan)
        audit.record(
            session,
            at=now,
            actor=actor,
            role=role,
            action="digest.plan",
            subject=("area", area.id),
            area_id=area.id,
            before=before,
            after={"period": period.key, "sectors": chosen, "text": text},
        )
    return plan
