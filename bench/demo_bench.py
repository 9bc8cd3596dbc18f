"""Demo data: generation time and database size, on SQLite and PostgreSQL.

    python bench/demo_bench.py [--rows 600000 1000000] [--pg URL | --pg '']

Each size is written into a fresh temporary SQLite file (and a temporary PostgreSQL schema,
dropped afterwards). Prints seconds, rows written and the size of the database.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from dashboard.bootstrap import init_database
from dashboard.db import make_engine
from dashboard.demo.writer import load_demo

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")


def timed_demo(engine: Engine, rows: int) -> tuple[float, int]:
    init_database(engine)
    start = time.perf_counter()
    summary = load_demo(engine, rows=rows, seed=1719, as_of=(2026, 10))
    return time.perf_counter() - start, summary.disbursement_rows


def sqlite_run(rows: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ntp.db"
        engine = make_engine(f"sqlite:///{path}")
        seconds, written = timed_demo(engine, rows)
        with engine.begin() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        engine.dispose()
        size = path.stat().st_size
    return f"SQLite      {written:>11,} rows  {seconds:7.1f} s  {size / 1e6:8.1f} MB"


def postgres_run(url: str, rows: int) -> str:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        engine = make_engine(f"{url}?options=-csearch_path%3D{schema}")
        seconds, written = timed_demo(engine, rows)
        with engine.connect() as conn:
            size = conn.scalar(text(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
            ))  # fmt: skip
        engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
    return f"PostgreSQL  {written:>11,} rows  {seconds:7.1f} s  {int(size) / 1e6:8.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[600_000, 1_000_000])
    parser.add_argument("--pg", default=PG_URL, help="PostgreSQL URL; empty to skip")
    args = parser.parse_args()
    print("demo data: database, disbursement rows, generation + write time, size")
    for rows in args.rows:
        print(sqlite_run(rows), flush=True)
        if args.pg:
            try:
                print(postgres_run(args.pg, rows), flush=True)
            except Exception as exc:  # noqa: BLE001 (a missing server is reported, not fatal)
                print(f"PostgreSQL  skipped: {str(exc).splitlines()[0]}")


if __name__ == "__main__":
    main()
