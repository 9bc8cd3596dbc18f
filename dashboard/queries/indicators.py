"""Reads behind the indicators page: definitions and targets, the national series, the values of
one indicator by province in one year.

National values have ``unit_code`` "VN". Provinces report on the units of their time: legacy
provinces (vintage 2024) up to 2024, post-reform provinces (vintage 2025) from 2025 on. When a
year is stored on both vintages, the later vintage is the one shown.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, and_, select

from dashboard.models import AdminUnit, Indicator, IndicatorValue
from dashboard.queries import connect

NATIONAL = "VN"
REFORM_YEAR = 2025  # from this year on, values are on post-reform units
DEFINITION_COLUMNS = [
    "code",
    "name_vi",
    "name_en",
    "unit_vi",
    "unit_en",
    "direction",
    "baseline",
    "baseline_year",
    "target_2025",
    "target_2030",
]


def vintage_for(year: int) -> int:
    """The unit vintage of values reported for ``year``."""
    return 2025 if year >= REFORM_YEAR else 2024


def indicator_definitions(bind: Engine | Connection) -> pd.DataFrame:
    """One row per indicator in catalogue order; a missing baseline or target is NaN."""
    columns = [getattr(Indicator, name) for name in DEFINITION_COLUMNS]
    query = select(*columns).order_by(Indicator.ordinal, Indicator.code)
    with connect(bind) as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=DEFINITION_COLUMNS)


def national_series(bind: Engine | Connection) -> pd.DataFrame:
    """National values of every indicator: columns indicator_code, year, value (one row per
    indicator and year, the later vintage when both hold it), sorted."""
    v = IndicatorValue
    query = (
        select(v.indicator_code, v.year, v.vintage, v.value)
        .where(v.unit_code == NATIONAL)
        .order_by(v.indicator_code, v.year, v.vintage)
    )
    with connect(bind) as conn:
        frame = pd.DataFrame(
            conn.execute(query).all(), columns=["indicator_code", "year", "vintage", "value"]
        )
    frame = frame.drop_duplicates(["indicator_code", "year"], keep="last")
    return frame.drop(columns="vintage").reset_index(drop=True)


def province_years(bind: Engine | Connection, code: str) -> list[int]:
    """The years in which some province reported ``code``, ascending."""
    v = IndicatorValue
    query = (
        select(v.year)
        .where(v.indicator_code == code, v.unit_code != NATIONAL)
        .group_by(v.year)
        .order_by(v.year)
    )
    with connect(bind) as conn:
        return [int(year) for year in conn.scalars(query)]


def province_values(bind: Engine | Connection, code: str, year: int) -> pd.DataFrame:
    """Values of ``code`` in ``year`` by province, on that year's vintage: columns unit_code,
    name (short name), value, ordered by unit code."""
    v, unit = IndicatorValue, AdminUnit
    vintage = vintage_for(year)
    query = (
        select(v.unit_code, unit.short_name, v.value)
        .join(
            unit,
            and_(unit.vintage == v.vintage, unit.code == v.unit_code, unit.level == "province"),
        )
        .where(v.indicator_code == code, v.year == year, v.vintage == vintage)
        .order_by(v.unit_code)
    )
    with connect(bind) as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=["unit_code", "name", "value"])
