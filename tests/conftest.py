"""Shared fixtures: a migrated SQLite database with the real units and catalogue, and the same on
PostgreSQL (127.0.0.1:5432, database ``test``) in a schema of its own, dropped afterwards."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from dashboard.bootstrap import init_database
from dashboard.db import make_engine

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"


def prepare(engine: Engine) -> Engine:
    init_database(engine)
    return engine


@pytest.fixture(scope="session")
def seeded_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: a SQLite file with schema, units and catalogue; tests work on copies."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    engine = prepare(make_engine(f"sqlite:///{path}"))
    engine.dispose()
    return path


@pytest.fixture
def engine(seeded_sqlite_file: Path, tmp_path: Path) -> Iterator[Engine]:
    """A fresh SQLite database with units and catalogue, one per test."""
    path = tmp_path / "ntp.db"
    shutil.copy(seeded_sqlite_file, path)
    eng = make_engine(f"sqlite:///{path}")
    yield eng
    eng.dispose()


def _pg_available() -> str | None:
    try:
        probe = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with probe.connect() as conn:
            conn.execute(text("SELECT 1"))
        probe.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 (any failure means: no server to test against)
        return f"PostgreSQL not reachable at {PG_URL}: {str(exc).splitlines()[0]}"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of a fresh schema in the PostgreSQL test database; skips only outside CI."""
    reason = _pg_available()
    if reason:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    """PostgreSQL with schema, units and catalogue (shared by the session's PostgreSQL tests)."""
    eng = prepare(make_engine(pg_url))
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def built_geodata(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The boundary files, built once per test session (tens of seconds) and shared."""
    from geodata.build import build

    out = tmp_path_factory.mktemp("geodata") / "out"
    build(out)
    return out
