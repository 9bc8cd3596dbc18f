"""Import speed and memory: a generated disbursement CSV (1,000,000 rows) into SQLite and
PostgreSQL.

    python bench/import_bench.py [--rows 1000000] [--repeat 3] [--pg postgresql+psycopg://...]

Each import runs in a process of its own, so that its peak memory (RSS) is its own, into a fresh
copy of the seeded database. Prints rows per second and peak RSS of each run, and their medians
with --repeat; PostgreSQL is skipped when it cannot be reached. It works in temporary SQLite
files and temporary PostgreSQL schemas, all removed afterwards. The load average is printed
with each run: on a shared machine the speed depends on it, the memory does not; the rows per
CPU second of the import process depend on it much less (the database server's time is not in
them).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
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
    """Valid rows: legacy communes x lines x sources x months of 2021-2025."""
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
        for year in range(2025, 2020, -1):
            for month in range(1, 13 if year < 2025 else 7):
                for source in ("NSTW", "NSĐP"):
                    for code, province in communes:
                        for i, line in enumerate(lines):
                            kind = "ĐTPT" if i % 2 else "Sự nghiệp"
                            amount = 1_000_000 + (n * 7919) % 90_000_000
                            row = [f"{month:02d}/{year}", province, code, line, source, kind]
                            writer.writerow([*row, amount])
                            n += 1
                            if n == rows:
                                return


def child(url: str, path: Path) -> None:
    """One import, timed; prints seconds, rows accepted and this process's peak RSS."""
    engine = make_engine(url)
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    start = time.perf_counter()
    report = import_file(engine, path, max_bytes=2**40)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    print(f"{seconds} {report.rows_accepted} {usage.ru_maxrss / 1024} {cpu}")


def timed(label: str, url: str, path: Path) -> tuple[float, float] | None:
    """One import in a process of its own: (rows per second, peak RSS in MB), printed."""
    command = [sys.executable, __file__, "--child", url, str(path)]
    load = os.getloadavg()[0]
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    if out.returncode:
        print(f"{label}: failed: {out.stderr.strip().splitlines()[-1:]}")
        return None
    seconds, accepted, peak, cpu = out.stdout.split()
    rate = int(accepted) / float(seconds)
    print(
        f"{label}: {int(accepted):,} rows in {float(seconds):.1f} s = {rate:,.0f} rows/s "
        f"({int(accepted) / float(cpu):,.0f} rows per CPU second), peak RSS {float(peak):,.0f} MB "
        f"(load {load:.1f} at the start)"
    )
    return rate, float(peak)


def medians(label: str, runs: list[tuple[float, float] | None]) -> None:
    done = [r for r in runs if r is not None]
    if len(done) > 1:
        rates, peaks = zip(*done, strict=True)
        print(
            f"{label}: median of {len(done)}: {statistics.median(rates):,.0f} rows/s, "
            f"peak RSS {statistics.median(peaks):,.0f} MB (largest {max(peaks):,.0f} MB)"
        )


def bench_sqlite(workdir: Path, rows: int, repeat: int) -> Path:
    seed = workdir / "seed.db"
    engine = seeded(make_engine(f"sqlite:///{seed}"))
    path = workdir / "disbursement.csv"
    write_csv(engine, path, rows)
    engine.dispose()
    print(f"file: {rows:,} rows, {path.stat().st_size / 2**20:.0f} MB")
    runs = []
    for run in range(repeat):
        copy = workdir / f"bench{run}.db"
        shutil.copy(seed, copy)
        runs.append(timed("SQLite    ", f"sqlite:///{copy}", path))
        copy.unlink()
    medians("SQLite    ", runs)
    return path


def bench_postgres(url: str, path: Path, repeat: int) -> None:
    admin = create_engine(url)
    runs = []
    try:
        for _ in range(repeat):
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            try:
                with admin.begin() as conn:
                    conn.execute(text(f"CREATE SCHEMA {schema}"))
            except Exception as exc:  # any failure means: no server to bench
                print(f"PostgreSQL: skipped ({str(exc).splitlines()[0]})")
                return
            try:
                scoped = f"{url}?options=-csearch_path%3D{schema}"
                seeded(make_engine(scoped)).dispose()
                runs.append(timed("PostgreSQL", scoped, path))
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        medians("PostgreSQL", runs)
    finally:
        admin.dispose()


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per database (medians)")
    parser.add_argument("--pg", default=PG_URL, help="PostgreSQL URL ('' to skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = bench_sqlite(Path(tmp), args.rows, args.repeat)
        if args.pg:
            bench_postgres(args.pg, path, args.repeat)


if __name__ == "__main__":
    main()
