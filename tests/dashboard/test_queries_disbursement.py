"""Reads of the disbursement page, on small exact rows (odd đồng included)."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from dashboard.queries.disbursement import (
    breakdown,
    curves,
    province_options,
    provinces,
    year_vintages,
)
from dashboard.queries.scope import Scope
from tests.app_fixtures import BN, add_disbursements, add_plans, subproject_id

# legacy province 02 (Hà Giang) went wholly into post-reform province 08 (Tuyên Quang)
NEW = {"vintage": 2025, "unit_code": "08", "province_code": "08"}


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    da1 = subproject_id(engine, "DA1")
    add_plans(
        engine,
        [
            {"year": 2024, "amount_vnd": 1_000 * BN + 1},
            {"year": 2025, "amount_vnd": 2_000 * BN + 3},
            {"year": 2025, "amount_vnd": 500 * BN, "subproject_id": da1, "source": "local",
             "kind": "recurrent", "carry_over": True},
        ],
    )  # fmt: skip
    add_disbursements(
        engine,
        [
            {"year": 2024, "month": 1, "amount_vnd": 100 * BN},
            {"year": 2024, "month": 3, "amount_vnd": 200 * BN + 5},
            {"year": 2024, "month": 12, "amount_vnd": 300 * BN},
            {"year": 2025, "month": 3, "amount_vnd": 100 * BN + 1},
            {"year": 2025, "month": 8, "amount_vnd": 200 * BN + 2, **NEW},
            {"year": 2025, "month": 9, "amount_vnd": 50 * BN, "subproject_id": da1, **NEW,
             "source": "local", "kind": "recurrent", "carry_over": True},
        ],
    )  # fmt: skip
    return engine


def test_a_year_with_post_reform_rows_is_shown_on_the_new_map(seeded: Engine) -> None:
    assert year_vintages(seeded) == {2024: 2024, 2025: 2025}


def test_curves_are_cumulative_by_month(seeded: Engine) -> None:
    frame = curves(seeded, Scope(2025), (2024, 2025))
    assert int(frame.loc[2024, "allocated"]) == 1_000 * BN + 1
    assert [int(frame.loc[2024, m]) for m in (1, 2, 3, 11, 12)] == [
        100 * BN, 100 * BN, 300 * BN + 5, 300 * BN + 5, 600 * BN + 5,
    ]  # fmt: skip
    assert int(frame.loc[2025, "allocated"]) == 2_500 * BN + 3
    assert [int(frame.loc[2025, m]) for m in (2, 3, 8, 9, 12)] == [
        0, 100 * BN + 1, 300 * BN + 3, 350 * BN + 3, 350 * BN + 3,
    ]  # fmt: skip


def test_curves_of_a_new_province_include_its_old_province(seeded: Engine) -> None:
    frame = curves(seeded, Scope(2025, provinces=("08",)), (2024, 2025))
    assert int(frame.loc[2024, 12]) == 600 * BN + 5
    assert int(frame.loc[2025, 12]) == 350 * BN + 3


def test_curves_of_another_province_are_zero(seeded: Engine) -> None:
    frame = curves(seeded, Scope(2025, provinces=("04",)), (2024, 2025))
    assert int(frame.to_numpy().sum()) == 0


def test_curves_follow_the_kind_filter(seeded: Engine) -> None:
    frame = curves(seeded, Scope(2025, kinds=("recurrent",)), (2025,))
    assert (int(frame.loc[2025, "allocated"]), int(frame.loc[2025, 12])) == (500 * BN, 50 * BN)


def test_breakdown_by_project_lists_every_project(seeded: Engine) -> None:
    frame = breakdown(seeded, Scope(2025, upto_month=8), "project").set_index("key")
    assert len(frame) == 10
    assert frame.loc["DA4", ["allocated", "disbursed"]].tolist() == [2_000 * BN + 3, 300 * BN + 3]
    assert frame.loc["DA1", ["allocated", "disbursed"]].tolist() == [500 * BN, 0]
    assert frame.loc["DA1", "name_en"]
    assert pd.isna(frame.loc["DA2", "rate"])


def test_breakdown_by_project_keeps_only_the_chosen_projects(seeded: Engine) -> None:
    frame = breakdown(seeded, Scope(2025, projects=("DA1",)), "project")
    assert frame["key"].tolist() == ["DA1"]


def test_breakdown_by_subproject_lists_lines_with_amounts(seeded: Engine) -> None:
    frame = breakdown(seeded, Scope(2025), "subproject")
    assert frame["key"].tolist() == ["DA1", "DA4.1"]


def test_breakdown_by_source(seeded: Engine) -> None:
    frame = breakdown(seeded, Scope(2025, upto_month=12), "source")
    assert frame[["key", "allocated", "disbursed"]].values.tolist() == [
        ["central", 2_000 * BN + 3, 300 * BN + 3],
        ["local", 500 * BN, 50 * BN],
    ]


def test_breakdown_by_plan(seeded: Engine) -> None:
    frame = breakdown(seeded, Scope(2025, carry_over=True), "carry_over")
    assert frame[["key", "allocated"]].values.tolist() == [[True, 500 * BN]]


def test_unknown_breakdown_is_refused(seeded: Engine) -> None:
    with pytest.raises(ValueError):
        breakdown(seeded, Scope(2025), "district")


def test_2025_provinces_add_the_old_province_to_the_new_one(seeded: Engine) -> None:
    frame = provinces(seeded, Scope(2025, upto_month=8, vintage=2025))
    assert frame[["code", "allocated", "disbursed"]].values.tolist() == [
        ["08", 2_500 * BN + 3, 300 * BN + 3]
    ]
    assert frame["rate"].iloc[0] == pytest.approx((300 * BN + 3) / (2_500 * BN + 3))


def test_2024_provinces_are_the_legacy_ones(seeded: Engine) -> None:
    frame = provinces(seeded, Scope(2024, upto_month=12, vintage=2024))
    assert frame[["code", "allocated", "disbursed"]].values.tolist() == [
        ["02", 1_000 * BN + 1, 600 * BN + 5]
    ]


def test_province_options_of_each_vintage(engine: Engine) -> None:
    assert (len(province_options(engine, 2024)), len(province_options(engine, 2025))) == (63, 34)
