"""import_file: read, recognise, validate (``prepare_file``), then write everything in one
transaction (``write_prepared``). A review before commit runs the same ``prepare_file``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.importing import both, classification, disbursements, indicators, plans, programs
from dashboard.importing.columns import note_unread
from dashboard.importing.context import Context, Lookups, Options, Outcome, Progress
from dashboard.importing.gather import combined, locate
from dashboard.importing.grants import check_kind, check_written
from dashboard.importing.headers import Header
from dashboard.importing.lock import import_lock
from dashboard.importing.periods import fill_period
from dashboard.importing.prepared import Prepared
from dashboard.importing.reading import Sheet, read_bytes, read_sheets
from dashboard.importing.report import ImportFailed, ImportReport, Issue, Problems, as_issues
from dashboard.importing.table import body
from dashboard.importing.vocab import CATALOGUE_FIELDS, UNIT_FIELDS
from dashboard.importing.writing import InTurn, earlier_batch, now, refuse_over_demo, save
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
    account: str | None = None,
    on_wait: Callable[[str], None] | None = None,
    lock_timeout: float | None = None,
) -> ImportReport:
    """Import one CSV or XLSX file; whole-file problems raise ImportFailed (one line).

    The file is prepared and written while holding the import lock (one writer at a time, across
    processes): ``on_wait`` is told once when another import holds it, ``lock_timeout`` seconds
    bound the wait. ``account`` is recorded with the batch (None from the command line)."""
    with import_lock(engine, holder=account or "the command line", on_wait=on_wait,
                     timeout=lock_timeout):  # fmt: skip
        prepared = prepare_file(
            engine, path, kind, max_bytes=max_bytes, filename=filename, options=options
        )
        return write_prepared(engine, prepared, progress=progress, account=account)


def prepare_file(
    engine: Engine,
    path: Path,
    kind: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    filename: str | None = None,
    options: Options | None = None,
) -> Prepared:
    """Read and check one file without writing anything: the first half of an import, and the
    whole of a review. Whole-file problems raise ImportFailed (one line)."""
    options = options or Options()
    path = Path(path)
    name = filename or path.name
    if kind is not None and kind not in KINDS:
        raise ImportFailed(f"{name}: unknown kind '{kind}'; expected one of {', '.join(KINDS)}")
    if kind is not None:
        check_kind(options, kind, name)
    data = read_bytes(path, max_bytes, name)
    with read_sheets(data, name) as reading:
        found, kind = locate(reading, kind, name)
    check_kind(options, kind, name)
    digest = hashlib.sha256(data).hexdigest()
    del data
    sheets, tables = [sheet.name for sheet, _ in found], combined(found)
    del found
    try:
        earlier = earlier_batch(engine, digest, kind)
        if earlier is not None:
            return Prepared(name, kind, digest, now(), options, sheets=sheets,
                            duplicate=_duplicate(earlier, kind, name))  # fmt: skip
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
    return Prepared(name, kind, digest, started, options, prepared, reading.notes, sheets)


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


def write_prepared(
    engine: Engine,
    prepared: Prepared,
    *,
    progress: Progress | None = None,
    account: str | None = None,
) -> ImportReport:
    """Write what ``prepare_file`` checked: the batch, its issues and the accepted rows, in one
    transaction. The caller holds the import lock (``import_file`` and the commit of a review
    do)."""
    if prepared.duplicate is not None:
        return prepared.duplicate
    ctx = prepared.tables[0][0]
    read, accepted, refused, warned = prepared.counts()
    status = prepared.status()
    period = prepared.period()
    batch = ImportBatch(
        kind=ctx.kind, filename=ctx.name[:255], sha256=prepared.sha256,
        started_at=prepared.started, status=status, rows_read=read, rows_accepted=accepted,
        rows_rejected=refused, rows_warned=warned, is_demo=False, account=account,
        period_year=period[0] if period else None, period_month=period[1] if period else None,
        kinds=",".join(prepared.kinds)[:120], sheets="\n".join(prepared.sheets) or None,
        accepted_vnd=prepared.accepted_vnd(), file_total_vnd=prepared.file_total_vnd(),
    )  # fmt: skip
    written = None
    if read > refused:
        written = _guarded(_together([o for _, o in prepared.tables]), prepared.options, ctx)
    issues = prepared.issues()
    batch_id = save(engine, batch, issues, written, progress)
    return ImportReport(
        batch_id, ctx.kind, ctx.name, status, read, accepted, refused, warned,
        as_issues(issues[issues.severity.ne("note")]), notes=prepared.notes,
    )  # fmt: skip


def _guarded(outcome: Outcome, options: Options, ctx: Context) -> Outcome:
    """The outcome, checking after its writes that every fact row lies within the grants."""
    if options.provinces is None:
        return outcome

    def write(session: Session, batch_id: int, progress: Progress | None) -> int:
        written = outcome.write(session, batch_id, progress)
        check_written(session.connection(), batch_id, options, ctx.lookups.province_map)
        return written

    return Outcome(outcome.rows_read, write, outcome.after, outcome.frame)


def _together(outcomes: list[Outcome]) -> Outcome:
    """One outcome writing those of several tables, in the one transaction."""
    if len(outcomes) == 1:
        return outcomes[0]

    write = InTurn(*(o.write for o in outcomes), all_progress=True)

    def after(session: Session) -> None:
        for outcome in outcomes:
            if outcome.after:
                outcome.after(session)

    return Outcome(sum(o.rows_read for o in outcomes), write, after)
