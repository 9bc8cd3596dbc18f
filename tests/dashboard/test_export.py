"""CSV and XLSX writers: formulas neutralised, numbers kept as numbers, totals as given."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from dashboard.export import Sheet, safe_cell, safe_text, to_csv, to_xlsx

SHEET = Sheet(
    title="Bảng số liệu",
    notes=("Bảng số liệu - Dữ liệu minh họa", "Số liệu đến tháng 10/2026"),
    headers=("Tên đơn vị", "Mã", "Kế hoạch vốn (đồng)", "Tỷ lệ"),
    rows=(
        ('=HYPERLINK("http://x")', "01", 1_234_567_890_123, 0.5),
        ("Thừa Thiên Huế", "46", 7, float("nan")),
    ),
    totals=("Tổng cộng", None, 1_234_567_890_130, 0.25),
    rate_columns=frozenset({3}),
)


class TestSafeText:
    @pytest.mark.parametrize(
        "text",
        ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", " =1+1", "  @x", "＝1+1", "＋1", "－1",
         "＠SUM(A1)", "\u3000＝1"],
    )  # fmt: skip
    def test_formula_starts_get_a_quote(self, text: str) -> None:
        assert safe_text(text) == "'" + text

    @pytest.mark.parametrize("text", ["Hà Giang", "1=1", "a-b", ""])
    def test_plain_text_is_unchanged(self, text: str) -> None:
        assert safe_text(text) == text


def test_numbers_stay_numbers() -> None:
    assert safe_cell(-5) == -5
    assert safe_cell(0.25) == 0.25
    assert safe_cell(float("nan")) is None


def test_csv_has_a_bom_and_vietnamese_text() -> None:
    data = to_csv(SHEET)
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Thừa Thiên Huế" in data.decode("utf-8-sig")


def test_csv_rows_are_safe_and_exact() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(SHEET).decode("utf-8-sig"))))
    assert rows[0] == ["Bảng số liệu - Dữ liệu minh họa"]
    assert rows[3] == list(SHEET.headers)
    assert rows[4] == ['\'=HYPERLINK("http://x")', "01", "1234567890123", "0.5"]
    assert rows[-1] == ["Tổng cộng", "", "1234567890130", "0.25"]


def _read_xlsx(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data)).active
    return list(sheet.iter_rows(values_only=True))


def test_xlsx_keeps_numbers_numeric_and_exact() -> None:
    rows = _read_xlsx(to_xlsx(SHEET))
    assert rows[4][2] == 1_234_567_890_123 and isinstance(rows[4][2], int)
    assert rows[4][3] == 0.5
    assert rows[-1][2] == 1_234_567_890_130


def test_xlsx_writes_no_formula() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(SHEET)))
    cell = book.active.cell(row=5, column=1)
    assert cell.data_type == "s"  # a string cell is never a formula: no quote to see
    assert cell.value == '=HYPERLINK("http://x")'


def test_xlsx_formats_rates_as_percentages() -> None:
    sheet = load_workbook(io.BytesIO(to_xlsx(SHEET))).active
    assert sheet.cell(row=5, column=4).number_format == "0.0%"
    assert sheet.cell(row=5, column=3).number_format == "#,##0"


def test_xlsx_notes_come_first() -> None:
    rows = _read_xlsx(to_xlsx(SHEET))
    assert rows[0][0] == "Bảng số liệu - Dữ liệu minh họa"
    assert rows[1][0] == "Số liệu đến tháng 10/2026"


def test_xlsx_freezes_and_bolds_the_headers_and_totals() -> None:
    sheet = load_workbook(io.BytesIO(to_xlsx(SHEET))).active
    assert sheet.freeze_panes == "A5"  # two notes, a blank line, the headers
    assert sheet.cell(row=4, column=1).font.b
    assert sheet.cell(row=sheet.max_row, column=3).font.b
    assert not sheet.cell(row=5, column=3).font.b
