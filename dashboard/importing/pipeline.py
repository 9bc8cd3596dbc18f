"""import_file: read, recognise, validate, then write everything in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard.importing import classification, disbursements, indicators, plans, programs
from dashboard.importing.context import Context, Lookups, Outcome, Progress
from dashboard.importing.headers import SCAN_ROWS, Header, find_header, kind_of
from dashboard.importing.reading import Sheet, read_bytes, read_sheets
from dashboard.importing.report import ImportFailed, ImportReport, Issue, as_issues
from dashboard.importing.table import body
from dashboard.importing.vocab import CATALOGUE_FIELDS, UNIT_FIELDS, alias_map
from dashboard.importing.writing import earlier_batch, now, save
from dashboard.models import ImportBatch

KINDS = ("capital_plan", "disbursement", "indicator_value", "classification", "catalogue")
MAX_BYTES = 50 * 1024 * 1024
PREPARE: dict[str, Callable[[Context], Outcome]] = {
    "capital_plan": plans.prepare,
    "disbursement": disbursements.prepare,
    "indicator_value": indicators.prepare,
    "classification": classification.prepare,
    "catalogue": programs.prepare,
}
# a row where all of these (and every amount cell) are blank holds no data: skipped
ROW_KEYS = {
    "capital_plan": list(UNIT_FIELDS),
    "disbursement": list(UNIT_FIELDS),
    "indicator_value": [*UNIT_FIELDS, "value"],
    "classification": [*UNIT_FIELDS, "region", "em_area"],
    "catalogue": list(CATALOGUE_FIELDS),
}
RAW_FIELDS = {"indicator_value": ("value",)}


def import_file(
    engine: Engine,
    path: Path,
    kind: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    filename: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import one CSV or XLSX file; whole-file problems raise ImportFailed (one line)."""
    path = Path(path)
    name = filename or path.name
    if kind is not None and kind not in KINDS:
        raise ImportFailed(f"{name}: unknown kind '{kind}'; expected one of {', '.join(KINDS)}")
    data = read_bytes(path, max_bytes, name)
    sheet, header, kind = locate(read_sheets(data, name), kind, name)
    digest = hashlib.sha256(data).hexdigest()
    try:
        earlier = earlier_batch(engine, digest, kind)
        if earlier is not None:
            return _duplicate(earlier, kind, name)
        started = now()
        rows = body(sheet, header, ROW_KEYS[kind], RAW_FIELDS.get(kind, ()))
        if rows.empty:
            raise ImportFailed(f"{name}: there are no data rows under the header")
        ctx = Context(name, kind, header, rows, Lookups.load(engine), engine)
        outcome = PREPARE[kind](ctx)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise ImportFailed(f"{name}: the database cannot be read ({reason})") from exc
    return _finish(engine, ctx, outcome, digest, started, progress)


def locate(sheets: list[Sheet], kind: str | None, name: str) -> tuple[Sheet, Header, str]:
    """The first sheet with a recognisable header, the header, and the kind of data."""
    if not any(sheet.rows for sheet in sheets):
        raise ImportFailed(f"{name}: the file is empty")
    for sheet in sheets:
        header = find_header(sheet, alias_map(kind))
        if header is None:
            continue
        if kind is None:
            kind = kind_of(header.columns, name)
            header = find_header(sheet, alias_map(kind)) or header
        return sheet, header, kind
    raise ImportFailed(
        f"{name}: no recognisable header row in the first {SCAN_ROWS} rows; expected headers "
        "such as Năm, Mã xã, Dự án, Nguồn vốn, Loại vốn, Kế hoạch vốn (see docs/imports.md)"
    )


def _duplicate(earlier: ImportBatch, kind: str, name: str) -> ImportReport:
    when = f"{earlier.started_at:%Y-%m-%d %H:%M}"
    reason = f"the same file was imported as batch {earlier.id} ({earlier.filename}, {when} UTC)"
    return ImportReport(
        None, kind, name, "duplicate", 0, 0, 0, 0, [Issue(None, None, "warning", reason)],
        duplicate_of=earlier.id,
    )  # fmt: skip


def _finish(
    engine: Engine,
    ctx: Context,
    outcome: Outcome,
    digest: str,
    started: datetime,
    progress: Progress | None,
) -> ImportReport:
    issues = ctx.problems.frame()
    rows = set(ctx.rows._row)
    rejected = ctx.problems.rejected() & rows
    warned = set(issues.loc[issues.severity.eq("warning"), "row"].dropna().astype(int))
    read, refused = len(rows), len(rejected)
    status = "ok" if not refused else "rejected" if refused == read else "partial"
    batch = ImportBatch(
        kind=ctx.kind, filename=ctx.name[:255], sha256=digest, started_at=started,
        status=status, rows_read=read, rows_accepted=read - refused, rows_rejected=refused,
        rows_warned=len((warned & rows) - rejected), is_demo=False,
    )  # fmt: skip
    written = outcome if read > refused else None
    batch_id = save(engine, batch, issues, written, progress)
    return ImportReport(
        batch_id, ctx.kind, ctx.name, status, read, read - refused, refused,
        batch.rows_warned, as_issues(issues),
    )  # fmt: skip
