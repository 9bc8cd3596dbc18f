"""The data sheets of a file: which sheets hold a header, and rows of several sheets as one.

A workbook may hold a cover, notes or a signature sheet next to its data: a sheet without a
recognisable header is skipped, and the report says so. Several data sheets (one per project,
say) are all read. Sheets with the same header are read as one table, so that a key repeated
across them is caught as a duplicate; their rows are numbered ``sheet * ROW_SPAN + row`` while
they are checked, and the issues name the sheet and its own row again.
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard.importing.headers import SCAN_ROWS, Header, find_header, kind_of
from dashboard.importing.reading import Fault, Reading, Sheet
from dashboard.importing.report import ImportFailed
from dashboard.importing.vocab import alias_map

ROW_SPAN = 10_000_000  # more than the rows of any sheet


def locate(reading: Reading, kind: str | None, name: str) -> tuple[list[tuple[Sheet, Header]], str]:
    """Every data sheet (fully read) with its header, and the kind of data of the file."""
    found: list[tuple[Sheet, Header]] = []
    skipped: list[str] = []
    rows, unknown = False, None
    for sheet in reading.sheets:
        rows = rows or bool(sheet.rows)
        header = find_header(sheet, alias_map(kind))
        if header is not None and kind is None:
            try:
                kind = kind_of(header.columns, name)
            except ImportFailed as exc:  # a cover or notes sheet with a table of its own
                unknown, header = unknown or exc, None
            else:
                header = find_header(sheet, alias_map(kind)) or header
        if header is None or (found and _other_kind(header, kind)):
            skipped.append(sheet.name)
            continue
        found.append((sheet.load(), header))
    if not rows:
        raise ImportFailed(f"{name}: the file is empty")
    if not found and unknown is not None:
        raise unknown
    if not found:
        raise ImportFailed(
            f"{name}: no recognisable header row in the first {SCAN_ROWS} rows; expected headers "
            "such as Năm, Mã xã, Dự án, Nguồn vốn, Loại vốn, Kế hoạch vốn (see docs/imports.md)"
        )
    if reading.workbook is not None and (skipped or len(found) > 1):
        reading.notes.append(_sheets_note([s.name for s, _ in found], skipped))
    return found, kind


def _other_kind(header: Header, kind: str) -> bool:
    try:
        return kind_of(header.columns, "") != kind
    except ImportFailed:
        return True


def _sheets_note(read: list[str], skipped: list[str]) -> str:
    names = ", ".join(f"'{s}'" for s in read)
    note = f"sheets read: {names}"
    if skipped:
        shown = ", ".join(f"'{s}'" for s in skipped[:20])
        more = f" and {len(skipped) - 20} more" if len(skipped) > 20 else ""
        note += f"; skipped (no recognisable header): {shown}{more}"
    return note


def combined(found: list[tuple[Sheet, Header]]) -> list[tuple[Sheet, Header]]:
    """Sheets with the same header as one sheet each; a single sheet as it is."""
    if len(found) == 1:
        return found
    groups: dict[tuple, list[tuple[int, Sheet, Header]]] = {}
    for ordinal, (sheet, header) in enumerate(found, 1):
        groups.setdefault(_signature(header), []).append((ordinal, sheet, header))
    return [_join(group) for group in groups.values()]


def _signature(header: Header) -> tuple:
    columns = tuple((c.display, c.field, c.measure) for c in header.columns)
    return columns, header.first_data, header.default_scale


def _join(group: list[tuple[int, Sheet, Header]]) -> tuple[Sheet, Header]:
    """The rows of sheets that share a header, under the first sheet's header rows."""
    _, first, header = group[0]
    start = header.first_data
    rows, numbers, faults = list(first.rows[:start]), list(first.numbers[:start]), []
    for ordinal, sheet, _ in group:
        rows += sheet.rows[start:]
        numbers += [ordinal * ROW_SPAN + n for n in sheet.numbers[start:]]
        faults += [Fault(ordinal * ROW_SPAN + f.row, f.severity, f.reason) for f in sheet.faults]
    return Sheet(first.name, rows, numbers, first.merges, faults), header


def sheet_rows(issues: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Issues of several sheets: each row number back to the sheet's own, the sheet in front
    of the column ("'Dự án 1'!Giải ngân")."""
    if len(names) < 2 or issues.empty:
        return issues
    rows = issues.row
    ordinal = (rows // ROW_SPAN).astype("Int64")
    sheet = ordinal.map(lambda o: None if pd.isna(o) else f"'{names[int(o) - 1]}'!")
    column = issues.column.astype(object).where(issues.column.notna(), "")

    def named(match: re.Match) -> str:  # a row named in a reason ("same ... as row N")
        number = int(match.group(1))
        return f"row {number % ROW_SPAN} of '{names[number // ROW_SPAN - 1]}'"

    return issues.assign(
        row=rows % ROW_SPAN,
        column=(sheet + column.astype(str)).where(sheet.notna(), issues.column),
        reason=issues.reason.astype(str).str.replace(r"\brow (\d{8,})", named, regex=True),
    )
