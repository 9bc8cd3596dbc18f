"""A CSV file as one sheet of text cells, with the faults a damaged or hand-edited file has.

Refused whole: NUL bytes (a binary file or a damaged copy), a file that ends inside a quoted
cell or in the middle of a row (cut short in copying: the rows after it are missing too), a row
wider than the column limit. Flagged on their row: a row split by another separator than the
rest of the file (rejected), a row with more cells than the others (rejected: often a number
such as 1,234 written without quotes in a comma-separated file), a last row with no line break
after it (a warning: its last cell may have been cut).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator

from dashboard.importing.cells import clean, has_other_digits
from dashboard.importing.encodings import decode
from dashboard.importing.report import ImportFailed
from dashboard.importing.sheet import MAX_COLUMNS, Fault, Sheet

SEPARATORS = (",", ";", "\t")
NAMES = {",": "','", ";": "';'", "\t": "tab"}


def read_csv(data: bytes, name: str) -> tuple[Sheet, str]:
    """The file's one sheet and the encoding it was read in."""
    text, encoding = decode(data, name)
    text = text.rstrip("\x1a")  # the end-of-file mark of old DOS tools
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFailed(
            f"{name}: the file holds NUL bytes (line {line:,}): it is damaged or not a text file"
        )
    separator = sniff_separator(text)
    rows, numbers = _parse(text, separator, name)
    if '="' in text or has_other_digits(text):  # Excel's ="0123", other digits: rare, so checked
        rows = [[clean(cell) for cell in row] for row in rows]
    sheet = Sheet("", rows, numbers)
    _check_shape(sheet, separator, text, name)
    while sheet.rows and not any(str(cell).strip() for cell in sheet.rows[-1]):
        sheet.rows.pop(), sheet.numbers.pop()
    return sheet, encoding


def _parse(text: str, separator: str, name: str) -> tuple[list[list[str]], list[int]]:
    reader = csv.reader(_lines(text), delimiter=separator, strict=True)
    rows: list[list[str]] = []
    same: dict[str, str] = {}  # one object per distinct cell: periods, codes repeat a lot
    shared = same.setdefault
    try:
        rows.extend(list(map(shared, row, row)) for row in reader)
    except csv.Error as exc:
        line = reader.line_num
        if "end of data" in str(exc):
            raise ImportFailed(
                f"{name}: the file ends inside a quoted cell (opened by line {len(rows) + 1:,}): "
                "it was probably cut short; nothing was imported"
            ) from None
        reason = str(exc).replace("field larger than field limit", "a cell longer than")
        message = f"{name}: the file cannot be read as CSV at line {line:,} ({reason})"
        raise ImportFailed(message) from None
    lines = text.count("\n") or text.count("\r")
    if len(rows) in (lines, lines + 1):  # one record per line: numbers are positions
        return rows, list(range(1, len(rows) + 1))
    return _numbered(text, separator)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their line breaks, as slices: a StringIO would first copy
    the whole text at four bytes a character."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):  # old Macintosh breaks
        yield from io.StringIO(text, newline="")
        return
    start, find, size = 0, text.find, len(text)
    while start < size:
        end = find("\n", start) + 1 or size
        yield text[start:end]
        start = end


def _numbered(text: str, separator: str) -> tuple[list[list[str]], list[int]]:
    """Rows and the line each starts on, when quoted cells hold line breaks."""
    reader = csv.reader(_lines(text), delimiter=separator)
    rows, numbers, line = [], [], 1
    for record in reader:
        rows.append(record)
        numbers.append(line)
        line = reader.line_num + 1
    return rows, numbers


def _check_shape(sheet: Sheet, separator: str, text: str, name: str) -> None:
    """Rows of another separator, rows wider than the rest, a last row cut short."""
    widths = [len(row) for row in sheet.rows]
    if max(widths, default=0) > MAX_COLUMNS:
        at = sheet.numbers[next(i for i, w in enumerate(widths) if w > MAX_COLUMNS)]
        raise ImportFailed(
            f"{name}: line {at:,} has more than {MAX_COLUMNS:,} cells; is this a data table?"
        )
    common = Counter(w for w in widths if w > 1).most_common(1)
    width = common[0][0] if common else 1
    for i in [i for i, w in enumerate(widths) if w != width]:  # the rows of another shape
        row = sheet.rows[i]
        if len(row) == 1 and width >= 3:
            _other_separator(sheet, i, separator, width)
        elif len(row) > width and any(cell.strip() for cell in row[width:]):
            reason = (
                f"this row has {len(row)} cells where the others have {width}: a number such as "
                f"1,234 without quotes, or a {NAMES[separator]} inside a cell?"
            )
            sheet.faults.append(Fault(sheet.numbers[i], "error", reason))
    _last_row(sheet, text, width, name)


def _other_separator(sheet: Sheet, i: int, separator: str, width: int) -> None:
    """A row that is one cell here but splits by another separator: split, and rejected."""
    for other in SEPARATORS:
        if other != separator and other in sheet.rows[i][0]:
            cells = next(csv.reader([sheet.rows[i][0]], delimiter=other))
            if len(cells) >= max(3, width // 2):
                sheet.rows[i] = cells
                reason = (
                    f"this row is separated by {NAMES[other]} while the file uses "
                    f"{NAMES[separator]}: save the whole file with one separator"
                )
                sheet.faults.append(Fault(sheet.numbers[i], "error", reason))
                return


def _last_row(sheet: Sheet, text: str, width: int, name: str) -> None:
    if not sheet.rows or text.endswith(("\n", "\r")):
        return
    last, number = sheet.rows[-1], sheet.numbers[-1]
    if 1 < len(last) < width:
        raise ImportFailed(
            f"{name}: the file ends in the middle of a row (line {number:,} has {len(last)} of "
            f"{width} cells): it was probably cut short; nothing was imported"
        )
    if len(last) == width:
        reason = "the file ends right after this row, without a line break: if the file was cut "
        reason += "short, its last cell is incomplete"
        sheet.faults.append(Fault(number, "warning", reason))


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
