"""Plotly figures as plain dicts (no ``go.Figure``: building and validating one costs far more
than the dict it serialises to). Amounts are plotted in tỷ đồng as floats; every label and hover
text is formatted exactly from the integer VND by ``dashboard.fmt``.

Titles, units, source and data-as-of are in the card around each figure (``layouts.components``);
``caption`` writes them the same way for every page.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard import fmt
from dashboard.i18n import t
from dashboard.queries import DataStatus, Totals
from layouts.components import Caption

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', sans-serif"
COLORS = {"allocated": "#a9c1dc", "disbursed": "#1d5e9e"}
SEPARATORS = {"vi": ",.", "en": ".,"}  # plotly: decimal mark, then thousands separator


def caption(title: str, status: DataStatus, lang: str, units: bool = True) -> Caption:
    """Title plus units, source ("Nguồn: ..."; demo data say so) and the data-as-of month."""
    if status.is_demo:
        source = t("source.demo", lang)
    else:
        source = t("source.db", lang)
        if status.batches and status.last_import:
            batches = t(
                "source.batches",
                lang,
                count=status.batches,
                date=fmt.date_label(status.last_import, lang),
            )
            source = f"{source} ({batches})"
    as_of = status.data_as_of
    return Caption(
        title=title,
        units=t("figure.units", lang, unit=fmt.unit_name("ty", lang)) if units else None,
        source=source,
        as_of=t("status.as_of", lang, month=fmt.month_label(*as_of, lang)) if as_of else None,
        demo=t("badge.demo", lang) if status.is_demo else None,
    )


def base_layout(lang: str, value_axis: str, horizontal: bool = False) -> dict:
    """Shared look: system font, the language's number separators, compact margins."""
    value = {
        "title": {"text": value_axis},
        "rangemode": "tozero",
        "fixedrange": True,
        "separatethousands": True,
        "tickformat": ",~f",  # 2.000 rather than plotly's SI "2k", which reads as English
        "gridcolor": "#e3e8ef",
        "zeroline": True,
        "zerolinecolor": "#9aa5b1",
    }
    category = {"type": "category", "automargin": True, "ticks": "", "fixedrange": True}
    return {
        "font": {"family": FONT, "size": 13, "color": "#1f2933"},
        "separators": SEPARATORS.get(lang, SEPARATORS["vi"]),
        "margin": {"l": 8, "r": 16, "t": 36, "b": 8},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "barmode": "group",
        "bargap": 0.25,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "hovermode": "closest",
        "uniformtext": {"minsize": 11, "mode": "show"},
        "dragmode": False,  # a drag must not zoom a leader's chart by accident
        "modebar": {"bgcolor": "rgba(255,255,255,0)", "color": "#9aa5b1", "activecolor": "#1d5e9e"},
        "xaxis": {**(value if horizontal else category), "automargin": True},
        "yaxis": {**(category if horizontal else value), "automargin": True},
    }


def _hover(measure: str, amounts: Sequence[int], rates: Sequence[float | None], lang: str) -> list:
    label = t(f"measure.{measure}", lang)
    if measure == "allocated":
        return [f"{label}: {fmt.money(a, lang)}" for a in amounts]
    rate_label = t("measure.rate", lang)
    return [
        f"{label}: {fmt.money(a, lang)}<br>{rate_label}: {fmt.percent(r, lang)}"
        for a, r in zip(amounts, rates, strict=True)
    ]


def _bars(
    categories: list[str], allocated: list[int], disbursed: list[int], lang: str, horizontal: bool
) -> list[dict]:
    rates = [d / a if a else None for a, d in zip(allocated, disbursed, strict=True)]
    traces = []
    for measure, amounts in (("allocated", allocated), ("disbursed", disbursed)):
        values = [fmt.scaled(a) for a in amounts]
        trace = {
            "type": "bar",
            "name": t(f"measure.{measure}", lang),
            "marker": {"color": COLORS[measure]},
            "customdata": _hover(measure, amounts, rates, lang),
            "hovertemplate": "%{customdata}<extra></extra>",
            "cliponaxis": False,
        }
        if measure == "disbursed":  # the rate, written on the disbursed bar
            trace.update(text=[fmt.percent(r, lang) for r in rates], textposition="outside")
        axes = (
            {"x": values, "y": categories, "orientation": "h"}
            if horizontal
            else {"x": categories, "y": values}
        )
        traces.append({**trace, **axes})
    return traces


def yearly_figure(frame: pd.DataFrame, lang: str) -> dict:
    """Allocated and disbursed per year (columns year, allocated, disbursed), rate on the bar."""
    categories = [str(year) for year in frame["year"]]
    allocated = [int(v) for v in frame["allocated"]]
    disbursed = [int(v) for v in frame["disbursed"]]
    return {
        "data": _bars(categories, allocated, disbursed, lang, horizontal=False),
        "layout": base_layout(lang, fmt.unit_name("ty", lang)),
    }


def split_figure(parts: dict[str, Totals], labels: dict[str, str], lang: str) -> dict:
    """Allocated and disbursed of a few named parts (e.g. the two kinds of capital), as
    horizontal bars from top to bottom in the order of ``labels``."""
    keys = list(labels)
    layout = base_layout(lang, fmt.unit_name("ty", lang), horizontal=True)
    layout["yaxis"]["autorange"] = "reversed"  # first part, and allocated before disbursed, on top
    layout["legend"]["traceorder"] = "normal"
    return {
        "data": _bars(
            [fmt.plot_text(labels[key]) for key in keys],
            [parts[key].allocated for key in keys],
            [parts[key].disbursed for key in keys],
            lang,
            horizontal=True,
        ),
        "layout": layout,
    }
