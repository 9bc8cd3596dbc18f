"""The map's values: one figure per unit of the chosen metric (money, rate, pace gap, region class
or an indicator), read for a scope, sorted worst first and classed for the legend; what
``assets/map.js`` colours the boundaries with."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from callbacks import scoping
from callbacks.deps import Deps
from callbacks.map.legend import NO_DATA, classify, format_value
from callbacks.map.state import INDICATOR, MapState, is_indicator
from dashboard import fmt
from dashboard.queries import map as queries
from dashboard.queries import map_indicators
from dashboard.queries.indicators import indicator_definitions
from dashboard.queries.pace import expected_rate
from dashboard.queries.scope import Scope
from layouts.map import LegendClass


@dataclass(frozen=True)
class IndicatorSpec:
    """What the map needs of an indicator metric: its name and unit in the page language and
    which way is better ("up" or "down")."""

    code: str
    name: str
    unit: str
    direction: str


def column_of(metric: str) -> str:
    """The column of the values frame holding ``metric``."""
    if is_indicator(metric):
        return "indicator"
    return "region" if metric == "region" else metric


def _read_indicator(deps: Deps, state: MapState, year: int) -> pd.DataFrame:
    """The provinces of the map with the indicator's value of ``year`` (``has_data``: a value)."""
    code = state.metric[len(INDICATOR) :]
    frame = deps.read(map_indicators.province_indicator, code, year, state.vintage)
    return _with_data(visible_units(deps, state, "province"), frame)


def visible_units(deps: Deps, state: MapState, level: str) -> pd.DataFrame:
    """The units of the map at ``level``: of the drilled province, else of every province the
    viewer may see (another province's units are neither drawn nor named)."""
    units = deps.read(queries.units, state.vintage, level)
    if state.province:
        return units[units["province_code"] == state.province]
    return scoping.only_visible(deps, units, state.vintage, "province_code")


def read_values(deps: Deps, state: MapState, scope: Scope) -> pd.DataFrame:
    if is_indicator(state.metric):
        return _read_indicator(deps, state, scope.year)
    status = deps.status()
    # the national benchmark is the same for every filter: read (and cached) apart
    expected = (
        deps.read(expected_rate, scope.year, scope.upto_month, status.data_as_of)
        if scope.upto_month
        else None
    )
    refs = deps.read(queries.lookups)  # scope-independent: read once per data version
    frame = deps.read(queries.map_values, scope, state.level, status.data_as_of, expected, refs)
    return _with_data(visible_units(deps, state, state.level), frame)


def _with_data(units: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """Every unit with its values, ``has_data`` telling those that have any (a merge indicator:
    ``isin`` on text columns costs 30 ms for 10,000 communes)."""
    merged = units.merge(values, on="code", how="left", indicator="_found")
    merged["has_data"] = merged.pop("_found").eq("both").to_numpy()
    return merged


def metric_frame(
    frame: pd.DataFrame, metric: str, spec: IndicatorSpec | None = None
) -> pd.DataFrame:
    """Units with a value of ``metric``, sorted: laggards first for rates and indicators (the
    worst first), largest first else."""
    column = column_of(metric)
    shown = frame[frame[column].notna() & (frame["has_data"] | (metric == "region"))]
    ascending = metric in ("rate", "pace_gap")
    if spec is not None:
        ascending = spec.direction != "down"
    return shown.sort_values([column, "code"], ascending=[ascending, True])


def values_payload(
    frame: pd.DataFrame, shown: pd.DataFrame, state: MapState, spec: IndicatorSpec | None = None
) -> tuple[dict, list[LegendClass]]:
    """{locations, z, text, colorscale, zmax} of the units with a value (``shown``, from
    ``metric_frame``) and ``blank`` (the other units of ``frame``: drawn grey in the background
    trace, so each unit is drawn once) for assets/map.js, and the legend. ``spec`` describes an
    indicator metric."""
    column = column_of(state.metric)
    unit = spec.unit if spec else None
    reverse = bool(spec and spec.direction == "down")
    classes, legend = classify(state.metric, shown[column], state.lang, unit, reverse)
    count = max(len(legend), 1)
    scale = []
    for index, item in enumerate(legend):
        scale += [[index / count, item.colour], [(index + 1) / count, item.colour]]
    text = [
        f"{fmt.plot_text(name)}<br>{format_value(state.metric, value, state.lang, unit)}"
        for name, value in zip(shown["short_name"].tolist(), shown[column].tolist(), strict=True)
    ]
    payload = {
        "blank": frame.loc[frame.index.difference(shown.index), "code"].tolist(),
        "locations": shown["code"].tolist(),
        "z": classes,
        "text": text,
        "colorscale": scale or [[0, NO_DATA], [1, NO_DATA]],
        "zmax": count - 0.5,
        "nodata": NO_DATA,
        "selected": state.unit or state.province,
    }
    return payload, legend


def indicator_spec(deps: Deps, metric: str, lang: str) -> IndicatorSpec | None:
    """The indicator of an ``ind:<CODE>`` metric (None for another metric or an unknown code)."""
    if not is_indicator(metric):
        return None
    definitions = deps.read(indicator_definitions)
    rows = definitions[definitions["code"] == metric[len(INDICATOR) :]]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return IndicatorSpec(str(row["code"]), str(row[f"name_{lang}"]), str(row[f"unit_{lang}"]),
                         str(row["direction"]))  # fmt: skip


def all_blank(deps: Deps, state: MapState, values: dict) -> dict:
    """After a failed read, every unit of the map in ``blank`` (grey), from the unit list (a
    cached read); left out if that fails too (``assets/map.js`` then draws every feature grey)."""
    if "blank" in values:
        return values
    try:
        units = visible_units(deps, state, state.level)
    except Exception:  # noqa: BLE001 (the message is shown already)
        return values
    return {**values, "blank": units["code"].tolist()}
