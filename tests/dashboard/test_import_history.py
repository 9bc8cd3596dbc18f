"""The import history, scoped to the viewer's grants; a batch's issues; the undo preview, equal
to what the undo then does."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.access import ADMIN, OFFICER, Viewer
from dashboard.importer import ImportFailed, import_file
from dashboard.importing.grants import options_for
from dashboard.importing.history import batch_history, batch_issues, undo_as, undo_preview
from dashboard.models import CapitalPlan, Disbursement
from tests.dashboard.import_helpers import table, write_csv

ADMIN_X = Viewer("admin.x", ADMIN)
OFFICER_TQ = Viewer("officer.tq", OFFICER, frozenset({"08"}))  # Hà Giang merged into it
OFFICER_LC = Viewer("officer.lc", OFFICER, frozenset({"12"}))
HG, LC = ("00958", "00961"), ("03406", "03412")
HEADER = ["Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch năm 2023", "Lũy kế đến 30/9/2023"]


def report(path: Path, rows: list[tuple[str, int, int]]) -> Path:
    body = [[code, "DA4.1", "NSTW", "ĐTPT", plan, paid] for code, plan, paid in rows]
    return write_csv(path, [HEADER, *body])


def money(engine: Engine) -> tuple[list, list]:
    mine = (*HG, *LC)
    plans = table(engine, CapitalPlan, "province_code", "unit_code", "amount_vnd", "batch_id")
    paid = table(engine, Disbursement, "province_code", "unit_code", "amount_vnd", "batch_id")
    return (
        plans[plans.unit_code.isin(mine)].values.tolist(),
        paid[paid.unit_code.isin(mine)].values.tolist(),
    )


def test_an_empty_history_has_its_columns(engine: Engine) -> None:
    for viewer in (ADMIN_X, OFFICER_TQ):
        frame = batch_history(engine, viewer)
        assert frame.empty and {"id", "kind", "status", "provinces", "undoable"} <= set(frame)


def test_history_is_scoped_to_the_grants(db: Engine, tmp_path: Path) -> None:
    hg = import_file(db, report(tmp_path / "hg.csv", [(HG[0], 10, 1)]), account="officer.tq")
    lc = import_file(db, report(tmp_path / "lc.csv", [(LC[0], 20, 2)]))
    both = import_file(db, report(tmp_path / "both.csv", [(HG[1], 30, 3), (LC[1], 40, 4)]))
    bad = import_file(db, report(tmp_path / "bad.csv", [("99999", 1, 1)]), account="officer.lc")
    assert bad.status == "rejected"
    ids = {hg.batch_id, lc.batch_id, both.batch_id, bad.batch_id}

    def seen(viewer: Viewer) -> list[int]:
        return [int(i) for i in batch_history(db, viewer).id if int(i) in ids]

    assert seen(ADMIN_X) == sorted(ids, reverse=True)  # newest first
    assert seen(OFFICER_TQ) == [hg.batch_id]
    assert seen(OFFICER_LC) == [bad.batch_id, lc.batch_id]  # and the batch they imported
    frame = batch_history(db, ADMIN_X)
    row = frame[frame.id.eq(both.batch_id)].iloc[0]
    assert row.provinces == ("08", "12") and row.undoable
    assert (row.rows_accepted, row.accepted_vnd, row.kinds) == (2, 7, "capital_plan,disbursement")
    officer_row = batch_history(db, OFFICER_TQ).iloc[0]
    assert officer_row.account == "officer.tq" and officer_row.undoable
    issues = batch_issues(db, bad.batch_id)
    assert issues.reason.tolist() == ["unknown commune code 99999"]


def test_undo_preview_states_what_the_undo_does(db: Engine, tmp_path: Path) -> None:
    first = import_file(db, report(tmp_path / "a.csv", [(HG[0], 100, 10), (LC[0], 200, 20)]))
    second = import_file(db, report(tmp_path / "b.csv", [(HG[0], 150, 15), (HG[1], 7, 1)]))
    preview = undo_preview(db, second.batch_id)
    assert preview.allowed and preview.provinces == ("08",)
    assert (preview.removed, preview.restored) == (4, 2)
    change = preview.by_province[["table", "province_2025", "change_vnd"]].values.tolist()
    assert change == [["capital_plan", "08", 100 - 157], ["disbursement", "08", 10 - 16]]
    before = money(db)
    undone = undo_as(db, OFFICER_TQ, second.batch_id)
    assert (undone.removed, undone.restored) == (preview.removed, preview.restored)
    after = money(db)
    moved = {
        kind: sum(r[2] for r in rows_after) - sum(r[2] for r in rows_before)
        for kind, rows_before, rows_after in zip(
            ("capital_plan", "disbursement"), before, after, strict=True
        )
    }
    assert moved == {"capital_plan": -57, "disbursement": -6}
    blocked = undo_preview(db, second.batch_id)
    assert not blocked.allowed and "undone already" in blocked.reason
    # the first batch covers Lai Châu too: not for the Tuyên Quang officer
    assert not undo_preview(db, first.batch_id, OFFICER_TQ).allowed
    with pytest.raises(ImportFailed, match="outside your grants"):
        undo_as(db, OFFICER_TQ, first.batch_id)
    assert undo_preview(db, first.batch_id, ADMIN_X).allowed


def test_an_undo_blocked_by_a_later_batch_says_so(db: Engine, tmp_path: Path) -> None:
    first = import_file(db, report(tmp_path / "a.csv", [(LC[1], 100, 10)]))
    second = import_file(db, report(tmp_path / "b.csv", [(LC[1], 120, 30)]))
    preview = undo_preview(db, first.batch_id)
    assert not preview.allowed and preview.blocked_by == [second.batch_id]
    assert preview.reason.startswith("later batches changed or built on its figures")


def test_an_officer_imports_and_undoes_only_within_grants(engine: Engine, tmp_path: Path) -> None:
    path = report(tmp_path / "o.csv", [(HG[0], 5, 1), (LC[0], 6, 2)])
    done = import_file(engine, path, options=options_for(OFFICER_TQ), account="officer.tq")
    assert done.rows_accepted == 1
    assert undo_preview(engine, done.batch_id, OFFICER_TQ).allowed
    assert not undo_preview(engine, done.batch_id, OFFICER_LC).allowed
    undo_as(engine, OFFICER_TQ, done.batch_id)
    assert money(engine) == ([], [])
    history = batch_history(engine, OFFICER_TQ)
    assert history.kind.tolist()[:2] == ["undo", "plan_and_disbursement"]
    assert history.status.tolist()[1] == "undone" and history.account.tolist()[0] == "officer.tq"


def test_the_preview_of_a_classification_undo_counts_what_the_undo_restores(
    engine: Engine, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "kv.csv", [["Mã xã", "Khu vực"], [HG[0], "III"], [HG[1], "I"]])
    batch = import_file(engine, path).batch_id
    preview = undo_preview(engine, batch, ADMIN_X)
    assert preview.allowed and preview.restored == 2
    assert not undo_preview(engine, batch, OFFICER_TQ).allowed  # reference data: admins only
    done = undo_as(engine, ADMIN_X, batch)
    assert (done.removed, done.restored) == (preview.removed, preview.restored)


def test_a_batch_undone_stays_in_the_history_of_who_undid_it(
    engine: Engine, tmp_path: Path
) -> None:
    done = import_file(engine, report(tmp_path / "adm.csv", [(HG[1], 5, 1)]))
    assert done.batch_id in set(batch_history(engine, OFFICER_TQ).id)
    undone = undo_as(engine, OFFICER_TQ, done.batch_id)
    seen = batch_history(engine, OFFICER_TQ)
    assert seen.id.tolist()[:2] == [undone.undo_batch_id, done.batch_id]
    assert seen.status.tolist()[1] == "undone"
    other = batch_history(engine, OFFICER_LC)
    assert not {done.batch_id, undone.undo_batch_id} & set(other.id)
