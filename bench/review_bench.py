"""Review before commit: how long the review of a file takes next to its import, and what the
import lock costs.

    python bench/review_bench.py [--rows 100000] [--pg]

On a temporary SQLite file (and, with ``--pg``, a temporary PostgreSQL schema): a generated
disbursement CSV is reviewed on an empty database (every row new), committed, then a second
file with every amount changed is reviewed (every row changed, the largest 500 listed) and
committed. Prints seconds and rows per second for each step, and the time to take and release
the import lock.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.import_bench import PG_URL, seeded, write_csv  # noqa: E402
from dashboard.db import make_engine  # noqa: E402
from dashboard.importing.lock import import_lock  # noqa: E402
from dashboard.importing.review import commit_reviewed, review_file  # noqa: E402


def changed_copy(path: Path, out: Path) -> None:
    """The same rows with every amount one đồng more."""
    with path.open(encoding="utf-8", newline="") as src, out.open("w", encoding="utf-8") as dst:
        reader, writer = csv.reader(src), csv.writer(dst)
        writer.writerow(next(reader))
        for row in reader:
            writer.writerow([*row[:-1], int(row[-1]) + 1])


def timed(label: str, rows: int, work):  # noqa: ANN001, ANN201
    began = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - began
    print(f"  {label:<34} {seconds:7.2f} s  {rows / seconds:10,.0f} rows/s")
    return result


def run(engine: Engine, folder: Path, rows: int) -> None:
    first, second = folder / "first.csv", folder / "second.csv"
    write_csv(engine, first, rows)
    changed_copy(first, second)
    review = timed("review (every row new)", rows, lambda: review_file(engine, first))
    assert review.changes.new == rows, review.summary()
    timed("commit of that review", rows, lambda: commit_reviewed(engine, first, review.token))
    review = timed("review (every row changed)", rows, lambda: review_file(engine, second))
    assert review.changes.changed == rows, review.summary()
    timed("commit of that review", rows, lambda: commit_reviewed(engine, second, review.token))
    began = time.perf_counter()
    for _ in range(100):
        with import_lock(engine):
            pass
    print(f"  import lock taken and released      {(time.perf_counter() - began) * 10:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", action="store_true", help="also on PostgreSQL (TEST_PG_URL)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"SQLite, {args.rows:,} rows")
        engine = seeded(make_engine(f"sqlite:///{folder / 'bench.db'}"))
        run(engine, folder, args.rows)
        engine.dispose()
        if args.pg:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(PG_URL)
            with admin.begin() as conn:
                conn.execute(text(f"CREATE SCHEMA {schema}"))
            try:
                print(f"PostgreSQL, {args.rows:,} rows")
                engine = seeded(make_engine(f"{PG_URL}?options=-csearch_path%3D{schema}"))
                run(engine, folder, args.rows)
                engine.dispose()
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
                admin.dispose()


if __name__ == "__main__":
    main()
