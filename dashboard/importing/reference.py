"""Undo of the imports that update reference tables in place: commune classifications and the
program catalogue.

Before a classification import sets the region and ethnic-minority area of communes, it keeps
what each commune had (``import_superseded``, table ``admin_unit``). Before a catalogue import
writes programs, projects and lines, it keeps the whole catalogue as it was (tables ``program``,
``project`` and ``subproject``: tens of rows). Each kept row names the live batch of the same
kind that wrote it before (``old_batch_id``), so that a batch is undone only after the later
ones that changed the same rows.

Undoing a classification puts each commune's attributes back. Undoing a catalogue import puts
the names, years and order of its programs, projects and lines back and removes those it added;
it is refused while figures or indicators refer to an added one (undo those batches first: their
figures would otherwise lose their line).
"""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from dashboard.importing.report import ImportFailed
from dashboard.models import (
    AdminUnit,
    CapitalPlan,
    Disbursement,
    DisbursementSpan,
    ImportBatch,
    ImportSuperseded,
    Indicator,
    Program,
    Project,
    Subproject,
)

REFERENCE_KINDS = ("classification", "catalogue")
UNIT = AdminUnit.__table__
CLASSES = ["vintage", "code", "region", "em_area", "classification_source"]
CATALOGUE: dict[str, Table] = {m.__tablename__: m.__table__ for m in (Program, Project, Subproject)}
KEYS = {"program": ["code"], "project": ["id"], "subproject": ["id"]}
CHUNK = 5_000


def record_classes(conn: Connection, units: pd.DataFrame, batch_id: int) -> int:
    """Keep the classification of the communes (``vintage``, ``code``) about to be set."""
    if units.empty:
        return 0
    old = []
    for vintage, part in units.groupby("vintage"):
        codes = sorted(set(part.code))
        for start in range(0, len(codes), CHUNK):
            query = select(*(UNIT.c[c] for c in CLASSES)).where(
                UNIT.c.vintage == int(vintage), UNIT.c.code.in_(codes[start : start + CHUNK])
            )
            old += [dict(r._mapping) for r in conn.execute(query)]
    writers = _last_writers(conn, "classification", UNIT.name, ["vintage", "code"])
    rows = [
        {"batch_id": batch_id, "table_name": UNIT.name, "row": json.dumps(r),
         "old_batch_id": writers.get((r["vintage"], r["code"]))}
        for r in old
    ]  # fmt: skip
    if rows:
        conn.execute(insert(ImportSuperseded.__table__), rows)
    return len(rows)


def record_catalogue(conn: Connection, batch_id: int) -> int:
    """Keep the whole catalogue as it is before a catalogue import writes it."""
    previous = conn.scalar(
        select(ImportBatch.id)
        .where(ImportBatch.kind == "catalogue", ImportBatch.id < batch_id, _live())
        .order_by(ImportBatch.id.desc())
        .limit(1)
    )
    rows = [
        {"batch_id": batch_id, "table_name": name, "row": json.dumps(dict(r._mapping)),
         "old_batch_id": previous}
        for name, table in CATALOGUE.items()
        for r in conn.execute(select(table))
    ]  # fmt: skip
    conn.execute(insert(ImportSuperseded.__table__), rows)
    return len(rows)


def _live() -> object:
    return ImportBatch.status.in_(("ok", "partial"))


def _last_writers(conn: Connection, kind: str, table: str, key: list[str]) -> dict[tuple, int]:
    """Key -> the latest live batch of ``kind`` that changed the row (recorded it first)."""
    live = select(ImportBatch.id).where(ImportBatch.kind == kind, _live())
    kept = conn.execute(
        select(ImportSuperseded.batch_id, ImportSuperseded.row)
        .where(ImportSuperseded.table_name == table, ImportSuperseded.batch_id.in_(live))
        .order_by(ImportSuperseded.batch_id)
    )
    writers: dict[tuple, int] = {}
    for batch_id, text in kept:
        row = json.loads(text)
        writers[tuple(row[k] for k in key)] = int(batch_id)
    return writers


def undo_reference(session: Session, batch: ImportBatch) -> tuple[int, int]:
    """Undo a classification or catalogue batch: (rows removed, rows restored)."""
    kept: dict[str, list[dict]] = {}
    for name, text in session.execute(
        select(ImportSuperseded.table_name, ImportSuperseded.row).where(
            ImportSuperseded.batch_id == batch.id
        )
    ):
        kept.setdefault(name, []).append(json.loads(text))
    if batch.kind == "classification":
        return 0, _restore_classes(session.connection(), kept.get(UNIT.name, []))
    if not kept:
        raise ImportFailed(
            f"batch {batch.id} cannot be undone: it was imported before catalogue imports kept "
            "the catalogue they replaced"
        )
    return _restore_catalogue(session, batch, kept)


def _restore_classes(conn: Connection, rows: list[dict]) -> int:
    stmt = (
        update(UNIT)
        .where(UNIT.c.vintage == bindparam("k_vintage"), UNIT.c.code == bindparam("k_code"))
        .values(
            region=bindparam("v_region"),
            em_area=bindparam("v_em_area"),
            classification_source=bindparam("v_source"),
        )
    )
    values = [
        {"k_vintage": r["vintage"], "k_code": r["code"], "v_region": r["region"],
         "v_em_area": r["em_area"], "v_source": r["classification_source"]}
        for r in rows
    ]  # fmt: skip
    for start in range(0, len(values), CHUNK):
        conn.execute(stmt, values[start : start + CHUNK])
    return len(values)


def _restore_catalogue(
    session: Session, batch: ImportBatch, kept: dict[str, list[dict]]
) -> tuple[int, int]:
    """The catalogue as kept: rows added since removed, the others' values put back."""
    conn = session.connection()
    added = {
        name: sorted(
            set(conn.scalars(select(table.c[KEYS[name][0]])))
            - {r[KEYS[name][0]] for r in kept.get(name, [])}
        )
        for name, table in CATALOGUE.items()
    }
    _refuse_if_used(session, batch, added)
    removed = 0
    for name in ("subproject", "project", "program"):  # children first
        table, key = CATALOGUE[name], KEYS[name][0]
        if added[name]:
            removed += conn.execute(delete(table).where(table.c[key].in_(added[name]))).rowcount
    restored = 0
    for name in ("program", "project", "subproject"):  # parents first
        table, key = CATALOGUE[name], KEYS[name][0]
        current = {r._mapping[key]: dict(r._mapping) for r in conn.execute(select(table))}
        for row in kept.get(name, []):
            if current.get(row[key]) != row:
                values = {c: v for c, v in row.items() if c != key}
                conn.execute(update(table).where(table.c[key] == row[key]).values(values))
                restored += 1
    return removed, restored


def _refuse_if_used(session: Session, batch: ImportBatch, added: dict[str, list]) -> None:
    """Figures on a line the batch added, or indicators of a program it added: refused."""
    lines = added["subproject"]
    batches: set[int] = set()
    for model in (CapitalPlan, Disbursement, DisbursementSpan):
        for start in range(0, len(lines), CHUNK):
            batches |= set(
                session.scalars(
                    select(model.batch_id)
                    .where(model.subproject_id.in_(lines[start : start + CHUNK]))
                    .distinct()
                )
            )
    if batches:
        shown = ", ".join(str(b) for b in sorted(batches - {None}, reverse=True))
        raise ImportFailed(
            f"batch {batch.id} cannot be undone: figures of batches {shown} are on lines it "
            "added; undo those first, the newest first"
        )
    programs = added["program"]
    used = session.scalars(
        select(Indicator.code).where(Indicator.program_code.in_(programs)).limit(5)
    ).all()
    if used:
        raise ImportFailed(
            f"batch {batch.id} cannot be undone: indicators {', '.join(used)} belong to a "
            "program it added; remove them first"
        )
