"""Helpers and fixtures shared by the app, callback and gunicorn tests: small fact rows written
with SQLAlchemy, a reset of Dash's global registries, settings with tmp paths, and an app.

Import the fixtures you use into a test module (``from tests.app_fixtures import app``) or a
``conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dash
import flask
import pandas as pd
import pytest
from dash import _callback
from dash.background_callback.managers import BaseBackgroundCallbackManager
from sqlalchemy import Connection, Engine, insert, select

from dashboard.config import Settings, from_env
from dashboard.db import session_scope, set_meta
from dashboard.models import CapitalPlan, Disbursement, ImportBatch, Subproject
from dashboard.rollups import keys_of_frame, refresh_rollups

BN = 1_000_000_000  # one tỷ đồng


@contextmanager
def _writing(bind: Engine | Connection) -> Iterator[Connection]:
    """A Connection as it is (the caller owns its transaction), or a committed one of an Engine."""
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.begin() as conn:
            yield conn


def subproject_id(bind: Engine | Connection, code: str = "DA4.1") -> int:
    with _writing(bind) as conn:
        return conn.scalar(select(Subproject.id).where(Subproject.code == code))


DEFAULTS = {
    "vintage": 2024,
    "unit_code": "02",
    "province_code": "02",
    "source": "central",
    "kind": "investment",
    "carry_over": False,
}


def add_plans(bind: Engine | Connection, rows: list[dict]) -> None:
    """Capital plan rows; omitted keys default to a central investment plan of province 02."""
    with _writing(bind) as conn:
        base = {**DEFAULTS, "subproject_id": subproject_id(conn)}
        conn.execute(insert(CapitalPlan), [{**base, **row} for row in rows])
        refresh_rollups(conn, keys_of_frame(CapitalPlan.__table__, pd.DataFrame(rows)))


def add_disbursements(bind: Engine | Connection, rows: list[dict]) -> None:
    """Disbursement rows (year, month, amount_vnd, ...), same defaults as ``add_plans``."""
    with _writing(bind) as conn:
        base = {**DEFAULTS, "subproject_id": subproject_id(conn)}
        conn.execute(insert(Disbursement), [{**base, **row} for row in rows])
        refresh_rollups(conn, keys_of_frame(Disbursement.__table__, pd.DataFrame(rows)))


def put_meta(engine: Engine, **values: str) -> None:
    with session_scope(engine) as session:
        for key, value in values.items():
            set_meta(session, key, value)


@dataclass(frozen=True)
class Seeded:
    """The totals ``seed_overview`` writes, to compare pages and reads against."""

    allocated_2026: int
    disbursed_2026_to_oct: int
    allocated_2025: int
    disbursed_2025: int


def seed_overview(engine: Engine, demo: bool = False) -> Seeded:
    """2021-2026 plans and monthly disbursements (2026 reported to October), odd đồng included;
    2025 plans on legacy units, its second-half disbursements on post-reform units."""
    plans, paid = [], []
    for year in range(2021, 2027):
        vintage = 2024 if year <= 2025 else 2025
        unit = "02" if vintage == 2024 else "08"
        for kind, share in (("investment", 6), ("recurrent", 4)):
            amount = (4_000 + 500 * (year - 2021)) * BN * share // 10 + 123_457
            plans.append(
                dict(
                    year=year,
                    vintage=vintage,
                    unit_code=unit,
                    province_code=unit,
                    kind=kind,
                    amount_vnd=amount,
                )
            )
            last_month = 10 if year == 2026 else 12
            for month in range(1, last_month + 1):
                reformed = year > 2025 or (year == 2025 and month >= 7)
                code = "08" if reformed else "02"
                paid.append(
                    dict(
                        year=year,
                        month=month,
                        vintage=2025 if reformed else 2024,
                        unit_code=code,
                        province_code=code,
                        kind=kind,
                        amount_vnd=amount * (5 + month % 3) // 120 + 7,
                    )
                )
    carried = dict(
        year=2026,
        vintage=2025,
        unit_code="08",
        province_code="08",
        kind="investment",
        carry_over=True,
        amount_vnd=321 * BN + 9,
    )
    add_plans(engine, [*plans, carried])
    add_disbursements(engine, paid)
    put_meta(engine, data_version="3", data_as_of="2026-10", demo="1" if demo else "0")
    total = lambda rows, **match: sum(  # noqa: E731 (a local shorthand)
        r["amount_vnd"] for r in rows if all(r.get(k) == v for k, v in match.items())
    )
    return Seeded(
        allocated_2026=total([*plans, carried], year=2026),
        disbursed_2026_to_oct=total(paid, year=2026),
        allocated_2025=total(plans, year=2025),
        disbursed_2025=total(paid, year=2025),
    )


def add_batch(engine: Engine, finished_at, rows: int = 10) -> None:  # noqa: ANN001 (datetime)
    with session_scope(engine) as session:
        session.add(
            ImportBatch(
                kind="disbursement",
                filename="x.csv",
                sha256="0" * 64,
                started_at=finished_at,
                finished_at=finished_at,
                status="ok",
                rows_read=rows,
                rows_accepted=rows,
            )
        )


def reset_dash_registries() -> None:
    """Dash keeps pages, module-level callbacks and background-callback managers in globals:
    clear them between apps."""
    _callback.GLOBAL_CALLBACK_MAP.clear()
    _callback.GLOBAL_CALLBACK_LIST.clear()
    _callback.GLOBAL_INLINE_SCRIPTS.clear()
    dash.page_registry.clear()
    BaseBackgroundCallbackManager.managers.clear()  # the data page's job runners, and their jobs
    BaseBackgroundCallbackManager.functions.clear()


@pytest.fixture
def dash_registries() -> Iterator[None]:
    reset_dash_registries()
    yield
    reset_dash_registries()


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings from an empty environment: no Redis, demo off, var/ under ``tmp_path``, AUTH off
    (pages answer without a sign-in; the tests of signing in turn it on), no background
    pre-warm."""
    overrides = {"auth": False, "prewarm_seconds": 0, **overrides}
    return from_env({}, var_dir=tmp_path / "var", demo_on_first_run=False, **overrides)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def app(engine: Engine, settings: Settings, dash_registries: None) -> dash.Dash:
    from app import create_app

    return create_app(settings, engine)


@pytest.fixture
def client(app: dash.Dash) -> flask.testing.FlaskClient:
    return app.server.test_client()


@pytest.fixture
def deps(app: dash.Dash):  # noqa: ANN201 (callbacks.deps.Deps)
    return app.server.extensions["ntp_deps"]
