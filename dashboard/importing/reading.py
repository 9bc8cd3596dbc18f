"""Read a CSV or XLSX file into raw rows, refusing whole files that cannot be read.

The format is told from the bytes, not the extension: a zip holding ``xl/workbook.xml`` is a
workbook, anything else must decode as text. Row numbers are those the user sees: the Excel row,
or the CSV line where the record starts.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from dashboard.importing.report import ImportFailed

ENCODINGS = ("utf-8-sig", "cp1258", "latin-1")  # latin-1 decodes anything: the last resort
SEPARATORS = (",", ";", "\t")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
EXPECTED = "expected a CSV file or an Excel workbook (.xlsx)"


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    numbers: list[int]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1


def read_bytes(path: Path, max_bytes: int, name: str) -> bytes:
    if not path.is_file():
        raise ImportFailed(f"{name}: file not found")
    size = path.stat().st_size
    if size > max_bytes:
        raise ImportFailed(f"{name}: the file is {_size(size)}, over the {_size(max_bytes)} limit")
    data = path.read_bytes()
    if not data.strip().removeprefix(b"\xef\xbb\xbf").strip():
        raise ImportFailed(f"{name}: the file is empty")
    return data


def _size(size: int) -> str:
    return f"{size / 2**20:.3g} MB" if size >= 2**20 else f"{size:,} bytes"


def read_sheets(data: bytes, name: str) -> list[Sheet]:
    """Every sheet of a workbook, or the one table of a CSV file."""
    if data.startswith(b"PK\x03\x04"):
        return _workbook(data, name)
    _refuse_binary(data, name)
    return [_csv(_decode(data), name)]


def _refuse_binary(data: bytes, name: str) -> None:
    if data.startswith(b"%PDF"):
        raise ImportFailed(f"{name}: this is a PDF document; {EXPECTED}")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailed(f"{name}: this is an old Excel 97-2003 (.xls) file; save it as .xlsx")
    if b"\x00" in data[:8192]:
        raise ImportFailed(f"{name}: this is a binary file, not text; {EXPECTED}")


def _workbook(data: bytes, name: str) -> list[Sheet]:
    _check_workbook(data, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of styles and extensions it skips
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                return [_worksheet(book, ws) for ws in book.worksheets if hasattr(ws, "iter_rows")]
            finally:
                book.close()
    except Exception as exc:  # openpyxl raises many kinds on broken files
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ImportFailed(f"{name}: the workbook cannot be read ({reason}); {EXPECTED}") from None


def _check_workbook(data: bytes, name: str) -> None:
    """A zip must hold an Excel workbook, not a Word or OpenDocument file."""
    try:
        members = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise ImportFailed(f"{name}: this is a damaged zip file; {EXPECTED}") from None
    if "xl/workbook.xml" not in members:
        what = "a Word document (.docx)" if "word/document.xml" in members else "a zip archive"
        if "content.xml" in members:
            what = "an OpenDocument file (.ods/.odt)"
        raise ImportFailed(f"{name}: this is {what}, not an Excel workbook; {EXPECTED}")


def _worksheet(book, ws) -> Sheet:  # openpyxl's read-only workbook and sheet
    ws.reset_dimensions()  # some writers store a wrong dimension; read every row there is
    rows = [list(row) for row in ws.iter_rows(min_row=1, values_only=True)]
    while rows and not any(v is not None and str(v).strip() for v in rows[-1]):
        rows.pop()
    return Sheet(ws.title, rows, list(range(1, len(rows) + 1)), _merges(book, ws))


def _merges(book, ws) -> list[tuple[int, int, int, int]]:
    """Merged ranges: read-only openpyxl skips them, so read them from the sheet's XML."""
    from openpyxl.utils import column_index_from_string as col

    xml = book._archive.read(ws._worksheet_path)  # no public accessor
    found = []
    for c0, r0, c1, r1 in _MERGE.findall(xml):
        found.append((int(r0), col(c0.decode()), int(r1), col(c1.decode())))
    return found


def _decode(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    # cp1258 spells tones as combining marks: compose them so names compare equal
    return unicodedata.normalize("NFC", text)


def _csv(text: str, name: str) -> Sheet:
    separator = sniff_separator(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
        lines = text.count("\n") or text.count("\r")
        if len(rows) in (lines, lines + 1):  # one record per line: numbers are positions
            numbers = list(range(1, len(rows) + 1))
        else:  # quoted line breaks inside cells: count lines record by record
            rows, numbers = _numbered(text, separator)
    except csv.Error as exc:
        raise ImportFailed(f"{name}: the file cannot be read as CSV ({exc})") from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop(), numbers.pop()
    return Sheet("", rows, numbers)


def _numbered(text: str, separator: str) -> tuple[list[list[str]], list[int]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows, numbers, line = [], [], 1
    for record in reader:
        rows.append(record)
        numbers.append(line)
        line = reader.line_num + 1
    return rows, numbers


def sniff_separator(text: str) -> str:
    """The separator that splits the first lines into the most, most regular columns."""
    sample = text[:20_000].splitlines()[:30]
    best, best_score = ",", (0, 0)
    for separator in SEPARATORS:
        widths = [len(r) for r in csv.reader(sample, delimiter=separator) if len(r) > 1]
        if widths:
            common = max(set(widths), key=widths.count)
            score = (widths.count(common), common)
            if score > best_score:
                best, best_score = separator, score
    return best
