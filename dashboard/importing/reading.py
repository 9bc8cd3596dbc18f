"""Read a CSV or XLSX file into sheets of cells, refusing whole files that cannot be read.

The format is told from the bytes, not the extension: a zip holding ``xl/workbook.xml`` is a
workbook, anything else must decode as text (`encodings`, `textfile`). Row numbers are those the
user sees: the Excel row, or the CSV line where the record starts. What the reader had to
decide (an encoding other than UTF-8, the sheets read and skipped) is kept as notes for the
report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.importing.encodings import wide
from dashboard.importing.report import ImportFailed
from dashboard.importing.sheet import Fault, Sheet
from dashboard.importing.textfile import read_csv, sniff_separator
from dashboard.importing.workbook import EXPECTED, Workbook

__all__ = ["Fault", "Reading", "Sheet", "read_bytes", "read_sheets", "sniff_separator"]


@dataclass
class Reading:
    """The sheets of a file, read one at a time; notes say how the file was read."""

    sheets: Iterator[Sheet]
    notes: list[str] = field(default_factory=list)
    workbook: Workbook | None = None

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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


def read_sheets(data: bytes, name: str) -> Reading:
    """The sheets of a workbook (lazily), or the one table of a CSV file."""
    if data.startswith(b"PK\x03\x04"):
        book = Workbook(data, name)
        return Reading(book.sheets(), workbook=book)
    _refuse_binary(data, name)
    sheet, encoding = read_csv(data, name)
    notes = [] if encoding == "UTF-8" else [f"read as {encoding} text"]
    return Reading(iter([sheet]), notes)


def _refuse_binary(data: bytes, name: str) -> None:
    if data.startswith(b"%PDF"):
        raise ImportFailed(f"{name}: this is a PDF document; {EXPECTED}")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ImportFailed(
                f"{name}: the workbook is protected by a password; save a copy without it"
            )
        raise ImportFailed(f"{name}: this is an old Excel 97-2003 (.xls) file; save it as .xlsx")
    if data[:8192].count(0) > 8 and not wide(data):  # a stray NUL is reported by its line
        raise ImportFailed(f"{name}: this is a binary file, not text; {EXPECTED}")
    if data.startswith((b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"\x89PNG", b"\xff\xd8\xff")):
        raise ImportFailed(f"{name}: this is a compressed archive or an image; {EXPECTED}")
