"""Reads behind the map explorer's indicator metrics: one indicator's values per province of a map.

Provinces report an indicator on the units of the year (legacy provinces up to 2024, post-reform
provinces from 2025, ``indicators.vintage_for``). On the other vintage's map the values are carried
across the province map (each old province went wholly into one new province):

- legacy -> post-reform: the unweighted mean of the old provinces (with a value) that merged into
  each new province (a simple mean, no population weights);
- post-reform -> legacy: each old province takes the value of the new province it went into.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, select

from dashboard.models import LEGACY, IndicatorValue
from dashboard.queries import connect
from dashboard.queries.indicators import NATIONAL, vintage_for
from dashboard.queries.scope import province_map

COLUMNS = ["code", "indicator"]


def province_indicator(
    bind: Engine | Connection, code: str, year: int, vintage: int
) -> pd.DataFrame:
    """Values of indicator ``code`` in ``year`` per province of the ``vintage`` map: columns code,
    indicator (provinces without a value are left out), ordered by code."""
    v = IndicatorValue
    source = vintage_for(year)
    query = select(v.unit_code, v.value).where(
        v.indicator_code == code, v.year == year, v.vintage == source, v.unit_code != NATIONAL
    )
    with connect(bind) as conn:
        frame = pd.DataFrame(conn.execute(query).all(), columns=COLUMNS)
        provinces = province_map(conn) if source != vintage else {}
    frame = frame.dropna(subset=["indicator"])
    if source != vintage and source == LEGACY:
        frame["code"] = frame["code"].map(provinces)
        frame = frame.dropna(subset=["code"]).groupby("code", as_index=False)["indicator"].mean()
    elif source != vintage:
        olds = pd.DataFrame({"code": list(provinces), "new": list(provinces.values())})
        frame = olds.merge(frame.rename(columns={"code": "new"}), on="new")[COLUMNS]
    frame["indicator"] = frame["indicator"].astype(float)
    return frame.sort_values("code", ignore_index=True)
