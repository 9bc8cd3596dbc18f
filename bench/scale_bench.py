"""Reads at scale: cache-miss time of the pages' reads from the roll-ups against the same reads
from the fact table, and the first view of every page after an import with and without the
background pre-warm.

    python bench/scale_bench.py --db sqlite:///var/bench/ten.db [--db postgresql+psycopg://...]
                                [--var-dir var]  (a VAR_DIR with a geodata build)

Make the databases once (``ntp-dashboard demo --rows 10000000`` with ``DATABASE_URL`` set);
each figure is the median of ``--repeat`` runs in this one process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, func, select  # noqa: E402

from dashboard.db import make_engine, session_scope  # noqa: E402
from dashboard.models import Disbursement  # noqa: E402
from dashboard.queries import data_status, national_summary, yearly_summary  # noqa: E402
from dashboard.queries.disbursement import breakdown, curves, provinces  # noqa: E402
from dashboard.queries.facts import facts_only  # noqa: E402
from dashboard.queries.map import unit_amounts  # noqa: E402
from dashboard.queries.provinces import province_progress  # noqa: E402
from dashboard.queries.scope import Scope  # noqa: E402
from dashboard.queries.tables import Place, table_rows  # noqa: E402

Read = Callable[[Engine], object]


def reads(year: int, month: int) -> dict[str, Read]:
    """The reads behind the default views (national, latest month) and two filtered ones."""
    scope = Scope(year=year, upto_month=month)
    legacy = Scope(year=year - 1, upto_month=12, vintage=2024)
    return {
        "overview: national summary": lambda e: national_summary(e, year, month),
        "overview: years": yearly_summary,
        "overview: provinces": lambda e: province_progress(e, year, month),
        "disbursement: curves": lambda e: curves(e, scope, tuple(range(year - 4, year + 1))),
        "disbursement: projects": lambda e: breakdown(e, scope, "project"),
        "disbursement: provinces": lambda e: provinces(e, scope),
        "map: communes 2025": lambda e: unit_amounts(e, scope, "commune"),
        "map: communes 2024 (last year)": lambda e: unit_amounts(e, legacy, "commune"),
        "map: communes 2025 map, last year": lambda e: unit_amounts(
            e, Scope(year=year - 1, upto_month=12), "commune"
        ),
        "map: communes, one kind and project": lambda e: unit_amounts(
            e,
            Scope(year=year, upto_month=month, kinds=("investment",), projects=("DA4",)),
            "commune",
        ),
        "map: communes, region III": lambda e: unit_amounts(
            e, Scope(year=year, upto_month=month, regions=("III",)), "commune"
        ),
        "tables: provinces": lambda e: table_rows(e, scope, Place()),
        "tables: communes of province 08": lambda e: table_rows(e, scope, Place(province="08")),
        "map: communes, one source (facts both ways)": lambda e: unit_amounts(
            e, Scope(year=year, upto_month=month, sources=("local",)), "commune"
        ),
    }


def timed(read: Read, engine: Engine, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        read(engine)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compare(engine: Engine, repeat: int, only: str = "") -> None:
    status = data_status(engine)
    year, month = status.data_as_of
    with engine.connect() as conn:
        rows = conn.scalar(select(func.count()).select_from(Disbursement))
    backend = engine.url.get_backend_name()
    print(f"\n{backend}: {rows:,} disbursement rows, as of {year}-{month:02d}")
    print(f"{'read (cache miss)':46} {'roll-ups':>9} {'facts':>9} {'ratio':>7}")
    for name, read in reads(year, month).items():
        if only not in name:
            continue
        fast = timed(read, engine, repeat)
        with facts_only():
            slow = timed(read, engine, repeat)
        print(f"{name:46} {fast:8.3f}s {slow:8.3f}s {slow / fast:6.1f}x", flush=True)


def first_views(engine: Engine, var_dir: Path) -> None:
    """The slowest default view right after an import, without and with the pre-warm."""
    import flask

    from app import create_app
    from callbacks import prewarm
    from dashboard.config import from_env
    from dashboard.db import bump_data_version

    settings = from_env({}, prewarm_seconds=0, var_dir=var_dir, auth=False)
    app = create_app(settings, engine)
    deps = app.server.extensions["ntp_deps"]
    for warm in (False, True):
        with session_scope(engine) as session:
            bump_data_version(session)  # what an import does last: every cached read is cold
        started = time.perf_counter()
        if warm:
            prewarm.warm(app.server, deps)
        warm_time, slowest = time.perf_counter() - started, 0.0
        for view in prewarm._views(settings.language).values():
            with app.server.test_request_context("/"):
                flask.g.ntp_viewer = prewarm.WARM_VIEWER  # a request without a viewer is refused
                slowest = max(slowest, timed(lambda _, v=view: v(deps), engine, 1))
        what = f"after the pre-warm ({warm_time:.1f} s in the background)" if warm else "cold"
        print(f"first view after an import, slowest page, {what}: {slowest:.3f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", required=True, help="database URL (repeatable)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--var-dir", type=Path, default=Path("var"), help="holds geodata/")
    parser.add_argument("--only", default="", help="only the reads whose name holds this")
    parser.add_argument("--no-first-views", action="store_true", help="skip the pre-warm part")
    args = parser.parse_args()
    for url in args.db:
        engine = make_engine(url)
        compare(engine, args.repeat, args.only)
        if not args.no_first_views:
            first_views(engine, args.var_dir)
        engine.dispose()


if __name__ == "__main__":
    main()
