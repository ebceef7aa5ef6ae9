"""Import a county's townships and villages from a CSV or .xlsx file, reporting every bad row by line."""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from domain import audit
from domain.areas import CODE_RE, NAME_MAX, get_area, next_child_code
from domain.errors import InvalidInput
from domain.permissions import Action, Actor
from storage import areas as area_store
from storage.db import write_transaction
from storage.models import Area

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# Header names accepted for each column; spreadsheets made in China usually have the Chinese ones.
COLUMNS = {
    "township": ("乡镇", "乡镇（街道）", "乡镇(街道)", "乡镇街道", "街道", "township"),
    "township_code": ("乡镇代码", "乡镇编码", "township_code"),
    "village": ("村社区", "村（社区）", "村(社区)", "村", "社区", "village"),
    "village_code": ("村社区代码", "村代码", "村社区编码", "village_code"),
}


@dataclass(frozen=True)
class RowProblem:
    line: int
    key: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportResult:
    problems: list[RowProblem]
    created: list[Area] = field(default_factory=list)
    existing: int = 0


def check_upload(file_name: str, size: int) -> None:
    """Refuse a file before downloading it: only CSV and .xlsx, and not huge."""
    if not file_name.lower().endswith((".csv", ".xlsx")):
        raise InvalidInput("import-error-file-type")
    if size > MAX_BYTES:
        raise InvalidInput("import-error-file-size", mb=MAX_BYTES // 1024 // 1024)


def read_table(data: bytes, file_name: str) -> list[list[str]]:
    """Rows of cell text. CSV from Excel in China is often GB18030 rather than UTF-8."""
    if file_name.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput("import-error-encoding")
    rows = itertools.islice(csv.reader(io.StringIO(text)), MAX_ROWS + 2)
    return [[cell.strip() for cell in row] for row in rows]


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file; all mean "not a spreadsheet"
        raise InvalidInput("import-error-not-a-table") from None
    sheet = book.worksheets[0]
    rows = [
        ["" if cell is None else str(cell).strip() for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    return rows


@dataclass
class _Planned:
    line: int
    township: str
    township_code: str
    village: str
    village_code: str


def plan_rows(rows: list[list[str]]) -> tuple[list[_Planned], list[RowProblem]]:
    """Check the file on its own (before looking at the database)."""
    if not rows:
        raise InvalidInput("import-error-empty")
    header = [cell.strip().lower() for cell in rows[0]]
    index: dict[str, int] = {}
    for name, accepted in COLUMNS.items():
        for i, cell in enumerate(header):
            if cell in {a.lower() for a in accepted}:
                index[name] = i
                break
    if "township" not in index:
        raise InvalidInput("import-error-header")
    if len(rows) - 1 > MAX_ROWS:
        raise InvalidInput("import-error-too-many", max=MAX_ROWS)

    def cell(row: list[str], name: str) -> str:
        i = index.get(name)
        return " ".join(row[i].split()) if i is not None and i < len(row) else ""

    planned: list[_Planned] = []
    problems: list[RowProblem] = []
    township_codes: dict[str, tuple[str, int]] = {}
    seen_villages: dict[tuple[str, str], int] = {}
    code_owner: dict[str, tuple[str, int]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        township, village = cell(row, "township"), cell(row, "village")
        tcode, vcode = cell(row, "township_code").upper(), cell(row, "village_code").upper()
        row_problems = []
        if not township:
            row_problems.append(RowProblem(line, "import-row-township-empty"))
        for name in (township, village):
            if len(name) > NAME_MAX:
                row_problems.append(
                    RowProblem(line, "import-row-name-long", {"name": name[:40], "max": NAME_MAX})
                )
        for code in (tcode, vcode):
            if code and not CODE_RE.match(code):
                row_problems.append(RowProblem(line, "import-row-code-format", {"code": code}))
        if vcode and not village:
            row_problems.append(RowProblem(line, "import-row-village-empty"))
        if township and tcode:
            first = township_codes.setdefault(township, (tcode, line))
            if first[0] != tcode:
                row_problems.append(
                    RowProblem(
                        line, "import-row-township-code-differs", {"name": township, "other": first[1]}
                    )
                )
        for code, owner in ((tcode, f"t:{township}"), (vcode, f"v:{township}/{village}")):
            if code:
                first_owner = code_owner.setdefault(code, (owner, line))
                if first_owner[0] != owner:
                    row_problems.append(
                        RowProblem(line, "import-row-code-repeated", {"code": code, "other": first_owner[1]})
                    )
        if village:
            first_line = seen_villages.setdefault((township, village), line)
            if first_line != line:
                row_problems.append(RowProblem(line, "import-row-duplicate", {"other": first_line}))
        if row_problems:
            problems.extend(row_problems)
        else:
            planned.append(_Planned(line, township, tcode, village, vcode))
    return planned, problems


class _Rejected(Exception):
    """Raised inside the transaction so that nothing of a bad file is written."""


async def import_areas(
    session: AsyncSession, actor: Actor, parent_id: int, rows: list[list[str]], now: datetime
) -> ImportResult:
    """All or nothing: any bad row and nothing is written. Rows matching existing areas are reused,
    so sending the same file twice creates nothing new. The parent's subtree and every code in use are
    read once, and new areas are inserted in batches, so a county of thousands of villages is quick."""
    planned, problems = plan_rows(rows)
    result = ImportResult(problems=problems)
    try:
        async with write_transaction(session):
            parent = await get_area(session, parent_id)
            role = actor.require(Action.MANAGE_AREAS, parent.path)
            existing = {(a.parent_id, a.name): a for a in await area_store.under(session, [parent.path])}
            codes = await area_store.all_codes(session)
            # Codes the file gives explicitly are spoken for before any code is generated.
            reserved = {c for p in planned for c in (p.township_code, p.village_code) if c}
            townships = await _place_level(
                session,
                parent,
                [(p.line, p.township, p.township_code) for p in planned],
                existing,
                codes,
                reserved,
                result,
                now,
                width=2,
            )
            villages = [
                (p.line, p.village, p.village_code, townships[p.township])
                for p in planned
                if p.village and p.township in townships
            ]
            for township in {id(t): t for *_, t in villages}.values():
                mine = [(line, name, code) for line, name, code, t in villages if t is township]
                await _place_level(session, township, mine, existing, codes, reserved, result, now, width=3)
            if result.problems:
                raise _Rejected
            audit.record(
                session,
                at=now,
                actor=actor,
                role=role,
                action="area.import",
                subject=("area", parent.id),
                area_id=parent.id,
                after={"created": len(result.created), "existing": result.existing},
            )
    except _Rejected:
        return ImportResult(problems=sorted(result.problems, key=lambda p: p.line))
    return result


async def _place_level(
    session: AsyncSession,
    under: Area,
    wanted: list[tuple[int, str, str]],
    existing: dict[tuple[int | None, str], Area],
    codes: dict[str, str],
    reserved: set[str],
    result: ImportResult,
    now: datetime,
    *,
    width: int,
) -> dict[str, Area]:
    """Find or create the named children of one area; returns them by name."""
    placed: dict[str, Area] = {}
    new: list[Area] = []
    for line, name, code in wanted:
        if name in placed:
            continue
        found = existing.get((under.id, name))
        if found is not None:
            if code and found.code != code:
                result.problems.append(
                    RowProblem(line, "import-row-code-mismatch", {"name": name, "code": found.code})
                )
            result.existing += 1
            placed[name] = found
            continue
        if code and code in codes:
            result.problems.append(
                RowProblem(line, "import-row-code-taken", {"code": code, "name": codes[code]})
            )
            continue
        if not code:
            code = next_child_code(under.code, set(codes) | reserved, width=width) or ""
            if not code:
                result.problems.append(RowProblem(line, "import-row-code-format", {"code": under.code + "…"}))
                continue
        codes[code] = name
        area = Area(name=name, code=code, parent_id=under.id, created_at=now)
        placed[name] = area
        new.append(area)
    if new:
        session.add_all(new)
        await session.flush()  # one batched insert gives every new area its id
        for area in new:
            area.path = f"{under.path}{area.id}/"
        await session.flush()
        result.created.extend(new)
    return placed
