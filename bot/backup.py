"""`python -m bot backup FILE`: a consistent copy of the SQLite database, safe while the bot runs.

SQLite's online backup API copies a consistent snapshot page by page, including what is still in the
write-ahead log, without stopping writers for long. PostgreSQL has pg_dump for this: its line is printed.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.settings import Settings, SettingsError


def run_backup(settings: Settings, target: Path) -> int:
    url = make_url(settings.db_url)
    if url.get_backend_name() == "postgresql":
        plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
        print(f"pg_dump --format=custom --file={target} '{plain}'")
        print("# restore into an empty database: pg_restore --dbname='<url>' --no-owner " + str(target))
        return 0
    source = Path(url.database or "")
    if not source.exists():
        raise SettingsError("DATABASE_URL", f"has no database file to back up: {source}")
    if target.exists():
        print(f"safegrid: {target} exists; choose a new file name", file=sys.stderr)
        return 2
    backup_sqlite(source, target)
    print(f"safegrid: backed up {source} to {target}")
    return 0


def backup_sqlite(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=1024)  # in steps, so the bot's writers are not held up
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        dst.close()
        src.close()
    partial.replace(target)  # never a half-written backup under the real name
