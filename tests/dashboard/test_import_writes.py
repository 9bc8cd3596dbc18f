"""What an import writes: one transaction of facts, batch and issues; duplicates change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from dashboard.db import get_meta
from dashboard.importer import ImportFailed, import_file
from dashboard.models import CapitalPlan, Disbursement, ImportBatch, ImportIssue
from tests.dashboard.import_helpers import count, issues, table, write_csv

PLAN_HEADER = ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"]
DISB_HEADER = ["Kỳ báo cáo", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Giải ngân"]
CUMULATIVE = ["Kỳ báo cáo", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Lũy kế từ đầu năm"]


def plan_file(tmp_path: Path, *amounts: object, name: str = "plan.csv") -> Path:
    codes = ["00715", "00718", "00721", "00724"][: len(amounts)]
    rows = [PLAN_HEADER] + [
        [2025, code, "DA4.1", "NSTW", "ĐTPT", amount]
        for code, amount in zip(codes, amounts, strict=True)
    ]
    return write_csv(tmp_path / name, rows)


def test_batch_row_records_the_import(engine: Engine, tmp_path: Path) -> None:
    path = plan_file(tmp_path, 10, "x", 30)
    report = import_file(engine, path, filename="Kế hoạch 2025.csv")
    batches = table(
        engine, ImportBatch, "id", "kind", "filename", "status", "rows_read", "rows_accepted",
        "rows_rejected", "rows_warned",
    )  # fmt: skip
    assert batches.values.tolist() == [
        [report.batch_id, "capital_plan", "Kế hoạch 2025.csv", "partial", 3, 2, 1, 0]
    ]
    stored = table(engine, ImportIssue, "batch_id", "row_number", "column", "severity", "reason")
    assert stored.values.tolist() == [
        [report.batch_id, 3, "Kế hoạch vốn", "error", "not a number: 'x'"]
    ]


def test_batch_keeps_the_file_hash_and_times(engine: Engine, tmp_path: Path) -> None:
    import hashlib

    path = plan_file(tmp_path, 10)
    import_file(engine, path)
    batch = table(engine, ImportBatch, "sha256", "started_at", "finished_at").iloc[0]
    assert batch.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert batch.started_at <= batch.finished_at


def test_facts_carry_batch_and_province(engine: Engine, tmp_path: Path) -> None:
    report = import_file(engine, plan_file(tmp_path, 10, 20))
    rows = table(engine, CapitalPlan, "unit_code", "province_code", "batch_id")
    assert rows.values.tolist() == [
        ["00715", "02", report.batch_id], ["00718", "02", report.batch_id],
    ]  # fmt: skip


def test_fully_rejected_file_writes_only_its_batch(engine: Engine, tmp_path: Path) -> None:
    report = import_file(engine, plan_file(tmp_path, "x", -1))
    assert (report.status, report.rows_accepted, report.rows_rejected) == ("rejected", 0, 2)
    assert count(engine, CapitalPlan) == 0
    assert table(engine, ImportBatch, "status").status.tolist() == ["rejected"]
    assert count(engine, ImportIssue) == 2
    assert get_meta(engine, "data_version") is None


def test_data_version_is_bumped_once_per_import(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, plan_file(tmp_path, 10))
    import_file(engine, plan_file(tmp_path, 11, name="again.csv"))
    assert get_meta(engine, "data_version") == "2"


def test_reimport_is_a_duplicate_and_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    path = plan_file(tmp_path, 10, 20)
    first = import_file(engine, path)
    second = import_file(engine, path, filename="copy of plan.csv")
    assert (second.status, second.batch_id, second.duplicate_of) == (
        "duplicate",
        None,
        first.batch_id,
    )
    assert second.summary() == (
        f"copy of plan.csv: already imported as batch {first.batch_id} (capital_plan); "
        "nothing changed"
    )
    assert (count(engine, ImportBatch), count(engine, CapitalPlan)) == (1, 2)
    assert get_meta(engine, "data_version") == "1"


def test_rejected_file_may_be_imported_again(engine: Engine, tmp_path: Path) -> None:
    path = plan_file(tmp_path, "x")
    import_file(engine, path)
    assert import_file(engine, path).status == "rejected"
    assert count(engine, ImportBatch) == 2


def test_new_figures_replace_old_ones_on_the_same_key(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, plan_file(tmp_path, 10, 20))
    second = import_file(engine, plan_file(tmp_path, 15, name="revised.csv"))
    rows = table(engine, CapitalPlan, "unit_code", "amount_vnd", "batch_id")
    assert rows.values.tolist() == [["00715", 15, second.batch_id], ["00718", 20, 1]]


def test_nothing_is_written_when_the_database_fails_midway(engine: Engine, tmp_path: Path) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TRIGGER refuse BEFORE INSERT ON capital_plan WHEN NEW.unit_code = '00724' "
                "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END"
            )
        )
    path = plan_file(tmp_path, 10, 20, 30, 40)
    with pytest.raises(ImportFailed) as caught:
        import_file(engine, path)
    assert str(caught.value) == (
        "plan.csv: the database refused the import, nothing was written (refused by test trigger)"
    )
    assert (count(engine, CapitalPlan), count(engine, ImportBatch), count(engine, ImportIssue)) == (
        0, 0, 0,
    )  # fmt: skip
    assert get_meta(engine, "data_version") is None


def test_progress_is_reported(engine: Engine, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    import_file(engine, plan_file(tmp_path, 1, 2, 3), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (3, 3)


def test_disbursement_sets_data_as_of(engine: Engine, tmp_path: Path) -> None:
    rows = [
        DISB_HEADER,
        ["02/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 1],
        ["11/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 1],
        ["05/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 1],
    ]
    import_file(engine, write_csv(tmp_path / "d.csv", rows))
    assert get_meta(engine, "data_as_of") == "2025-11"


MONTHS = ("month", "amount_vnd")


def test_cumulative_amounts_become_monthly(engine: Engine, tmp_path: Path) -> None:
    rows = [
        CUMULATIVE,
        ["03/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 250],
        ["01/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 100],
        ["02/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 100],
        ["02/2025", "00718", "DA4.1", "NSTW", "ĐTPT", 40],
    ]
    report = import_file(engine, write_csv(tmp_path / "d.csv", rows))
    assert report.issues == []
    got = table(engine, Disbursement, "unit_code", *MONTHS)
    assert got.values.tolist() == [
        ["00715", 1, 100], ["00715", 2, 0], ["00715", 3, 150], ["00718", 2, 40],
    ]  # fmt: skip


def test_cumulative_starts_from_the_months_in_the_database(engine: Engine, tmp_path: Path) -> None:
    monthly = [DISB_HEADER, ["01/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 70]]
    monthly.append(["02/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 30])
    import_file(engine, write_csv(tmp_path / "d1.csv", monthly))
    later = [CUMULATIVE, ["04/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 180]]
    import_file(engine, write_csv(tmp_path / "d2.csv", later))
    assert table(engine, Disbursement, *MONTHS).values.tolist() == [[1, 70], [2, 30], [4, 80]]


def test_an_earlier_cumulative_restates_the_later_month(engine: Engine, tmp_path: Path) -> None:
    april = [CUMULATIVE, ["04/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 180]]
    import_file(engine, write_csv(tmp_path / "apr.csv", april))
    march = [CUMULATIVE, ["03/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 120]]
    report = import_file(engine, write_csv(tmp_path / "mar.csv", march))
    assert table(engine, Disbursement, *MONTHS).values.tolist() == [[3, 120], [4, 60]]
    assert issues(report) == [
        (None, None, "warning",
         "1 later month was recomputed from the year-to-date totals already in the database"),
    ]  # fmt: skip


def test_a_falling_cumulative_is_rejected(engine: Engine, tmp_path: Path) -> None:
    rows = [
        CUMULATIVE,
        ["01/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 100],
        ["02/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 90],
        ["02/2025", "00718", "DA4.1", "NSTW", "ĐTPT", 5],
    ]
    report = import_file(engine, write_csv(tmp_path / "d.csv", rows))
    assert issues(report) == [
        (3, "Lũy kế từ đầu năm", "error", "cumulative 90 is below the 100 of 2025-01"),
    ]
    assert table(engine, Disbursement, "unit_code", *MONTHS).values.tolist() == [
        ["00715", 1, 100], ["00718", 2, 5],
    ]  # fmt: skip


def test_a_cumulative_above_a_later_stored_one_is_rejected(engine: Engine, tmp_path: Path) -> None:
    april = [CUMULATIVE, ["04/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 180]]
    import_file(engine, write_csv(tmp_path / "apr.csv", april))
    march = [CUMULATIVE, ["03/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 200]]
    report = import_file(engine, write_csv(tmp_path / "mar.csv", march))
    assert issues(report) == [
        (2, "Lũy kế từ đầu năm", "error",
         "cumulative 200 is above the 180 already recorded for 2025-04"),
    ]  # fmt: skip
    assert table(engine, Disbursement, *MONTHS).values.tolist() == [[4, 180]]
