"""The one transaction of an import: the batch, its issues and the accepted rows, or nothing.

Rows are upserted on their table's unique key with the dialect's own ``INSERT ... ON CONFLICT DO
UPDATE`` (SQLite and PostgreSQL), in executemany chunks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, NamedTuple

import pandas as pd
from sqlalchemy import Connection, Engine, Insert, Table, bindparam, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.db import bump_data_version, session_scope, set_meta
from dashboard.importing.context import Outcome, Progress, Writer
from dashboard.importing.coverage import record_coverage
from dashboard.importing.report import ImportFailed, Problems
from dashboard.importing.undo import record_superseded
from dashboard.models import CapitalPlan, Disbursement, ImportBatch, ImportIssue, IndicatorValue
from dashboard.rollups import keys_of_frame, refresh_rollups, refresh_statistics

CHUNK = 10_000
COPY_FROM = 1_000  # rows from which PostgreSQL is written through COPY
DIALECTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored naive, in UTC


def upsert(
    conn: Connection,
    table: Table,
    frame: pd.DataFrame,
    key: list[str],
    progress: Progress | None = None,
    *,
    new_keys: bool = False,
) -> int:
    """Insert ``frame`` into ``table``, updating the other columns of rows whose key exists.
    ``new_keys``: the caller knows no row of ``table`` has the key of a row of ``frame`` (a
    wrong claim fails on the unique key, it cannot write twice)."""
    if conn.dialect.name not in DIALECTS:
        raise ImportFailed(f"imports need SQLite or PostgreSQL, not {conn.dialect.name}")
    if conn.dialect.name == "postgresql" and len(frame) >= COPY_FROM:
        return _copy_upsert(conn, table, frame, key, progress, new_keys)
    columns = list(frame.columns)
    stmt = DIALECTS[conn.dialect.name](table).values({c: bindparam(c) for c in columns})
    updates = {c: stmt.excluded[c] for c in columns if c not in key}
    sql, order = _compiled(stmt.on_conflict_do_update(index_elements=key, set_=updates), conn)
    # plain DB-API executemany: SQLAlchemy's per-row parameter processing would double the time
    for start, rows in _chunks(frame, order):
        conn.exec_driver_sql(sql, rows)
        if progress:
            progress(start + len(rows), len(frame))
    return len(frame)


def _chunks(frame: pd.DataFrame, columns: list[str]) -> Iterator[tuple[int, list[tuple]]]:
    """The rows of ``frame`` as tuples, CHUNK at a time: a million tuples at once would take
    hundreds of megabytes."""
    for start in range(0, len(frame), CHUNK):
        part = frame.iloc[start : start + CHUNK]
        yield start, list(zip(*(part[c].tolist() for c in columns), strict=True))


def _compiled(stmt: Insert, conn: Connection) -> tuple[str, list[str]]:
    """SQL with positional parameters, and the column of each parameter in order."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    if compiled.positiontup is not None:
        return str(compiled), list(compiled.positiontup)
    names = list(compiled.params)
    sql = str(compiled) % {n: "%s" for n in names}  # pyformat -> format (psycopg)
    return sql, names


def _copy_upsert(
    conn: Connection,
    table: Table,
    frame: pd.DataFrame,
    key: list[str],
    progress: Progress | None,
    new_keys: bool,
) -> int:
    """PostgreSQL: COPY into a temporary table, then one INSERT ... ON CONFLICT from it; with
    ``new_keys``, COPY straight into ``table`` (the rows are written once, not twice)."""
    columns = list(frame.columns)
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in key)
    staging = f"import_{table.name}"
    with conn.connection.driver_connection.cursor() as cursor:
        if new_keys:
            _copy(cursor, table.name, frame, columns, progress)
            return len(frame)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "
            f"SELECT {names} FROM {table.name} WITH NO DATA"
        )
        _copy(cursor, staging, frame, columns, progress)
        cursor.execute(
            f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {staging} "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
        )
        cursor.execute(f"DROP TABLE {staging}")
    return len(frame)


def _copy(
    cursor: Any, name: str, frame: pd.DataFrame, columns: list[str], progress: Progress | None
) -> None:
    """The rows of ``frame`` into table ``name`` through a psycopg cursor's COPY."""
    with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
        for start, rows in _chunks(frame, columns):
            for row in rows:
                copy.write_row(row)
            if progress:
                progress(start + len(rows), len(frame))


class Upsert:
    """A writer for ``Outcome``: the rows of ``frame`` stamped with the batch id. With
    ``problems``, the records of rows rejected by then (by another kind's checks of the same
    row, say) are left out: a row is one statement. ``_row`` is the spreadsheet row (-1 for a
    stored month recomputed by the file). ``planned()`` tells, without writing, what would be
    written: a review before commit shows it."""

    def __init__(
        self, table: Table, frame: pd.DataFrame, key: list[str], problems: Problems | None = None
    ) -> None:
        self.table, self.frame, self.key, self.problems = table, frame, key, problems

    def rows(self) -> pd.DataFrame:
        """The records that would be written (``_row`` kept, no batch id)."""
        rows = self.frame
        if self.problems is not None and "_row" in rows:
            rows = rows[~rows._row.isin(self.problems.rejected())]
        return rows

    def planned(self) -> list[Planned]:
        return [Planned(self.table, self.rows(), self.key)]

    def __call__(self, session: Session, batch_id: int, progress: Progress | None) -> int:
        rows = self.rows().drop(columns=["_row"], errors="ignore").assign(batch_id=batch_id)
        table, key = self.table, self.key
        replaced = record_superseded(session.connection(), table, rows, key, batch_id)  # for undo
        written = upsert(session.connection(), table, rows, key, progress, new_keys=not replaced)
        # the roll-ups of the years and months written, summed again in the same transaction
        refresh_rollups(session.connection(), keys_of_frame(table, rows))
        # what the batch reported per province and period, for the reporting view
        batch = session.get(ImportBatch, batch_id)
        received = batch.started_at if batch is not None else now()
        record_coverage(session.connection(), table.name, rows, batch_id, received)
        return written


def upserter(
    table: Table, frame: pd.DataFrame, key: list[str], problems: Problems | None = None
) -> Writer:
    """An ``Upsert`` of ``frame`` into ``table`` on ``key`` (see there)."""
    return Upsert(table, frame, key, problems)


class Planned(NamedTuple):
    """The records one writer would upsert into one table, on its key."""

    table: Table
    rows: pd.DataFrame
    key: list[str]


def planned(writer: Writer) -> list[Planned]:
    """What ``writer`` would write, table by table (empty for writers of reference tables)."""
    ask = getattr(writer, "planned", None)
    return ask() if ask is not None else []


class InTurn:
    """Several writers in turn, in the one transaction; the progress goes to the first only,
    unless ``all_progress``."""

    def __init__(self, *writers: Writer, all_progress: bool = False) -> None:
        self.writers, self.all_progress = writers, all_progress

    def planned(self) -> list[Planned]:
        return [p for writer in self.writers for p in planned(writer)]

    def __call__(self, session: Session, batch_id: int, progress: Progress | None) -> int:
        return sum(
            writer(session, batch_id, progress if i == 0 or self.all_progress else None)
            for i, writer in enumerate(self.writers)
        )


def in_turn(first: Writer, second: Writer, *, all_progress: bool = False) -> Writer:
    """One writer doing two writes, in the one transaction."""
    return InTurn(first, second, all_progress=all_progress)


def set_data_as_of(session: Session) -> None:
    """Meta "data_as_of": the latest month any disbursement is reported for."""
    latest = session.execute(
        select(Disbursement.year, Disbursement.month)
        .order_by(Disbursement.year.desc(), Disbursement.month.desc())
        .limit(1)
    ).first()
    set_meta(session, "data_as_of", f"{latest.year}-{latest.month:02d}" if latest else "")


def demo_batches(session: Session) -> list[int]:
    return list(session.scalars(select(ImportBatch.id).where(ImportBatch.is_demo)))


def refresh_demo_flag(session: Session) -> None:
    """Meta "demo": on while any fact row of the demo set remains (pages show the badge)."""
    demo = demo_batches(session)
    if not demo:
        return
    left = any(
        session.scalar(select(model.batch_id).where(model.batch_id.in_(demo)).limit(1))
        for model in (Disbursement, CapitalPlan, IndicatorValue)
    )
    set_meta(session, "demo", "1" if left else "0")


def refuse_over_demo(engine: Engine, name: str) -> None:
    """Real data never mixes silently with demo data."""
    with Session(engine) as session:
        if demo_batches(session):
            raise ImportFailed(
                f"{name}: the database holds the demo data set; remove it first with "
                "'ntp-dashboard demo --clear' (imported data is kept), or import with "
                "--keep-demo to keep both (the pages then keep their demo badge)"
            )


def earlier_batch(engine: Engine, sha256: str, kind: str) -> ImportBatch | None:
    """A successful earlier import of the same bytes as the same kind."""
    with Session(engine) as session:
        return session.scalars(
            select(ImportBatch)
            .where(
                ImportBatch.sha256 == sha256,
                ImportBatch.kind == kind,
                ImportBatch.status.in_(("ok", "partial")),
            )
            .order_by(ImportBatch.id)
            .limit(1)
        ).first()


def save(
    engine: Engine,
    batch: ImportBatch,
    issues: pd.DataFrame,
    outcome: Outcome | None,
    progress: Progress | None,
) -> int:
    """Write the batch, its issues and (when given) the accepted rows in one transaction."""
    try:
        with session_scope(engine) as session:
            session.add(batch)
            session.flush()
            if outcome is not None:
                outcome.write(session, batch.id, progress)
                if outcome.after:
                    outcome.after(session)
                refresh_demo_flag(session)
                bump_data_version(session)
            _issues(session.connection(), batch.id, issues)
            batch.finished_at = now()
        if outcome is not None:
            refresh_statistics(engine)
        return batch.id
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise ImportFailed(
            f"{batch.filename}: the database refused the import, nothing was written ({reason})"
        ) from exc


def _issues(conn: Connection, batch_id: int, issues: pd.DataFrame) -> None:
    if issues.empty:
        return
    rows = [
        {
            "batch_id": batch_id,
            "row_number": None if pd.isna(r.row) else int(r.row),
            "column": None if r.column is None or pd.isna(r.column) else str(r.column)[:120],
            "severity": r.severity,
            "reason": r.reason,
        }
        for r in issues.itertuples()
    ]
    conn.execute(insert(ImportIssue.__table__), rows)
