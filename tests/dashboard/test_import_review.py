"""Review before commit: what an import would do, without writing; and the commit of exactly
what was reviewed (equal to the command line's import of the same file, to the đồng)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from dashboard.importer import Options, import_file
from dashboard.importing.review import (
    STALE,
    StaleReview,
    commit_reviewed,
    data_version,
    issues_file,
    review_file,
)
from dashboard.models import CapitalPlan, Disbursement, ImportBatch, ImportIssue
from tests.dashboard.import_helpers import count, table, write_csv

HEADER = ["Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch năm 2023", "Lũy kế đến 30/9/2023"]
# Hà Giang (legacy 02, now part of Tuyên Quang 08) and Lai Châu (12) communes no other test writes
HG1, HG2, LC1 = "00700", "00946", "03394"


def progress_report(
    path: Path, rows: list[list[object]], total: list[object] | None = None
) -> Path:
    body = [[code, "DA4.1", "NSTW", "ĐTPT", plan, paid] for code, plan, paid in rows]
    extra = [["", "Tổng cộng", "", "", *total]] if total else []
    return write_csv(path, [HEADER, *extra, *body])


def facts(engine: Engine) -> tuple[list, list]:
    plans = table(engine, CapitalPlan, "unit_code", "year", "amount_vnd")
    paid = table(engine, Disbursement, "unit_code", "year", "month", "amount_vnd")
    mine = (HG1, HG2, LC1)
    return (
        plans[plans.unit_code.isin(mine)].values.tolist(),
        paid[paid.unit_code.isin(mine)].values.tolist(),
    )


def test_review_shows_rejections_totals_and_changes_and_writes_nothing(
    db: Engine, tmp_path: Path
) -> None:
    first = progress_report(tmp_path / "a.csv", [[HG1, 100, 40], [HG2, 200, 50]])
    assert import_file(db, first).status == "ok"
    before = (facts(db), count(db, ImportBatch), count(db, ImportIssue), data_version(db))
    path = progress_report(
        tmp_path / "b.csv",
        [[HG1, 100, 60], [HG2, 250, 50], [LC1, 300, 10], ["99999", 5, 1]],
        total=[655, 121],
    )
    review = review_file(db, path, filename="b.csv")
    assert (facts(db), count(db, ImportBatch), count(db, ImportIssue), data_version(db)) == before
    assert review.kind == "plan_and_disbursement"
    assert review.kinds == ("capital_plan", "disbursement")
    assert review.period == (2023, 9)
    assert (review.rows_read, review.rows_accepted, review.rows_rejected) == (4, 3, 1)
    errors = review.rejected_issues
    assert errors[["row", "column", "reason"]].values.tolist() == [
        [6, "Mã xã", "unknown commune code 99999"]
    ]
    assert review.accepted_vnd == 120 and review.file_total_vnd == 121
    totals = {(t.kind, t.stated_vnd, t.accepted_vnd) for t in review.file_totals}
    assert totals == {("capital_plan", 655, 650), ("disbursement", 121, 120)}
    provinces = review.by_province[["table", "province_code", "province_2025", "amount_vnd"]]
    assert provinces.values.tolist() == [
        ["capital_plan", "02", "08", 350],
        ["capital_plan", "12", "12", 300],
        ["disbursement", "02", "08", 110],
        ["disbursement", "12", "12", 10],
    ]
    assert review.by_project.values.tolist() == [
        ["capital_plan", "DA4", 650],
        ["disbursement", "DA4", 120],
    ]
    changes = review.changes
    # plans: HG1 the same, HG2 200 -> 250, LC1 new; disbursement: HG1 40 -> 60, LC1 new, HG2 same
    assert (changes.new, changes.changed, changes.unchanged) == (2, 2, 2)
    listed = changes.rows[["table", "unit_code", "line", "old", "new"]].values.tolist()
    assert sorted(listed) == [
        ["capital_plan", HG2, "DA4.1", 200, 250],
        ["disbursement", HG1, "DA4.1", 40, 60],
    ]
    assert changes.listed_all
    csv = issues_file(review.issues, "b.csv", "csv").decode("utf-8-sig")
    assert "unknown commune code 99999" in csv
    assert issues_file(review.issues, "b.csv", "xlsx")[:2] == b"PK"
    plain = json.loads(json.dumps(review.to_dict()))
    assert plain["changes"]["changed"] == 2 and plain["period"] == [2023, 9]
    assert plain["issues"][-1]["reason"] == "unknown commune code 99999"


def test_commit_writes_what_was_reviewed_as_the_command_line_does(
    engine: Engine, tmp_path: Path, seeded_sqlite_file: Path
) -> None:
    rows = [[HG1, "1.234,5", "600,25"], [LC1, 300, 10], ["99999", 5, 1]]
    path = progress_report(tmp_path / "c.csv", rows)
    review = review_file(engine, path, filename="c.csv")
    report = commit_reviewed(engine, path, review.token, filename="c.csv", account="officer.a")
    assert (report.status, report.rows_accepted, report.rows_rejected) == ("partial", 2, 1)
    committed = facts(engine)
    assert committed == (
        [[HG1, 2023, 1235], [LC1, 2023, 300]],  # no unit given: đồng, half up
        [[HG1, 2023, 9, 600], [LC1, 2023, 9, 10]],
    )
    other = tmp_path / "other.db"
    other.write_bytes(seeded_sqlite_file.read_bytes())
    from dashboard.db import make_engine

    cli = make_engine(f"sqlite:///{other}")
    assert import_file(cli, path).status == "partial"
    assert facts(cli) == committed
    batch = table(engine, ImportBatch, "id", "account", "period_year", "period_month", "kinds",
                  "accepted_vnd", "file_total_vnd").iloc[-1].tolist()  # fmt: skip
    assert batch[1:] == ["officer.a", 2023, 9, "capital_plan,disbursement", 610, None]
    cli_batch = table(cli, ImportBatch, "account", "accepted_vnd").iloc[-1].tolist()
    assert cli_batch == [None, 610]
    cli.dispose()


def test_a_review_goes_stale_when_the_data_changes(db: Engine, tmp_path: Path) -> None:
    path = progress_report(tmp_path / "d.csv", [[HG1, 100, 40]])
    review = review_file(db, path)
    other = progress_report(tmp_path / "e.csv", [[HG2, 7, 1]])
    assert import_file(db, other).status == "ok"
    before = facts(db)
    with pytest.raises(StaleReview, match=STALE):
        commit_reviewed(db, path, review.token)
    assert facts(db) == before
    # the same file under other options is not what was reviewed
    fresh = review_file(db, path)
    with pytest.raises(StaleReview, match="not those reviewed"):
        commit_reviewed(db, path, fresh.token, options=Options(year=2024))
    assert commit_reviewed(db, path, fresh.token).status == "ok"
    assert facts(db)[0] == [[HG1, 2023, 100], [HG2, 2023, 7]]


def test_review_of_a_file_imported_before_is_a_duplicate(engine: Engine, tmp_path: Path) -> None:
    path = progress_report(tmp_path / "f.csv", [[HG1, 100, 40]])
    first = import_file(engine, path)
    review = review_file(engine, path)
    assert review.duplicate_of == first.batch_id and review.status == "duplicate"
    assert commit_reviewed(engine, path, review.token).status == "duplicate"


def test_issues_are_a_frame_for_a_grid(engine: Engine, tmp_path: Path) -> None:
    path = progress_report(tmp_path / "g.csv", [[HG1, "abc", 40]])
    review = review_file(engine, path)
    assert isinstance(review.issues, pd.DataFrame)
    assert list(review.issues.columns) == ["row", "column", "severity", "reason"]
    assert review.status == "rejected" and review.changes.new == 0


def test_a_commit_equals_the_command_lines_import_on_either_database(
    db: Engine, tmp_path: Path
) -> None:
    """Commit a reviewed file, undo it, import the same file from the command line: the same
    rows, to the đồng; and the rows the review listed as changed hold their new amounts."""
    base = progress_report(tmp_path / "base.csv", [[HG1, 100, 40], [LC1, 10, 1]])
    assert import_file(db, base).status == "ok"
    path = progress_report(
        tmp_path / "h.csv", [[HG1, "1.500,5", 70], [HG2, 200, 50], [LC1, 10, 1], ["x", 1, 1]]
    )
    review = review_file(db, path)
    committed = commit_reviewed(db, path, review.token, account="admin.x")
    assert (committed.rows_accepted, committed.rows_rejected) == (3, 1)
    after_commit = facts(db)
    for row in review.changes.rows.itertuples():
        plans, paid = after_commit
        stored = plans if row.table == "capital_plan" else paid
        assert [r[-1] for r in stored if r[0] == row.unit_code] == [row.new]
    assert (review.changes.new, review.changes.changed, review.changes.unchanged) == (2, 2, 2)
    from dashboard.importing.undo import undo_batch

    undo_batch(db, committed.batch_id)
    assert import_file(db, path).status == "partial"
    assert facts(db) == after_commit


def test_the_changed_rows_listed_are_bounded_and_the_largest_first(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.importing import review as review_module

    first = progress_report(tmp_path / "i.csv", [[HG1, 100, 40], [HG2, 200, 50], [LC1, 300, 60]])
    assert import_file(engine, first).status == "ok"
    monkeypatch.setattr(review_module, "MAX_LISTED", 2)
    path = progress_report(tmp_path / "j.csv", [[HG1, 101, 40], [HG2, 290, 50], [LC1, 350, 60]])
    changes = review_file(engine, path).changes
    assert (changes.changed, changes.unchanged, changes.listed_all) == (3, 3, False)
    assert changes.rows[["unit_code", "unit", "old", "new"]].values.tolist() == [
        [HG2, "Xã Phương Độ", 200, 290],
        [LC1, "Xã Thèn Sin", 300, 350],
    ]


def test_indicator_values_changed_are_listed_with_their_values(
    engine: Engine, tmp_path: Path
) -> None:
    from tests.dashboard.import_helpers import add_indicators

    add_indicators(engine, "REVIEW_X")
    header = ["Mã chỉ tiêu", "Mã tỉnh", "Năm", "Giá trị"]
    first = write_csv(tmp_path / "k.csv", [header, ["REVIEW_X", "02", 2023, 1.5],
                                          ["REVIEW_X", "12", 2023, 2.5]])  # fmt: skip
    assert import_file(engine, first).status == "ok"
    path = write_csv(tmp_path / "l.csv", [header, ["REVIEW_X", "02", 2023, 1.5],
                                         ["REVIEW_X", "12", 2023, 2.75],
                                         ["REVIEW_X", "14", 2023, 9]])  # fmt: skip
    changes = review_file(engine, path).changes
    assert (changes.new, changes.changed, changes.unchanged) == (1, 1, 1)
    listed = changes.rows[["table", "indicator", "unit_code", "old", "new"]].values.tolist()
    assert listed == [["indicator_value", "REVIEW_X", "12", 2.5, 2.75]]
