"""The models are the migrated schema: alembic finds nothing to change between
``dashboard.models`` and a database brought to the last migration, on SQLite and PostgreSQL, and
each roll-up's primary key has its columns in the order of ``models.ROLLUP_KEYS``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text

from dashboard.db import make_engine, migrate
from dashboard.models import ROLLUP_KEYS, Base
from dashboard.rollups import ROLLUPS


def assert_models_match(engine: Engine) -> None:
    migrate(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        inspector = inspect(conn)
        for rollup in ROLLUPS:
            stored = inspector.get_pk_constraint(rollup.name)["constrained_columns"]
            assert stored == [c.name for c in rollup.primary_key.columns], rollup.name
            assert stored == sorted(stored, key=ROLLUP_KEYS.index), rollup.name


def test_models_match_the_migrations_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'schema.db'}")
    assert_models_match(engine)
    engine.dispose()


@pytest.fixture
def empty_pg_schema(pg_url: str) -> Iterator[Engine]:
    base = pg_url.split("?")[0]
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine = make_engine(f"{base}?options=-csearch_path%3D{schema}")
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.mark.postgres
def test_models_match_the_migrations_on_postgres(empty_pg_schema: Engine) -> None:
    assert_models_match(empty_pg_schema)
