"""Undo an import: the database as it was before the batch, to the đồng; and demo data kept
apart from real data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.db import get_meta, set_meta
from dashboard.demo.writer import clear_demo
from dashboard.importer import ImportFailed, ImportReport, Options, import_file
from dashboard.importing.undo import undo_batch
from dashboard.models import (
    AdminUnit,
    CapitalPlan,
    Disbursement,
    DisbursementSpan,
    ImportBatch,
    Program,
    Project,
    Subproject,
)
from dashboard.queries.disbursement import lumped_months
from dashboard.queries.scope import Scope
from tests.dashboard.import_helpers import table, write_csv

PLAN = ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"]
YTD = ["Kỳ báo cáo", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Lũy kế giải ngân"]
COMMUNES = ("00730", "00733", "00736")  # Đồng Văn communes no other PostgreSQL test writes


def plan(engine: Engine, path: Path, amounts: dict[str, int]) -> int:
    rows = [PLAN, *([2022, code, "DA4.1", "NSTW", "ĐTPT", a] for code, a in amounts.items())]
    report = import_file(engine, write_csv(path, rows))
    assert report.status == "ok", report.issues
    return report.batch_id


def ytd(engine: Engine, path: Path, rows: list[tuple[str, str, int]]) -> int:
    body = [[period, code, "DA4.1", "NSTW", "ĐTPT", amount] for period, code, amount in rows]
    report = import_file(engine, write_csv(path, [YTD, *body]))
    assert report.status == "ok", report.issues
    return report.batch_id


def plans(engine: Engine) -> list:
    got = table(engine, CapitalPlan, "unit_code", "amount_vnd", "batch_id")
    return got[got.unit_code.isin(COMMUNES)].values.tolist()


def months(engine: Engine) -> list:
    got = table(engine, Disbursement, "unit_code", "year", "month", "amount_vnd")
    return got[got.unit_code.isin(COMMUNES)].values.tolist()


def test_undo_brings_back_what_the_batch_replaced(db: Engine, tmp_path: Path) -> None:
    first = plan(db, tmp_path / "a.csv", {"00730": 100, "00733": 200})
    second = plan(db, tmp_path / "b.csv", {"00730": 150, "00736": 7})
    assert plans(db) == [["00730", 150, second], ["00733", 200, first], ["00736", 7, second]]
    done = undo_batch(db, second)
    assert (done.removed, done.restored) == (2, 1)
    assert plans(db) == [["00730", 100, first], ["00733", 200, first]]
    with Session(db) as session:
        undone, record = (
            session.get(ImportBatch, second),
            session.get(ImportBatch, done.undo_batch_id),
        )
        assert undone.status == "undone" and f"batch {record.id}" in undone.message
        assert (record.kind, record.filename) == ("undo", f"undo of batch {second}")
    with pytest.raises(ImportFailed, match="was undone already"):
        undo_batch(db, second)
    undo_batch(db, first)
    assert plans(db) == []


def test_a_batch_later_ones_built_on_is_undone_only_after_them(db: Engine, tmp_path: Path) -> None:
    first = plan(db, tmp_path / "a.csv", {"00730": 100})
    second = plan(db, tmp_path / "b.csv", {"00730": 150})
    with pytest.raises(ImportFailed, match=rf"changed or built on its figures \({second}\)"):
        undo_batch(db, first)
    assert plans(db) == [["00730", 150, second]]  # refused: nothing changed


def test_undo_of_a_year_to_date_report_restores_the_later_months(
    db: Engine, tmp_path: Path
) -> None:
    september = ytd(db, tmp_path / "a.csv", [("09/2022", "00733", 900)])
    june = ytd(db, tmp_path / "b.csv", [("06/2022", "00733", 400)])
    assert months(db) == [["00733", 2022, 6, 400], ["00733", 2022, 9, 500]]  # Sept restated
    with pytest.raises(ImportFailed, match="built on"):
        undo_batch(db, september)
    undo_batch(db, june)
    assert months(db) == [["00733", 2022, 9, 900]]  # the year to September, to the đồng
    undo_batch(db, september)
    assert months(db) == []


def test_import_into_demo_data_is_refused_unless_kept(engine: Engine, tmp_path: Path) -> None:
    demo_plan(engine)
    rows = [PLAN, [2022, "00733", "DA4.1", "NSTW", "ĐTPT", 9]]
    with pytest.raises(ImportFailed, match="ntp-dashboard demo --clear"):
        import_file(engine, write_csv(tmp_path / "p.csv", rows))
    report = import_file(engine, tmp_path / "p.csv", options=Options(keep_demo=True))
    assert report.status == "ok" and get_meta(engine, "demo") == "1"  # the badge stays
    clear_demo(engine)
    assert get_meta(engine, "demo") == "0" and plans(engine) == [["00733", 9, report.batch_id]]


def test_the_demo_badge_goes_when_no_demo_row_is_left(engine: Engine, tmp_path: Path) -> None:
    demo_plan(engine)
    rows = [PLAN, [2022, "00730", "DA4.1", "NSTW", "ĐTPT", 9]]  # replaces the one demo row
    batch = import_file(
        engine, write_csv(tmp_path / "p.csv", rows), options=Options(keep_demo=True)
    )
    assert get_meta(engine, "demo") == "0"
    undo_batch(engine, batch.batch_id)  # the demo row comes back, and with it the badge
    assert get_meta(engine, "demo") == "1" and plans(engine) == [["00730", 5, 1]]


def demo_plan(engine: Engine) -> None:
    """A demo batch holding one plan of 5 đồng for commune 00730, and the demo badge on."""
    with Session(engine) as session, session.begin():
        demo = ImportBatch(kind="demo", filename="demo", sha256="0" * 64, status="ok",
                           started_at=datetime(2026, 1, 1), is_demo=True)  # fmt: skip
        session.add(demo)
        session.flush()
        line = session.scalar(select(Subproject.id).where(Subproject.code == "DA4.1"))
        session.add(CapitalPlan(year=2022, vintage=2024, unit_code="00730", province_code="02",
                                subproject_id=line, source="central", kind="investment",
                                carry_over=False, amount_vnd=5, batch_id=demo.id))  # fmt: skip
        set_meta(session, "demo", "1")


def spans(engine: Engine) -> list:
    got = table(engine, DisbursementSpan, "unit_code", "year", "from_month", "month")
    return got[got.unit_code.isin(COMMUNES)].values.tolist()


def test_year_to_date_reports_record_the_months_they_cover(db: Engine, tmp_path: Path) -> None:
    september = ytd(db, tmp_path / "a.csv", [("09/2022", "00736", 900)])
    assert months(db) == [["00736", 2022, 9, 900]]  # January to September: no monthly spike
    assert spans(db) == [["00736", 2022, 1, 9]]
    june = ytd(db, tmp_path / "b.csv", [("06/2022", "00736", 400)])
    assert spans(db) == [["00736", 2022, 1, 6], ["00736", 2022, 7, 9]]
    undo_batch(db, june)
    assert spans(db) == [["00736", 2022, 1, 9]] and months(db) == [["00736", 2022, 9, 900]]
    undo_batch(db, september)
    assert spans(db) == []


def test_undo_of_a_progress_report_removes_both_kinds(db: Engine, tmp_path: Path) -> None:
    header = ["Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch", "Lũy kế đến 30/9/2022"]
    earlier = plan(db, tmp_path / "a.csv", {"00730": 100})
    rows = [header, ["00730", "DA4.1", "NSTW", "ĐTPT", 120, 30]]
    report = import_file(db, write_csv(tmp_path / "b.csv", rows))
    assert (report.kind, report.status) == ("plan_and_disbursement", "ok")
    assert plans(db) == [["00730", 120, report.batch_id]] and months(db) == [["00730", 2022, 9, 30]]
    done = undo_batch(db, report.batch_id)
    assert (done.removed, done.restored) == (2, 1)
    assert plans(db) == [["00730", 100, earlier]] and months(db) == [] and spans(db) == []


MONTHLY = ["Kỳ báo cáo", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Giải ngân trong kỳ"]


def monthly(engine: Engine, path: Path, rows: list[tuple[str, str, int]]) -> ImportReport:
    body = [[period, code, "DA4.1", "NSTW", "ĐTPT", amount] for period, code, amount in rows]
    return import_file(engine, write_csv(path, [MONTHLY, *body]))


def test_a_monthly_amount_after_a_year_to_date_total(db: Engine, tmp_path: Path) -> None:
    """The months a year-to-date total covers stay marked until a month's own amount replaces
    it; a month inside the total is refused (its money would count twice); undo brings the
    mark back."""
    scope = Scope(2022, vintage=2024, provinces=("02",))
    ytd(db, tmp_path / "a.csv", [("09/2022", "00730", 900)])
    october = monthly(db, tmp_path / "b.csv", [("10/2022", "00730", 50)])
    assert october.status == "ok" and spans(db) == [["00730", 2022, 1, 9]]
    assert lumped_months(db, scope, (2022,)) == {2022: (1, 2, 3, 4, 5, 6, 7, 8)}
    may = monthly(db, tmp_path / "c.csv", [("05/2022", "00730", 10)])
    assert may.status == "rejected" and months(db) == [
        ["00730", 2022, 9, 900],
        ["00730", 2022, 10, 50],
    ]
    assert (
        "already in the year-to-date total reported for 2022-01 to 2022-09" in may.issues[0].reason
    )
    september = monthly(db, tmp_path / "d.csv", [("09/2022", "00730", 80)])
    assert september.status == "ok" and spans(db) == []  # September's own amount now
    assert months(db) == [["00730", 2022, 9, 80], ["00730", 2022, 10, 50]]
    assert lumped_months(db, scope, (2022,)) == {}
    undo_batch(db, september.batch_id)
    assert spans(db) == [["00730", 2022, 1, 9]]
    assert months(db) == [["00730", 2022, 9, 900], ["00730", 2022, 10, 50]]


CLASSES = ["Mã xã", "Khu vực", "Vùng DTTS"]


def classes(engine: Engine) -> list:
    with Session(engine) as session:
        rows = session.execute(
            select(AdminUnit.code, AdminUnit.region, AdminUnit.em_area,
                   AdminUnit.classification_source)
            .where(AdminUnit.vintage == 2024, AdminUnit.code.in_(COMMUNES))
            .order_by(AdminUnit.code)
        ).all()  # fmt: skip
    return [list(r) for r in rows]


def test_undo_of_a_classification_restores_what_each_commune_had(
    db: Engine, tmp_path: Path
) -> None:
    before = classes(db)
    rows = [CLASSES, ["00730", "III", "có"], ["00733", "II", "không"]]
    first = import_file(db, write_csv(tmp_path / "a.csv", rows)).batch_id
    second = import_file(db, write_csv(tmp_path / "b.csv", [CLASSES, ["00730", "I", "không"]]))
    assert classes(db)[:2] == [["00730", "I", False, "import"], ["00733", "II", False, "import"]]
    with pytest.raises(
        ImportFailed, match=rf"changed or built on its figures \({second.batch_id}\)"
    ):
        undo_batch(db, first)
    done = undo_batch(db, second.batch_id)
    assert (done.removed, done.restored) == (0, 1)
    assert classes(db)[:2] == [["00730", "III", True, "import"], ["00733", "II", False, "import"]]
    undo_batch(db, first)
    assert classes(db) == before


CATALOGUE = [
    "Mã chương trình", "Tên chương trình", "Năm bắt đầu", "Năm kết thúc",
    "Mã dự án", "Tên dự án", "Mã tiểu dự án", "Tên tiểu dự án",
]  # fmt: skip


def catalogue(engine: Engine) -> list:
    with Session(engine) as session:
        return [
            [list(r) for r in session.execute(select(*model.__table__.c).order_by(*key))]
            for model, key in (
                (Program, [Program.code]), (Project, [Project.id]), (Subproject, [Subproject.id])
            )
        ]  # fmt: skip


def test_undo_of_a_catalogue_import_puts_the_catalogue_back(db: Engine, tmp_path: Path) -> None:
    before = catalogue(db)
    rows = [
        CATALOGUE,
        ["1719-I", "Tên mới", 2021, 2025, "DA4", "Hạ tầng", "DA4.1", "Tên mới của 4.1"],
        ["1719-II", "Giai đoạn II", 2026, 2030, "DA4", "Hạ tầng", "DA4.1", "Hạ tầng thiết yếu"],
    ]
    batch = import_file(db, write_csv(tmp_path / "cat.csv", rows))
    assert (batch.kind, batch.status) == ("catalogue", "ok")
    plan = [PLAN, [2026, "00715", "TDA 4.1", "NSTW", "ĐTPT", 5]]  # on the new program's line
    figures = import_file(db, write_csv(tmp_path / "p.csv", plan))
    assert figures.status == "ok", figures.issues
    with pytest.raises(ImportFailed, match=rf"figures of batches {figures.batch_id} are on lines"):
        undo_batch(db, batch.batch_id)
    undo_batch(db, figures.batch_id)
    done = undo_batch(db, batch.batch_id)
    assert done.removed == 3  # the program, its project and its line
    assert catalogue(db) == before
