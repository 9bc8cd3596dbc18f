"""``gunicorn app:server`` serves the app: the module-level ``server`` is built lazily in each
worker from the environment (DATABASE_URL, VAR_DIR, DEMO_ON_FIRST_RUN)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.app_fixtures import seed_overview
from tests.server import get, gunicorn, link_geodata


@pytest.fixture
def served(engine: Engine, tmp_path: Path, built_geodata: Path) -> Iterator[str]:
    """gunicorn on a free port over a copy of the seeded test database with a few figures."""
    seed_overview(engine)
    database = engine.url.database
    engine.dispose()
    link_geodata(tmp_path / "var", built_geodata)
    with gunicorn(f"sqlite:///{database}", tmp_path / "var", tmp_path / "gunicorn.log") as base:
        yield base


def test_gunicorn_serves_the_app(served: str) -> None:
    status, html = get(f"{served}/")
    assert status == 200
    assert "<title>Giám sát CTMTQG 1719</title>" in html
    status, body = get(f"{served}/healthz")
    assert status == 200
    assert json.loads(body) == {
        "status": "ok",
        "database": True,
        "data_version": 3,
        "data_as_of": "2026-10",
        "demo": False,
        "cache": "in-process",
    }
    status, layout = get(f"{served}/_dash-layout")
    assert status == 200 and "navbar-body" in layout
