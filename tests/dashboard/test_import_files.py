"""Whole files that cannot be imported, and the encodings and separators that can."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.importer import ImportFailed, detect_kind, import_file
from dashboard.models import CapitalPlan, ImportBatch
from tests.dashboard.import_helpers import count, table, write_csv

PLAN_HEADER = ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"]
PLAN_ROW = [2025, "00715", "DA4.1", "NSTW", "ĐTPT", 1000]


def failure(engine: Engine, path: Path, **kwargs) -> str:
    with pytest.raises(ImportFailed) as caught:
        import_file(engine, path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_missing_file(engine: Engine, tmp_path: Path) -> None:
    assert failure(engine, tmp_path / "nope.csv") == "nope.csv: file not found"


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"  \r\n\r\n"])
def test_empty_file(engine: Engine, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert failure(engine, path) == "empty.csv: the file is empty"


def test_empty_workbook(engine: Engine, tmp_path: Path) -> None:
    import openpyxl

    openpyxl.Workbook().save(tmp_path / "blank.xlsx")
    assert failure(engine, tmp_path / "blank.xlsx") == "blank.xlsx: the file is empty"


def test_pdf_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    message = failure(engine, path)
    assert message == (
        "report.csv: this is a PDF document; expected a CSV file or an Excel workbook (.xlsx)"
    )


def test_renamed_word_document_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    message = failure(engine, path)
    assert message.startswith("plan.xlsx: this is a Word document (.docx), not an Excel workbook")
    assert message.endswith("expected a CSV file or an Excel workbook (.xlsx)")


def test_broken_workbook_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-a-workbook")
    message = failure(engine, path)
    assert message.startswith("broken.xlsx: the workbook cannot be read (")


def test_old_excel_format_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "old Excel 97-2003 (.xls) file; save it as .xlsx" in failure(engine, path)


def test_file_over_the_limit(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", [PLAN_HEADER] + [PLAN_ROW] * 100)
    message = failure(engine, path, max_bytes=1000)
    assert message.startswith("big.csv: the file is ")
    assert message.endswith("bytes, over the 1,000 bytes limit")


def test_default_limit_is_50_mb(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as out:
        out.truncate(50 * 2**20 + 1)
    assert failure(engine, path) == "huge.csv: the file is 50 MB, over the 50 MB limit"


def test_no_recognisable_header(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "notes.csv", [["Ghi nhớ cuộc họp"], ["a", "b"], ["c", "d"]])
    message = failure(engine, path)
    assert message.startswith("notes.csv: no recognisable header row in the first 20 rows")


def test_unknown_kind(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [PLAN_HEADER, PLAN_ROW])
    message = failure(engine, path, kind="budget")
    assert message.startswith("p.csv: unknown kind 'budget'; expected one of capital_plan")


def test_kind_that_cannot_be_told(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "units.csv", [["Năm", "Mã xã", "Tên xã"], [2025, "00715", "x"]])
    assert "cannot tell what the file holds from its headers" in failure(engine, path)


def test_missing_required_column_names_its_headers(engine: Engine, tmp_path: Path) -> None:
    header = ["Năm", "Mã xã", "Dự án", "Loại vốn", "Kế hoạch vốn"]
    path = write_csv(tmp_path / "p.csv", [header, [2025, "00715", "DA4.1", "ĐTPT", 5]])
    message = failure(engine, path)
    assert message.startswith("p.csv: no column for the source of funds; expected a header such")
    assert "Nguồn vốn" in message and "Funding source" in message


def test_missing_period_column_of_a_disbursement(engine: Engine, tmp_path: Path) -> None:
    header = ["Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Giải ngân"]
    path = write_csv(tmp_path / "d.csv", [header, ["00715", "DA4.1", "NSTW", "ĐTPT", 5]])
    message = failure(engine, path, kind="disbursement")
    assert "no column for the reporting period" in message and "Kỳ báo cáo" in message


def test_header_without_rows(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [PLAN_HEADER])
    assert failure(engine, path) == "p.csv: there are no data rows under the header"


def test_failed_file_leaves_no_batch(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [PLAN_HEADER])
    failure(engine, path)
    assert count(engine, ImportBatch) == 0


@pytest.mark.parametrize(
    ("encoding", "sep"), [("utf-8-sig", ";"), ("cp1258", ","), ("utf-8", "\t")]
)
def test_encodings_and_separators(engine: Engine, tmp_path: Path, encoding: str, sep: str) -> None:
    header = ["Năm", "Tỉnh", "Huyện", "Xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"]
    row = [2025, "Hà Giang", "Đồng Văn", "Lũng Cú", "DA4.1", "NSTW", "Sự nghiệp", "1500"]
    path = write_csv(tmp_path / "p.csv", [header, row], sep=sep, encoding=encoding)
    report = import_file(engine, path)
    assert (report.status, report.rows_accepted) == ("ok", 1)
    rows = table(engine, CapitalPlan, "unit_code", "kind", "amount_vnd")
    assert rows.values.tolist() == [["00715", "recurrent", 1500]]


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (PLAN_HEADER, "capital_plan"),
        (["Tháng", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Giải ngân"], "disbursement"),
        (["Year", "Commune code", "Line", "Source", "Kind", "Cumulative"], "disbursement"),
        (PLAN_HEADER + ["Giải ngân"], "plan_and_disbursement"),
        (["Mã chỉ tiêu", "Mã tỉnh", "Năm", "Giá trị"], "indicator_value"),
        (["Mã xã", "Khu vực", "Vùng DTTS"], "classification"),
        (["program_code", "program_name_vi", "project_code", "subproject_code"], "catalogue"),
        (["Mã chương trình", "Tên chương trình", "Mã dự án", "Tên dự án"], "catalogue"),
    ],
)
def test_detect_kind(headers: list[str], kind: str) -> None:
    assert detect_kind(headers) == kind


def test_detect_kind_refuses_unknown_headers() -> None:
    with pytest.raises(ImportFailed, match="cannot tell what the file holds"):
        detect_kind(["Họ tên", "Ngày sinh"])
