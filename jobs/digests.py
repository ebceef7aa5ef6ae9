"""What each digest says: text, charts and the ledger, for one area's subtree over one period.

Building reads the database and renders charts and the workbook in worker threads; sending is elsewhere
(jobs.digest_run), so a preview and a scheduled run show exactly the same thing.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Translator
from bot.settings import Settings
from domain import ledger
from domain.areas import ancestor_ids
from domain.early_warning import Warning as EarlyWarning
from domain.early_warning import warnings
from domain.ledger import LedgerRow
from domain.lifecycle import Status
from domain.periods import Kind, Period
from domain.permissions import Actor
from domain.scorecard import scorecard
from domain.statistics import Figures, figures
from jobs import charts
from storage.models import ActionPlan, Area, Hazard

# The system reads the ledger of any area (the digest goes only to groups bound in that area's tree).
SYSTEM = Actor(user_id=0, is_global_admin=True, registered=True)
TEXT_LIMIT = 4000
CLOSED_LISTED = 30


@dataclass
class Part:
    text: str = ""  # a message, or a photo's or file's caption
    photo: bytes | None = None
    document: bytes | None = None
    filename: str = ""


@dataclass
class Digest:
    kind: Kind
    period: Period
    area: Area
    parts: list[Part] = field(default_factory=list)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def period_name(t: Translator, period: Period) -> str:
    start = period.start
    return t.plain(
        f"period-{period.kind}",
        year=start.year,
        month=start.month,
        next=(start.month % 12) + 1,
        quarter=(start.month - 1) // 3 + 1,
        half=1 if start.month == 1 else 2,
    )


async def build(
    session: AsyncSession,
    kind: Kind,
    area: Area,
    period: Period,
    t: Translator,
    settings: Settings,
    now: datetime,
) -> Digest:
    builders = {
        Kind.MONTHLY: _monthly,
        Kind.BIMONTHLY: _bimonthly,
        Kind.QUARTERLY: _quarterly,
        Kind.HALF_YEAR: _scorecard,
        Kind.ANNUAL: _scorecard,
    }
    digest = Digest(kind, period, area)
    await builders[kind](session, digest, t, settings, now)
    return digest


def _title(t: Translator, digest: Digest) -> str:
    return t(
        "digest-title",
        kind=t.plain(f"digest-kind-{digest.kind}"),
        area=digest.area.name,
        period=period_name(t, digest.period),
    )


def _summary(t: Translator, f: Figures) -> str:
    total = f.total
    return t(
        "digest-summary",
        new=total.new,
        major=f.major_new,
        closed=total.closed,
        closure=percent(total.closure_rate),
        on_time=percent(total.on_time_rate),
        overdue=total.overdue,
        listed=len(f.listed_open),
        tips=total.tips_received,
        handled=total.tips_handled,
    )


def _fit(lines: list[str]) -> str:
    """One message: lines beyond Telegram's limit are dropped, the last line saying how many."""
    out: list[str] = []
    size = 0
    for i, line in enumerate(lines):
        if size + len(line) + 1 > TEXT_LIMIT - 40:
            out.append(f"… (+{len(lines) - i})")
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


async def _start_ledger(
    session: AsyncSession,
    t: Translator,
    digest: Digest,
    settings: Settings,
    now: datetime,
    tasks: asyncio.TaskGroup,
) -> asyncio.Task[Part]:
    """Reads the period's ledger rows, then writes the workbook in a worker thread while the caller goes on.

    The rest of a digest overlaps with it on a second core: SQLite runs the statistics' queries, and the
    charts' PNG encoder its work, outside the GIL."""
    start, end = digest.period.bounds(settings.tz)
    flt = ledger.LedgerFilter(area_id=digest.area.id, active_from=start, active_before=end)
    rows, total = await ledger.page(
        session, SYSTEM, flt, now.astimezone(settings.tz).date(), 0, ledger.EXPORT_MAX
    )
    return tasks.create_task(asyncio.to_thread(_ledger_part, t, digest, settings, rows, total))


def _ledger_part(
    t: Translator, digest: Digest, settings: Settings, rows: list[LedgerRow], total: int
) -> Part:
    data = ledger.export_xlsx(rows, t.plain, settings.data_dir, settings.tz)
    name = f"ledger-{digest.area.code}-{digest.period.key.replace('/', '-')}.xlsx"
    if total > len(rows):  # the file holds the newest EXPORT_MAX: say so rather than let it pass for all
        caption = t("digest-ledger-caption-capped", count=len(rows), total=total)
    else:
        caption = t("digest-ledger-caption", count=len(rows))
    return Part(text=caption, document=data, filename=name)


async def _monthly(
    session: AsyncSession, digest: Digest, t: Translator, settings: Settings, now: datetime
) -> None:
    async with asyncio.TaskGroup() as tasks:
        ledger_part = await _start_ledger(session, t, digest, settings, now, tasks)
        f = await figures(session, digest.area, digest.period, settings.tz, now)
        found = await warnings(
            session, digest.area, f, settings.tz, settings.early_warning_factor, settings.early_warning_min
        )
        digest.parts.append(Part(text=_monthly_text(t, digest, f, found)))
        await _charts(digest, t, f)
    digest.parts.append(ledger_part.result())


def _monthly_text(t: Translator, digest: Digest, f: Figures, found: list[EarlyWarning]) -> str:
    lines = [_title(t, digest), _summary(t, f)]
    if found:
        lines.append(t("digest-warnings-title"))
        for w in found:
            name = w.name if w.subject == "area" else t.plain(f"sector-{w.name}")
            lines.append(t("digest-warning-line", name=name, count=w.count, average=w.average))
    if f.sub_areas:
        lines.append(t("digest-ranking-title"))
        ranked = sorted(f.sub_areas, key=lambda r: (-(r.closure_rate or 0), -r.new, r.area.name))
        for row in ranked:
            lines.append(
                t(
                    "digest-ranking-line",
                    name=row.area.name,
                    new=row.new,
                    closed=row.closed,
                    closure=percent(row.closure_rate),
                    overdue=row.overdue,
                )
            )
    lines += _overdue_lines(t, f)
    lines += _listed_lines(t, f)
    lines.append(t("digest-definitions"))
    return _fit(lines)


SCORE_WIDTHS = (4, 12, 6, 5, 7, 6, 7, 5, 6)  # in display columns: a Chinese character takes two


def _width(text: str) -> int:
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _row(cells: list[str]) -> str:
    """A monospace table row, padded by display width so Chinese names keep the columns straight."""
    return "".join(
        cell + " " * max(1, width - _width(cell)) for cell, width in zip(cells, SCORE_WIDTHS, strict=False)
    )


def _overdue_lines(t: Translator, f: Figures) -> list[str]:
    if not f.overdue:
        return []
    lines = [t("digest-overdue-title", count=f.total.overdue)]
    for item in f.overdue:
        lines.append(
            t(
                "digest-overdue-line",
                ref=item.ref,
                area=item.area,
                sector=t.plain(f"sector-{item.sector}"),
                days=item.days,
            )
        )
    return lines


def _listed_lines(t: Translator, f: Figures) -> list[str]:
    if not f.listed_open:
        return []
    lines = [t("digest-listed-title", count=len(f.listed_open))]
    for hazard in f.listed_open:
        lines.append(
            t(
                "digest-listed-line",
                ref=hazard.ref,
                sector=t.plain(f"sector-{hazard.sector}"),
                status=t.plain(f"status-{hazard.status}"),
                deadline=hazard.deadline.isoformat() if hazard.deadline else "—",
            )
        )
    return lines


async def _charts(digest: Digest, t: Translator, f: Figures) -> None:
    where = f"{digest.area.name} {period_name(t, digest.period)}"
    trend_png = await asyncio.to_thread(
        charts.trend,
        t.plain("chart-trend", where=where),
        f.trend,
        t.plain("chart-new"),
        t.plain("chart-closed"),
    )
    digest.parts.append(Part(text=t("chart-trend-caption"), photo=trend_png))
    sectors = [(t.plain(f"sector-{s}"), n) for s, n in f.total.by_sector.items()]
    if sectors:
        png = await asyncio.to_thread(charts.ranked_bars, t.plain("chart-sectors", where=where), sectors)
        digest.parts.append(Part(text=t("chart-sectors-caption"), photo=png))
    rates = [(row.area.name, row.closure_rate) for row in f.sub_areas if row.closure_rate is not None]
    if rates:
        png = await asyncio.to_thread(
            charts.ranked_bars, t.plain("chart-closure", where=where), rates, percent=True, colour=charts.RATE
        )
        digest.parts.append(Part(text=t("chart-closure-caption"), photo=png))


async def plan_for(session: AsyncSession, area: Area, period: Period) -> ActionPlan | None:
    """The action plan set for the area, or else for the nearest area above it."""
    ids = list(reversed(ancestor_ids(area.path)))  # the area itself first
    query = select(ActionPlan).where(col(ActionPlan.area_id).in_(ids), ActionPlan.period == period.key)
    plans = {plan.area_id: plan for plan in (await session.exec(query)).all()}
    return next((plans[i] for i in ids if i in plans), None)


def report_due(period: Period) -> datetime:
    """两月一报: township reports on the two months are due by the 5th after they end."""
    return datetime.combine(period.end + timedelta(days=4), datetime.min.time())


async def _bimonthly(
    session: AsyncSession, digest: Digest, t: Translator, settings: Settings, now: datetime
) -> None:
    plan = await plan_for(session, digest.area, digest.period)
    lines = [_title(t, digest)]
    if plan is None:
        lines.append(t("digest-plan-missing"))
        sectors: list[str] = []
    else:
        sectors = list(plan.sectors)
        names = "、".join(t.plain(f"sector-{s}") for s in sectors) or t.plain("digest-plan-all-sectors")
        lines += [t("digest-plan-focus", sectors=names), t("digest-plan-text", text=plan.text)]
    last = await figures(session, digest.area, digest.period.previous(), settings.tz, now, with_trend=False)
    lines.append(t("digest-last-two-months", period=period_name(t, last.period)))
    for sector in sectors or sorted(last.total.by_sector):
        count = last.total.by_sector.get(sector, 0)
        lines.append(t("digest-sector-line", sector=t.plain(f"sector-{sector}"), count=count))
    lines.append(
        t(
            "digest-last-summary",
            new=last.total.new,
            closed=last.total.closed,
            closure=percent(last.total.closure_rate),
        )
    )
    lines.append(t("digest-report-due", due=report_due(digest.period).strftime("%Y-%m-%d")))
    digest.parts.append(Part(text=_fit(lines)))


async def _quarterly(
    session: AsyncSession, digest: Digest, t: Translator, settings: Settings, now: datetime
) -> None:
    """Written to be forwarded to a public channel unchanged: numbers, places and states, no people."""
    async with asyncio.TaskGroup() as tasks:
        ledger_part = await _start_ledger(session, t, digest, settings, now, tasks)
        f = await figures(session, digest.area, digest.period, settings.tz, now, with_trend=False)
        lines = [
            _title(t, digest),
            t(
                "notice-counts",
                new=f.total.new,
                closed=f.total.closed,
                closure=percent(f.total.closure_rate),
                major=f.major_new,
            ),
        ]
        lines += _listed_lines(t, f) or [t("notice-no-listed")]
        lines += await _closed_lines(session, t, digest, settings, f.total.closed)
        digest.parts.append(Part(text=_fit(lines)))
    digest.parts.append(ledger_part.result())


async def _closed_lines(
    session: AsyncSession, t: Translator, digest: Digest, settings: Settings, count: int
) -> list[str]:
    """The first hazards signed off in the period; `count` (from the figures) says how many there were."""
    start, end = digest.period.bounds(settings.tz)
    query = (
        select(Hazard.ref, Area.name, Hazard.sector, Hazard.level)
        .join(Area, col(Area.id) == Hazard.area_id)
        .where(
            col(Area.path).startswith(digest.area.path),
            Hazard.status == Status.CLOSED,
            col(Hazard.closed_at) >= start,
            col(Hazard.closed_at) < end,
        )
        .order_by(col(Hazard.closed_at), col(Hazard.id))
        .limit(CLOSED_LISTED)
    )
    lines = [t("notice-closed-title", count=count)]
    for ref, area_name, sector, level in (await session.exec(query)).all():
        lines.append(
            t(
                "notice-closed-line",
                ref=ref,
                area=area_name,
                sector=t.plain(f"sector-{sector}"),
                level=t.plain(f"level-{level}"),
            )
        )
    if count > CLOSED_LISTED:
        lines.append(t("notice-closed-more", count=count - CLOSED_LISTED))
    return lines


async def _scorecard(
    session: AsyncSession, digest: Digest, t: Translator, settings: Settings, now: datetime
) -> None:
    f = await figures(session, digest.area, digest.period, settings.tz, now, with_trend=False)
    ranked = scorecard(f.sub_areas, settings.scorecard_weights)
    lines = [_title(t, digest), _summary(t, f)]
    if not ranked:
        lines.append(t("score-no-sub-areas"))
    else:
        lines.append(t("score-table-title"))
        table = [_row(t.plain("score-table-header").split())]
        for s in ranked:
            r = s.figures
            avg = "—" if r.avg_days_to_close is None else f"{r.avg_days_to_close:.1f}"
            cells = [
                str(s.rank),
                r.area.name[:6],
                f"{s.score:.1f}",
                str(r.new),
                percent(r.closure_rate),
                percent(r.on_time_rate),
                avg,
                str(r.overdue),
                f"{r.tips_handled}/{r.tips_received}",
            ]
            table.append(_row(cells))
        lines.append(t("score-table", table="\n".join(table)))
        weights = "，".join(
            f"{t.plain(f'weight-{k}')} {v:g}" for k, v in settings.scorecard_weights.items() if v
        )
        lines.append(t("score-weights", weights=weights))
    digest.parts.append(Part(text=_fit(lines)))
    if ranked:
        where = f"{digest.area.name} {period_name(t, digest.period)}"
        png = await asyncio.to_thread(
            charts.ranked_bars,
            t.plain("chart-score", where=where),
            [(s.figures.area.name, s.score) for s in ranked],
            colour=charts.RATE,
        )
        digest.parts.append(Part(text=t("chart-score-caption"), photo=png))
