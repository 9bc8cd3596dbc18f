"""Write the demo data set into the database, in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from dashboard.catalogue import DEFAULT_PROGRAM, line_ids
from dashboard.db import bulk_insert, bump_data_version, session_scope, set_meta
from dashboard.demo import classification, indicators
from dashboard.demo.generate import DemoInput, DemoMoney, generate_money
from dashboard.models import (
    COUNTRY_CODE,
    LEGACY,
    REFORMED,
    AdminUnit,
    CapitalPlan,
    Disbursement,
    DisbursementSpan,
    ImportBatch,
    IndicatorValue,
    UnitCrosswalk,
)

PLAN_COLUMNS = ["year", "vintage", "unit_code", "province_code", "subproject_id", "source", "kind",
                "carry_over", "amount_vnd", "batch_id"]  # fmt: skip
DISBURSEMENT_COLUMNS = ["month", *PLAN_COLUMNS]


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
    return summary


def clear_demo(engine: Engine) -> int:
    """Remove the demo set (facts, demo classification, its batch); imported data stays.

    Returns the number of fact rows removed."""
    with session_scope(engine) as session:
        demo = select(ImportBatch.id).where(ImportBatch.is_demo)
        removed = 0
        for table in (Disbursement, CapitalPlan, IndicatorValue):
            removed += session.execute(delete(table).where(table.batch_id.in_(demo))).rowcount
        session.execute(
            update(AdminUnit)
            .where(AdminUnit.classification_source == "demo")
            .values(region=None, em_area=False, classification_source=None)
        )
        session.execute(delete(ImportBatch).where(ImportBatch.is_demo))
        set_meta(session, "demo", "0")
        latest = session.execute(
            select(Disbursement.year, Disbursement.month)
            .order_by(Disbursement.year.desc(), Disbursement.month.desc())
            .limit(1)
        ).first()
        set_meta(session, "data_as_of", f"{latest[0]:04d}-{latest[1]:02d}" if latest else "")
        bump_data_version(session)
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
    for table in (Disbursement, DisbursementSpan, CapitalPlan, IndicatorValue):
        session.execute(delete(table))
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


def _write(session, result: DemoMoney, data, batch, seed, as_of) -> DemoSummary:  # noqa: ANN001
    ids = {
        code: id_
        for (program, code), id_ in line_ids(session).items()
        if program == DEFAULT_PROGRAM
    }
    plans = result.plans.assign(subproject_id=result.plans.line.map(ids), batch_id=batch.id)
    paid = result.disbursements.assign(
        subproject_id=result.disbursements.line.map(ids), batch_id=batch.id
    )
    bulk_insert(session, CapitalPlan.__table__, plans[PLAN_COLUMNS])
    bulk_insert(session, Disbursement.__table__, paid[DISBURSEMENT_COLUMNS])
    values = _indicator_values(data, seed)
    bulk_insert(session, IndicatorValue.__table__, values.assign(batch_id=batch.id))
    batch.rows_read = batch.rows_accepted = len(plans) + len(paid) + len(values)
    return DemoSummary(len(plans), len(paid), len(values), as_of)


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
