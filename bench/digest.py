"""Digest build time: the monthly digest (一月一调度) of a county holding 10k, 100k, 1M hazards, split into
statistics (figures and early warnings), charts (matplotlib), the ledger query and the .xlsx, and in total
(jobs.digests.build, as a scheduled run or /digest calls it).

The county has --towns townships of --villages villages each; hazards are spread evenly over the --months
months before the digest's run (so the month reported on holds about size/months of them). Of them,
--open-share are never closed (overdue once past their 7-day deadline), 10% are closed late, the rest within
2-6 days; each has a photo (drawn from --photo-pool real JPEGs on disk, so the ledger has thumbnails to
make), and every tenth a tip. Rows are bulk-inserted with Core executemany.

    python -m bench.digest                       # 10k and 100k on SQLite
    python -m bench.digest --sizes 1000000       # 1M: a few minutes to insert
    python -m bench.digest --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/bench_digest
"""

from __future__ import annotations

import asyncio
import functools
import gc
import inspect
import io
import random
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # python bench/digest.py: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageFilter
from sqlalchemy import insert

import domain.ledger
import jobs.charts
import jobs.digests
import storage.evidence
from bench import common
from bot.app import Services
from domain import areas as area_rules
from domain.lifecycle import Status
from domain.people import Person, ensure_user
from domain.periods import Kind, reported_by_run
from domain.sectors import Sector
from storage.models import Area, Hazard, Photo, Tip

PHASES = {  # what is timed, by the module attribute jobs.digests reaches it through
    "statistics": [(jobs.digests, "figures"), (jobs.digests, "warnings")],
    "charts": [(jobs.charts, "trend"), (jobs.charts, "ranked_bars")],
    "ledger query": [(domain.ledger, "page")],
    "xlsx": [(domain.ledger, "export_xlsx")],
    "thumbnails": [(storage.evidence, "thumbnail")],  # inside xlsx: one read per distinct photo
    "thumbnails made": [(storage.evidence, "make_thumbnail")],  # only for photos stored without one
}
CHUNK = 20_000


def instrument() -> dict[str, float]:
    """Wrap the phases' functions so that each call adds its seconds to the returned dict (and counts
    its calls under "<phase> n")."""
    spent: dict[str, float] = defaultdict(float)
    for phase, targets in PHASES.items():
        for module, name in targets:
            original = getattr(module, name)
            if inspect.iscoroutinefunction(original):

                async def timed(*a, _f=original, _p=phase, **k):  # type: ignore[no-untyped-def]
                    started = time.perf_counter()
                    try:
                        return await _f(*a, **k)
                    finally:
                        spent[_p] += time.perf_counter() - started
            else:

                def timed(*a, _f=original, _p=phase, **k):  # type: ignore[no-untyped-def]
                    started = time.perf_counter()
                    try:
                        return _f(*a, **k)
                    finally:
                        spent[_p] += time.perf_counter() - started
                        spent[_p + " n"] += 1

            setattr(module, name, functools.wraps(original)(timed))
    return spent


@contextmanager
def inline_threads() -> Iterator[None]:
    """asyncio.to_thread runs the function in the calling thread (cProfile sees only that one)."""

    async def inline(function, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        return function(*args, **kwargs)

    original, asyncio.to_thread = asyncio.to_thread, inline  # type: ignore[assignment]
    try:
        yield
    finally:
        asyncio.to_thread = original


def photo_pool(data_dir: Path, size: int) -> list[str]:
    """`size` distinct phone-sized JPEGs (1280x960, ~100-200 KB) stored as evidence; their hashes."""
    big = Image.merge("RGB", [Image.effect_noise((1600, 1200), 48) for _ in range(3)])
    big = big.filter(ImageFilter.GaussianBlur(1.5))
    hashes = []
    for i in range(size):
        x, y = (i * 7) % 320, (i * 13) % 240
        out = io.BytesIO()
        big.crop((x, y, x + 1280, y + 960)).save(out, format="JPEG", quality=85)
        hashes.append(storage.evidence.store(data_dir, out.getvalue(), "image/jpeg")[0])
    return hashes


async def make_county(services: Services, towns: int, villages: int) -> tuple[Area, list[int]]:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    async with services.session_pool() as s:
        await ensure_user(s, Person(common.ADMIN_ID, "王管理", None, "zh-hans"), now)
        await s.commit()
        county = await area_rules.create_area(
            s, common.ADMIN, name="基准县", code="9906", parent_id=None, now=now
        )
        leaves = []
        for t in range(towns):
            town = await area_rules.create_area(
                s, common.ADMIN, name=f"第{t + 1}镇", code=f"9906{t + 1:02d}", parent_id=county.id, now=now
            )
            for v in range(villages):
                village = await area_rules.create_area(
                    s, common.ADMIN, name=f"第{t + 1}镇{v + 1}村", code=f"{town.code}{v + 1:02d}",
                    parent_id=town.id, now=now,
                )  # fmt: skip
                leaves.append(village.id or 0)
    return county, leaves


def rows(n: int, villages: list[int], until: datetime, months: int, photos: list[str], open_share: float):
    """Hazards, their first photos and tips, `CHUNK` at a time, reported evenly over `months` months."""
    rng = random.Random(7)
    sectors = [s.value for s in Sector]
    span = timedelta(days=30.4 * months).total_seconds()
    hazards, pictures, tips = [], [], []
    for i in range(1, n + 1):
        reported = until - timedelta(seconds=span * (n - i + rng.random()) / n)
        roll = rng.random()
        status, closed = Status.CLOSED, reported + timedelta(days=rng.randint(2, 6))
        if roll < open_share:  # never closed: overdue once its deadline has passed
            status, closed = (Status.REPORTED if roll < open_share / 5 else Status.RECTIFYING), None
        elif roll < open_share + 0.10:  # closed late
            closed = reported + timedelta(days=rng.randint(9, 20))
        if closed is not None and closed >= until:  # not closed yet when the digest runs
            status, closed = Status.RECTIFYING, None
        major = i % 9 == 0
        listed = major and status != Status.CLOSED and i % 4 == 0
        area = villages[rng.randrange(len(villages))]
        hazards.append(
            {
                "id": i,
                "ref": f"9906-{reported:%y%m}-{i:07d}",
                "area_id": area,
                "sector": sectors[i % len(sectors)],
                "level": "major" if major else "general",
                "latitude": 30 + rng.random(),
                "longitude": 119 + rng.random(),
                "description": f"隐患 {i}：配电箱门损坏，电线裸露，灭火器过期",
                "reporter_id": common.ADMIN_ID,
                "status": status.value,
                "reported_at": reported,
                "deadline": None if status == Status.REPORTED else (reported + timedelta(days=7)).date(),
                "closed_at": closed,
                "listed": listed,
                "listed_at": reported if listed else None,
                "version": 0,
            }
        )
        sha = photos[i % len(photos)]
        pictures.append(
            {"hazard_id": i, "kind": "before", "media": "photo", "file_id": f"f{i}", "sha256": sha,
             "size": 150_000, "mime": "image/jpeg", "added_by": common.ADMIN_ID, "added_at": reported}
        )  # fmt: skip
        if i % 10 == 0:
            tips.append(
                {"ref": f"J9906-{i:07d}", "area_id": area, "sector": hazards[-1]["sector"],
                 "description": f"举报 {i}", "status": "accepted" if i % 20 else "new",
                 "received_at": reported - timedelta(hours=2), "anonymous": True, "locale": "zh",
                 "triaged_at": reported if i % 20 else None}
            )  # fmt: skip
        if len(hazards) == CHUNK or i == n:
            yield hazards, pictures, tips
            hazards, pictures, tips = [], [], []


async def fill(services: Services, n: int, villages: list[int], until: datetime, args, photos: list[str]):
    async with services.engine.begin() as conn:
        for hazards, pictures, tips in rows(n, villages, until, args.months, photos, args.open_share):
            await conn.execute(insert(Hazard), hazards)
            await conn.execute(insert(Photo), pictures)
            if tips:
                await conn.execute(insert(Tip), tips)
        if conn.dialect.name == "postgresql":
            await conn.exec_driver_sql("SELECT setval('hazards_id_seq', (SELECT max(id) FROM hazards))")
            await conn.exec_driver_sql("ANALYZE")


async def one_size(n: int, args) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-digest-") as tmp:
        async with common.database(args.database_url) as url:
            settings = common.settings_for(Path(tmp), url)
            services = await common.open_services(settings)
            try:
                county, villages = await make_county(services, args.towns, args.villages)
                run_at = datetime(2026, 12, 1, 9, 0, tzinfo=settings.tz)  # the monthly run for November
                period = reported_by_run(Kind.MONTHLY, run_at.date())
                photos = photo_pool(Path(tmp), args.photo_pool)
                started = time.perf_counter()
                await fill(services, n, villages, run_at, args, photos)
                inserted = time.perf_counter() - started
                # As the bot does once started (bot.__main__): what was built before the first update is
                # moved out of the collector's reach, so a build's full collections walk only its own objects.
                gc.collect()
                gc.freeze()
                t = services.catalogs.translator("zh")
                runs = []
                for _ in range(args.repeat):
                    spent.clear()
                    started = time.perf_counter()
                    async with services.session_pool() as session:
                        digest = await jobs.digests.build(
                            session, Kind.MONTHLY, county, period, t, settings, run_at
                        )
                    runs.append({"total": time.perf_counter() - started, **spent})
                if args.profile:  # charts and xlsx run inline here, so that the profile sees them
                    with common.profiled(f"{args.profile}.{n}"), inline_threads():
                        async with services.session_pool() as session:
                            await jobs.digests.build(
                                session, Kind.MONTHLY, county, period, t, settings, run_at
                            )
            finally:
                gc.unfreeze()
                await services.dispose()
    ledger = digest.parts[-1]
    print(f"\n{n:,} hazards ({common.backend(args.database_url)}): inserted in {inserted:.1f} s; "
          f"{period.key} digest: {len(digest.parts)} parts, {ledger.text.strip()!r}, "
          f"xlsx {len(ledger.document or b'') / 1e6:.1f} MB")  # fmt: skip
    names = ["statistics", "charts", "ledger query", "xlsx", "thumbnails", "total"]
    print("  " + " ".join(f"{name:>13}" for name in ["run", *names]))
    for i, run in enumerate(runs):
        label = "cold" if i == 0 else f"warm {i}"
        print("  " + " ".join([f"{label:>13}", *(f"{run.get(k, 0.0):12.2f}s" for k in names)]))
    made = int(runs[-1].get("thumbnails made n", 0))
    print(f"  thumbnails made at export (photos stored without one): {made}")
    thumbs = runs[-1].get("thumbnails n", 0)
    if thumbs:
        each = runs[-1]["thumbnails"] / thumbs
        rows_n = min(int(n) for n in re.findall(r"\d+", ledger.text))  # "N" or "N of M": the rows in the file
        print(f"  thumbnails: {int(thumbs)} distinct photos, {each * 1000:.1f} ms each; "
              f"if each of the {rows_n} ledger rows had its own photo: ~{each * rows_n:.1f} s")  # fmt: skip
    warm = runs[1:] or runs
    return {k: statistics.median(r.get(k, 0.0) for r in warm) for k in names}


spent = instrument()


async def main() -> None:
    parser = common.parser(__doc__)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000], help="default: 10000 100000"
    )
    parser.add_argument("--months", type=int, default=12, help="history the hazards span (default 12)")
    parser.add_argument("--towns", type=int, default=10, help="townships (default 10)")
    parser.add_argument("--villages", type=int, default=20, help="villages per township (default 20)")
    parser.add_argument(
        "--open-share", type=float, default=0.05, help="share never closed, overdue (default 0.05)"
    )
    parser.add_argument("--photo-pool", type=int, default=100, help="distinct photo files (default 100)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="builds per size; the first is cold (default 3)"
    )
    parser.add_argument("--database-url", default="", help="postgresql+asyncpg://.../DB (made, dropped)")
    parser.add_argument(
        "--profile", metavar="FILE", help="cProfile one more build per size (threads inline), to FILE.<size>"
    )
    args = parser.parse_args()
    print(
        f"monthly digest build time; {args.towns}x{args.villages} villages, {args.months} months of history"
    )
    print(f"machine: {common.load_note()}")
    results = {n: await one_size(n, args) for n in args.sizes}
    print("\nmedian of warm builds, seconds:")
    for n, r in results.items():
        target = "  (target <= 2 s)" if n == 100_000 else ""
        print(f"  {n:>9,}: " + "  ".join(f"{k} {v:.2f}" for k, v in r.items()) + target)


if __name__ == "__main__":
    asyncio.run(main())
