"""An Excel workbook as sheets of cells, read lazily and within limits checked before parsing.

Before anything is parsed, the zip's declared (uncompressed) sizes and the number of sheets are
checked; before a sheet is read, the dimension its XML declares. A sheet is then read as a
stream: first its top rows (enough to find a header), the rest only when the sheet holds data.
Rows and cells past the limits are refused as they come, so a workbook that lies about its
dimension is stopped too. Merged ranges, which the streaming reader skips, are scanned from the
sheet's XML in chunks.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree

import openpyxl

from dashboard.importing.cells import clean
from dashboard.importing.report import ImportFailed
from dashboard.importing.sheet import MAX_CELL, MAX_COLUMNS, MAX_ROWS, MAX_SHEETS, Sheet

EXPECTED = "expected a CSV file or an Excel workbook (.xlsx)"
HEAD = 40  # rows read before deciding whether a sheet holds data
MAX_PART = 256 * 2**20  # uncompressed bytes of one part of the zip
MAX_UNPACKED = 1024 * 2**20  # and of all parts together
MAX_MEMBERS = 10_000
MAX_BOOK_ROWS = 1_000_000  # all sheets together: the memory of a large CSV file at most
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s")
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?"'
)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


class Workbook:
    """The sheets of a workbook, one at a time; close() when done."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name, self.rows_read = name, 0
        try:
            self.zip = _checked_zip(data, name)
        except DAMAGED as exc:  # a part whose bytes do not match the zip's directory
            reason = f"this is a damaged zip file ({_first(exc)}); {EXPECTED}"
            raise ImportFailed(f"{name}: {reason}") from None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns of styles and extensions
                self.book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on broken files
            reason = f"the workbook cannot be read ({_first(exc)}); {EXPECTED}"
            raise ImportFailed(f"{name}: {reason}") from None

    def sheets(self) -> Iterator[Sheet]:
        for ws in self.book.worksheets:
            if hasattr(ws, "iter_rows"):  # chart sheets hold no cells
                yield self._sheet(ws)

    def close(self) -> None:
        self.book.close()
        self.zip.close()

    def _sheet(self, ws) -> Sheet:  # openpyxl's read-only worksheet
        where = f"{self.name}: sheet '{ws.title}'"
        try:
            merges, count = _scan(self.zip, ws._worksheet_path)  # no public accessor
        except DAMAGED as exc:
            raise ImportFailed(f"{where} is damaged ({_first(exc)})") from None
        if count > MAX_ROWS:  # whatever the dimension says
            raise ImportFailed(f"{where} has {count:,} rows, more than {MAX_ROWS:,}; {_SPLIT}")
        ws.reset_dimensions()  # some writers store a wrong dimension: read every row there is
        rows = self._rows(ws)
        head = [row for _, row in zip(range(HEAD), rows, strict=False)]

        def rest() -> tuple[list[list[object]], list[int]]:
            found = _trimmed(head + list(rows))
            return found, list(range(1, len(found) + 1))

        top = _trimmed(list(head))
        return Sheet(ws.title, top, list(range(1, len(top) + 1)), merges, rest=rest)

    def _rows(self, ws) -> Iterator[list[object]]:
        where = f"{self.name}: sheet '{ws.title}'"
        try:
            for number, row in enumerate(ws.iter_rows(values_only=True), 1):
                if number > MAX_ROWS:
                    raise ImportFailed(f"{where} has more than {MAX_ROWS:,} rows; {_SPLIT}")
                self.rows_read += 1
                if self.rows_read > MAX_BOOK_ROWS:
                    raise ImportFailed(
                        f"{self.name}: the sheets hold more than {MAX_BOOK_ROWS:,} rows; {_SPLIT}"
                    )
                if len(row) > MAX_COLUMNS:
                    raise ImportFailed(
                        f"{where} has more than {MAX_COLUMNS:,} columns (row {number:,})"
                    )
                yield [_cell(value, where, number) for value in row]
        except ImportFailed:
            raise
        except Exception as exc:  # a damaged sheet: broken XML, bad cell references
            raise ImportFailed(f"{where} cannot be read ({_first(exc)})") from None


_SPLIT = "split it into files of fewer rows"
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError)


def _cell(value: object, where: str, row: int) -> object:
    if isinstance(value, str):
        if len(value) > MAX_CELL:
            raise ImportFailed(
                f"{where}, row {row:,}: a cell holds {len(value):,} characters, more than "
                f"Excel's {MAX_CELL:,}"
            )
        return clean(value)
    return value


def _trimmed(rows: list[list[object]]) -> list[list[object]]:
    while rows and not any(v is not None and str(v).strip() for v in rows[-1]):
        rows.pop()
    return rows


def _first(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _checked_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """The zip of an Excel workbook, its declared sizes and sheet count within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except DAMAGED:
        raise ImportFailed(f"{name}: this is a damaged zip file; {EXPECTED}") from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        what = "a Word document (.docx)" if "word/document.xml" in names else "a zip archive"
        if "content.xml" in names:
            what = "an OpenDocument file (.ods/.odt)"
        raise ImportFailed(f"{name}: this is {what}, not an Excel workbook; {EXPECTED}")
    big = max(members, key=lambda m: m.file_size)
    total = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or big.file_size > MAX_PART or total > MAX_UNPACKED:
        raise ImportFailed(
            f"{name}: the workbook unpacks to {total / 2**20:,.0f} MB in {len(members):,} parts "
            f"(largest {big.filename}, {big.file_size / 2**20:,.0f} MB), over the limits of "
            f"{MAX_UNPACKED // 2**20:,} MB, {MAX_PART // 2**20:,} MB a part; {_SPLIT}"
        )
    sheets = len(_SHEET.findall(archive.read("xl/workbook.xml")))
    if sheets > MAX_SHEETS:
        raise ImportFailed(
            f"{name}: the workbook has {sheets:,} sheets, more than the {MAX_SHEETS} an import "
            "reads; put the data sheets in a workbook of their own"
        )
    for path, title in _sheet_parts(archive).items():
        _check_dimension(archive, path, f"{name}: sheet '{title}'")
    return archive


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet name, from the workbook and its relationships."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}  # openpyxl will say what is wrong
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet"):
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if path in archive.NameToInfo:
                parts[path] = sheet.get("name", "")
    return parts


def _check_dimension(archive: zipfile.ZipFile, path: str, where: str) -> None:
    """Refuse a sheet whose declared dimension is over the limits, before any is read."""
    with archive.open(path) as part:
        head = part.read(4096)
    match = _DIMENSION.search(head)
    if not match or not match.group(3):
        return
    rows = int(match.group(4)) - int(match.group(2)) + 1
    columns = _column(match.group(3)) - _column(match.group(1))
    if rows > MAX_ROWS:
        raise ImportFailed(f"{where} has {rows:,} rows, more than {MAX_ROWS:,}; {_SPLIT}")
    if columns + 1 > MAX_COLUMNS:
        raise ImportFailed(f"{where} has {columns + 1:,} columns, more than {MAX_COLUMNS:,}")


def _scan(archive: zipfile.ZipFile, path: str) -> tuple[list[tuple[int, int, int, int]], int]:
    """Merged ranges (r0, c0, r1, c1) and the number of row elements, scanned from the sheet's
    XML a megabyte at a time (the streaming reader skips merges; a dimension may lie)."""
    found: set[tuple[bytes, ...]] = set()
    tail, rows = b"", 0
    with archive.open(path) as part:
        while chunk := part.read(2**20):
            rows += _row_tags(chunk) + _row_tags(tail[-4:] + chunk[:4])  # and across the seam
            text = tail + chunk
            found.update(_MERGE.findall(text))
            tail = text[-200:]
    merges = sorted((int(r0), _column(c0), int(r1), _column(c1)) for c0, r0, c1, r1 in found)
    return merges, rows


def _row_tags(data: bytes) -> int:
    """Row elements, with or without a namespace prefix (<row r="1">, <x:row>)."""
    return sum(data.count(tag) for tag in (b"<row ", b"<row>", b":row ", b":row>"))


def _column(letters: bytes) -> int:
    """1 for A, 27 for AA: any number of letters (openpyxl's stops at XFD)."""
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index
