"""The disbursement page's S-curve (plain-dict plotly): the chosen year's cumulative rate against
the plan, the usual pace and past years, with the year-end forecast; its table, the KPIs and the
forecast's text. Nothing here reads the database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from callbacks import figures
from callbacks.disbursement.figures import points
from dashboard import fmt
from dashboard.forecast import (
    Forecast,
    cumulative_shares,
    needed_per_month,
    project_year_end,
    usual_year_end,
)
from dashboard.i18n import t
from dashboard.queries import DataStatus
from dashboard.queries import disbursement as queries
from layouts import ids
from layouts.components import Caption
from layouts.disbursement import TextPart
from layouts.parts import Kpi, TablePart

CURRENT, EXPECTED, FORECAST, PLAN = "#1d5e9e", "#b35c00", "#7c3aed", "#1f2933"
# past years, in turn: Okabe-Ito hues told apart with any colour vision, named at the line end
PAST = ("#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7f7f7f")


@dataclass(frozen=True)
class Curves:
    """What the S-curve, its table, the KPIs and the forecast are made of."""

    year: int
    month: int  # months of ``year`` counted (0: none reported)
    allocated: int
    cumulative: tuple[int, ...]  # 12 cumulative amounts of ``year``
    past: dict[int, tuple[int, tuple[int, ...]]]  # year -> (allocated, 12 cumulative amounts)
    expected: list[float] | None  # the usual pace, by month
    national: bool = False  # ``expected`` is the national pace: the filters have no past years
    # year -> months reported only within a later month's year-to-date total: not drawn
    lumped: dict[int, tuple[int, ...]] = dataclasses.field(default_factory=dict)

    @property
    def disbursed(self) -> int:
        return self.cumulative[self.month - 1] if self.month else 0

    @property
    def rate(self) -> float | None:
        return self.disbursed / self.allocated if self.allocated else None

    @property
    def expected_now(self) -> float | None:
        return self.expected[self.month - 1] if self.expected and self.month else None

    def expected_name(self, lang: str) -> str:
        return t("disb.expected_national" if self.national else "disb.expected", lang)

    def profiles(self) -> dict[int, list[float]]:
        shares = {y: cumulative_shares(a, c) for y, (a, c) in self.past.items()}
        return {year: values for year, values in shares.items() if values is not None}


def _percents(shares: Sequence[float]) -> list[float]:
    return [round(share * 100, 3) for share in shares]


def _line(name: str, xs: list[int], ys: list[float], hover: list[str], **style: object) -> dict:
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": xs,
        "y": ys,
        "customdata": hover,
        "hovertemplate": "%{customdata}<extra></extra>",
        **style,
    }


def _hover(year: int, allocated: int, cumulative: Sequence[int], lang: str) -> list[str]:
    return [
        f"{fmt.month_label(year, m, lang)}: {fmt.percent(c / allocated, lang)}"
        f" · {fmt.money(c, lang)}"
        for m, c in zip(queries.MONTHS, cumulative, strict=False)
    ]


def scurve_figure(curves: Curves, forecast: Forecast | None, lang: str) -> dict:
    """Cumulative disbursement as % of each year's plan, month by month."""
    months = list(queries.MONTHS)
    data = []
    for index, (year, (allocated, cumulative)) in enumerate(sorted(curves.past.items())):
        if allocated:
            shares = [c / allocated for c in cumulative]
            colour = PAST[index % len(PAST)]
            data.append(
                _line(
                    str(year),
                    months,
                    _percents(shares),
                    _hover(year, allocated, cumulative, lang),
                    line={"color": colour, "width": 2},
                    marker={"size": 4},
                )
            )
    if curves.expected:
        name = curves.expected_name(lang)
        hover = [
            f"{name}, {fmt.month_name(m, lang)}: {fmt.percent(s, lang)}"
            for m, s in zip(months, curves.expected, strict=True)
        ]
        data.append(
            _line(
                name,
                months,
                _percents(curves.expected),
                hover,
                line={"color": EXPECTED, "dash": "dash", "width": 2},
                mode="lines",
            )
        )
    plan = t("disb.plan_line", lang, amount=fmt.money(curves.allocated, lang))
    data.append(
        _line(
            plan,
            [1, 12],
            [100, 100],
            [plan, plan],
            mode="lines",
            line={"color": PLAN, "dash": "dot", "width": 1.5},
        )
    )
    if curves.month and curves.allocated:
        shown = list(curves.cumulative[: curves.month])
        data.append(
            _line(
                str(curves.year),
                months[: curves.month],
                _percents([c / curves.allocated for c in shown]),
                _hover(curves.year, curves.allocated, shown, lang),
                line={"color": CURRENT, "width": 4},
                marker={"size": 7},
            )
        )
    if forecast is not None:
        data.append(_forecast_trace(forecast, lang))
    for trace in data:
        if trace["name"].isdigit():
            _bridge(trace, curves.lumped.get(int(trace["name"]), ()), lang)
    layout = figures.base_layout(lang, t("disb.axis_rate", lang))
    layout["xaxis"] = {
        "type": "linear",
        "tickvals": months,
        "range": [0.6, 12.4],
        "ticktext": [tick(m, lang) for m in months],
        "fixedrange": True,
        "title": {"text": t("disb.axis_month", lang)},
        "automargin": True,
    }
    layout["yaxis"].update(ticksuffix="%", rangemode="tozero")
    layout["hovermode"] = "closest"
    layout["annotations"] = end_labels(data)
    layout["margin"] = {**layout["margin"], "r": 48}  # room for the labels at the line ends
    return {"data": data, "layout": layout}


def _bridge(trace: dict, lumped: Sequence[int], lang: str) -> None:
    """No point for months reported only within a later year-to-date total: the line goes
    straight to the month that reports them, whose hover says so (no invented spike)."""
    if not lumped:
        return
    gap: list[int] = []
    for index, month in enumerate(trace["x"]):
        if month in lumped:
            trace["y"][index] = None
            gap.append(month)
        elif gap:
            months = f"{tick(gap[0], lang)}–{tick(gap[-1], lang)}"
            note = t("disb.lumped", lang, months=months)
            trace["customdata"][index] = f"{trace['customdata'][index]} · {note}"
            gap = []
    trace["connectgaps"] = True


def end_labels(data: list[dict]) -> list[dict]:
    """Each past year named at the end of its line, in its colour: no legend look-up needed."""
    return [
        {"x": trace["x"][-1], "y": trace["y"][-1], "text": trace["name"], "showarrow": False,
         "xanchor": "left", "xshift": 6, "font": {"color": trace["line"]["color"], "size": 12}}
        for trace in data
        if trace["line"].get("color") in PAST
    ]  # fmt: skip


def caption(title: str, status: DataStatus, lang: str) -> Caption:
    """The S-curve's caption: its unit is the percent of the plan, not tỷ đồng."""
    units = t("figure.units", lang, unit=t("disb.axis_rate", lang))
    return dataclasses.replace(figures.caption(title, status, lang), units=units)


def tick(month: int, lang: str) -> str:
    return fmt.month_name(month, lang) if lang == "en" else f"T{month}"


def _forecast_trace(forecast: Forecast, lang: str) -> dict:
    band = f"{fmt.percent(forecast.low, lang)}–{fmt.percent(forecast.high, lang)}"
    text = t("disb.forecast_hover", lang, rate=fmt.percent(forecast.projected, lang), band=band)
    start = forecast.actual_rate * 100
    return _line(
        t("disb.forecast", lang),
        [forecast.month, 12],
        [round(start, 3), round(forecast.projected * 100, 3)],
        [text, text],
        line={"color": FORECAST, "dash": "dot", "width": 2},
        error_y={
            "type": "data",
            "symmetric": False,
            "array": [0, round((forecast.high - forecast.projected) * 100, 3)],
            "arrayminus": [0, round((forecast.projected - forecast.low) * 100, 3)],
            "color": FORECAST,
            "thickness": 2,
            "width": 6,
        },
    )


def scurve_table(curves: Curves, status: DataStatus, lang: str) -> TablePart:
    """The S-curve as numbers: one row per month, one rate column per year."""
    past = sorted(y for y, (a, _) in curves.past.items() if a)
    headers = (t("disb.axis_month", lang), *(str(y) for y in past))
    headers += (curves.expected_name(lang),) if curves.expected else ()
    headers += (str(curves.year), f"{curves.year} ({fmt.unit_name('ty', lang)})")
    rows = []
    for m in queries.MONTHS:
        row = [fmt.month_name(m, lang)]
        row += [fmt.percent(curves.past[y][1][m - 1] / curves.past[y][0], lang) for y in past]
        row += [fmt.percent(curves.expected[m - 1], lang)] if curves.expected else []
        counted = m <= curves.month and curves.allocated
        cumulative = curves.cumulative[m - 1]
        row += [
            fmt.percent(cumulative / curves.allocated, lang) if counted else fmt.DASH,
            fmt.amount(cumulative, lang) if m <= curves.month else fmt.DASH,
        ]
        rows.append(tuple(row))
    caption = figures.caption(t("disb.table_scurve", lang, year=curves.year), status, lang, False)
    numeric = tuple(range(1, len(headers)))
    return TablePart(ids.DISB_TABLE_SCURVE, headers, tuple(rows), caption, numeric)


def forecast_lines(curves: Curves, forecast: Forecast | None, lang: str) -> tuple[str, ...]:
    """The forecast and the monthly pace needed to reach the plan, in sentences."""
    if curves.month == 12:
        return (t("disb.year_complete", lang, rate=fmt.percent(curves.rate, lang)),)
    if forecast is None:
        return (t("disb.no_forecast", lang),)
    band = f"{fmt.percent(forecast.low, lang)}–{fmt.percent(forecast.high, lang)}"
    lines = [
        t(
            "disb.projected",
            lang,
            rate=fmt.percent(forecast.projected, lang),
            band=band,
            sd=points(forecast.sd, lang).lstrip("+"),
        )
    ]
    full = needed_per_month(curves.allocated, curves.disbursed, 1.0, curves.month)
    if full is not None:
        lines.append(needed_line(t("disb.target_full", lang), full, curves.month, lang))
    usual = usual_year_end(curves.profiles())
    needed = needed_per_month(curves.allocated, curves.disbursed, usual or 0, curves.month)
    if usual is not None and needed is not None:
        target = t("disb.target_usual", lang, rate=fmt.percent(usual, lang))
        lines.append(needed_line(target, needed, curves.month, lang))
    return tuple(lines)


def needed_line(target: str, amount: int, month: int, lang: str) -> str:
    """One sentence for every case: "to reach <target>, <amount> a month from <month> to
    December" (or "in December" when only December is left)."""
    money = fmt.money(amount, lang, unit="auto")
    if month == 11:
        return t("disb.needed_last", lang, target=target, amount=money)
    first = fmt.month_name(month + 1, lang)
    return t("disb.needed", lang, target=target, amount=money, first=first)


def forecast_part(curves: Curves, status: DataStatus, lang: str) -> TextPart:
    forecast = project_year_end(curves.rate, curves.profiles(), curves.month)
    years = ", ".join(str(y) for y in (forecast.years if forecast else sorted(curves.past)))
    method = t("disb.method", lang, years=years or fmt.DASH)
    caption = figures.caption(t("disb.forecast_title", lang, year=curves.year), status, lang)
    return TextPart(ids.DISB_FORECAST, forecast_lines(curves, forecast, lang), method, caption)


def kpis(curves: Curves, forecast: Forecast | None, lang: str) -> tuple[Kpi, ...]:
    unit = fmt.unit_name("ty", lang)
    month = (
        t("kpi.upto", lang, month=fmt.month_label(curves.year, curves.month, lang))
        if curves.month
        else t("period.none", lang)
    )
    expected = curves.expected_now
    pace = (
        (
            t("disb.usual_at", lang, rate=fmt.percent(expected, lang)),
            t("disb.gap", lang, gap=points(_gap(curves.rate, expected), lang)),
        )
        if expected is not None
        else ()
    )
    if forecast is not None:
        band = f"{fmt.percent(forecast.low, lang)}–{fmt.percent(forecast.high, lang)}"
        projected = (fmt.percent(forecast.projected, lang), (t("disb.band", lang, band=band),))
    else:
        projected = (fmt.DASH, (t("disb.no_forecast_short", lang),))
    return (
        Kpi(
            ids.DISB_KPI_ALLOCATED,
            t("kpi.allocated", lang),
            fmt.amount(curves.allocated, lang),
            unit,
            (t("kpi.full_year", lang, year=curves.year),),
        ),
        Kpi(
            ids.DISB_KPI_DISBURSED,
            t("measure.disbursed", lang),
            fmt.amount(curves.disbursed, lang),
            unit,
            (month,),
        ),
        Kpi(ids.DISB_KPI_RATE, t("measure.rate", lang), fmt.percent(curves.rate, lang), None, pace),
        Kpi(ids.DISB_KPI_FORECAST, t("disb.kpi_forecast", lang), projected[0], None, projected[1]),
    )


def _gap(rate: float | None, expected: float | None) -> float | None:
    return None if rate is None or expected is None else rate - expected
