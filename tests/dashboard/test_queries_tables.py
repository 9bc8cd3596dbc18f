"""Reads of the tables page against a real database with exact rows."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from dashboard.queries.carry import apportion
from dashboard.queries.scope import Scope
from dashboard.queries.tables import (
    UNASSIGNED,
    Place,
    table_rows,
    vintage_choices,
)
from tests.app_fixtures import BN, add_disbursements, add_plans

ODD = 123_457  # đồng that a float or a rounding would lose


def row(frame: pd.DataFrame, code: str) -> pd.Series:
    return frame.set_index("code").loc[code]


@pytest.fixture
def legacy_2024(engine: Engine) -> Engine:
    """2024 on legacy units: two communes of Đồng Văn (Hà Giang), one of Hà Nội, and a plan
    entered for the whole province of Hà Giang."""
    add_plans(engine, [
        dict(year=2024, unit_code="00715", province_code="02", amount_vnd=10 * BN + ODD),
        dict(year=2024, unit_code="00718", province_code="02", kind="recurrent", amount_vnd=5 * BN),
        dict(year=2024, unit_code="00019", province_code="01", amount_vnd=3 * BN + 1),
        dict(year=2024, unit_code="02", province_code="02", amount_vnd=BN),
    ])  # fmt: skip
    add_disbursements(engine, [
        dict(year=2024, month=3, unit_code="00715", province_code="02", amount_vnd=4 * BN + 7),
        dict(year=2024, month=11, unit_code="00715", province_code="02", amount_vnd=BN),
    ])  # fmt: skip
    return engine


def test_province_rows_sum_in_exact_dong(legacy_2024: Engine) -> None:
    frame = table_rows(legacy_2024, Scope(2024, 12), Place(2024))
    assert len(frame) == 63
    hg = row(frame, "02")
    assert (hg["allocated"], hg["disbursed"]) == (16 * BN + ODD, 5 * BN + 7)
    assert (hg["investment_allocated"], hg["recurrent_allocated"]) == (11 * BN + ODD, 5 * BN)
    assert hg["DA4_allocated"] == 16 * BN + ODD
    assert hg["rate"] == pytest.approx((5 * BN + 7) / (16 * BN + ODD))


def test_disbursed_counts_months_to_the_one_asked(legacy_2024: Engine) -> None:
    frame = table_rows(legacy_2024, Scope(2024, 10), Place(2024))
    assert row(frame, "02")["disbursed"] == 4 * BN + 7


def test_districts_add_up_to_the_province(legacy_2024: Engine) -> None:
    frame = table_rows(legacy_2024, Scope(2024, 12), Place(2024, "02"))
    assert row(frame, "026")["allocated"] == 15 * BN + ODD
    assert row(frame, UNASSIGNED)["allocated"] == BN  # the plan of the whole province
    assert frame["allocated"].sum() == 16 * BN + ODD


def test_communes_of_a_legacy_district(legacy_2024: Engine) -> None:
    frame = table_rows(legacy_2024, Scope(2024, 12), Place(2024, "02", "026"))
    assert row(frame, "00715")["allocated"] == 10 * BN + ODD
    assert row(frame, "00718")["recurrent_allocated"] == 5 * BN
    assert UNASSIGNED not in set(frame["code"])
    assert row(frame, "00715")["region"] in ("I", "II", "III", None)


def test_filters_by_kind(legacy_2024: Engine) -> None:
    frame = table_rows(legacy_2024, Scope(2024, 12, kinds=("recurrent",)), Place(2024))
    assert row(frame, "02")["allocated"] == 5 * BN


def test_legacy_year_can_be_shown_on_both_vintages(legacy_2024: Engine) -> None:
    assert vintage_choices(legacy_2024, 2024) == (2024, 2025)


def test_legacy_provinces_go_wholly_into_new_ones(legacy_2024: Engine) -> None:
    frame = table_rows(legacy_2024, Scope(2024, 12), Place(2025))
    assert len(frame) == 34
    assert frame["allocated"].sum() == 19 * BN + ODD + 1
    assert row(frame, "01")["allocated"] == 3 * BN + 1


def test_a_divided_commune_is_split_exactly(legacy_2024: Engine) -> None:
    """00019 (Hà Nội) went into four new communes: the parts add up to the đồng."""
    frame = table_rows(legacy_2024, Scope(2024, 12), Place(2025, "01"))
    parts = frame.set_index("code").loc[["00004", "00070", "00190", "00226"], "allocated"]
    assert parts.sum() == 3 * BN + 1
    assert (
        abs(row(frame, "00004")["allocated"] - (3 * BN + 1) * 0.3441483198146) < 3
    )  # shares normalised


def test_a_mixed_year_is_shown_on_new_units_only(engine: Engine) -> None:
    add_plans(engine, [dict(year=2025, unit_code="00019", province_code="01", amount_vnd=9)])
    add_disbursements(engine, [
        dict(year=2025, month=8, vintage=2025, unit_code="00004", province_code="01",
             amount_vnd=5),
    ])  # fmt: skip
    assert vintage_choices(engine, 2025) == (2025,)
    frame = table_rows(engine, Scope(2025, 12), Place(2025, "01"))
    assert frame["allocated"].sum() == 9
    assert row(frame, "00004")["disbursed"] == 5


def test_apportion_keeps_every_dong() -> None:
    frame = pd.DataFrame({"key": ["a", "b"], "project": "DA1", "amount": [10, 7]})
    crosswalk = pd.DataFrame(
        {"old_code": ["a", "a", "a"], "new_code": ["x", "y", "z"], "share": [1 / 3] * 3}
    )
    out = apportion(frame, crosswalk)
    assert sorted(out[out["project"] == "DA1"]["amount"].tolist()) == [3, 3, 4, 7]
    assert out.loc[out["amount"] == 7, "key"].tolist() == [""]  # not in the crosswalk


def test_apportion_of_huge_amounts_is_exact() -> None:
    amount = 9_000_000_000_000_001
    frame = pd.DataFrame({"key": ["a"], "amount": [amount]})
    crosswalk = pd.DataFrame({"old_code": ["a", "a"], "new_code": ["x", "y"], "share": [0.3, 0.7]})
    assert apportion(frame, crosswalk)["amount"].sum() == amount
