"""Writing a table to CSV and XLSX for download, safely.

A ``Sheet`` is plain data: note lines (title, demo mark, data as of, filters), headers, rows and a
totals row. Numbers stay numbers (int đồng are written exactly; rates are fractions, shown as
percentages in the XLSX); text that a spreadsheet would read as a formula (starting with ``=``,
``+``, ``-``, ``@``, their full-width forms, a tab or a carriage return, after any spaces; names
come from imported files) is prefixed with a quote in the CSV; the XLSX writes every text as a
string cell, which is never a formula, so it shows the text as it is. CSV is UTF-8 with a
byte-order mark, so Excel opens Vietnamese text correctly.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import xlsxwriter

Cell = str | int | float | None
# spreadsheets also read full-width signs as formulas, and skip spaces before one
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
LEADING_SPACES = " \u00a0\u3000"
MONEY_FORMAT = "#,##0"
RATE_FORMAT = "0.0%"
XLSX_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


@dataclass(frozen=True)
class Sheet:
    title: str  # also the XLSX sheet name (cut to 31 characters)
    notes: tuple[str, ...]  # lines written above the table
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    totals: tuple[Cell, ...] | None = None
    rate_columns: frozenset[int] = field(default_factory=frozenset)  # positions of fractions


def safe_text(text: str) -> str:
    """``text`` as a spreadsheet shows it literally: a quote before a formula-like start."""
    formula_like = text.lstrip(LEADING_SPACES).startswith(FORMULA_STARTS)
    return "'" + text if formula_like or text.startswith(FORMULA_STARTS) else text


def plain_cell(value: Cell) -> Cell:
    """Numbers as they are (NaN as empty); bools and others become text."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    return str(value)


def safe_cell(value: Cell) -> Cell:
    """``plain_cell``, with text made safe for a CSV (``safe_text``)."""
    value = plain_cell(value)
    return safe_text(value) if isinstance(value, str) else value


def _safe_row(row: Sequence[Cell]) -> list[Cell]:
    return [safe_cell(value) for value in row]


def to_csv(sheet: Sheet) -> bytes:
    """CSV in UTF-8 with BOM: notes, a blank line, headers, rows, totals."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for note in sheet.notes:
        writer.writerow([safe_text(note)])
    if sheet.notes:
        writer.writerow([])
    writer.writerow(_safe_row(sheet.headers))
    writer.writerows(_safe_row(row) for row in sheet.rows)
    if sheet.totals is not None:
        writer.writerow(_safe_row(sheet.totals))
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(sheet: Sheet) -> bytes:
    """One worksheet: notes, a blank line, bold headers, rows, bold totals; money as whole
    numbers with thousands separators, rates as percentages; the headers frozen. Written with
    XlsxWriter (2-3 times faster than openpyxl for a commune table), told never to read text as
    a formula, a link or a number."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, XLSX_OPTIONS)
    ws = book.add_worksheet(_sheet_name(sheet.title))
    bold = book.add_format({"bold": True})
    formats = {
        (bold_row, rate): book.add_format(
            {"num_format": RATE_FORMAT if rate else MONEY_FORMAT, "bold": bold_row}
        )
        for bold_row in (False, True)
        for rate in (False, True)
    }

    def write(row_index: int, row: Sequence[Cell], bold_row: bool = False) -> None:
        for col, value in enumerate(plain_cell(value) for value in row):
            if isinstance(value, str):
                ws.write_string(row_index, col, value, bold if bold_row else None)
            elif value is not None:
                ws.write_number(row_index, col, value, formats[bold_row, col in sheet.rate_columns])

    for index, note in enumerate(sheet.notes):
        ws.write_string(index, 0, note)
    header_row = len(sheet.notes) + 1 if sheet.notes else 0
    write(header_row, sheet.headers, bold_row=True)
    for offset, row in enumerate(sheet.rows, start=header_row + 1):
        write(offset, row)
    if sheet.totals is not None:
        write(header_row + 1 + len(sheet.rows), sheet.totals, bold_row=True)
    ws.freeze_panes(header_row + 1, 0)
    book.close()
    return out.getvalue()


def _sheet_name(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip("' ")
    return (cleaned or "Sheet")[:31]
