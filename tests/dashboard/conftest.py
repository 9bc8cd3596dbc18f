"""``db``: the same import test on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.dashboard.import_helpers import removed_afterwards


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A fresh SQLite copy, or the session's PostgreSQL database with what the test imported
    removed afterwards (its facts, batches and history, and the meta values as they were)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("engine")
        return
    with removed_afterwards(request.getfixturevalue("pg_engine")) as pg:
        yield pg
