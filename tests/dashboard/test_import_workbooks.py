"""Workbooks: several sheets, and hostile ones refused before they are parsed whole."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from dashboard.importer import ImportFailed, import_file
from dashboard.models import CapitalPlan, ImportBatch, ImportIssue
from tests.dashboard.hostile_files import sheet_xml, workbook
from tests.dashboard.import_helpers import count, issues, table

HEADER = ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"]


def book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def refused(engine: Engine, path: Path) -> str:
    with pytest.raises(ImportFailed) as caught:
        import_file(engine, path)
    assert "\n" not in str(caught.value) and count(engine, ImportBatch) == 0
    return str(caught.value)


def test_cover_and_signature_sheets_are_skipped_and_data_sheets_all_read(
    engine: Engine, tmp_path: Path
) -> None:
    path = book(
        tmp_path / "bao_cao.xlsx",
        {
            "Bìa": [["UBND TỈNH HÀ GIANG"], ["BÁO CÁO KẾ HOẠCH VỐN NĂM 2025"]],
            "Dự án 4": [HEADER, [2025, "00715", "DA4.1", "NSTW", "ĐTPT", 10]],
            "Dự án 1": [HEADER, [2025, "00718", "DA1", "NSTW", "ĐTPT", 20]],
            "Ký tên": [["Người lập biểu", "", "Giám đốc"]],
        },
    )
    report = import_file(engine, path)
    assert (report.status, report.rows_accepted) == ("ok", 2)
    assert report.notes == [
        "sheets read: 'Dự án 4', 'Dự án 1'; skipped (no recognisable header): 'Bìa', 'Ký tên'"
    ]
    assert table(engine, CapitalPlan, "unit_code", "amount_vnd").values.tolist() == [
        ["00715", 10],
        ["00718", 20],
    ]
    assert count(engine, ImportIssue) == 1  # the note, kept in the import history


def test_issues_of_several_sheets_name_the_sheet_and_its_row(
    engine: Engine, tmp_path: Path
) -> None:
    row = [2025, "00715", "DA4.1", "NSTW", "ĐTPT", 10]
    path = book(
        tmp_path / "p.xlsx",
        {
            "A": [HEADER, row],
            "B": [HEADER, [2025, "99999", "DA1", "NSTW", "ĐTPT", 5], row],
        },
    )
    report = import_file(engine, path)
    assert report.rows_read == 3 and report.rows_accepted == 0
    what = "duplicate: same year, unit, line, source, kind and carry-over as row"
    assert issues(report) == [
        (2, "'A'!", "error", f"{what} 3 of 'B'"),
        (2, "'B'!Mã xã", "error", "unknown commune code 99999"),
        (3, "'B'!", "error", f"{what} 2 of 'A'"),
    ]


def test_sheets_with_different_headers_are_each_read(engine: Engine, tmp_path: Path) -> None:
    wide = ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Kế hoạch vốn ĐTPT", "Kế hoạch vốn Sự nghiệp"]
    path = book(
        tmp_path / "p.xlsx",
        {
            "long": [HEADER, [2025, "00715", "DA4.1", "NSTW", "ĐTPT", 10]],
            "wide": [wide, [2025, "00718", "DA1", "NSTW", 1, 2]],
        },
    )
    report = import_file(engine, path)
    assert (report.status, report.rows_read, report.rows_accepted) == ("ok", 2, 2)
    assert table(engine, CapitalPlan, "amount_vnd").amount_vnd.tolist() == [1, 2, 10]


def test_thousands_of_sheets_are_refused_at_once(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    path.write_bytes(workbook({f"S{i}": sheet_xml([["x"]]) for i in range(2000)}))
    assert refused(engine, path) == (
        "many.xlsx: the workbook has 2,000 sheets, more than the 200 an import reads; put the "
        "data sheets in a workbook of their own"
    )


@pytest.mark.parametrize(
    ("dimension", "reason"),
    [
        ("A1:F1000000", "has 1,000,000 rows, more than 300,000"),
        ("A1:EQXD2", "has 100,000 columns, more than 1,000"),
    ],
)
def test_a_declared_dimension_over_the_limits_is_refused(
    engine: Engine, tmp_path: Path, dimension: str, reason: str
) -> None:
    path = tmp_path / "big.xlsx"
    path.write_bytes(workbook({"Data": sheet_xml([HEADER], dimension)}))
    assert refused(engine, path) == f"big.xlsx: sheet 'Data' {reason}" + (
        "; split it into files of fewer rows" if "rows" in reason else ""
    )


def test_rows_past_a_false_dimension_are_stopped(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.importing import workbook as reader

    monkeypatch.setattr(reader, "MAX_ROWS", 50)
    rows = [HEADER] + [[2025, "00715", "DA4.1", "NSTW", "ĐTPT", i] for i in range(60)]
    path = tmp_path / "liar.xlsx"
    path.write_bytes(workbook({"Data": sheet_xml(rows, "A1:F2")}))
    assert refused(engine, path) == (
        "liar.xlsx: sheet 'Data' has 61 rows, more than 50; split it into files of fewer rows"
    )


def test_a_huge_cell_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "cell.xlsx"
    rows = [HEADER, [2025, "00715", "DA4.1", "NSTW", "ĐTPT", "9" * 40_000]]
    path.write_bytes(workbook({"Data": sheet_xml(rows)}))
    assert refused(engine, path) == (
        "cell.xlsx: sheet 'Data', row 2: a cell holds 40,000 characters, more than Excel's 32,767"
    )


def test_declared_unpacked_size_is_checked_first(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x20" * (300 * 2**20))
    message = refused(engine, path)
    assert message.startswith("bomb.xlsx: the workbook unpacks to 300 MB in 2 parts")


def test_excel_text_formula_and_wide_digits_in_a_workbook(engine: Engine, tmp_path: Path) -> None:
    xml = sheet_xml([HEADER, [2025, "CODE", "DA4.1", "NSTW", "SN", "１２"]])
    formula = '<c r="B2" t="str"><f>"00715"</f><v>00715</v></c>'  # as Excel saves ="00715"
    xml = xml.replace('<c r="B2" t="inlineStr"><is><t>CODE</t></is></c>', formula)
    path = tmp_path / "p.xlsx"
    path.write_bytes(workbook({"D": xml}))
    report = import_file(engine, path)
    assert report.rows_accepted == 1
    assert table(engine, CapitalPlan, "unit_code", "amount_vnd").values.tolist() == [["00715", 12]]


def test_text_typed_as_a_formula_in_a_text_cell(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    path.write_bytes(
        workbook({"D": sheet_xml([HEADER, [2025, '="00715"', "DA4.1", "NSTW", "SN", 1]])})
    )
    assert import_file(engine, path).rows_accepted == 1
    assert table(engine, CapitalPlan, "unit_code").unit_code.tolist() == ["00715"]


def test_rows_of_all_sheets_together_are_bounded(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.importing import workbook as reader

    monkeypatch.setattr(reader, "MAX_BOOK_ROWS", 5)
    rows = [HEADER] + [[2025, "00715", "DA4.1", "NSTW", "ĐTPT", i] for i in range(3)]
    path = tmp_path / "two.xlsx"
    path.write_bytes(workbook({"A": sheet_xml(rows), "B": sheet_xml(rows)}))
    assert refused(engine, path) == (
        "two.xlsx: the sheets hold more than 5 rows; split it into files of fewer rows"
    )
