"""Writing a table to CSV and XLSX for download, safely.

A ``Sheet`` is plain data: note lines (title, demo mark, data as of, filters), headers, rows and a
totals row. Numbers stay numbers (int đồng are written exactly; rates are fractions, shown as
percentages in the XLSX); text that a spreadsheet would read as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return; names come from imported files) is prefixed with
a quote. CSV is UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | float | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0"
RATE_FORMAT = "0.0%"


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
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value: Cell) -> Cell:
    """Numbers as they are (NaN as empty), text made safe; bools and others become text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return safe_text(str(value))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    return safe_text(str(value))


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
    numbers with thousands separators, rates as percentages."""
    book = Workbook()
    ws = book.active
    ws.title = _sheet_name(sheet.title)
    for note in sheet.notes:
        ws.append([safe_text(note)])
    if sheet.notes:
        ws.append([])
    ws.append(_safe_row(sheet.headers))
    header_row = ws.max_row
    for row in sheet.rows:
        ws.append(_safe_row(row))
    if sheet.totals is not None:
        ws.append(_safe_row(sheet.totals))
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    _number_formats(ws, header_row, sheet.rate_columns)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number_formats(ws, header_row: int, rate_columns: frozenset[int]) -> None:  # noqa: ANN001
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                index = cell.column - 1
                cell.number_format = RATE_FORMAT if index in rate_columns else MONEY_FORMAT
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever openpyxl guesses


def _sheet_name(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip("' ")
    return (cleaned or "Sheet")[:31]
