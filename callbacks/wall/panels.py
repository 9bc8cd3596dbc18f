"""What each wall panel shows, as JSON-ready dicts built from the other pages' plain functions.

``panel_data(deps, panel, lang)`` -> ``{"kind", "title", "caption", "kpis", "figure", "map",
"legend", "table", "error"}`` (absent parts are None). ``assets/wall.js`` draws it: KPI cards,
a Plotly figure (``Plotly.react`` into the panel's one graph div), a choropleth from a boundary
URL and values (as ``/map`` does), a table. A read that fails becomes ``error``; the others stay.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace

import pandas as pd

from callbacks import figures, scoping
from callbacks.deps import Deps
from callbacks.disbursement import curve as disbursement_curve
from callbacks.disbursement import page as disbursement
from callbacks.indicators import page as indicators
from callbacks.map import page as map_page
from callbacks.map.state import MapState, from_params
from callbacks.outage import FAILURES
from callbacks.overview import page as overview
from callbacks.overview import progress as overview_progress
from dashboard import fmt
from dashboard.filters import VINTAGES, Filters, from_query
from dashboard.forecast import project_year_end
from dashboard.i18n import t
from dashboard.models import LEGACY
from dashboard.queries import DataStatus, available_years, national_summary
from dashboard.queries import disbursement as disbursement_queries
from dashboard.queries import map as map_queries
from dashboard.queries.indicators import indicator_definitions, national_series
from dashboard.queries.provinces import province_progress
from dashboard.queries.scope import Scope
from dashboard.wall_config import Panel
from layouts.parts import Failed, Kpi, TablePart

log = logging.getLogger(__name__)
TABLE_ROWS = 12  # rows a wall table shows: legible from five metres
WALL_NO_DATA = "#8b95a1"  # units without reports: a mid grey, unlike any class on the dark wall


def _empty(kind: str, title: str) -> dict:
    return {"kind": kind, "title": title, "caption": None, "kpis": None, "figure": None,
            "map": None, "legend": None, "table": None, "error": None}  # fmt: skip


def _caption(caption: figures.Caption) -> dict:
    return asdict(caption)


def _kpis(kpis: tuple[Kpi, ...]) -> list[dict]:
    return [{"label": k.label, "value": k.value, "unit": k.unit, "details": list(k.details)}
            for k in kpis]  # fmt: skip


def _table(part: TablePart) -> dict:
    return {"headers": list(part.headers), "rows": [list(r) for r in part.rows[:TABLE_ROWS]],
            "numeric": list(part.numeric)}  # fmt: skip


def _period(year: int, upto: int, lang: str) -> str:
    if upto == 12 or upto == 0:
        key = "overview.period_full" if upto == 12 else "overview.period_none"
        return t(key, lang, year=year)
    return t("overview.period_upto", lang, year=year, month=fmt.month_label(year, upto, lang))


def panel_filters(deps: Deps, panel: Panel, vintages: Sequence[int] = VINTAGES) -> Filters:
    """The panel's filters (``dashboard.filters``), resolved: its year (default: the latest with
    data), the months reported in it; ``LookupError`` without data."""
    asked = {f"{name}s": list(panel.values(name)) for name in ("province", "project", "source",
                                                              "kind")}  # fmt: skip
    return scoping.resolve(deps, from_query({"year": panel.value("year"), **asked}), vintages)


def year_and_month(deps: Deps, panel: Panel) -> tuple[int, int]:
    """The panel's year (default: the latest with data) and the months reported in it."""
    filters = panel_filters(deps, panel)
    return filters.year, filters.month


def kpis_panel(deps: Deps, panel: Panel, lang: str) -> dict:
    """National allocated, disbursed, rate and pace against past years."""
    status = deps.status()
    year, upto = year_and_month(deps, panel)
    scope = scoping.grant_scope(deps)
    summary = deps.read(national_summary, year, upto, scope)
    years = deps.read(available_years)
    previous = deps.read(national_summary, year - 1, upto, scope) if year - 1 in years else None
    usual = overview_progress.expected(deps, year, upto, status)
    cards = (
        *overview.kpis(summary, previous, lang),
        overview_progress.pace_kpi(summary, usual, lang),
    )
    data = _empty("kpis", t("wall.kpis", lang, period=_period(year, upto, lang)))
    data.update(kpis=_kpis(cards), caption=_caption(figures.caption(data["title"], status, lang)))
    data["note"] = scoping.granted_note(deps, lang)
    return data


def _map_data(deps: Deps, state: MapState, kind: str) -> dict:
    view = map_page.map_view(deps, state)
    side = view.side
    data = _empty(kind, side.title)
    data.update(caption=_caption(view.caption), error=side.error)
    if view.geo and not side.error:
        inset = view.geo.get("inset")  # a far archipelago beside its province (map.py)
        data["map"] = {"url": view.geo["url"], "values": view.values, "nodata": WALL_NO_DATA,
                       "islands": view.geo.get("labels"),
                       "inset": inset and {**inset, "mainland": view.geo["bounds"]}}  # fmt: skip
        items = [[c.colour, c.label] for c in side.legend]
        if side.gaps:  # a mid grey, told apart from the darkest class on the dark wall
            items.append([WALL_NO_DATA, "; ".join(side.gaps)])
        data["legend"] = {"title": side.legend_title, "items": items}
        rows = [[r.name, r.value] for r in side.rows[:TABLE_ROWS]]
        data["table"] = {"headers": list(side.table_headers[1:]), "rows": rows, "numeric": [1]}
    return data


def map_panel(deps: Deps, panel: Panel, lang: str) -> dict:
    """Provinces coloured by the disbursement rate (or ``metric``), laggards listed."""
    params = {"lang": lang, "year": panel.value("year"), "metric": panel.value("metric")}
    return _map_data(deps, from_params(params, lang), "map")


def lagging_panel(deps: Deps, panel: Panel, lang: str) -> dict:
    """The provinces furthest below the usual pace, and what holds each back."""
    status = deps.status()
    year, upto = year_and_month(deps, panel)
    usual = overview_progress.expected(deps, year, upto, status)
    part = overview_progress.lagging_part(deps, year, upto, usual, status, lang)
    data = _empty("lagging", t("wall.lagging", lang, period=_period(year, upto, lang)))
    if isinstance(part, Failed):
        data["error"] = part.message
        return data
    data.update(table=_table(part), caption=_caption(part.caption))
    if usual is not None:
        data["note"] = t("kpi.pace_usual", lang, month=fmt.month_name(upto, lang),
                         rate=fmt.percent(usual, lang))  # fmt: skip
    return data


def _scurve_scope(deps: Deps, panel: Panel) -> Scope:
    """The panel's filters on the map of the year's latest data, narrowed to the viewer's."""
    vintages = deps.read(disbursement_queries.year_vintages)
    filters = panel_filters(deps, panel, lambda year: (vintages.get(year, LEGACY),))
    return scoping.scope_of(deps, filters)


def _filters_text(panel: Panel, lang: str) -> str:
    parts = [t(f"kind.{k}", lang) for k in panel.values("kind")]
    parts += [t(f"capital.{s}", lang) for s in panel.values("source")]
    parts += list(panel.values("project")) + list(panel.values("province"))
    return f" · {', '.join(parts)}" if parts else ""


def scurve_panel(deps: Deps, panel: Panel, lang: str) -> dict:
    """The year's cumulative disbursement against plan, usual pace and the year-end forecast."""
    status = deps.status()
    scope = _scurve_scope(deps, panel)
    year = scope.year
    curves = disbursement.read_curves(deps, scope, status.data_as_of)
    forecast = project_year_end(curves.rate, curves.profiles(), curves.month)
    title = t("disb.scurve", lang, year=year) + _filters_text(panel, lang)
    data = _empty("scurve", title)
    data.update(
        kpis=_kpis(disbursement_curve.kpis(curves, forecast, lang)),
        figure=disbursement_curve.scurve_figure(curves, forecast, lang),
        caption=_caption(figures.caption(title, status, lang)),
    )
    return data


def indicators_panel(deps: Deps, panel: Panel, lang: str) -> dict:
    """Each target indicator: latest national value, targets and status."""
    status = deps.status()
    definitions = deps.read(indicator_definitions)
    series = deps.read(national_series)
    wanted = panel.values("indicator")
    rows = [r for _, r in definitions.iterrows() if not wanted or r.code in wanted]
    cards = [indicators.card(r, indicators.series_points(series, r.code), lang, None) for r in rows]
    title = t("wall.indicators", lang)
    data = _empty("indicators", title)
    headers = [t("label.name", lang), *(label for label, _ in cards[0].facts[1:])] if cards else []
    data["table"] = {
        "headers": [*headers, t("wall.status", lang)],
        "rows": [[c.name, *(v for _, v in c.facts[1:]), c.status_label] for c in cards],
        "numeric": [],
        "status": [c.status for c in cards],
    }
    data["caption"] = _caption(figures.caption(title, status, lang, units=False))
    return data


def _largest(deps: Deps, panel: Panel, state: MapState, data: dict, count: int = 5) -> None:
    """Names the ``count`` communes with the largest plans on the map (code, short name)."""
    if not data.get("map"):
        return
    year, upto = year_and_month(deps, panel)
    scope = scoping.scope_of(deps, replace(state, year=year, month=upto).filters)
    frame = deps.read(map_queries.unit_amounts, scope, "commune")
    units = deps.read(map_queries.units, state.vintage, "commune")
    units = units[units["province_code"] == state.province]
    top = units.merge(frame[frame["allocated"] > 0], on="code").nlargest(count, "allocated")
    data["map"]["labels"] = [[c, n] for c, n in zip(top["code"], top["short_name"], strict=True)]


def province_panel(deps: Deps, panel: Panel, lang: str) -> dict:
    """One province: its totals and its communes on the map, lowest first, the largest named."""
    code = panel.value("province")
    params = {"lang": lang, "year": panel.value("year"), "metric": panel.value("metric"),
              "province": code, "level": "commune"}  # fmt: skip
    state = from_params(params, lang)
    data = _map_data(deps, state, "province")
    _largest(deps, panel, state, data)
    year, upto = year_and_month(deps, panel)
    frame = deps.read(province_progress, year, upto, scoping.grant_scope(deps))
    row = frame[frame.province_code == code]
    if row.empty:
        data["error"] = data["error"] or t("wall.no_province", lang, code=code)
        return data
    first = row.iloc[0]
    if data.get("table"):  # the communes' province, named in the table too
        data["table"]["headers"][0] = f"{data['table']['headers'][0]} · {first['name']}"
    usual = overview_progress.expected(deps, year, upto, deps.status())
    rate = None if pd.isna(first.rate) else float(first.rate)
    unit = fmt.unit_name("ty", lang)
    data["title"] = f"{first['name']} · {data['title']}"
    data["kpis"] = [
        {"label": t("kpi.allocated", lang), "value": fmt.amount(int(first.allocated), lang),
         "unit": unit, "details": []},
        {"label": t("measure.disbursed", lang), "value": fmt.amount(int(first.disbursed), lang),
         "unit": unit, "details": []},
        {"label": t("measure.rate", lang), "value": fmt.percent(rate, lang), "unit": None,
         "details": [t("table.pace_gap", lang) + ": " + overview_progress.points(
             None if rate is None or usual is None else rate - usual, lang)]},
    ]  # fmt: skip
    return data


BUILDERS: dict[str, Callable[[Deps, Panel, str], dict]] = {
    "kpis": kpis_panel,
    "map": map_panel,
    "lagging": lagging_panel,
    "scurve": scurve_panel,
    "indicators": indicators_panel,
    "province": province_panel,
}


def panel_data(deps: Deps, panel: Panel, lang: str) -> dict:
    """The panel's data, or its title and an error message when a read fails."""
    try:
        return BUILDERS[panel.kind](deps, panel, lang)
    except Exception:  # noqa: BLE001 (one failed panel must leave the others on the wall)
        FAILURES.failed(f"wall panel {panel.token}")
        data = _empty(panel.kind, t(f"wall.panel.{panel.kind}", lang))
        data["error"] = t("error.read", lang)
        return data


def status_text(status: DataStatus, lang: str) -> str:
    as_of = status.data_as_of
    return (
        t("status.as_of", lang, month=fmt.month_label(*as_of, lang))
        if as_of
        else t("status.no_data", lang)
    )
