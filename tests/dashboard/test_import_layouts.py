"""Real provincial report layouts, written by the tests as a province would: title rows, a
two-row merged header, the period stated once, plan and year-to-date side by side, totals;
each on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.importer import ImportFailed, import_file
from dashboard.importing.context import Options
from dashboard.models import CapitalPlan, Disbursement
from tests.dashboard.import_helpers import issues, table, write_xlsx

TITLE = [
    ["UBND TỈNH HÀ GIANG"],
    ["BÁO CÁO TIẾN ĐỘ GIẢI NGÂN CHƯƠNG TRÌNH MTQG 1719 GIAI ĐOẠN 2021-2030"],
    ["(Kèm theo Công văn số 12/BC-UBND ngày 05/10/2023; số liệu tính đến ngày 30/9/2023)"],
    ["Đơn vị tính: triệu đồng"],
]
TOP = ["STT", "Mã xã", "Tên đơn vị", "Dự án", "Nguồn vốn", "Loại vốn", "Năm 2023", "", "Ghi chú"]
LOWER = ["", "", "", "", "", "", "Kế hoạch", "Lũy kế giải ngân đến 30/9/2023", ""]
MERGES = ["A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:E6", "F5:F6", "G5:H5", "I5:I6"]
NUMBERS = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"]


def bieu(path: Path, body: list[list[object]], title: list[list[str]] = TITLE) -> Path:
    """The usual "Biểu": title lines, the merged two-row header, the column numbers, ``body``."""
    top = len(title) + 1
    merges = [m.replace("5", str(top)).replace("6", str(top + 1)) for m in MERGES]
    return write_xlsx(path, [*title, TOP, LOWER, NUMBERS, *body], merges)


def commune(stt: int, code: str, name: str, line: str, plan: float, paid: float) -> list:
    return [stt, code, name, line, "NSTW", "ĐTPT", plan, paid, ""]


def facts(engine: Engine) -> tuple[list, list]:
    plans = table(engine, CapitalPlan, "year", "unit_code", "amount_vnd").values.tolist()
    paid = table(engine, Disbursement, "year", "month", "unit_code", "amount_vnd")
    return plans, paid.values.tolist()


def test_the_usual_progress_report_brings_plan_and_disbursement(db: Engine, tmp_path: Path) -> None:
    body = [
        ["", "", "Tổng cộng", "", "", "", 3500.5, 1200.25, ""],
        commune(1, "00715", "Xã Lũng Cú", "DA4.1", 2350, 1100),
        commune(2, "00718", "Xã Má Lé", "DA4.1", 1150.5, 100.25),
    ]
    report = import_file(db, bieu(tmp_path / "bieu.xlsx", body))
    assert (report.kind, report.status, report.rows_read, report.rows_accepted) == (
        "plan_and_disbursement", "ok", 2, 2,
    )  # fmt: skip
    plans, paid = facts(db)
    assert plans == [[2023, "00715", 2_350_000_000], [2023, "00718", 1_150_500_000]]
    assert paid == [[2023, 9, "00715", 1_100_000_000], [2023, 9, "00718", 100_250_000]]
    assert [(i.row, i.severity) for i in report.issues] == [(8, "info"), (8, "info")]
    assert "accepted rows sum to 3,500,500,000 đồng" in report.issues[0].reason


def test_a_row_bad_in_one_kind_is_rejected_in_both(db: Engine, tmp_path: Path) -> None:
    body = [
        commune(1, "00715", "Xã Lũng Cú", "DA4.1", 2350, 1100),
        commune(2, "00718", "Xã Má Lé", "DA4.1", 1150.5, "abc"),
    ]
    report = import_file(db, bieu(tmp_path / "bieu.xlsx", body))
    assert issues(report) == [(9, "Lũy kế giải ngân đến 30/9/2023", "error", "not a number: 'abc'")]
    plans, paid = facts(db)
    assert (plans, paid) == ([[2023, "00715", 2_350_000_000]], [[2023, 9, "00715", 1_100_000_000]])


def test_a_money_column_not_understood_is_named(db: Engine, tmp_path: Path) -> None:
    top = [*TOP[:8], "Vốn đối ứng xã"]
    rows = [*TITLE, top, LOWER, commune(1, "00715", "Xã Lũng Cú", "DA4.1", 10, 5)]
    rows[-1][-1] = 7
    report = import_file(db, write_xlsx(tmp_path / "b.xlsx", rows, MERGES))
    assert issues(report) == [
        (None, "Vốn đối ứng xã", "warning",
         "column 'Vốn đối ứng xã' was not read: it looks like amounts but its header is not "
         "understood"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "lower", "period"),
    [
        ("Báo cáo 9 tháng năm 2023", "Lũy kế giải ngân", (2023, 9)),
        ("BÁO CÁO QUÝ III/2023", "Giải ngân lũy kế", (2023, 9)),
        ("Báo cáo tháng 6 năm 2024", "Vốn đã giải ngân đến thời điểm báo cáo", (2024, 6)),
        ("Báo cáo năm 2022", "Lũy kế từ đầu năm đến hết tháng 11", (2022, 11)),
    ],
)
def test_the_period_stated_once(
    db: Engine, tmp_path: Path, title: str, lower: str, period: tuple[int, int]
) -> None:
    head = [["UBND TỈNH HÀ GIANG"], [title], ["Đơn vị: triệu đồng"], [""]]
    top = [*TOP[:6], "Kế hoạch vốn", "", ""]
    path = tmp_path / "b.xlsx"
    rows = [*head, top, [*LOWER[:6], "Kế hoạch", lower, ""]]
    write_xlsx(path, [*rows, commune(1, "00715", "Xã Lũng Cú", "DA4.1", 20, 5)], MERGES)
    report = import_file(db, path)
    assert report.status == "ok", report.issues
    plans, paid = facts(db)
    assert plans == [[period[0], "00715", 20_000_000]]
    assert paid == [[*period, "00715", 5_000_000]]


def test_two_places_stating_other_years_refuse_the_file(db: Engine, tmp_path: Path) -> None:
    title = [*TITLE[:2], ["(Số liệu tính đến ngày 30/9/2024)"], TITLE[3]]
    path = bieu(tmp_path / "b.xlsx", [commune(1, "00715", "Lũng Cú", "DA4.1", 2, 1)], title)
    with pytest.raises(ImportFailed) as failed:
        import_file(db, path)
    message = str(failed.value)
    assert "two years, 2023 ('" in message and "and 2024 ('(Số liệu tính đến" in message
    report = import_file(db, path, options=Options(year=2023, month=9))  # the officer's say
    assert report.status == "ok"
    assert facts(db)[1] == [[2023, 9, "00715", 1_000_000]]


def test_no_stated_month_is_refused_with_the_ways_to_state_it(db: Engine, tmp_path: Path) -> None:
    rows = [["Năm 2023"], ["Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch", "Lũy kế"]]
    rows.append(["00715", "DA4.1", "NSTW", "ĐTPT", 2, 1])
    with pytest.raises(ImportFailed, match="does not state to which month"):
        import_file(db, write_xlsx(tmp_path / "b.xlsx", rows))
    report = import_file(db, tmp_path / "b.xlsx", options=Options(month=6))
    assert facts(db) == ([[2023, "00715", 2]], [[2023, 6, "00715", 1]])
    assert report.status == "ok"


def test_district_subtotals_are_checked_and_not_stored(db: Engine, tmp_path: Path) -> None:
    body = [
        ["", "", "Tổng cộng", "", "", "", 60, 31, ""],
        ["I", "", "Huyện Đồng Văn", "", "", "", 30, 16, ""],
        commune(1, "00715", "Xã Lũng Cú", "DA4.1", 10, 5),
        commune(2, "00718", "Xã Má Lé", "DA4.1", 20, 10),
        ["II", "", "Huyện Mèo Vạc", "", "", "", 30, 15, ""],
        commune(3, "00772", "Xã Thượng Phùng", "DA4.1", 30, 15),
        ["", "", "Cộng huyện Mèo Vạc", "", "", "", 30, 15, ""],
    ]
    report = import_file(db, bieu(tmp_path / "b.xlsx", body))
    assert (report.rows_read, report.rows_accepted) == (3, 3)
    plans, paid = facts(db)
    assert sum(p[-1] for p in plans) == 60_000_000 and sum(p[-1] for p in paid) == 30_000_000
    warnings = [i for i in issues(report) if i[2] == "warning"]
    assert warnings == [
        (8, "Lũy kế giải ngân đến 30/9/2023", "warning",
         "the file's total 'Tổng cộng' is 31,000,000 đồng; the accepted rows sum to 30,000,000 "
         "đồng (difference 1,000,000 đồng)"),
        (9, "Lũy kế giải ngân đến 30/9/2023", "warning",
         "'Huyện Đồng Văn' is 16,000,000 đồng but the rows it totals sum to 15,000,000 đồng "
         "(difference 1,000,000 đồng)"),
    ]  # fmt: skip
    assert len([i for i in issues(report) if i[2] == "info"]) == 1  # the total of the plan agrees


def test_a_district_row_above_its_communes_is_a_subtotal(db: Engine, tmp_path: Path) -> None:
    header = ["Năm", "Mã huyện", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"]
    rows = [header, [2023, "026", "", "DA4.1", "NSTW", "ĐTPT", 30]]
    rows += [[2023, "026", "00715", "DA4.1", "NSTW", "ĐTPT", 10]]
    rows += [[2023, "026", "00718", "DA4.1", "NSTW", "ĐTPT", 21]]
    report = import_file(db, write_xlsx(tmp_path / "p.xlsx", rows))
    assert (report.rows_read, report.rows_accepted) == (2, 2)
    assert facts(db)[0] == [[2023, "00715", 10], [2023, "00718", 21]]  # not 61
    assert issues(report) == [
        (2, "Kế hoạch vốn", "warning",
         "'district 026' is 30 đồng but the rows it totals sum to 31 đồng (difference -1 đồng)"),
    ]  # fmt: skip


def test_three_header_rows_and_a_sheet_per_project(db: Engine, tmp_path: Path) -> None:
    """Plan and year to date over the source over the kind; one sheet per project, a cover."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Bìa"
    book.active.append(["BÁO CÁO TIẾN ĐỘ GIẢI NGÂN", "Kính gửi: Ủy ban Dân tộc"])
    for project, line, paid in (("Dự án 1", "DA1", 5), ("Dự án 4", "DA4.1", 7)):
        sheet = book.create_sheet(project)
        for row in (
            ["BÁO CÁO 9 THÁNG NĂM 2023"],
            ["Đơn vị tính: triệu đồng"],
            ["Mã xã", "Dự án", "Kế hoạch năm 2023", "", "Lũy kế giải ngân đến 30/9/2023", ""],
            ["", "", "Vốn NSTW", "", "Vốn NSTW", ""],
            ["", "", "ĐTPT", "SN", "ĐTPT", "SN"],
            ["", "Tổng cộng", 30, 1, paid, 1],
            ["00715", line, 30, 1, paid, 1],
        ):
            sheet.append(row)
        for cells in ("A3:A5", "B3:B5", "C3:D3", "E3:F3", "C4:D4", "E4:F4"):
            sheet.merge_cells(cells)
    book.save(tmp_path / "bieu.xlsx")
    report = import_file(db, tmp_path / "bieu.xlsx")
    assert (report.status, report.rows_read, report.rows_accepted) == ("ok", 2, 2)
    assert "sheets read: 'Dự án 1', 'Dự án 4'" in report.notes[0]
    plans = table(db, CapitalPlan, "subproject_id", "kind", "amount_vnd").amount_vnd.tolist()
    paid = table(db, Disbursement, "month", "kind", "amount_vnd").values.tolist()
    assert sorted(plans) == [1_000_000, 1_000_000, 30_000_000, 30_000_000]
    assert sorted(paid) == [[9, "investment", 5_000_000], [9, "investment", 7_000_000],
                            [9, "recurrent", 1_000_000], [9, "recurrent", 1_000_000]]  # fmt: skip
    assert [i.severity for i in report.issues] == ["info"] * 8  # each sheet's total agrees
    assert (report.issues[0].row, report.issues[0].column) == (
        6,
        "'Dự án 1'!Kế hoạch năm 2023 / Vốn NSTW / ĐTPT",
    )


def test_a_report_after_the_reform_puts_its_plan_on_the_new_units(
    db: Engine, tmp_path: Path
) -> None:
    title = [["UBND TỈNH TUYÊN QUANG"], ["BÁO CÁO 9 THÁNG NĂM 2025"], [""], ["ĐVT: triệu đồng"]]
    top = [*TOP[:6], "Năm 2025", "", ""]
    lower = [*LOWER[:6], "Kế hoạch", "Lũy kế giải ngân", ""]
    body = [commune(1, "00694", "Phường Hà Giang 1", "DA4.1", 40, 12)]
    path = write_xlsx(tmp_path / "b.xlsx", [*title, top, lower, *body], MERGES)
    report = import_file(db, path)
    assert report.status == "ok", report.issues
    plans = table(db, CapitalPlan, "year", "vintage", "unit_code", "amount_vnd").values.tolist()
    paid = table(db, Disbursement, "year", "month", "vintage", "amount_vnd").values.tolist()
    assert plans == [[2025, 2025, "00694", 40_000_000]]
    assert paid == [[2025, 9, 2025, 12_000_000]]


def test_commune_names_are_looked_up_under_their_district_heading(
    db: Engine, tmp_path: Path
) -> None:
    """No codes: "Xã Tả Lủng" is a commune of Đồng Văn and one of Mèo Vạc."""
    body = [
        ["I", "", "Huyện Đồng Văn", "", "", "", "", "", ""],
        commune(1, "", "Xã Tả Lủng", "DA4.1", 10, 5),
        ["II", "", "Huyện Mèo Vạc", "", "", "", 20, 8, ""],
        commune(2, "", "Xã Tả Lủng", "DA4.1", 20, 8),
    ]
    report = import_file(db, bieu(tmp_path / "b.xlsx", body))
    assert (report.status, report.rows_read, report.issues) == ("ok", 2, [])
    assert facts(db)[0] == [[2023, "00742", 10_000_000], [2023, "00796", 20_000_000]]
