"""import_file: read, recognise, validate, then write everything in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.importing import both, classification, disbursements, indicators, plans, programs
from dashboard.importing.columns import note_unread
from dashboard.importing.context import Context, Lookups, Options, Outcome, Progress
from dashboard.importing.gather import combined, locate, sheet_rows
from dashboard.importing.headers import Header
from dashboard.importing.periods import fill_period
from dashboard.importing.reading import Sheet, read_bytes, read_sheets
from dashboard.importing.report import ImportFailed, ImportReport, Issue, Problems, as_issues
from dashboard.importing.table import body
from dashboard.importing.vocab import CATALOGUE_FIELDS, UNIT_FIELDS
from dashboard.importing.writing import earlier_batch, now, refuse_over_demo, save
from dashboard.models import ImportBatch

KINDS = (
    "capital_plan", "disbursement", "plan_and_disbursement", "indicator_value", "classification",
    "catalogue",
)  # fmt: skip
MAX_BYTES = 50 * 1024 * 1024
PREPARE: dict[str, Callable[[Context], Outcome]] = {
    "capital_plan": plans.prepare,
    "disbursement": disbursements.prepare,
    "plan_and_disbursement": both.prepare,
    "indicator_value": indicators.prepare,
    "classification": classification.prepare,
    "catalogue": programs.prepare,
}
# a row where all of these (and every amount cell) are blank holds no data: skipped
ROW_KEYS = {
    "capital_plan": list(UNIT_FIELDS),
    "disbursement": list(UNIT_FIELDS),
    "plan_and_disbursement": list(UNIT_FIELDS),
    "indicator_value": [*UNIT_FIELDS, "value"],
    "classification": [*UNIT_FIELDS, "region", "em_area"],
    "catalogue": list(CATALOGUE_FIELDS),
}
RAW_FIELDS = {"indicator_value": ("value",)}
MONEY_KINDS = ("capital_plan", "disbursement", "plan_and_disbursement")


def import_file(
    engine: Engine,
    path: Path,
    kind: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    filename: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    options: Options | None = None,
) -> ImportReport:
    """Import one CSV or XLSX file; whole-file problems raise ImportFailed (one line)."""
    options = options or Options()
    path = Path(path)
    name = filename or path.name
    if kind is not None and kind not in KINDS:
        raise ImportFailed(f"{name}: unknown kind '{kind}'; expected one of {', '.join(KINDS)}")
    data = read_bytes(path, max_bytes, name)
    with read_sheets(data, name) as reading:
        found, kind = locate(reading, kind, name)
    digest = hashlib.sha256(data).hexdigest()
    del data
    sheets, tables = [sheet.name for sheet, _ in found], combined(found)
    del found
    try:
        earlier = earlier_batch(engine, digest, kind)
        if earlier is not None:
            return _duplicate(earlier, kind, name)
        if not options.keep_demo:
            refuse_over_demo(engine, name)
        started = now()
        lookups, problems = Lookups.load(engine), Problems()
        prepared = []
        while tables:  # each table's cells are released once its frame is built
            table = tables.pop(0)
            prepared.append(_prepare(engine, table, kind, name, lookups, problems, options))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise ImportFailed(f"{name}: the database cannot be read ({reason})") from exc
    return _finish(engine, prepared, digest, started, progress, reading.notes, sheets)


def _prepare(
    engine: Engine,
    table: tuple[Sheet, Header],
    kind: str,
    name: str,
    lookups: Lookups,
    problems: Problems,
    options: Options,
) -> tuple[Context, Outcome]:
    """The rows of one table checked: what to write, with the problems found so far."""
    sheet, header = table
    rows = body(sheet, header, ROW_KEYS[kind], RAW_FIELDS.get(kind, ()))
    faults = pd.DataFrame(sheet.faults, columns=["row", "severity", "reason"])
    sheet.rows, sheet.numbers = [], []  # the frame holds what is needed: free the cells
    if kind not in MONEY_KINDS:  # totals of other kinds are skipped, as before
        rows = rows[rows._sub.eq("")].drop(columns=["_sub", "_label"])
    if rows.empty:
        raise ImportFailed(f"{name}: there are no data rows under the header")
    ctx = Context(name, kind, header, rows, lookups, engine, problems, options)
    fill_period(ctx)
    faults = faults[faults.row.isin(rows._row)]  # rows the reader could split, but not fully
    for severity, part in faults.groupby("severity"):
        ctx.problems.add(part.row, None, part.reason, severity=str(severity))
    outcome = PREPARE[kind](ctx)
    note_unread(ctx)
    return ctx, outcome


def _duplicate(earlier: ImportBatch, kind: str, name: str) -> ImportReport:
    when = f"{earlier.started_at:%Y-%m-%d %H:%M}"
    reason = f"the same file was imported as batch {earlier.id} ({earlier.filename}, {when} UTC)"
    return ImportReport(
        None, kind, name, "duplicate", 0, 0, 0, 0, [Issue(None, None, "warning", reason)],
        duplicate_of=earlier.id,
    )  # fmt: skip


def _finish(
    engine: Engine,
    prepared: list[tuple[Context, Outcome]],
    digest: str,
    started: datetime,
    progress: Progress | None,
    notes: list[str],
    sheets: list[str],
) -> ImportReport:
    ctx = prepared[0][0]
    issues = ctx.problems.frame()
    rows = set().union(*(set(c.rows._row) - c.totals for c, _ in prepared))
    rejected = ctx.problems.rejected() & rows
    warned = set(issues.loc[issues.severity.eq("warning"), "row"].dropna().astype(int))
    read, refused = len(rows), len(rejected)
    status = "ok" if not refused else "rejected" if refused == read else "partial"
    batch = ImportBatch(
        kind=ctx.kind, filename=ctx.name[:255], sha256=digest, started_at=started,
        status=status, rows_read=read, rows_accepted=read - refused, rows_rejected=refused,
        rows_warned=len((warned & rows) - rejected), is_demo=False,
    )  # fmt: skip
    written = _together([o for _, o in prepared]) if read > refused else None
    issues = sheet_rows(issues, sheets)
    noted = pd.DataFrame([[None, None, "note", n] for n in notes], columns=issues.columns)
    batch_id = save(
        engine, batch, pd.concat([noted, issues]) if notes else issues, written, progress
    )
    return ImportReport(
        batch_id, ctx.kind, ctx.name, status, read, read - refused, refused,
        batch.rows_warned, as_issues(issues), notes=notes,
    )  # fmt: skip


def _together(outcomes: list[Outcome]) -> Outcome:
    """One outcome writing those of several tables, in the one transaction."""
    if len(outcomes) == 1:
        return outcomes[0]

    def write(session: Session, batch_id: int, progress: Progress | None) -> int:
        return sum(o.write(session, batch_id, progress) for o in outcomes)

    def after(session: Session) -> None:
        for outcome in outcomes:
            if outcome.after:
                outcome.after(session)

    return Outcome(sum(o.rows_read for o in outcomes), write, after)
