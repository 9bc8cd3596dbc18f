"""The map's classes and legend: quantiles on a sequential scale, fixed breaks on a diverging
scale for the pace gap, categories for the region; colour-blind-safe colours."""

from __future__ import annotations

import pandas as pd

from callbacks.indicator_figures import value_text
from dashboard import fmt
from dashboard.i18n import t
from dashboard.models import REGIONS
from layouts.map import LegendClass

SEQUENTIAL = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")  # ColorBrewer YlGnBu
DIVERGING = ("#d73027", "#fc8d59", "#fee090", "#e0f3f8", "#91bfdb", "#4575b4")  # RdYlBu
GAP_BREAKS = (-0.2, -0.1, 0.0, 0.1, 0.2)
REGION_COLOURS = {"I": "#56b4e9", "II": "#e69f00", "III": "#cc79a7"}  # Okabe-Ito
NO_DATA = "#d9d9d9"


def format_value(metric: str, value: object, lang: str, unit: str | None = None) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if unit is not None:  # an indicator
        return value_text(float(value), unit, lang)
    if metric == "rate":
        return fmt.percent(float(value), lang)
    if metric == "pace_gap":
        points = fmt.number(float(value) * 100, lang, 1)
        return t("map.points", lang, value=("+" if value > 0 else "") + points)
    if metric == "region":
        return t("map.region_class", lang, region=value)
    return fmt.money(int(value), lang)


def classify(
    metric: str, values: pd.Series, lang: str, unit: str | None = None, reverse: bool = False
) -> tuple[list[int], list[LegendClass]]:
    """Class index of each value and the legend: quantiles (up to 5) on a sequential scale,
    fixed breaks around 0 on a diverging scale for the pace gap, categories for the region.
    ``unit`` formats an indicator's values; ``reverse`` (an indicator where lower is better)
    turns the sequential scale so that darker is better."""
    if metric == "region":
        keys = [r for r in REGIONS if r in set(values)]
        legend = [LegendClass(REGION_COLOURS[r], format_value(metric, r, lang)) for r in keys]
        return [keys.index(v) for v in values], legend
    numbers = values.astype(float)
    if metric == "pace_gap":
        cuts = [-float("inf"), *GAP_BREAKS, float("inf")]
        colours = DIVERGING
    else:
        finite = numbers.dropna()  # a rate of a unit without plan is undefined
        cuts = (
            sorted(set(finite.quantile([0, 0.2, 0.4, 0.6, 0.8, 1]).tolist())) if len(finite) else []
        )
        if len(cuts) < 2:
            cuts = [cuts[0], cuts[0]] if cuts else [0.0, 0.0]
        colours = SEQUENTIAL[-(len(cuts) - 1) :] if len(cuts) > 2 else SEQUENTIAL[2:3]
        colours = colours[::-1] if reverse else colours
    if len(cuts) > 2:
        binned = pd.cut(numbers, bins=cuts, labels=False, include_lowest=True, duplicates="drop")
        codes = binned.fillna(0).astype(int).tolist()
    else:  # one class (a single value, or all values equal): nothing to cut
        codes = [0] * len(numbers)
    legend = []
    for index, colour in enumerate(colours):
        low, high = cuts[index], cuts[min(index + 1, len(cuts) - 1)]
        low_text = "…" if low == -float("inf") else format_value(metric, low, lang, unit)
        high_text = "…" if high == float("inf") else format_value(metric, high, lang, unit)
        legend.append(LegendClass(colour, f"{low_text} – {high_text}"))
    return codes, legend
