"""Write the demo data set into the database, in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, Table, delete, func, select, text, update
from sqlalchemy.orm import Session

from dashboard.catalogue import DEFAULT_PROGRAM, line_ids
from dashboard.db import bulk_insert, bump_data_version, session_scope, set_meta
from dashboard.demo import classification, indicators, receipts
from dashboard.demo.generate import DemoInput, DemoMoney, generate_money
from dashboard.importing.coverage import write_coverage
from dashboard.models import (
    COUNTRY_CODE,
    LEGACY,
    REFORMED,
    AdminUnit,
    CapitalPlan,
    Disbursement,
    DisbursementSpan,
    ImportBatch,
    ImportCoverage,
    IndicatorValue,
    UnitCrosswalk,
)
from dashboard.rollups import refresh_all, refresh_statistics, sums_of

PLAN_COLUMNS = ["year", "vintage", "unit_code", "province_code", "subproject_id", "source", "kind",
                "carry_over", "amount_vnd", "batch_id"]  # fmt: skip
DISBURSEMENT_COLUMNS = ["month", *PLAN_COLUMNS]
_PLAN_KEY = ["year", "vintage", "unit_code", "subproject_id", "source", "kind", "carry_over"]
UNIQUE_KEYS = {
    CapitalPlan.__table__: _PLAN_KEY,
    Disbursement.__table__: ["year", "month", *_PLAN_KEY[1:]],
}


class RealDataPresent(RuntimeError):
    """The database holds imported data that demo data would replace."""


@dataclass(frozen=True)
class DemoSummary:
    plan_rows: int
    disbursement_rows: int
    indicator_rows: int
    as_of: tuple[int, int]


def last_complete_month(today: date | None = None) -> tuple[int, int]:
    today = today or date.today()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def load_demo(
    engine: Engine, rows: int, seed: int, as_of: tuple[int, int] | None = None,
    replace: bool = False, progress: Callable[[str], None] | None = None,
) -> DemoSummary:  # fmt: skip
    """Replace the money and indicator data with the demo set (and the demo classification)."""
    as_of = as_of or last_complete_month()
    with session_scope(engine) as session:
        _refuse_over_real_data(session, replace)
        data = _inputs(session, seed, as_of)
        result = generate_money(data, rows, seed, progress)
        batch = _new_batch(session, rows, seed)
        _clear(session)
        _write_classification(session, data.communes, data.links)
        summary = _write(session, result, data, batch, seed, as_of)
        set_meta(session, "demo", "1")
        set_meta(session, "data_as_of", f"{as_of[0]:04d}-{as_of[1]:02d}")
        bump_data_version(session)
    refresh_statistics(engine)
    return summary


def clear_demo(engine: Engine) -> int:
    """Remove the demo set (facts, demo classification, its batch); imported data stays.

    Returns the number of fact rows removed."""
    with session_scope(engine) as session:
        demo = select(ImportBatch.id).where(ImportBatch.is_demo)
        removed = 0
        session.execute(delete(ImportCoverage).where(ImportCoverage.batch_id.in_(demo)))
        for table in (Disbursement, CapitalPlan, IndicatorValue):
            removed += session.execute(delete(table).where(table.batch_id.in_(demo))).rowcount
        session.execute(
            update(AdminUnit)
            .where(AdminUnit.classification_source == "demo")
            .values(region=None, em_area=False, classification_source=None)
        )
        session.execute(delete(ImportBatch).where(ImportBatch.is_demo))
        refresh_all(session.connection())
        set_meta(session, "demo", "0")
        latest = session.execute(
            select(Disbursement.year, Disbursement.month)
            .order_by(Disbursement.year.desc(), Disbursement.month.desc())
            .limit(1)
        ).first()
        set_meta(session, "data_as_of", f"{latest[0]:04d}-{latest[1]:02d}" if latest else "")
        bump_data_version(session)
    refresh_statistics(engine)
    return removed


def _refuse_over_real_data(session: Session, replace: bool) -> None:
    real = session.scalar(select(func.count()).select_from(ImportBatch).where(~ImportBatch.is_demo))
    if real and not replace:
        raise RealDataPresent(
            f"the database holds {real} real import(s); demo data would replace them "
            "(use --replace to do so anyway)"
        )


def _inputs(session: Session, seed: int, as_of: tuple[int, int]) -> DemoInput:
    units = pd.read_sql(
        select(AdminUnit.code, AdminUnit.province_code, AdminUnit.name, AdminUnit.lat,
               AdminUnit.lon).where(AdminUnit.vintage == LEGACY, AdminUnit.level == "commune")
        .order_by(AdminUnit.code),
        session.connection(),
    )  # fmt: skip
    chosen = classification.classify(units, seed)
    communes = chosen.merge(units[["code", "province_code"]], on="code")
    links = pd.read_sql(
        select(UnitCrosswalk).order_by(UnitCrosswalk.old_code, UnitCrosswalk.new_code),
        session.connection(),
    )  # the same order on every database, so the same seed gives the same data
    new = pd.read_sql(
        select(AdminUnit.code, AdminUnit.province_code).where(
            AdminUnit.vintage == REFORMED, AdminUnit.level == "commune").order_by(AdminUnit.code),
        session.connection(),
    )  # fmt: skip
    return DemoInput(communes, links, new.set_index("code").province_code, as_of)


def _new_batch(session: Session, rows: int, seed: int) -> ImportBatch:
    now = datetime.now()
    label = f"demo seed={seed} rows={rows}"
    digest = hashlib.sha256(label.encode()).hexdigest()
    batch = ImportBatch(kind="demo", filename=label, sha256=digest, started_at=now,
                        finished_at=now, status="ok", is_demo=True)  # fmt: skip
    session.add(batch)
    session.flush()
    return batch


def _clear(session: Session) -> None:
    for table in (ImportCoverage, Disbursement, DisbursementSpan, CapitalPlan, IndicatorValue):
        session.execute(delete(table))
    refresh_all(session.connection())  # empties the roll-ups
    session.execute(
        update(AdminUnit).values(region=None, em_area=False, classification_source=None)
    )


def _write_classification(session: Session, communes: pd.DataFrame, links: pd.DataFrame) -> None:
    new = classification.reformed_classification(communes[["code", "region"]], links)
    for vintage, frame in ((LEGACY, communes), (REFORMED, new)):
        for region, group in frame.groupby("region"):
            session.execute(
                update(AdminUnit)
                .where(AdminUnit.vintage == vintage, AdminUnit.code.in_(group.code.tolist()))
                .values(region=region, em_area=True, classification_source="demo")
            )


def _write(session, chunks: Iterator[DemoMoney], data, batch, seed, as_of) -> DemoSummary:  # noqa: ANN001
    """Write the money a year at a time (with its roll-ups), then the indicator values."""
    ids = {
        code: id_
        for (program, code), id_ in line_ids(session).items()
        if program == DEFAULT_PROGRAM
    }
    plan_rows = paid_rows = 0
    with _bulk_loading(session, (CapitalPlan.__table__, Disbursement.__table__)):
        for chunk in chunks:
            chunk = _as_received(session, chunk, batch, seed, as_of)
            plans, paid = _write_year(session, chunk, ids, batch.id)
            plan_rows, paid_rows = plan_rows + plans, paid_rows + paid
    values = _indicator_values(data, seed)
    bulk_insert(session, IndicatorValue.__table__, values.assign(batch_id=batch.id))
    batch.rows_read = batch.rows_accepted = plan_rows + paid_rows + len(values)
    return DemoSummary(plan_rows, paid_rows, len(values), as_of)


def _as_received(
    session: Session, chunk: DemoMoney, batch: ImportBatch, seed: int, as_of: tuple[int, int]
) -> DemoMoney:
    """The year's money without the latest reports that have not arrived, and what the reports
    covered, with the dates they were received (``receipts``)."""
    withheld = receipts.withheld_provinces(chunk.disbursements, as_of, seed)
    paid = receipts.without_withheld(chunk.disbursements, as_of, withheld)
    coverage = pd.concat(
        [receipts.coverage_of_rows("capital_plan", chunk.plans),
         receipts.coverage_of_rows("disbursement", paid)], ignore_index=True,
    )  # fmt: skip
    received = receipts.received_dates(coverage, seed, batch.started_at)
    write_coverage(session.connection(), coverage, batch.id, received)
    return DemoMoney(plans=chunk.plans, disbursements=paid)


def _write_year(
    session: Session, chunk: DemoMoney, ids: dict[str, int], batch_id: int
) -> tuple[int, int]:
    """One year's plan and disbursement rows and their roll-ups; the rows written of each."""
    written = []
    for table, frame, columns in (
        (CapitalPlan.__table__, chunk.plans, PLAN_COLUMNS),
        (Disbursement.__table__, chunk.disbursements, DISBURSEMENT_COLUMNS),
    ):
        frame = frame.assign(subproject_id=frame.line.map(ids), batch_id=batch_id)[columns]
        # in the order of the unique key: its index grows at one end, not all over
        bulk_insert(session, table, frame.sort_values(UNIQUE_KEYS[table], ignore_index=True))
        # summed here, not in SQL: the year's rows are in memory and their keys were empty
        for rollup, sums in sums_of(table, frame):
            bulk_insert(session, rollup, sums)
        written.append(len(frame))
    return written[0], written[1]


@contextmanager
def _bulk_loading(session: Session, tables: tuple[Table, ...]) -> Iterator[None]:
    """Drop the tables' secondary indexes, and on PostgreSQL their unique and foreign-key
    constraints, while they are filled; build each once at the end: one sort or one join
    instead of millions of scattered index inserts and per-row trigger checks (a third of the
    time). The tables were just emptied, and all of it is in the load's transaction: a row
    that breaks a constraint fails the whole load when the constraint is added back."""
    conn = session.connection()
    indexes = [index for table in tables for index in table.indexes]
    constraints = _constraints(conn, tables) if conn.dialect.name == "postgresql" else []
    quote = conn.dialect.identifier_preparer.quote
    for table, name, _ in constraints:
        conn.exec_driver_sql(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    for index in indexes:
        index.drop(conn)
    yield
    for index in indexes:
        index.create(conn)
    for table, name, definition in constraints:  # unique keys first, then foreign keys
        add = f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
        conn.exec_driver_sql(add)


def _constraints(conn: Connection, tables: tuple[Table, ...]) -> list[tuple[str, str, str]]:
    """(table, name, definition) of the unique and foreign-key constraints of ``tables``, as
    the database holds them (PostgreSQL named the foreign keys itself)."""
    query = text(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = to_regclass(:table) AND contype IN ('u', 'f') "
        "ORDER BY contype DESC, conname"
    )  # 'u' before 'f'
    return [
        (table.name, name, definition)
        for table in tables
        for name, definition in conn.execute(query, {"table": table.name})
    ]


def _indicator_values(data: DemoInput, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 1)
    national = indicators.national_values(rng)
    communes = data.communes
    hardship = (communes.region == "III").groupby(communes.province_code).mean()
    legacy = indicators.province_values(national[national.year < 2025], hardship, rng)
    old_to_new = (
        data.links.assign(old_province=lambda d: d.old_code.map(
            communes.set_index("code").province_code)).dropna()
        .assign(new_province=lambda d: d.new_code.map(data.new_province))
        .groupby("old_province").new_province.agg(lambda s: s.mode().iloc[0])
    )  # fmt: skip
    new_hardship = hardship.groupby(old_to_new.reindex(hardship.index)).mean()
    reformed = indicators.province_values(national[national.year == 2025], new_hardship, rng)
    country = national.assign(unit_code=COUNTRY_CODE)
    return pd.concat([
        country[country.year < 2025].assign(vintage=LEGACY), legacy.assign(vintage=LEGACY),
        country[country.year == 2025].assign(vintage=REFORMED), reformed.assign(vintage=REFORMED),
    ], ignore_index=True)[["indicator_code", "vintage", "unit_code", "year", "value"]]  # fmt: skip
