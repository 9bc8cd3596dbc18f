"""Reads carried across the 2025 reform, and the cost of a scope: medians on the demo data.

    python bench/scope_bench.py [--rows 200000] [--repeat 5]

On a fresh SQLite file with the demo set, times ``unit_amounts`` (the map's read) for 2025, whose
plans and first-half reports are on legacy units and second-half reports on new ones, on each
boundary set and level, for the whole country and for one granted province (the scope of an
analyst). Prints the median of ``--repeat`` runs and checks that the carried total equals the
database's to the đồng.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from dashboard.access import ANALYST, Viewer
from dashboard.bootstrap import init_database
from dashboard.db import make_engine
from dashboard.demo.writer import load_demo
from dashboard.filters import Filters
from dashboard.models import CapitalPlan, Disbursement
from dashboard.queries import map as map_queries
from dashboard.queries.scope import Scope, read_province_map

YEAR = 2025
VIEWS = ((2025, "commune"), (2024, "commune"), (2024, "province"), (2025, "province"))


def median_ms(read: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def database_total(engine) -> int:  # noqa: ANN001 (an Engine)
    with engine.connect() as conn:
        plans = conn.scalar(
            select(func.sum(CapitalPlan.amount_vnd)).where(CapitalPlan.year == YEAR)
        )
        paid = conn.scalar(
            select(func.sum(Disbursement.amount_vnd)).where(Disbursement.year == YEAR)
        )
    return int(plans or 0) + int(paid or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    engine = make_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'scope.db'}")
    init_database(engine)
    load_demo(engine, rows=args.rows, seed=1719, as_of=(2026, 10))
    refs = map_queries.lookups(engine)
    analyst = Viewer("bench", ANALYST, frozenset({"08"}))
    print(f"demo rows {args.rows:,}; {YEAR}; median of {args.repeat} runs")
    print(f"{'map':<16}{'country ms':>12}{'one province ms':>17}{'ratio':>8}  total to the đồng")
    for vintage, level in VIEWS:
        country = Scope(year=YEAR, vintage=vintage)
        granted = Filters(YEAR, 12, vintage).to_scope(analyst, read_province_map(engine))

        def read(scope: Scope, level: str = level) -> Callable[[], object]:
            return lambda: map_queries.unit_amounts(engine, scope, level, refs=refs)

        whole, one = (median_ms(read(scope), args.repeat) for scope in (country, granted))
        frame = map_queries.unit_amounts(engine, country, level, refs=refs)
        carried = int(frame["allocated"].sum() + frame["disbursed"].sum())
        print(f"{vintage} {level:<11}{whole:>12.0f}{one:>17.0f}{one / whole:>8.2f}  "
              f"{carried:,} of {database_total(engine):,}")  # fmt: skip


if __name__ == "__main__":
    main()
