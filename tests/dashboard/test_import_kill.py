"""An import killed with SIGKILL in the middle of writing leaves nothing behind; the same file
then imports whole. SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from dashboard.db import make_engine
from dashboard.importer import import_file
from dashboard.models import LEGACY, AdminUnit, Disbursement, ImportBatch, ImportIssue
from dashboard.rollups import refresh_all

ROWS = 25_000  # three chunks of writing: the child stops after the first
# The child imports and, once rows are being written, says so and waits to be killed.
CHILD = """
import sys, time
from pathlib import Path
from dashboard.db import make_engine
from dashboard.importer import import_file

def progress(done, total):
    print("writing", done, total, flush=True)
    time.sleep(60)

import_file(make_engine(sys.argv[1]), Path(sys.argv[2]), progress=progress)
"""


def big_file(engine: Engine, path: Path) -> Path:
    with Session(engine) as session:
        communes = session.scalars(
            select(AdminUnit.code)
            .where(AdminUnit.vintage == LEGACY, AdminUnit.level == "commune")
            .order_by(AdminUnit.code)
            .limit(ROWS // 5)
        ).all()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Kỳ báo cáo", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Giải ngân"])
        for month in range(1, 6):
            writer.writerows([f"{month:02d}/2021", c, "DA4.1", "NSTW", "SN", 7] for c in communes)
    return path


def kill_mid_write(url: str, path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    try:
        line = child.stdout.readline()
        assert line.startswith("writing "), child.stderr.read()[-2000:]
        done, total = map(int, line.split()[1:])
        assert 0 < done < total  # mid-way: some rows sent, the transaction still open
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)  # reaps the child and closes its pipes
    assert child.returncode == -signal.SIGKILL


def counts(engine: Engine, since: int) -> tuple[int, int, int]:
    with Session(engine) as session:
        return (
            session.scalar(select(func.count()).where(ImportBatch.id > since)),
            session.scalar(select(func.count()).where(Disbursement.year == 2021)),
            session.scalar(select(func.count()).where(ImportIssue.batch_id > since)),
        )


def last_batch(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.max(ImportBatch.id))) or 0


def test_killed_import_leaves_nothing_on_sqlite(seeded_sqlite_file: Path, tmp_path: Path) -> None:
    shutil.copy(seeded_sqlite_file, tmp_path / "ntp.db")
    url = f"sqlite:///{tmp_path / 'ntp.db'}"
    engine = make_engine(url)
    path = big_file(engine, tmp_path / "d.csv")
    engine.dispose()
    kill_mid_write(url, path)
    engine = make_engine(url)
    assert counts(engine, 0) == (0, 0, 0)
    report = import_file(engine, path)
    assert (report.status, report.rows_accepted) == ("ok", ROWS)
    assert counts(engine, 0) == (1, ROWS, 0)
    engine.dispose()


@pytest.mark.postgres
def test_killed_import_leaves_nothing_on_postgres(
    pg_url: str, pg_engine: Engine, tmp_path: Path
) -> None:
    path = big_file(pg_engine, tmp_path / "d.csv")
    before = last_batch(pg_engine)
    assert counts(pg_engine, before)[1] == 0  # no other test writes 2021 disbursements here
    kill_mid_write(pg_url, path)
    assert counts(pg_engine, before) == (0, 0, 0)
    report = import_file(pg_engine, path)
    try:
        assert (report.status, report.rows_accepted) == ("ok", ROWS)
        assert counts(pg_engine, before) == (1, ROWS, 0)
    finally:  # leave the shared database as it was
        admin = create_engine(pg_url)
        with admin.begin() as conn:
            conn.execute(text("DELETE FROM import_superseded WHERE batch_id > :b"), {"b": before})
            conn.execute(text("DELETE FROM import_coverage WHERE batch_id > :b"), {"b": before})
            conn.execute(text("DELETE FROM disbursement WHERE batch_id > :b"), {"b": before})
            refresh_all(conn)  # the roll-ups of the facts left
            conn.execute(text("DELETE FROM import_issue WHERE batch_id > :b"), {"b": before})
            conn.execute(text("DELETE FROM import_batch WHERE id > :b"), {"b": before})
        admin.dispose()
