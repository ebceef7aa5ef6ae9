"""The hazard ledger (隐患台账): filtered, paged rows within one's scope, and the .xlsx export.

Overdue is derived from the deadline (never stored), so the overdue filter is the same rule as
`lifecycle.is_overdue`, written in SQL. A page is one query with joins plus one batched query for the
first photo of each hazard. The export is pure (rows in, bytes out) and runs in a worker thread.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, false, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import PermissionDenied
from domain.lifecycle import Status, days_overdue, is_overdue
from domain.permissions import Action, Actor, covers
from storage import areas as area_store
from storage import evidence
from storage.models import Area, Hazard, Photo, Unit, User

log = logging.getLogger(__name__)

EXPORT_MAX = 5000
SHEET = "隐患台账"
HEADERS = (
    "编号",
    "区域",
    "行业领域",
    "隐患等级",
    "隐患描述",
    "单位",
    "发现时间",
    "上报人",
    "整改责任人",
    "督办责任人",
    "整改期限",
    "整改措施",
    "状态",
    "销号时间",
    "是否逾期",
    "照片",
)
WIDTHS = (17, 20, 14, 10, 40, 22, 17, 10, 16, 10, 12, 30, 10, 17, 9, 18)
PHOTO_COL = HEADERS.index("照片")
THUMB_PX = evidence.THUMB_PX
LINE_PX = 17  # one line of 10-point text
MAX_ROW_PX = 545  # Excel's highest row (409 points)
# Statuses in which a passed deadline makes a hazard overdue (as in lifecycle.is_overdue).
OVERDUE_STATUSES = (Status.RECTIFYING.value, Status.REPORTED.value)


@dataclass(frozen=True)
class LedgerFilter:
    status: str | None = None
    sector: str | None = None
    level: str | None = None
    overdue: bool | None = None  # None: either; True: only overdue; False: only not overdue
    area_id: int | None = None  # None: the whole scope
    # A period's ledger: hazards reported in it or signed off in it.
    active_from: datetime | None = None
    active_before: datetime | None = None


@dataclass(frozen=True)
class LedgerRow:
    id: int
    ref: str
    area_name: str
    parent_area_name: str | None
    sector: str
    level: str
    description: str
    unit_name: str | None
    reported_at: datetime
    reporter_name: str
    rectifier_name: str | None  # a registered rectifier's name, or the outside person's
    rectifier_phone: str | None
    supervisor_name: str | None
    deadline: date | None
    measures: str | None
    status: str
    closed_at: datetime | None
    listed: bool
    overdue: bool
    days_overdue: int
    photo_sha256: str | None = None
    photo_mime: str | None = None

    @property
    def area_label(self) -> str:
        return f"{self.parent_area_name}/{self.area_name}" if self.parent_area_name else self.area_name


def overdue_clause(today: date) -> ColumnElement[bool]:
    """`lifecycle.is_overdue` in SQL: an open rectification whose deadline has passed."""
    return and_(
        col(Hazard.deadline).is_not(None),
        col(Hazard.deadline) < today,
        col(Hazard.status).in_(OVERDUE_STATUSES),
    )


def not_overdue_clause(today: date) -> ColumnElement[bool]:
    # Spelled out rather than NOT(...): a missing deadline must count as "not overdue", not as unknown.
    return or_(
        col(Hazard.deadline).is_(None),
        col(Hazard.deadline) >= today,
        col(Hazard.status).not_in(OVERDUE_STATUSES),
    )


async def _conditions(
    session: AsyncSession, actor: Actor, flt: LedgerFilter, today: date
) -> list[ColumnElement[bool]]:
    """The WHERE of a ledger query: the actor's scope (or the chosen area inside it) and the filters."""
    paths = actor.scope_paths(Action.VIEW_LEDGER)
    if not paths:
        raise PermissionDenied()
    where: list[ColumnElement[bool]] = []
    if flt.area_id is not None:
        area = await area_store.get(session, flt.area_id)
        if area is None or not covers(paths, area.path):
            raise PermissionDenied()  # out of scope looks the same as absent
        where.append(col(Area.path).startswith(area.path))
    else:
        where.append(or_(false(), *(col(Area.path).startswith(path) for path in paths)))
    if flt.status is not None:
        where.append(col(Hazard.status) == flt.status)
    if flt.sector is not None:
        where.append(col(Hazard.sector) == flt.sector)
    if flt.level is not None:
        where.append(col(Hazard.level) == flt.level)
    if flt.active_from is not None and flt.active_before is not None:
        where.append(
            or_(
                and_(col(Hazard.reported_at) >= flt.active_from, col(Hazard.reported_at) < flt.active_before),
                and_(col(Hazard.closed_at) >= flt.active_from, col(Hazard.closed_at) < flt.active_before),
            )
        )
    if flt.overdue is True:
        where.append(overdue_clause(today))
    elif flt.overdue is False:
        where.append(not_overdue_clause(today))
    return where


# The hazard's own columns a ledger row shows: plain columns, not entities, which cost several times more
# to load for an export's thousands of rows.
_LEDGER_COLUMNS = [
    col(Hazard.id),
    col(Hazard.ref),
    col(Hazard.sector),
    col(Hazard.level),
    col(Hazard.description),
    col(Hazard.reported_at),
    col(Hazard.rectifier_name),
    col(Hazard.rectifier_phone),
    col(Hazard.deadline),
    col(Hazard.measures),
    col(Hazard.status),
    col(Hazard.closed_at),
    col(Hazard.listed),
]


async def page(
    session: AsyncSession, actor: Actor, flt: LedgerFilter, today: date, offset: int, limit: int
) -> tuple[list[LedgerRow], int]:
    """Ledger rows matching the filter inside the actor's VIEW_LEDGER scope, newest first, and the total."""
    where = await _conditions(session, actor, flt, today)
    parent = aliased(Area)
    reporter, rectifier, supervisor = aliased(User), aliased(User), aliased(User)
    query = (
        select(
            *_LEDGER_COLUMNS,
            col(Area.name).label("area_name"),
            col(parent.name).label("parent_name"),
            col(Unit.name).label("unit_name"),
            col(reporter.full_name).label("reporter_name"),
            col(rectifier.full_name).label("registered_rectifier"),
            col(supervisor.full_name).label("supervisor_name"),
        )
        .join(Area, col(Area.id) == Hazard.area_id)
        .outerjoin(parent, parent.id == Area.parent_id)
        .outerjoin(Unit, col(Unit.id) == Hazard.unit_id)
        .join(reporter, reporter.id == Hazard.reporter_id)
        .outerjoin(rectifier, rectifier.id == Hazard.rectifier_id)
        .outerjoin(supervisor, supervisor.id == Hazard.supervisor_id)
        .where(*where)
        .order_by(col(Hazard.reported_at).desc(), col(Hazard.id).desc())
        .offset(max(offset, 0))
        .limit(max(limit, 0))
    )
    found = (await session.exec(query)).all()
    count_query = (
        select(func.count()).select_from(Hazard).join(Area, col(Area.id) == Hazard.area_id).where(*where)
    )
    total = (await session.exec(count_query)).one()
    photos = await first_photos(session, [found_row.id for found_row in found])
    rows = []
    for h in found:
        overdue = is_overdue(Status(h.status), h.deadline, today)
        photo = photos.get(h.id)
        rows.append(
            LedgerRow(
                id=h.id,
                ref=h.ref,
                area_name=h.area_name,
                parent_area_name=h.parent_name,
                sector=h.sector,
                level=h.level,
                description=h.description,
                unit_name=h.unit_name,
                reported_at=h.reported_at,
                reporter_name=h.reporter_name,
                rectifier_name=h.registered_rectifier or h.rectifier_name,
                rectifier_phone=h.rectifier_phone if h.registered_rectifier is None else None,
                supervisor_name=h.supervisor_name,
                deadline=h.deadline,
                measures=h.measures,
                status=h.status,
                closed_at=h.closed_at,
                listed=h.listed,
                overdue=overdue,
                days_overdue=days_overdue(h.deadline, today) if overdue else 0,
                photo_sha256=photo[0] if photo else None,
                photo_mime=photo[1] if photo else None,
            )
        )
    return rows, total


async def first_photos(session: AsyncSession, hazard_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """The first photo (by id: the one taken at the report) of each hazard, as (sha256, mime)."""
    if not hazard_ids:
        return {}
    firsts = (
        select(func.min(Photo.id))
        .where(col(Photo.hazard_id).in_(list(hazard_ids)))
        .group_by(col(Photo.hazard_id))
        .scalar_subquery()
    )
    query = select(Photo.hazard_id, Photo.sha256, Photo.mime).where(col(Photo.id).in_(firsts))
    return {hazard_id: (sha, mime) for hazard_id, sha, mime in (await session.exec(query)).all() if hazard_id}


# ---- the .xlsx export: pure, no event loop, safe to run in a thread ----


_WIDE = re.compile("[\u2e81-\U0010ffff]")  # characters a spreadsheet shows about two columns wide


def _display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: Chinese characters are about two wide."""
    return len(text) + len(_WIDE.findall(text))


def _lines(text: str, width: int, known: int = 1) -> int:
    """The lines a text wraps to in a column `width` wide, or `known` if that is more.

    Measuring each character is the costly part: a text that cannot need more than `known` lines even if
    every character were wide is not measured."""
    columns = max(width - 1, 1)
    if 2 * len(text) // columns + text.count("\n") + 1 <= known:
        return known
    return max(known, sum(max(1, -(-_display_width(part) // columns)) for part in text.split("\n")))


def _local(value: datetime | None, tz: ZoneInfo) -> datetime | None:
    # Excel has no time zones: write the local wall-clock time.
    return value.astimezone(tz).replace(tzinfo=None) if value else None


def _thumbnails(rows: Sequence[LedgerRow], data_dir: Path) -> dict[str, tuple[bytes, int]]:
    """Each distinct photo's thumbnail and its height in pixels, for the rows whose photo can be shown."""
    from PIL import Image

    found: dict[str, tuple[bytes, int]] = {}
    for row in rows:
        if row.photo_sha256 and row.photo_mime and row.photo_sha256 not in found:
            data = evidence.thumbnail(data_dir, row.photo_sha256, row.photo_mime)
            if data is not None:
                with Image.open(io.BytesIO(data)) as image:  # reads the header only
                    found[row.photo_sha256] = (data, image.height)
    return found


def export_xlsx(rows: Sequence[LedgerRow], t: Callable[..., str], data_dir: Path, tz: ZoneInfo) -> bytes:
    """The ledger as an .xlsx workbook. `t` gives plain text for the keys sector-*, level-*, status-*."""
    import xlsxwriter

    out = io.BytesIO()
    # Rows are written in order, so each goes to a temporary file (unnamed, gone when closed) as soon as the
    # next one starts: with strings inline and no table of them kept, about a sixth less work.
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = book.add_worksheet(SHEET)
    base: dict[str, Any] = {"text_wrap": True, "valign": "top", "border": 1, "font_size": 10}
    header = book.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "align": "center"})
    cell = book.add_format(base)
    when = book.add_format({**base, "num_format": "yyyy-mm-dd hh:mm"})
    day = book.add_format({**base, "num_format": "yyyy-mm-dd"})
    late = book.add_format({**base, "font_color": "#C00000", "bold": True, "align": "center"})
    centred = book.add_format({**base, "align": "center"})

    sheet.set_row(0, 20)  # in constant-memory mode a row's height is set before its cells
    for column, (title, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, title, header)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(HEADERS) - 1)

    labels: dict[str, str] = {}  # a few dozen catalog texts, looked up once each

    def label(key: str) -> str:
        if key not in labels:
            labels[key] = t(key)
        return labels[key]

    thumbs = _thumbnails(rows, data_dir)
    for number, row in enumerate(rows, start=1):
        rectifier = " ".join(part for part in (row.rectifier_name, row.rectifier_phone) if part)
        values: list[tuple[str | date | None, Any]] = [
            (row.ref, cell),
            (row.area_label, cell),
            (label(f"sector-{row.sector}"), cell),
            (label(f"level-{row.level}"), cell),
            (row.description, cell),
            (row.unit_name, cell),
            (_local(row.reported_at, tz), when),
            (row.reporter_name, cell),
            (rectifier, cell),
            (row.supervisor_name, cell),
            (row.deadline, day),
            (row.measures, cell),
            (label(f"status-{row.status}"), cell),
            (_local(row.closed_at, tz), when),
            ("是" if row.overdue else "否", late if row.overdue else centred),
            (None, cell),  # the photo floats over this cell
        ]
        sha = row.photo_sha256 or ""
        thumb = thumbs.get(sha)
        # Excel does not grow a row for wrapped text written by a program: size it for the longest cell,
        # or the photo if that is higher.
        lines = 1 if thumb is None else (thumb[1] + 6 - 4) // LINE_PX  # the lines the photo leaves room for
        for column, (value, _fmt) in enumerate(values):
            if isinstance(value, str) and value:
                lines = _lines(value, WIDTHS[column], lines)
        height = min(lines * LINE_PX + 4, MAX_ROW_PX)
        if thumb is not None:
            height = max(height, thumb[1] + 6)
            # Identical image data is stored once in the file, however many rows show it.
            sheet.insert_image(
                number,
                PHOTO_COL,
                f"{sha[:16]}.jpg",
                {"image_data": io.BytesIO(thumb[0]), "x_offset": 3, "y_offset": 3, "object_position": 1},
            )
        sheet.set_row_pixels(number, height)
        for column, (value, fmt) in enumerate(values):
            if isinstance(value, str) and value:
                sheet.write_string(number, column, value, fmt)
            elif isinstance(value, date):
                sheet.write_datetime(number, column, value, fmt)
            else:
                sheet.write_blank(number, column, None, fmt)
    book.close()
    return out.getvalue()
