"""One writer at a time: imports, commits and undos wait for each other, across threads and
processes, and the one that waits is told who it waits for."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.importer import import_file
from dashboard.importing.lock import ImportBusy, import_lock
from dashboard.importing.review import StaleReview, commit_reviewed, review_file
from dashboard.importing.undo import undo_batch
from dashboard.models import CapitalPlan, ImportBatch
from tests.dashboard.import_helpers import table, write_csv

PLAN = ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"]
A, B = "00952", "00955"  # Hà Giang communes no other test writes


def plan_file(path: Path, code: str, amount: int) -> Path:
    return write_csv(path, [PLAN, [2022, code, "DA4.1", "NSTW", "ĐTPT", amount]])


def plans(engine: Engine) -> list:
    got = table(engine, CapitalPlan, "unit_code", "amount_vnd")
    return got[got.unit_code.isin((A, B))].values.tolist()


def test_two_imports_at_once_are_written_one_after_the_other(db: Engine, tmp_path: Path) -> None:
    """The first import stops inside the lock until the second has been told it must wait."""
    second_told = threading.Event()
    messages: list[str] = []
    order: list[str] = []
    errors: list[BaseException] = []

    def first_progress(done: int, total: int) -> None:
        order.append("first writing")
        assert second_told.wait(60), "the second import never waited"

    def told(message: str) -> None:
        messages.append(message)
        second_told.set()

    def run(name: str, **kwargs: object) -> None:
        try:
            path = plan_file(tmp_path / f"{name}.csv", A if name == "first" else B, 100)
            report = import_file(db, path, **kwargs)
            order.append(f"{name} done {report.status}")
        except BaseException as exc:  # noqa: BLE001 (reported by the test)
            errors.append(exc)

    one = threading.Thread(target=run, args=("first",), kwargs={
        "progress": first_progress, "account": "officer.a"})  # fmt: skip
    one.start()
    while "first writing" not in order and one.is_alive():
        time.sleep(0.01)
    two = threading.Thread(target=run, args=("second",), kwargs={"on_wait": told})
    two.start()
    one.join(120)
    two.join(120)
    assert not errors, errors
    assert order == ["first writing", "first done ok", "second done ok"]
    assert len(messages) == 1
    assert messages[0].startswith("another import is being written (started ")
    assert messages[0].endswith(" UTC by officer.a); waiting")
    assert plans(db) == [[A, 100], [B, 100]]


def test_a_second_commit_of_the_same_data_waits_then_is_refused(db: Engine, tmp_path: Path) -> None:
    """Two reviews made on the same data: the first commit wins; the second waited and is then
    told to review again (its review no longer describes the data), writing nothing."""
    first = plan_file(tmp_path / "c1.csv", A, 300)
    second = plan_file(tmp_path / "c2.csv", A, 500)
    r1, r2 = review_file(db, first), review_file(db, second)
    release, inside = threading.Event(), threading.Event()
    waited: list[str] = []
    outcome: dict[str, object] = {}

    def commit_one() -> None:
        def hold(done: int, total: int) -> None:
            inside.set()
            release.wait(60)

        outcome["one"] = commit_reviewed(db, first, r1.token, progress=hold, account="a")

    def commit_two() -> None:
        def told(message: str) -> None:
            waited.append(message)
            release.set()

        try:
            commit_reviewed(db, second, r2.token, on_wait=told, account="b")
        except StaleReview as exc:
            outcome["two"] = exc

    one = threading.Thread(target=commit_one)
    one.start()
    assert inside.wait(60)
    two = threading.Thread(target=commit_two)
    two.start()
    one.join(120)
    two.join(120)
    assert waited and "by a" in waited[0]
    assert isinstance(outcome["two"], StaleReview)
    assert plans(db) == [[A, 300]]
    assert outcome["one"].status == "ok"  # type: ignore[attr-defined]


def test_the_lock_is_shared_with_another_process(db: Engine, tmp_path: Path) -> None:
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    url = db.url.render_as_string(hide_password=False)
    script = (
        "import sys, time, pathlib\n"
        "from dashboard.db import make_engine\n"
        "from dashboard.importing.lock import import_lock\n"
        f"engine = make_engine({url!r})\n"
        "with import_lock(engine, holder='tran.thi.b'):\n"
        f"    pathlib.Path({str(ready)!r}).touch()\n"
        f"    while not pathlib.Path({str(stop)!r}).exists():\n"
        "        time.sleep(0.05)\n"
    )
    other = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert other.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        told: list[str] = []
        with pytest.raises(ImportBusy, match=r"started \d\d:\d\d UTC by tran.thi.b"):
            with import_lock(db, on_wait=told.append, timeout=0.3):
                pass
        assert len(told) == 1 and told[0].endswith("by tran.thi.b); waiting")
        path = plan_file(tmp_path / "x.csv", A, 7)
        with pytest.raises(ImportBusy):
            import_file(db, path, lock_timeout=0.2)
        stop.touch()
        assert other.wait(60) == 0
        with import_lock(db, timeout=10) as held:
            assert not held.waited
    finally:
        stop.touch()
        other.wait(60)
    assert plans(db) == []


def test_undo_takes_the_lock_and_records_who(db: Engine, tmp_path: Path) -> None:
    batch = import_file(db, plan_file(tmp_path / "u.csv", B, 9)).batch_id
    with import_lock(db, holder="someone"):
        worker = threading.Thread(
            target=lambda: undo_batch(db, batch, account="admin.x", on_wait=told.append)
        )
        told: list[str] = []
        worker.start()
        deadline = time.monotonic() + 60
        while not told and time.monotonic() < deadline:
            time.sleep(0.02)
        assert plans(db) == [[B, 9]]  # still waiting
    worker.join(60)
    assert told and "by someone" in told[0]
    assert plans(db) == []
    last = table(db, ImportBatch, "id", "kind", "account").iloc[-1].tolist()
    assert last[1:] == ["undo", "admin.x"]
