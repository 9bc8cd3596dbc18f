"""The roll-ups equal the facts to the đồng (after demo data, imports and an undo, on SQLite and
PostgreSQL), and the pages' reads give the same figures from the roll-ups as from the facts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, create_engine, select, text

from dashboard.db import make_engine
from dashboard.demo.writer import load_demo
from dashboard.importer import import_file
from dashboard.importing.undo import undo_batch
from dashboard.models import (
    REFORMED,
    CapitalPlan,
    Disbursement,
    PaidByProvince,
    PaidByUnit,
    PaidByUnitLine,
    PaidByUnitLineYear,
    PlanByUnitLine,
)
from dashboard.queries import national_summary, yearly_summary
from dashboard.queries.disbursement import breakdown, curves, provinces
from dashboard.queries.facts import facts_only, read_table
from dashboard.queries.map import unit_amounts
from dashboard.queries.provinces import province_progress
from dashboard.queries.scope import Scope
from dashboard.queries.tables import Place, table_rows
from dashboard.rollups import ROLLUPS
from tests.conftest import prepare
from tests.dashboard.import_helpers import write_csv

PLAN_HEADER = ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"]
CUMULATIVE = ["Kỳ báo cáo", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Lũy kế từ đầu năm"]


def assert_rollups_equal_facts(engine: Engine) -> None:
    """Each roll-up holds exactly the facts' sums per its key (summed here by pandas)."""
    with engine.connect() as conn:
        for rollup, facts in ROLLUPS.items():
            keys = [c.name for c in rollup.c if c.name != "amount_vnd"]
            rows = pd.DataFrame(conn.execute(select(facts)).mappings().all())
            assert len(rows), f"{facts.name} is empty: nothing to compare"
            expected = rows.groupby(keys, as_index=False)["amount_vnd"].sum()
            stored = pd.DataFrame(conn.execute(select(rollup)).mappings().all())
            pd.testing.assert_frame_equal(_sorted(stored, keys), _sorted(expected, keys))


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    types = {"amount_vnd": "int64", "carry_over": bool, "year": "int64", "month": "int64",
             "vintage": "int64", "subproject_id": "int64"}  # fmt: skip
    frame = frame.astype({k: v for k, v in types.items() if k in frame})
    return frame.sort_values(keys, ignore_index=True)[[*keys, "amount_vnd"]]


def import_some(engine: Engine, folder: Path) -> list[int]:
    """A plan and two cumulative disbursement reports, the second restating a later month; the
    batch ids."""
    plans = [PLAN_HEADER, [2025, "00715", "DA4.1", "NSTW", "ĐTPT", 1_000_000_007],
             [2025, "00718", "DA1", "NSĐP", "ĐTPT", 500_000_003]]  # fmt: skip
    april = [CUMULATIVE, ["04/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 180_000_001],
             ["04/2025", "00718", "DA1", "NSĐP", "ĐTPT", 90_000_000]]  # fmt: skip
    march = [CUMULATIVE, ["03/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 120_000_000]]
    batches = []
    for name, rows in (("plan.csv", plans), ("apr.csv", april), ("mar.csv", march)):
        report = import_file(engine, write_csv(folder / name, rows))
        assert report.rows_accepted == len(rows) - 1
        batches.append(report.batch_id)
    return batches


def test_rollups_equal_facts_after_demo_data(demo_file: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_file}")
    assert_rollups_equal_facts(engine)
    engine.dispose()


def test_rollups_equal_facts_after_imports(engine: Engine, tmp_path: Path) -> None:
    import_some(engine, tmp_path)
    assert_rollups_equal_facts(engine)


def test_rollups_equal_facts_after_an_undo(engine: Engine, tmp_path: Path) -> None:
    batches = import_some(engine, tmp_path)
    undo_batch(engine, batches[-1])  # the March report: April's restated month comes back
    assert_rollups_equal_facts(engine)


@pytest.fixture
def pg_schema(pg_url: str) -> Iterator[Engine]:
    """A fresh PostgreSQL schema, set up as the app sets it up, dropped afterwards."""
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


@pytest.mark.postgres
def test_rollups_equal_facts_on_postgres(pg_schema: Engine, tmp_path: Path) -> None:
    batches = import_some(pg_schema, tmp_path)
    assert_rollups_equal_facts(pg_schema)
    undo_batch(pg_schema, batches[-1])
    assert_rollups_equal_facts(pg_schema)
    load_demo(pg_schema, rows=70_000, seed=5, as_of=(2026, 10), replace=True)
    assert_rollups_equal_facts(pg_schema)


SCOPES = [
    Scope(year=2025, upto_month=9),
    Scope(year=2026, upto_month=10, provinces=("08", "04")),
    Scope(year=2024, upto_month=12, vintage=2024, regions=("III",)),
    Scope(year=2026, upto_month=6, kinds=("recurrent",), sources=("central",)),
    Scope(year=2025, upto_month=12, vintage=2024, projects=("DA4",), carry_over=False),
    # the legacy map of 2025: post-reform rows carried back per unit, project and kind
    Scope(year=2025, upto_month=12, vintage=2024),
    # kind and line filters on the post-reform map of 2025 (legacy rows carried forward)
    Scope(year=2025, upto_month=8, kinds=("investment",), subprojects=("DA4.1", "DA1")),
    # a whole legacy year on the post-reform map: its disbursements from the yearly roll-up
    Scope(year=2024, upto_month=12, kinds=("investment",)),
]
READS = {
    "national": lambda e, s: national_summary(e, s.year, s.upto_month),
    "years": lambda e, s: yearly_summary(e),
    "progress": lambda e, s: province_progress(e, s.year, s.upto_month),
    "curves": lambda e, s: curves(e, s, (2024, 2025, 2026)),
    "projects": lambda e, s: breakdown(e, s, "project"),
    "sources": lambda e, s: breakdown(e, s, "source"),
    "provinces": lambda e, s: provinces(e, s),
    "communes": lambda e, s: unit_amounts(e, s, "commune"),
    "map provinces": lambda e, s: unit_amounts(e, s, "province"),
    "map by month": lambda e, s: unit_amounts(e, s, "commune", by=("month",)),
    "table": lambda e, s: table_rows(e, s, Place(vintage=s.vintage)),
    "table province": lambda e, s: table_rows(e, s, Place(vintage=REFORMED, province="08")),
}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, seeded_sqlite_file: Path) -> Path:
    path = tmp_path_factory.mktemp("rollups") / "demo.db"
    path.write_bytes(seeded_sqlite_file.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    load_demo(engine, rows=70_000, seed=9, as_of=(2026, 10))
    engine.dispose()
    return path


@pytest.mark.parametrize("scope", SCOPES, ids=[f"scope{i}" for i in range(len(SCOPES))])
def test_reads_give_the_facts_figures(demo_file: Path, scope: Scope) -> None:
    engine = make_engine(f"sqlite:///{demo_file}")
    for name, read in READS.items():
        with facts_only():
            expected = read(engine, scope)
        got = read(engine, scope)
        if isinstance(got, pd.DataFrame):
            assert len(expected), f"{name}: no rows to compare"
            pd.testing.assert_frame_equal(got, expected, obj=name)
        else:
            assert got == expected, name
    engine.dispose()


def test_reads_take_the_smallest_rollup_that_holds_their_keys() -> None:
    plan, paid, unit = CapitalPlan.__table__, Disbursement.__table__, ("unit_code", "province_code")
    assert read_table(paid, Scope(year=2025), ("month",)) is PaidByProvince.__table__
    assert read_table(paid, Scope(year=2025, regions=("III",)), unit) is PaidByUnit.__table__
    kinds = Scope(year=2025, kinds=("recurrent",), projects=("DA4",))
    assert read_table(paid, kinds, (*unit, "month")) is PaidByUnitLine.__table__
    assert read_table(plan, Scope(year=2025), (*unit, "subproject_id", "kind")) is (
        PlanByUnitLine.__table__
    )
    assert read_table(paid, Scope(year=2025, sources=("local",)), unit) is paid  # not kept
    line = (*unit, "subproject_id", "kind")
    assert read_table(paid, Scope(year=2024), line) is PaidByUnitLine.__table__
    assert read_table(paid, Scope(year=2024), line, whole_year=True) is (
        PaidByUnitLineYear.__table__
    )
    # months asked for: never the table without them
    assert read_table(paid, Scope(year=2024), (*line, "month"), whole_year=True) is (
        PaidByUnitLine.__table__
    )
    assert read_table(plan, Scope(year=2025, carry_over=True), unit) is plan


MAP_READS = ("communes", "map provinces", "map by month", "table", "table province")


@pytest.mark.postgres
def test_map_reads_give_the_facts_figures_on_postgres(pg_schema: Engine) -> None:
    """The per-unit reads (carried across the reform, filtered by kind and line) on PostgreSQL."""
    load_demo(pg_schema, rows=70_000, seed=9, as_of=(2026, 10), replace=True)
    for scope in SCOPES[-3:]:
        for name in MAP_READS:
            with facts_only():
                expected = READS[name](pg_schema, scope)
            got = READS[name](pg_schema, scope)
            assert len(expected), f"{name}: no rows to compare"
            pd.testing.assert_frame_equal(got, expected, obj=f"{name} {scope}")
