"""The legend's account of the units drawn without a colour: how many are not in the program,
outside the filter, or without a report for the period (``dashboard.queries.map_gaps``), each
counted once, so the lines add up to the grey units."""

from __future__ import annotations

import pandas as pd

from callbacks.deps import Deps
from callbacks.map.state import MapState, is_indicator
from callbacks.map.values import read_values
from dashboard import fmt
from dashboard.i18n import t
from dashboard.queries.map_gaps import (
    NO_REPORT,
    gap_counts,
    is_filtered,
    program_units,
    unfiltered,
)
from dashboard.queries.scope import Scope


def uncoloured(frame: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The units of ``frame`` (from ``read_values``) the map draws grey: without figures, or,
    on the region map, without a region."""
    if metric == "region":
        return frame[frame["region"].isna()]
    return frame[~frame["has_data"]]


def counts(deps: Deps, state: MapState, scope: Scope, frame: pd.DataFrame) -> dict[str, int]:
    """The grey units of the map by why they are grey (``map_gaps.GAPS``, in legend order)."""
    without = uncoloured(frame, state.metric)
    if without.empty:
        return {}
    if is_indicator(state.metric):  # a province's value is a report of its own: no program
        return {NO_REPORT: len(without)}
    lifted = frame
    if is_filtered(scope) and state.metric != "region":
        lifted = read_values(deps, state, unfiltered(scope))
    with_data = lifted.loc[lifted["has_data"], "code"] if state.metric != "region" else ()
    program = deps.read(program_units, state.vintage, state.level)
    return gap_counts(without, program, with_data, scope, state.level)


def lines(found: dict[str, int], level_name: str, lang: str) -> tuple[str, ...]:
    """One legend line per kind that has units."""
    level = level_name.lower()
    return tuple(
        t(f"map.gap.{gap}", lang, count=fmt.number(count, lang), level=level)
        for gap, count in found.items()
        if count
    )
