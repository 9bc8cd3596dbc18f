"""The map's classes and legend: quantiles on a sequential scale, fixed breaks on a diverging
scale for the pace gap, categories for the region; colour-blind-safe colours."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from callbacks.indicators.figures import value_text
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
    return fmt.money(int(value), lang, unit="auto")


def classify(
    metric: str, values: pd.Series, lang: str, unit: str | None = None, reverse: bool = False
) -> tuple[list[int], list[LegendClass]]:
    """Class index of each value and the legend: quantiles (up to 5, fewer with few units) on a
    sequential scale, fixed breaks around 0 on a diverging scale for the pace gap, categories
    for the region. ``unit`` formats an indicator's values; ``reverse`` (an indicator where
    lower is better) turns the sequential scale so that darker is better."""
    if metric == "region":
        keys = [r for r in REGIONS if r in set(values)]
        legend = [LegendClass(REGION_COLOURS[r], format_value(metric, r, lang)) for r in keys]
        return [keys.index(v) for v in values], legend
    numbers = values.astype(float)
    if metric == "pace_gap":
        cuts = [-float("inf"), *GAP_BREAKS, float("inf")]
        codes = pd.cut(numbers, bins=cuts, labels=False).fillna(0).astype(int).tolist()
        return codes, _legend(metric, cuts, DIVERGING, lang, unit)
    text = lambda value: format_value(metric, value, lang, unit)  # noqa: E731
    cuts = _quantile_cuts(numbers.dropna(), text)  # a rate of a unit without plan is undefined
    codes = _bin(numbers, cuts)
    cuts = _drop_empty(cuts, codes)
    codes = _bin(numbers, cuts)
    count = max(len(cuts) - 1, 1)
    colours = SEQUENTIAL[-count:] if count > 1 else SEQUENTIAL[2:3]
    return codes, _legend(metric, cuts, colours[::-1] if reverse else colours, lang, unit)


def class_count(units: int) -> int:
    """Quantile classes for ``units`` values: about two units a class, five at most."""
    return max(1, min(5, -(-units // 2)))


def _quantile_cuts(finite: pd.Series, text: Callable[[float], str]) -> list[float]:
    """Quantile breaks, merged where two read the same once formatted (so no class shows
    "66,6% – 66,6%"); one break only when every value reads the same."""
    if finite.empty:
        return [0.0]
    count = class_count(len(finite))
    raw = finite.quantile([i / count for i in range(count + 1)]).tolist()
    kept = [raw[0]]
    for cut in raw[1:]:
        if text(cut) != text(kept[-1]):
            kept.append(cut)
        elif len(kept) > 1:
            kept[-1] = cut  # the same label: the later break closes the class
    return kept


def _bin(numbers: pd.Series, cuts: list[float]) -> list[int]:
    if len(cuts) < 3:  # one class: nothing to cut
        return [0] * len(numbers)
    binned = pd.cut(numbers, bins=cuts, labels=False, include_lowest=True, duplicates="drop")
    return binned.fillna(0).astype(int).tolist()


def _drop_empty(cuts: list[float], codes: list[int]) -> list[float]:
    """The breaks without those that close a class no unit falls in (ties on a break)."""
    used = set(codes)
    kept = [cuts[0]] + [cut for i, cut in enumerate(cuts[1:-1]) if i in used]
    return kept + cuts[-1:] if len(cuts) > 1 else kept


def _legend(
    metric: str, cuts: list[float], colours: tuple[str, ...], lang: str, unit: str | None
) -> list[LegendClass]:
    """One entry per class: "low – high", or the one value when a class has a single value."""
    legend = []
    for index, colour in enumerate(colours):
        low, high = cuts[index], cuts[min(index + 1, len(cuts) - 1)]
        low_text = "…" if low == -float("inf") else format_value(metric, low, lang, unit)
        high_text = "…" if high == float("inf") else format_value(metric, high, lang, unit)
        label = low_text if low_text == high_text else f"{low_text} – {high_text}"
        legend.append(LegendClass(colour, label))
    return legend
