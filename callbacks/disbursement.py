"""The disbursement page: the chosen year's cumulative S-curve against the plan, the usual pace
and past years; a year-end forecast; the year split by project, sub-project, source, kind and
province (with the pace gap).

``disbursement_view(deps, lang, params)`` is the plain function (tested against a real database)
that turns the URL's parameters into a ``DisbursementView``; ``page(deps)`` is the layout Dash
pages calls with them. ``filters_href`` is the one callback: a dropdown change rewrites the URL,
and Dash pages renders the page again from it (so back, reload and links all work).

URL: ``?year=2025&month=8&province=04,08&project=DA4&source=central&kind=investment
&plan=current|carry_over&lang=en``. Provinces are codes of the map of the year's latest data
(``queries.disbursement.year_vintages``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

import dash
import pandas as pd
from dash import Dash, Input, Output, State

from callbacks import figures
from callbacks.deps import Deps
from callbacks.shell import href
from dashboard import fmt, i18n
from dashboard.forecast import (
    Forecast,
    cumulative_shares,
    expected_path,
    needed_per_month,
    project_year_end,
    usual_year_end,
)
from dashboard.i18n import t
from dashboard.models import KINDS, LEGACY, SOURCES
from dashboard.queries import DataStatus, Totals, available_years, default_year, upto_month_for
from dashboard.queries import disbursement as queries
from dashboard.queries.pace import complete_years, profile
from dashboard.queries.scope import Scope
from layouts import disbursement as disbursement_layout
from layouts import ids
from layouts.disbursement import DisbursementView, Filter, TextPart
from layouts.overview import Failed, FigurePart, Kpi, TablePart
from layouts.shell import Link

log = logging.getLogger(__name__)
T = TypeVar("T")
PATH = "/disbursement"
PLANS = ("current", "carry_over")
MUTED = ("#b8c4d1", "#c9b8a6", "#a9c7b5", "#c6b3cf", "#b3c6cf")  # past years, in turn
CURRENT, EXPECTED, FORECAST, PLAN = "#1d5e9e", "#d97706", "#7c3aed", "#1f2933"


# ---------------------------------------------------------------- URL parameters


@dataclass(frozen=True)
class Params:
    year: int | None = None
    month: int | None = None
    provinces: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    plan: str | None = None  # "current", "carry_over" or None (both)

    def filters(self) -> dict[str, str | None]:
        """The dropdown filters as URL parameters (None: left out)."""
        return {
            "province": ",".join(self.provinces) or None,
            "project": ",".join(self.projects) or None,
            "source": ",".join(self.sources) or None,
            "kind": ",".join(self.kinds) or None,
            "plan": self.plan,
        }


def _last(value: object) -> object:
    return value[-1] if isinstance(value, list | tuple) and value else value


def _int(value: object) -> int | None:
    try:
        return int(str(_last(value)))
    except ValueError:
        return None


def _codes(value: object) -> tuple[str, ...]:
    """``"04,08"`` or ``["04", "08"]`` -> ``("04", "08")`` (blank parts and repeats dropped)."""
    parts = value if isinstance(value, list | tuple) else str(value or "").split(",")
    return tuple(dict.fromkeys(p.strip() for p in parts if p and str(p).strip()))


def parse_params(raw: Mapping[str, object]) -> Params:
    plan = str(_last(raw.get("plan")) or "")
    return Params(
        year=_int(raw.get("year")),
        month=_int(raw.get("month")),
        provinces=_codes(raw.get("province")),
        projects=_codes(raw.get("project")),
        sources=tuple(s for s in _codes(raw.get("source")) if s in SOURCES),
        kinds=tuple(k for k in _codes(raw.get("kind")) if k in KINDS),
        plan=plan if plan in PLANS else None,
    )


def filters_href(
    base: Mapping[str, object] | None,
    provinces: Sequence[str] | None,
    projects: Sequence[str] | None,
    sources: Sequence[str] | None,
    kinds: Sequence[str] | None,
    plan: str | None,
) -> str:
    """The page's URL for the dropdowns' values, keeping ``base`` (lang, year, month)."""
    chosen = parse_params(
        {
            "province": provinces or (),
            "project": projects or (),
            "source": sources or (),
            "kind": kinds or (),
            "plan": plan,
        }
    )
    keep = {key: (base or {}).get(key) for key in ("lang", "year", "month")}
    return href(PATH, **keep, **chosen.filters())


# ---------------------------------------------------------------- formatting helpers


def _guarded(read: Callable[[], T], lang: str, what: str) -> T | Failed:
    try:
        return read()
    except Exception:  # noqa: BLE001 (any failure of a part must leave the rest of the page)
        log.exception("disbursement: reading %s failed", what)
        return Failed(t("error.read", lang))


def _rate(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def points(gap: float | None, lang: str) -> str:
    """A pace gap in percentage points: ``"+2,5 điểm %"`` / ``"-3.1 pp"``."""
    if gap is None:
        return fmt.DASH
    sign = "+" if round(gap * 100, 1) > 0 else ""
    return f"{sign}{fmt.number(gap * 100, lang, 1)} {t('disb.points', lang)}"


def _money_rows(frame: pd.DataFrame, label: Callable[[object], Sequence[str]], lang: str) -> tuple:
    return tuple(
        (
            *label(r),
            fmt.amount(int(r.allocated), lang),
            fmt.amount(int(r.disbursed), lang),
            fmt.percent(_rate(r.rate), lang),
        )
        for r in frame.itertuples()
    )


def _money_headers(lang: str, *first: str) -> tuple[str, ...]:
    unit = fmt.unit_name("ty", lang)
    return (
        *first,
        f"{t('measure.allocated', lang)} ({unit})",
        f"{t('measure.disbursed', lang)} ({unit})",
        t("measure.rate_short", lang),
    )


def _totals(frame: pd.DataFrame) -> dict[str, Totals]:
    return {str(r.key): Totals(int(r.allocated), int(r.disbursed)) for r in frame.itertuples()}


# ---------------------------------------------------------------- S-curve and forecast


@dataclass(frozen=True)
class Curves:
    """What the S-curve, its table, the KPIs and the forecast are made of."""

    year: int
    month: int  # months of ``year`` counted (0: none reported)
    allocated: int
    cumulative: tuple[int, ...]  # 12 cumulative amounts of ``year``
    past: dict[int, tuple[int, tuple[int, ...]]]  # year -> (allocated, 12 cumulative amounts)
    expected: list[float] | None  # the usual pace (national, ``queries.pace``), by month

    @property
    def disbursed(self) -> int:
        return self.cumulative[self.month - 1] if self.month else 0

    @property
    def rate(self) -> float | None:
        return self.disbursed / self.allocated if self.allocated else None

    @property
    def expected_now(self) -> float | None:
        return self.expected[self.month - 1] if self.expected and self.month else None

    def profiles(self) -> dict[int, list[float]]:
        shares = {y: cumulative_shares(a, c) for y, (a, c) in self.past.items()}
        return {year: values for year, values in shares.items() if values is not None}


def read_curves(deps: Deps, scope: Scope, as_of: tuple[int, int] | None) -> Curves:
    past = complete_years(scope.year, as_of)
    frame = deps.read(queries.curves, replace(scope, upto_month=12), (*past, scope.year))
    benchmark = deps.read(profile, past)

    def row(year: int) -> tuple[int, tuple[int, ...]]:
        values = frame.loc[year]
        return int(values["allocated"]), tuple(int(values[m]) for m in queries.MONTHS)

    allocated, cumulative = row(scope.year)
    return Curves(
        year=scope.year,
        month=scope.upto_month,
        allocated=allocated,
        cumulative=cumulative,
        past={year: row(year) for year in past},
        expected=expected_path(benchmark),
    )


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
            colour = MUTED[index % len(MUTED)]
            data.append(
                _line(
                    str(year),
                    months,
                    _percents(shares),
                    _hover(year, allocated, cumulative, lang),
                    line={"color": colour, "width": 1.5},
                    marker={"size": 4},
                )
            )
    if curves.expected:
        hover = [
            f"{t('disb.expected', lang)}, {fmt.month_name(m, lang)}: {fmt.percent(s, lang)}"
            for m, s in zip(months, curves.expected, strict=True)
        ]
        data.append(
            _line(
                t("disb.expected", lang),
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
    layout = figures.base_layout(lang, t("disb.axis_rate", lang))
    layout["xaxis"] = {
        "type": "linear",
        "tickvals": months,
        "range": [0.6, 12.4],
        "ticktext": [_tick(m, lang) for m in months],
        "fixedrange": True,
        "title": {"text": t("disb.axis_month", lang)},
        "automargin": True,
    }
    layout["yaxis"].update(ticksuffix="%", rangemode="tozero")
    layout["hovermode"] = "closest"
    return {"data": data, "layout": layout}


def _tick(month: int, lang: str) -> str:
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
    headers += (t("disb.expected", lang),) if curves.expected else ()
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
    left = 12 - curves.month
    full = needed_per_month(curves.allocated, curves.disbursed, 1.0, curves.month)
    if full is not None:
        lines.append(t("disb.needed_full", lang, amount=fmt.money(full, lang), months=left))
    usual = usual_year_end(curves.profiles())
    needed = needed_per_month(curves.allocated, curves.disbursed, usual or 0, curves.month)
    if usual is not None and needed is not None:
        lines.append(
            t(
                "disb.needed_usual",
                lang,
                rate=fmt.percent(usual, lang),
                amount=fmt.money(needed, lang),
            )
        )
    return tuple(lines)


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
            t("kpi.disbursed", lang),
            fmt.amount(curves.disbursed, lang),
            unit,
            (month,),
        ),
        Kpi(ids.DISB_KPI_RATE, t("kpi.rate", lang), fmt.percent(curves.rate, lang), None, pace),
        Kpi(ids.DISB_KPI_FORECAST, t("disb.kpi_forecast", lang), projected[0], None, projected[1]),
    )


def _gap(rate: float | None, expected: float | None) -> float | None:
    return None if rate is None or expected is None else rate - expected


# ---------------------------------------------------------------- breakdowns


def project_parts(deps: Deps, scope: Scope, status: DataStatus, lang: str) -> tuple:
    """Bars and table by project, and a table by sub-project (or ``Failed`` parts)."""
    frames = _guarded(
        lambda: (
            deps.read(queries.breakdown, scope, "project"),
            deps.read(queries.breakdown, scope, "subproject"),
        ),
        lang,
        "breakdown by project",
    )
    if isinstance(frames, Failed):
        return frames, frames, frames
    projects, lines = frames
    name = f"name_{lang}" if lang in ("vi", "en") else "name_vi"
    year = scope.year
    figure = FigurePart(
        ids.DISB_GRAPH_PROJECTS,
        figures.split_figure(_totals(projects), {k: k for k in projects["key"]}, lang),
        figures.caption(t("disb.by_project", lang, year=year), status, lang),
    )

    def table(frame: pd.DataFrame, table_id: str, title: str) -> TablePart:
        rows = _money_rows(frame, lambda r: (r.key, getattr(r, name)), lang)
        headers = _money_headers(lang, t("disb.code", lang), t("disb.name", lang))
        caption = figures.caption(title, status, lang, False)
        return TablePart(table_id, headers, rows, caption, (2, 3, 4))

    return (
        figure,
        table(projects, ids.DISB_TABLE_PROJECTS, t("disb.by_project", lang, year=year)),
        table(lines, ids.DISB_TABLE_SUBPROJECTS, t("disb.by_subproject", lang, year=year)),
    )


def split_parts(deps: Deps, scope: Scope, status: DataStatus, lang: str) -> tuple:
    """Bars by source and by kind, and one table of both and of the plan (or ``Failed``)."""
    frames = _guarded(
        lambda: {
            by: deps.read(queries.breakdown, scope, by) for by in ("source", "kind", "carry_over")
        },
        lang,
        "breakdown by source and kind",
    )
    if isinstance(frames, Failed):
        return frames, frames, frames
    year = scope.year
    sources = {s: t(f"disb.source.{s}", lang) for s in SOURCES}
    kinds = {k: t(f"kind.{k}", lang) for k in KINDS}
    plans = {"False": t("plan.current", lang), "True": t("plan.carry_over", lang)}

    def figure(by: str, labels: dict[str, str], graph_id: str) -> FigurePart:
        totals = _totals(frames[by])
        shown = {key: label for key, label in labels.items() if key in totals}
        title = t(f"disb.by_{by}", lang, year=year)
        caption = figures.caption(title, status, lang)
        return FigurePart(graph_id, figures.split_figure(totals, shown, lang), caption)

    rows: list[tuple[str, ...]] = []
    for by, labels in (("source", sources), ("kind", kinds), ("carry_over", plans)):
        group = t(f"disb.group.{by}", lang)
        rows += _money_rows(frames[by], lambda r, g=group, x=labels: (g, x[str(r.key)]), lang)
    headers = _money_headers(lang, t("disb.group", lang), t("disb.item", lang))
    caption = figures.caption(t("disb.table_splits", lang, year=year), status, lang, False)
    return (
        figure("source", sources, ids.DISB_GRAPH_SOURCES),
        figure("kind", kinds, ids.DISB_GRAPH_KINDS),
        TablePart(ids.DISB_TABLE_SPLITS, headers, tuple(rows), caption, (2, 3, 4)),
    )


def provinces_table(
    deps: Deps, scope: Scope, expected: float | None, status: DataStatus, lang: str
) -> TablePart | Failed:
    """Provinces, most behind the usual pace first."""
    frame = _guarded(lambda: deps.read(queries.provinces, scope), lang, "provinces")
    if isinstance(frame, Failed):
        return frame
    frame = frame.assign(gap=frame["rate"] - expected if expected is not None else float("nan"))
    frame = frame.sort_values(["gap", "rate", "name"], na_position="last", kind="stable")
    rows = tuple(
        (*row, points(_rate(gap), lang))
        for row, gap in zip(
            _money_rows(frame, lambda r: (r.name,), lang), frame["gap"], strict=True
        )
    )
    headers = (*_money_headers(lang, t("disb.province", lang)), t("disb.pace_gap", lang))
    title = t("disb.provinces", lang, year=scope.year, vintage=scope.vintage)
    caption = figures.caption(title, status, lang, units=True)
    return TablePart(ids.DISB_TABLE_PROVINCES, headers, rows, caption, (1, 2, 3, 4))


# ---------------------------------------------------------------- the view


@dataclass(frozen=True)
class Basics:
    status: DataStatus
    years: list[int]
    vintages: dict[int, int]


def _basics(deps: Deps) -> Basics:
    return Basics(deps.status(), deps.read(available_years), deps.read(queries.year_vintages))


def _filters(deps: Deps, params: Params, vintage: int, lang: str) -> tuple[Params, tuple]:
    """Valid parameters (unknown provinces and projects dropped) and the dropdowns."""
    provinces = deps.read(queries.province_options, vintage)
    lines = deps.read(queries.catalogue)
    projects = lines.drop_duplicates("project")
    names = dict(zip(projects["project"], projects[f"project_{lang}"], strict=True))
    params = replace(
        params,
        provinces=tuple(c for c in params.provinces if c in set(provinces["code"])),
        projects=tuple(c for c in params.projects if c in names),
    )
    any_label = t("disb.all", lang)
    controls = (
        Filter(
            ids.DISB_PROVINCES,
            t("disb.province", lang),
            tuple(zip(provinces["code"], provinces["name"], strict=True)),
            params.provinces,
            placeholder=any_label,
        ),
        Filter(
            ids.DISB_PROJECTS,
            t("disb.project", lang),
            tuple((code, f"{code} – {name}") for code, name in names.items()),
            params.projects,
            placeholder=any_label,
        ),
        Filter(
            ids.DISB_SOURCES,
            t("disb.group.source", lang),
            tuple((s, t(f"disb.source.{s}", lang)) for s in SOURCES),
            params.sources,
            placeholder=any_label,
        ),
        Filter(
            ids.DISB_KINDS,
            t("disb.group.kind", lang),
            tuple((k, t(f"kind.{k}", lang)) for k in KINDS),
            params.kinds,
            placeholder=any_label,
        ),
        Filter(
            ids.DISB_PLAN,
            t("disb.group.carry_over", lang),
            tuple((p, t(f"plan.{p}", lang)) for p in PLANS),
            params.plan,
            multi=False,
            placeholder=any_label,
        ),
    )
    return params, controls


def _scope(params: Params, year: int, month: int, vintage: int) -> Scope:
    return Scope(
        year=year,
        upto_month=month,
        vintage=vintage,
        provinces=params.provinces,
        projects=params.projects,
        sources=params.sources,
        kinds=params.kinds,
        carry_over=None if params.plan is None else params.plan == "carry_over",
    )


def _links(basics: Basics, params: Params, year: int, month: int, upto: int, lang: str) -> dict:
    filters = params.filters()
    vintage = basics.vintages.get(year, LEGACY)

    def year_link(y: int) -> Link:
        kept = dict(filters)
        if basics.vintages.get(y, LEGACY) != vintage:
            kept["province"] = None  # another map: its province codes differ
        return Link(str(y), href(PATH, lang=lang, year=y, **kept), y == year)

    return {
        "years": tuple(year_link(y) for y in basics.years),
        "months": tuple(
            Link(_tick(m, lang), href(PATH, lang=lang, year=year, month=m, **filters), m == month)
            for m in range(1, upto + 1)
        ),
        "clear": Link(t("disb.clear", lang), href(PATH, lang=lang, year=year, month=month))
        if any(filters.values())
        else None,
    }


def _period(year: int, month: int, lang: str) -> str:
    if month == 0:
        return t("overview.period_none", lang, year=year)
    if month == 12:
        return t("overview.period_full", lang, year=year)
    return t("overview.period_upto", lang, year=year, month=fmt.month_label(year, month, lang))


def _empty(lang: str, **parts: object) -> DisbursementView:
    return DisbursementView(
        title=t("disb.title", lang),
        period=None,
        year_label=t("overview.year", lang),
        years=(),
        month_label=t("disb.month", lang),
        months=(),
        table_label=t("disb.show_table", lang),
        params={"lang": lang},
        **parts,
    )


def disbursement_view(deps: Deps, lang: str, raw: Mapping[str, object]) -> DisbursementView:
    """Everything the page shows for the URL's parameters ``raw``."""
    basics = _guarded(lambda: _basics(deps), lang, "data status")
    if isinstance(basics, Failed):
        return _empty(lang, kpis=basics)
    if not basics.years:
        return _empty(lang, notices=(t("info.no_data", lang),))
    params, notices = parse_params(raw), []
    as_of = basics.status.data_as_of
    year = params.year if params.year in basics.years else default_year(basics.years, as_of)
    if params.year not in (None, year):
        notices.append(t("info.year_missing", lang, asked=params.year, year=year))
    upto = upto_month_for(year, as_of)
    month = params.month if params.month is not None and 1 <= params.month <= upto else upto
    vintage = basics.vintages.get(year, LEGACY)
    checked = _guarded(lambda: _filters(deps, params, vintage, lang), lang, "filter options")
    params, controls = (params, ()) if isinstance(checked, Failed) else checked
    scope = _scope(params, year, month, vintage)
    status = basics.status
    curves = _guarded(lambda: read_curves(deps, scope, as_of), lang, "monthly curves")
    projects = project_parts(deps, scope, status, lang)
    splits = split_parts(deps, scope, status, lang)
    if isinstance(curves, Failed):
        top = {"kpis": curves, "scurve": curves, "scurve_table": curves, "forecast": curves}
        expected = None
    else:
        forecast = project_year_end(curves.rate, curves.profiles(), curves.month)
        title = t("disb.scurve", lang, year=year)
        top = {
            "kpis": kpis(curves, forecast, lang),
            "scurve": FigurePart(
                ids.DISB_GRAPH_SCURVE,
                scurve_figure(curves, forecast, lang),
                figures.caption(title, status, lang),
            ),
            "scurve_table": scurve_table(curves, status, lang),
            "forecast": forecast_part(curves, status, lang),
        }
        expected = curves.expected_now
    if vintage != LEGACY and year <= 2025:
        notices.append(t("disb.vintage_rule", lang, year=year))
    return DisbursementView(
        title=t("disb.title", lang),
        period=_period(year, month, lang),
        year_label=t("overview.year", lang),
        month_label=t("disb.month", lang),
        table_label=t("disb.show_table", lang),
        params={"lang": lang, "year": year, "month": month if month != upto else None},
        filters=controls,
        notices=tuple(notices),
        **_links(basics, params, year, month, upto, lang),
        **top,
        projects=projects[0],
        projects_table=projects[1],
        subprojects_table=projects[2],
        by_source=splits[0],
        by_kind=splits[1],
        splits_table=splits[2],
        provinces_table=provinces_table(deps, scope, expected, status, lang),
    )


def page(deps: Deps) -> Callable[..., object]:
    """The layout Dash pages calls with the query parameters of the URL."""

    def layout(lang: object = None, **params: object) -> object:
        language = i18n.normalize(lang, deps.settings.language)
        return disbursement_layout.layout(disbursement_view(deps, language, params))

    return layout


def register(app: Dash, deps: Deps) -> None:
    lang = deps.settings.language
    dash.register_page(
        "disbursement",
        path=PATH,
        name=t("nav.disbursement", lang),
        title=f"{t('disb.title', lang)} · {t('app.name', lang)}",
        description=t("app.description", lang),
        order=20,
        layout=page(deps),
    )

    @app.callback(
        Output(ids.DISB_LOCATION, "href"),
        Input(ids.DISB_PROVINCES, "value"),
        Input(ids.DISB_PROJECTS, "value"),
        Input(ids.DISB_SOURCES, "value"),
        Input(ids.DISB_KINDS, "value"),
        Input(ids.DISB_PLAN, "value"),
        State(ids.DISB_PARAMS, "data"),
        prevent_initial_call=True,
    )
    def _filters_changed(provinces, projects, sources, kinds, plan, base):  # noqa: ANN001, ANN202
        return filters_href(base, provinces, projects, sources, kinds, plan)
