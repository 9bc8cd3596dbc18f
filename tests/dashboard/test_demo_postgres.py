"""The demo data set is the same on PostgreSQL as on SQLite for the same seed."""

import uuid

import pandas as pd
import pytest
from sqlalchemy import Engine, create_engine, text

from dashboard.db import make_engine
from dashboard.demo.writer import load_demo
from tests.conftest import prepare

pytestmark = pytest.mark.postgres
SQL = (
    "SELECT year, vintage, kind, sum(amount_vnd) AS total, count(*) AS n "
    "FROM disbursement GROUP BY year, vintage, kind ORDER BY year, vintage, kind"
)


@pytest.fixture
def own_schema(pg_url: str):  # noqa: ANN201 (an Engine)
    base = pg_url.split("?")[0]
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine = prepare(make_engine(f"{base}?options=-csearch_path%3D{schema}"))
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def totals(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        frame = pd.read_sql(text(SQL), conn)
    return frame.astype({"year": int, "vintage": int, "total": "int64", "n": "int64"})


def test_same_seed_same_data_on_both_databases(engine: Engine, own_schema: Engine) -> None:
    load_demo(engine, rows=70_000, seed=11, as_of=(2026, 10))
    load_demo(own_schema, rows=70_000, seed=11, as_of=(2026, 10))
    pd.testing.assert_frame_equal(totals(engine), totals(own_schema))
