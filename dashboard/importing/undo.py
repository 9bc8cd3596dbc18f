"""Undo an import: its rows removed and the rows it replaced put back, to the đồng.

Every import keeps, in ``import_superseded``, the fact rows it replaced (as JSON, with the batch
that wrote them). Undoing batch B deletes the fact rows B wrote and inserts back those it
replaced, in one transaction, marks B "undone" and records the undo as a batch of its own.
A later batch that replaced B's rows, or wrote year-to-date months after B's on the same keys
(its monthly amounts were computed from B's totals), built on B: it must be undone first.
Plans, disbursements and indicator values are undone here; classification and catalogue imports,
which update reference tables in place, in `reference`. Demo data is cleared with ``demo --clear``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, Table, delete, insert, select
from sqlalchemy.orm import Session

from dashboard.db import bump_data_version, session_scope
from dashboard.importing.coverage import remove_coverage
from dashboard.importing.lock import import_lock
from dashboard.importing.reference import REFERENCE_KINDS, undo_reference
from dashboard.importing.report import ImportFailed
from dashboard.models import (
    CapitalPlan,
    Disbursement,
    DisbursementSpan,
    ImportBatch,
    ImportSuperseded,
    IndicatorValue,
)
from dashboard.rollups import Keys, refresh_rollups, refresh_statistics, touched

FACT_MODELS = (CapitalPlan, Disbursement, DisbursementSpan, IndicatorValue)
FACTS: dict[str, Table] = {m.__tablename__: m.__table__ for m in FACT_MODELS}
UNDOABLE = (
    "capital_plan", "disbursement", "plan_and_disbursement", "indicator_value", *REFERENCE_KINDS,
)  # fmt: skip
YEAR_KEY = ["year", "vintage", "unit_code", "subproject_id", "source", "kind", "carry_over"]


def record_superseded(
    conn: Connection, table: Table, frame: pd.DataFrame, key: list[str], batch_id: int
) -> int:
    """Keep the rows of ``table`` that the rows of ``frame`` are about to replace."""
    if frame.empty:
        return 0
    where = [table.c.year.in_(sorted(int(y) for y in frame.year.unique()))]
    if "province_code" in table.c and "province_code" in frame:
        where.append(table.c.province_code.in_(sorted(set(frame.province_code))))
    old = pd.read_sql(select(table).where(*where), conn)
    if old.empty:
        return 0
    old = old[_keys(old, key).isin(set(_keys(frame, key)))]
    return _keep(conn, table, old.drop(columns="id", errors="ignore"), batch_id)


def remove_recorded(
    conn: Connection, table: Table, frame: pd.DataFrame, key: list[str], batch_id: int
) -> int:
    """Delete the rows of ``table`` on the keys of ``frame``, kept first for undo (a monthly
    amount that replaces a year-to-date one takes away the months it was marked to span)."""
    if frame.empty:
        return 0
    where = [table.c.year.in_(sorted(int(y) for y in frame.year.unique()))]
    where.append(table.c.province_code.in_(sorted(set(frame.province_code))))
    old = pd.read_sql(select(table).where(*where), conn)
    if old.empty:
        return 0
    near = frame[frame.year.isin(set(old.year)) & frame.province_code.isin(set(old.province_code))]
    old = old[_keys(old, key).isin(set(_keys(near, key)))]
    if old.empty:
        return 0
    _keep(conn, table, old.drop(columns="id"), batch_id)
    ids = [int(i) for i in old.id]
    for start in range(0, len(ids), 10_000):
        conn.execute(delete(table).where(table.c.id.in_(ids[start : start + 10_000])))
    return len(ids)


def _keep(conn: Connection, table: Table, old: pd.DataFrame, batch_id: int) -> int:
    rows = [
        {"batch_id": batch_id, "table_name": table.name, "row": json.dumps(r, default=_plain),
         "old_batch_id": None if pd.isna(r.get("batch_id")) else int(r["batch_id"])}
        for r in old.to_dict("records")
    ]  # fmt: skip
    if rows:
        conn.execute(insert(ImportSuperseded.__table__), rows)
    return len(rows)


def _plain(value: object) -> object:
    return value.item() if hasattr(value, "item") else str(value)


def _keys(frame: pd.DataFrame, key: list[str]) -> pd.Series:
    """The key of each row as one text, the same whatever the columns' dtypes."""
    parts = [[_text(v) for v in frame[c].tolist()] for c in key]
    return pd.Series(["|".join(p) for p in zip(*parts, strict=True)], index=frame.index)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Undone:
    batch_id: int
    undo_batch_id: int
    removed: int
    restored: int

    def summary(self) -> str:
        return (
            f"batch {self.batch_id} undone (recorded as batch {self.undo_batch_id}): "
            f"{self.removed} rows removed, {self.restored} earlier rows restored"
        )


def undo_batch(
    engine: Engine,
    batch_id: int,
    *,
    account: str | None = None,
    on_wait: Callable[[str], None] | None = None,
    lock_timeout: float | None = None,
) -> Undone:
    """Undo import batch ``batch_id``; ImportFailed (one line) when it cannot be. Holds the
    import lock (``on_wait``, ``lock_timeout``: see ``import_lock``); the undo's record names
    ``account`` (None from the command line)."""
    with import_lock(engine, holder=account or "the command line", on_wait=on_wait,
                     timeout=lock_timeout):  # fmt: skip
        undone = _undo(engine, batch_id, account)
    refresh_statistics(engine)
    return undone


def _undo(engine: Engine, batch_id: int, account: str | None) -> Undone:
    with session_scope(engine) as session:
        batch = _undoable(session, batch_id)
        later = _built_on(session, batch)
        if later:
            shown = ", ".join(str(b) for b in later)
            raise ImportFailed(
                f"batch {batch_id} cannot be undone: later batches changed or built on its "
                f"figures ({shown}); undo those first, the newest first"
            )
        conn = session.connection()
        if batch.kind in REFERENCE_KINDS:
            removed, restored = undo_reference(session, batch)
            record = _record(session, batch, removed, restored)
            record.account = account
            bump_data_version(session)
            return Undone(batch_id, record.id, removed, restored)
        # the rows put back replaced the batch's on the same keys: the same years and months
        keys = Keys()
        for table in FACTS.values():
            keys |= touched(conn, table, table.c.batch_id == batch_id)
        removed = sum(  # facts counted; the spans of year-to-date rows go with them
            session.execute(delete(t).where(t.c.batch_id == batch_id)).rowcount
            * (t is not DisbursementSpan.__table__)
            for t in FACTS.values()
        )
        restored = _restore(session, batch_id)
        remove_coverage(conn, batch_id)  # what it reported is no longer reported
        refresh_rollups(conn, keys)
        record = _record(session, batch, removed, restored)
        record.account = account
        _after(session)
    return Undone(batch_id, record.id, removed, restored)


def _undoable(session: Session, batch_id: int) -> ImportBatch:
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise ImportFailed(f"there is no import batch {batch_id}")
    if batch.is_demo:
        raise ImportFailed(f"batch {batch_id} is the demo data; remove it with demo --clear")
    if batch.status == "undone":
        raise ImportFailed(f"batch {batch_id} was undone already ({batch.message})")
    if batch.kind not in UNDOABLE or batch.status not in ("ok", "partial"):
        raise ImportFailed(
            f"batch {batch_id} ({batch.kind}, {batch.status}) wrote no figures that can be undone"
        )
    return batch


def _built_on(session: Session, batch: ImportBatch) -> list[int]:
    """Later batches, not undone, that replaced rows of ``batch`` or continued its series."""
    live = select(ImportBatch.id).where(ImportBatch.id > batch.id, ImportBatch.status != "undone")
    replaced = session.scalars(
        select(ImportSuperseded.batch_id)
        .where(ImportSuperseded.old_batch_id == batch.id, ImportSuperseded.batch_id.in_(live))
        .distinct()
    ).all()
    return sorted(set(replaced) | set(_continued(session, batch, live)), reverse=True)


def _continued(session: Session, batch: ImportBatch, live: object) -> list[int]:
    """Later batches holding disbursement months on the same year, unit, line and funds."""
    table, conn = Disbursement.__table__, session.connection()
    mine = pd.read_sql(
        select(*(table.c[c] for c in YEAR_KEY)).where(table.c.batch_id == batch.id), conn
    )
    logged = session.scalars(
        select(ImportSuperseded.row).where(
            ImportSuperseded.batch_id == batch.id, ImportSuperseded.table_name == table.name
        )
    ).all()
    mine = pd.concat([mine, pd.DataFrame([json.loads(r) for r in logged], columns=mine.columns)])
    if mine.empty:
        return []
    years = sorted({int(y) for y in mine.year})
    columns = [table.c.batch_id, *(table.c[c] for c in YEAR_KEY)]
    others = pd.read_sql(
        select(*columns).where(table.c.year.in_(years), table.c.batch_id.in_(live)), conn
    )
    hit = _keys(others, YEAR_KEY).isin(set(_keys(mine, YEAR_KEY)))
    return [int(b) for b in others.batch_id[hit].unique()]


def _restore(session: Session, batch_id: int) -> int:
    kept = session.execute(
        select(ImportSuperseded.table_name, ImportSuperseded.row).where(
            ImportSuperseded.batch_id == batch_id
        )
    ).all()
    batches = set(session.scalars(select(ImportBatch.id)))
    restored = 0
    for name in {n for n, _ in kept}:
        rows = [json.loads(r) for n, r in kept if n == name]
        # rows of a batch removed since (the demo set, cleared) are not brought back
        rows = [r for r in rows if r.get("batch_id") is None or r["batch_id"] in batches]
        if rows:
            session.execute(insert(FACTS[name]), rows)
        restored += len(rows) * (name != DisbursementSpan.__tablename__)
    return restored


def _record(session: Session, batch: ImportBatch, removed: int, restored: int) -> ImportBatch:
    from dashboard.importing.writing import now

    when = now()
    label = f"undo of batch {batch.id}"
    record = ImportBatch(
        kind="undo", filename=label, sha256=hashlib.sha256(f"{label} {when}".encode()).hexdigest(),
        started_at=when, finished_at=when, status="ok", rows_read=removed, rows_accepted=restored,
        message=f"undid batch {batch.id} ({batch.filename}): {removed} rows removed, "
        f"{restored} earlier rows restored",
    )  # fmt: skip
    session.add(record)
    session.flush()
    batch.status = "undone"
    batch.message = f"undone by batch {record.id} at {when:%Y-%m-%d %H:%M} UTC"
    return record


def _after(session: Session) -> None:
    from dashboard.importing.writing import refresh_demo_flag, set_data_as_of

    set_data_as_of(session)
    refresh_demo_flag(session)
    bump_data_version(session)
