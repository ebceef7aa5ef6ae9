"""How hazards look in chat: the review card of a draft, the full card with timeline, the short caption."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import Markup, Translator, escape
from domain.hazards import Draft, HazardView
from handlers.render import role_name

CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def place_text(t: Translator, latitude: float | None, longitude: float | None, address: str | None) -> str:
    if latitude is not None and longitude is not None:
        return t("place-gps", lat=f"{latitude:.5f}", lon=f"{longitude:.5f}")
    return address or "—"


def draft_card(t: Translator, draft: Draft, trail: Markup) -> str:
    return t(
        "report-review",
        trail=trail,
        sector=t(f"sector-{draft.sector}"),
        level=t(f"level-{draft.level}"),
        place=place_text(t, draft.latitude, draft.longitude, draft.address),
        unit=draft.unit_name or (t("unit-none") if draft.no_unit else "—"),
        description=draft.description or "",
        photos=len(draft.photos),
    )


def _local(when: datetime, tz: ZoneInfo) -> str:
    return when.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _event_comment(t: Translator, comment: str | None) -> str:
    """What a timeline line adds: people's words as they are, the system's markers in words."""
    if not comment or comment.startswith("not-duplicate-of:"):
        return ""
    if comment.startswith("from-tip:"):
        return t("event-from-tip", ref=comment.removeprefix("from-tip:"))
    return comment


def hazard_caption(t: Translator, view: HazardView, trail: Markup, tz: ZoneInfo) -> str:
    """The short form for a photo caption (Telegram allows 1024 characters there)."""
    hazard = view.hazard
    head = t(
        "hazard-caption",
        ref=hazard.ref,
        level=t(f"level-{hazard.level}"),
        sector=t(f"sector-{hazard.sector}"),
        trail=trail,
        unit=view.unit.name if view.unit else t("unit-none"),
        repeat=t("unit-repeat-offender") if view.repeat_offender else "",
        status=t(f"status-{hazard.status}"),
        reported=_local(hazard.reported_at, tz),
        description="",
    )
    room = CAPTION_LIMIT - len(head) - 2
    return head + escape(shorten(hazard.description, max(room, 0)))


def hazard_card(t: Translator, view: HazardView, trail: Markup, tz: ZoneInfo) -> str:
    hazard = view.hazard
    lines = [
        t(
            "hazard-card",
            ref=hazard.ref,
            level=t(f"level-{hazard.level}"),
            sector=t(f"sector-{hazard.sector}"),
            trail=trail,
            place=place_text(t, hazard.latitude, hazard.longitude, hazard.address),
            unit=view.unit.name if view.unit else t("unit-none"),
            repeat=t("unit-repeat-offender") if view.repeat_offender else "",
            status=t(f"status-{hazard.status}"),
            reporter=view.names.get(hazard.reporter_id, "—"),
            reported=_local(hazard.reported_at, tz),
            photos=len(view.photos),
            description=hazard.description,
        ),
        t("timeline-title"),
    ]
    events = [
        t(
            "timeline-line",
            at=_local(e.at, tz),
            who=view.names.get(e.actor_id or 0, "—"),
            role=role_name(t, e.actor_role) if e.actor_role else "",
            what=t(f"event-{e.kind}"),
            comment=_event_comment(t, e.comment),
        )
        for e in view.events
    ]
    # Keep the newest steps when a long history would pass Telegram's limit.
    while events and len("\n".join(lines + events)) > TEXT_LIMIT - 20:
        events.pop(0)
    return "\n".join(lines + events)
