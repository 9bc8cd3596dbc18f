"""``db``: the same import test on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from dashboard.db import set_meta
from dashboard.models import (
    CapitalPlan,
    Disbursement,
    DisbursementSpan,
    ImportBatch,
    ImportCoverage,
    ImportIssue,
    ImportSuperseded,
    IndicatorValue,
    Meta,
)
from dashboard.rollups import refresh_all


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A fresh SQLite copy, or the session's PostgreSQL database with what the test imported
    removed afterwards (its facts, batches and history, and the meta values as they were)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("engine")
        return
    pg = request.getfixturevalue("pg_engine")
    with Session(pg) as session:
        first = session.scalar(select(ImportBatch.id).order_by(ImportBatch.id.desc())) or 0
        meta = dict(session.execute(select(Meta.key, Meta.value)).all())
    yield pg
    with Session(pg) as session, session.begin():
        mine = select(ImportBatch.id).where(ImportBatch.id > first)
        facts = (Disbursement, DisbursementSpan, CapitalPlan, IndicatorValue)
        for model in (*facts, ImportIssue, ImportSuperseded, ImportCoverage):
            session.execute(delete(model).where(model.batch_id.in_(mine)))
        refresh_all(session.connection())  # the roll-ups of the facts left
        session.execute(delete(ImportBatch).where(ImportBatch.id > first))
        session.execute(delete(Meta).where(Meta.key.not_in(meta)))
        for key, value in meta.items():
            set_meta(session, key, value)
