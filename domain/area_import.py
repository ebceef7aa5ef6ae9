"""Import a county's townships and villages from a CSV or .xlsx file, reporting every bad row by line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from domain import audit
from domain.areas import CODE_RE, NAME_MAX, get_area, next_child_code
from domain.errors import InvalidInput
from domain.permissions import Action, Actor
from storage import areas as area_store
from storage.db import begin_write
from storage.models import Area

MAX_ROWS = 5000
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
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


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


async def import_areas(
    session: AsyncSession, actor: Actor, parent_id: int, rows: list[list[str]], now: datetime
) -> ImportResult:
    """All or nothing: any bad row and nothing is written. Rows matching existing areas are reused,
    so sending the same file twice creates nothing new."""
    planned, problems = plan_rows(rows)
    await begin_write(session)
    parent = await get_area(session, parent_id)
    role = actor.require(Action.MANAGE_AREAS, parent.path)
    taken = await area_store.codes_taken(
        session, [c for p in planned for c in (p.township_code, p.village_code) if c]
    )
    result = ImportResult(problems=problems)
    townships: dict[str, Area] = {}

    async def place(name: str, code: str, under: Area, line: int) -> Area | None:
        existing = await area_store.child_by_name(session, under.id, name) if under.id else None
        if existing is not None:
            if code and existing.code != code:
                problems.append(
                    RowProblem(line, "import-row-code-mismatch", {"name": name, "code": existing.code})
                )
            result.existing += 1
            return existing
        if code and code in taken:
            problems.append(
                RowProblem(line, "import-row-code-taken", {"code": code, "name": taken[code].name})
            )
            return None
        if not code:
            siblings = {child.code for child in await area_store.children(session, under.id)} | set(taken)
            code = next_child_code(under.code, siblings, width=2 if under is parent else 3) or ""
            if not code:
                problems.append(RowProblem(line, "import-row-code-format", {"code": under.code + "…"}))
                return None
        area = await area_store.insert(
            session, Area(name=name, code=code, parent_id=under.id, created_at=now), under
        )
        taken[code] = area
        result.created.append(area)
        return area

    for row in planned:
        township = townships.get(row.township)
        if township is None:
            township = await place(row.township, row.township_code, parent, row.line)
            if township is None:
                continue
            townships[row.township] = township
        if row.village:
            await place(row.village, row.village_code, township, row.line)

    if problems:
        await session.rollback()
        result.problems = sorted(problems, key=lambda p: p.line)
        result.created = []
        return result
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
    await session.commit()
    return result


def problem_lines(problems: Iterable[RowProblem]) -> list[tuple[int, str, dict[str, Any]]]:
    return [(p.line, p.key, p.args) for p in problems]
