"""The engines ``make_engine`` builds."""

from __future__ import annotations

from pathlib import Path

from dashboard.db import make_engine


def test_sqlite_requests_one_after_another_use_one_connection(tmp_path: Path) -> None:
    """Each SQLite connection keeps its own page cache: the pool gives back the connection
    returned last, so requests one after the other fill one cache, not one per connection."""
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    first, second = engine.connect(), engine.connect()  # two at once: the pool holds two
    ids = {id(first.connection.dbapi_connection), id(second.connection.dbapi_connection)}
    last = id(second.connection.dbapi_connection)
    first.close()
    second.close()
    for _ in range(3):
        with engine.connect() as conn:
            assert id(conn.connection.dbapi_connection) == last
    assert len(ids) == 2
    engine.dispose()
