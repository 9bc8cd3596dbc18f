"""The demo data set is the same on PostgreSQL as on SQLite for the same seed."""

import uuid

import pandas as pd
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import IntegrityError

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


CONSTRAINTS = (
    "SELECT conrelid::regclass::text AS tab, conname, pg_get_constraintdef(oid) AS def "
    "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2"
)


def test_the_load_gives_back_every_constraint_it_set_aside(own_schema: Engine) -> None:
    """The demo load sets the fact tables' unique and foreign keys aside while it writes: they
    are all back afterwards, and they hold (a row breaking one is refused)."""
    with own_schema.connect() as conn:
        before = conn.execute(text(CONSTRAINTS)).all()
    load_demo(own_schema, rows=20_000, seed=3, as_of=(2026, 10))
    with own_schema.connect() as conn:
        assert conn.execute(text(CONSTRAINTS)).all() == before
        row = conn.execute(text("SELECT * FROM disbursement LIMIT 1")).mappings().one()
    copy = ", ".join(c for c in row if c not in ("id", "subproject_id"))
    with pytest.raises(IntegrityError), own_schema.begin() as conn:  # the unique key
        conn.execute(
            text(
                f"INSERT INTO disbursement ({copy}, subproject_id) "
                f"SELECT {copy}, subproject_id FROM disbursement WHERE id = {row['id']}"
            )
        )
    with pytest.raises(IntegrityError), own_schema.begin() as conn:  # the foreign key
        conn.execute(text(f"UPDATE disbursement SET subproject_id = -1 WHERE id = {row['id']}"))


STATISTICS = (
    "SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE schemaname = current_schema() "
    "AND relname IN ('disbursement', 'paid_by_unit_line', 'plan_by_unit') "
    "AND last_analyze IS NOT NULL ORDER BY relname"
)


def test_after_a_load_the_planner_counts_the_rows_written(own_schema: Engine) -> None:
    """The load leaves PostgreSQL's planner statistics current (it does not wait for
    autovacuum), and the app's sessions sort and hash in memory without JIT."""
    with own_schema.connect() as conn:
        assert conn.execute(text(STATISTICS)).all() == []
    load_demo(own_schema, rows=20_000, seed=3, as_of=(2026, 10))
    with own_schema.connect() as conn:
        analysed = dict(conn.execute(text(STATISTICS)).all())
        stored = conn.scalar(text("SELECT count(*) FROM paid_by_unit_line"))
        assert conn.scalar(text("SHOW work_mem")) == "32MB"
        assert conn.scalar(text("SHOW jit")) == "off"
    assert set(analysed) == {"disbursement", "paid_by_unit_line", "plan_by_unit"}
    assert analysed["paid_by_unit_line"] == stored > 0
