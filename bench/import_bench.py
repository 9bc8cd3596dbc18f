"""Import speed: a generated 100,000-row disbursement CSV into SQLite and PostgreSQL.

    python bench/import_bench.py [--rows 100000] [--pg postgresql+psycopg://root@127.0.0.1:5432/test]

Prints rows per second; PostgreSQL is skipped when it cannot be reached. It works in a temporary
SQLite file and in a temporary PostgreSQL schema, both removed afterwards.
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine, select, text

from dashboard.catalogue import load_default
from dashboard.db import make_engine, migrate
from dashboard.importer import import_file
from dashboard.models import LEGACY, AdminUnit, Subproject
from dashboard.units import load_units

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
HEADER = ["Kỳ báo cáo", "Mã tỉnh", "Mã xã", "Mã dự án", "Nguồn vốn", "Loại vốn", "Giải ngân (đồng)"]


def seeded(engine: Engine) -> Engine:
    migrate(engine)
    load_units(engine)
    load_default(engine)
    return engine


def write_csv(engine: Engine, path: Path, rows: int) -> None:
    """Valid rows: legacy communes x lines x months of the first half of 2025."""
    with engine.connect() as conn:
        communes = conn.execute(
            select(AdminUnit.code, AdminUnit.province_code)
            .where(AdminUnit.vintage == LEGACY, AdminUnit.level == "commune")
            .order_by(AdminUnit.code)
        ).all()
        lines = conn.scalars(select(Subproject.code).order_by(Subproject.id)).all()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        n = 0
        for month in range(1, 7):
            for code, province in communes:
                for i, line in enumerate(lines):
                    kind = "ĐTPT" if i % 2 else "Sự nghiệp"
                    amount = 1_000_000 + (n * 7919) % 90_000_000
                    writer.writerow(
                        [f"{month:02d}/2025", province, code, line, "NSTW", kind, amount]
                    )
                    n += 1
                    if n == rows:
                        return


def timed(engine: Engine, path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    report = import_file(engine, path, max_bytes=500 * 2**20)
    return time.perf_counter() - start, report.rows_accepted


def bench_sqlite(workdir: Path, rows: int) -> Path:
    engine = seeded(make_engine(f"sqlite:///{workdir / 'bench.db'}"))
    path = workdir / "disbursement.csv"
    write_csv(engine, path, rows)
    seconds, accepted = timed(engine, path)
    print(f"SQLite:     {accepted:,} rows in {seconds:.2f} s = {accepted / seconds:,.0f} rows/s")
    engine.dispose()
    return path


def bench_postgres(url: str, path: Path) -> None:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # any failure means: no server to bench
        print(f"PostgreSQL: skipped ({str(exc).splitlines()[0]})")
        return
    try:
        engine = seeded(make_engine(f"{url}?options=-csearch_path%3D{schema}"))
        seconds, accepted = timed(engine, path)
        print(
            f"PostgreSQL: {accepted:,} rows in {seconds:.2f} s = {accepted / seconds:,.0f} rows/s"
        )
        engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", default=PG_URL, help="PostgreSQL URL ('' to skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = bench_sqlite(Path(tmp), args.rows)
        if args.pg:
            bench_postgres(args.pg, path)


if __name__ == "__main__":
    main()
