"""Figures carried across the 2025 reform reconcile to the đồng, and the map and the tables carry
them by one rule (``dashboard.queries.carry``), on SQLite and PostgreSQL.

2025 holds plans on legacy communes (a divided one, 00019, among them) and a legacy province
row, and second-half disbursements on new communes (00691 formed from five old communes of Hà
Giang, 02215 from seven of Tuyên Quang, 00004 from ten of Hà Nội) and a new province row."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import Connection, Engine

from dashboard.queries.map import unit_amounts, units
from dashboard.queries.scope import Scope
from dashboard.queries.tables import UNASSIGNED, Place, table_rows
from tests.app_fixtures import add_disbursements, add_plans

PLANS = {"00019": 1_000_000_007, "00025": 333_333_334}  # legacy communes of Hà Nội (01)
PAID = {"00691": 7_777_777_777, "02215": 5_555_557, "00004": 123_456_789}  # new communes
PROVINCE_PLAN, PROVINCE_PAID = 999, 4_242  # rows entered for a whole province


def seed(bind: Engine | Connection) -> None:
    add_plans(bind, [
        *(dict(year=2025, unit_code=c, province_code="01", amount_vnd=a) for c, a in PLANS.items()),
        dict(year=2025, unit_code="01", province_code="01", amount_vnd=PROVINCE_PLAN),
    ])  # fmt: skip
    province = {"00691": "08", "02215": "08", "00004": "01"}
    new = {"year": 2025, "month": 8, "vintage": 2025}
    add_disbursements(bind, [
        *(dict(unit_code=c, province_code=province[c], amount_vnd=a, **new)
          for c, a in PAID.items()),
        dict(unit_code="08", province_code="08", amount_vnd=PROVINCE_PAID, **new),
    ])  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def bind(request: pytest.FixtureRequest) -> Iterator[Engine | Connection]:
    """The seeded database: a SQLite file, or a PostgreSQL transaction rolled back afterwards."""
    if request.param == "sqlite":
        engine = request.getfixturevalue("engine")
        seed(engine)
        yield engine
        return
    pg_engine = request.getfixturevalue("pg_engine")
    with pg_engine.connect() as conn, conn.begin() as transaction:
        seed(conn)
        yield conn
        transaction.rollback()


def by_code(frame: pd.DataFrame, column: str, code: str = "code") -> dict[str, int]:
    shown = frame[frame[column] != 0]
    return dict(zip(shown[code], shown[column].astype(int), strict=True))


def test_legacy_plans_on_the_new_communes_add_up_to_the_dong(bind) -> None:  # noqa: ANN001
    communes = unit_amounts(bind, Scope(year=2025, vintage=2025), "commune")
    assert communes["allocated"].sum() == sum(PLANS.values())
    provinces = unit_amounts(bind, Scope(year=2025, vintage=2025), "province")
    assert by_code(provinces, "allocated") == {"01": sum(PLANS.values()) + PROVINCE_PLAN}


def test_new_disbursements_on_the_old_communes_add_up_to_the_dong(bind) -> None:  # noqa: ANN001
    communes = unit_amounts(bind, Scope(year=2025, vintage=2024), "commune")
    assert communes["disbursed"].sum() == sum(PAID.values())  # the province row has no commune


def test_the_map_and_the_tables_give_a_new_commune_the_same_dong(bind) -> None:  # noqa: ANN001
    scope = Scope(year=2025, vintage=2025)
    on_map = unit_amounts(bind, scope, "commune")
    grid = table_rows(bind, scope, Place(2025, "01"))
    assert by_code(on_map, "allocated") == by_code(grid[grid["code"] != UNASSIGNED], "allocated")


def test_the_map_and_the_tables_give_an_old_commune_the_same_dong(bind) -> None:  # noqa: ANN001
    scope = Scope(year=2025, vintage=2024)
    on_map = by_code(unit_amounts(bind, scope, "commune"), "disbursed")
    for province in ("01", "02", "08"):
        grid = table_rows(bind, scope, Place(2024, province))
        communes = table_rows(bind, scope, Place(2024, province, grid["code"].iloc[0]))
        assert grid["disbursed"].sum() == sum(
            v for c, v in on_map.items() if c in set(_communes_of(bind, province))
        )
        assert all(on_map.get(c, 0) == v for c, v in by_code(communes, "disbursed").items())


def _communes_of(bind, province: str) -> list[str]:  # noqa: ANN001
    frame = units(bind, 2024, "commune")
    return frame.loc[frame["province_code"] == province, "code"].tolist()


def test_the_old_provinces_of_the_map_and_the_tables_agree(bind) -> None:  # noqa: ANN001
    scope = Scope(year=2025, vintage=2024)
    on_map = by_code(unit_amounts(bind, scope, "province"), "disbursed")
    grid = table_rows(bind, scope, Place(2024))
    assert by_code(grid[grid["code"] != UNASSIGNED], "disbursed") == on_map
    assert on_map["02"] == PAID["00691"] and on_map["08"] == PAID["02215"]
    # a whole new province's row cannot be placed in one old province: apart, still counted
    assert grid.loc[grid["code"] == UNASSIGNED, "disbursed"].tolist() == [PROVINCE_PAID]
    assert grid["disbursed"].sum() == sum(PAID.values()) + PROVINCE_PAID


def test_an_old_province_filter_keeps_only_that_province(bind) -> None:  # noqa: ANN001
    scope = Scope(year=2025, vintage=2024, provinces=("02",))
    frame = unit_amounts(bind, scope, "province")
    assert frame[["code", "disbursed"]].to_dict("records") == [
        {"code": "02", "disbursed": PAID["00691"]}
    ]
    grid = table_rows(bind, Scope(year=2025, vintage=2024), Place(2024, "02"))
    assert grid["disbursed"].sum() == PAID["00691"]  # nothing of Tuyên Quang's 02215
