"""Indicator reads against a real database: definitions, the national series, province values."""

from __future__ import annotations

import pandas as pd
from pandas.testing import assert_frame_equal
from sqlalchemy import Engine, insert

from dashboard.models import IndicatorValue
from dashboard.queries.indicators import (
    indicator_definitions,
    national_series,
    province_values,
    province_years,
    vintage_for,
)


def add_values(engine: Engine, rows: list[tuple[str, int, str, int, float]]) -> None:
    """(indicator_code, vintage, unit_code, year, value) rows."""
    keys = ("indicator_code", "vintage", "unit_code", "year", "value")
    with engine.begin() as conn:
        conn.execute(insert(IndicatorValue), [dict(zip(keys, row, strict=True)) for row in rows])


def test_definitions_are_the_catalogue_in_order(engine: Engine) -> None:
    frame = indicator_definitions(engine)
    assert frame.code.tolist()[:2] == ["EM_INCOME", "EM_POVERTY"]
    poverty = frame.set_index("code").loc["EM_POVERTY"]
    assert (poverty.direction, poverty.baseline, poverty.baseline_year) == ("down", 26.2, 2020)
    assert (poverty.target_2025, poverty.target_2030) == (11.2, 10.0)


def test_a_missing_target_is_nan(engine: Engine) -> None:
    frame = indicator_definitions(engine).set_index("code")
    assert pd.isna(frame.loc["VOCATIONAL", "target_2025"])


def test_national_series_keeps_the_later_vintage_of_a_year(engine: Engine) -> None:
    add_values(
        engine,
        [
            ("EM_POVERTY", 2024, "VN", 2023, 16.1),
            ("EM_POVERTY", 2024, "VN", 2025, 9.5),
            ("EM_POVERTY", 2025, "VN", 2025, 9.1),
            ("EM_POVERTY", 2024, "02", 2023, 30.0),  # a province: not national
        ],
    )
    expected = pd.DataFrame(
        {"indicator_code": ["EM_POVERTY", "EM_POVERTY"], "year": [2023, 2025], "value": [16.1, 9.1]}
    )
    assert_frame_equal(national_series(engine), expected)


def test_province_values_are_on_the_vintage_of_the_year(engine: Engine) -> None:
    add_values(
        engine,
        [
            ("EM_POVERTY", 2024, "02", 2024, 30.5),
            ("EM_POVERTY", 2024, "08", 2024, 20.0),
            ("EM_POVERTY", 2025, "08", 2025, 15.0),
            ("EM_POVERTY", 2024, "VN", 2024, 12.3),
        ],
    )
    expected = pd.DataFrame(
        {"unit_code": ["02", "08"], "name": ["Hà Giang", "Tuyên Quang"], "value": [30.5, 20.0]}
    )
    assert_frame_equal(province_values(engine, "EM_POVERTY", 2024), expected)
    assert province_values(engine, "EM_POVERTY", 2025).unit_code.tolist() == ["08"]


def test_province_years_leave_out_national_only_years(engine: Engine) -> None:
    add_values(
        engine,
        [
            ("LITERACY", 2024, "02", 2022, 88.0),
            ("LITERACY", 2025, "08", 2025, 90.0),
            ("LITERACY", 2024, "VN", 2021, 85.0),
        ],
    )
    assert province_years(engine, "LITERACY") == [2022, 2025]


def test_vintage_for_a_year() -> None:
    assert (vintage_for(2024), vintage_for(2025), vintage_for(2027)) == (2024, 2025, 2025)
