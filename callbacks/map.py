"""The map explorer (``/map``): a choropleth of one metric per unit, drawn in the browser.

The boundary GeoJSON of a (vintage, level[, province]) is fetched by ``assets/map.js`` from its
content-hashed URL (``callbacks.geometry``) and cached by the browser; the server sends only a
small list of values ({code, class, hover text}). A change of filter recolours the figure with
``dash.Patch`` (values only); a change of boundary file makes the browser redraw from the new file.
The view lives in the URL (``?year=2025&vintage=2024&level=commune&province=14&metric=rate``):
``map.js`` pushes it into the history, a reload or the back button rebuilds the page from it.

``map_view(deps, state)`` is the plain function behind both the first render and the callback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

import dash
import pandas as pd
from dash import ALL, Dash, Input, Output, Patch, State, ctx, no_update

from callbacks import figures, geometry, topojson
from callbacks.common import ensure_geometry_route
from callbacks.deps import Deps
from callbacks.map_legend import NO_DATA, classify, format_value
from callbacks.map_state import (
    INDICATOR,
    METRICS,
    MapState,
    flat_params,
    from_params,
    is_indicator,
    navigate,
)
from dashboard import fmt
from dashboard.i18n import t
from dashboard.models import KINDS, LEGACY, REFORMED, REGIONS, SOURCES
from dashboard.queries import available_years, default_year, map_indicators, upto_month_for
from dashboard.queries import map as queries
from dashboard.queries.indicators import indicator_definitions, vintage_for
from dashboard.queries.pace import expected_rate
from dashboard.queries.scope import Scope
from layouts import ids
from layouts import map as map_layout
from layouts.map import Choice, Control, Detail, LegendClass, MapView, Row, Side

log = logging.getLogger(__name__)
PATH = "/map"
TABLE_ROWS = 60


@dataclass(frozen=True)
class IndicatorSpec:
    """What the map needs of an indicator metric: its name and unit in the page language and
    which way is better ("up" or "down")."""

    code: str
    name: str
    unit: str
    direction: str


def _column(metric: str) -> str:
    """The column of the values frame holding ``metric``."""
    if is_indicator(metric):
        return "indicator"
    return "region" if metric == "region" else metric


# ---- values and classes ---------------------------------------------------------------------


def _read_indicator(deps: Deps, state: MapState, year: int) -> pd.DataFrame:
    """The provinces of the map with the indicator's value of ``year`` (``has_data``: a value)."""
    code = state.metric[len(INDICATOR) :]
    frame = deps.read(map_indicators.province_indicator, code, year, state.vintage)
    merged = deps.read(queries.units, state.vintage, "province").merge(frame, on="code", how="left")
    merged["has_data"] = merged["code"].isin(frame["code"])
    return merged


def _read_values(deps: Deps, state: MapState, scope: Scope) -> pd.DataFrame:
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
    unit_frame = deps.read(queries.units, state.vintage, state.level)
    if state.province:
        unit_frame = unit_frame[unit_frame["province_code"] == state.province]
    merged = unit_frame.merge(frame, on="code", how="left")
    merged["has_data"] = merged["code"].isin(frame["code"])
    return merged


def _metric_frame(
    frame: pd.DataFrame, metric: str, spec: IndicatorSpec | None = None
) -> pd.DataFrame:
    """Units with a value of ``metric``, sorted: laggards first for rates and indicators (the
    worst first), largest first else."""
    column = _column(metric)
    shown = frame[frame[column].notna() & (frame["has_data"] | (metric == "region"))]
    ascending = metric in ("rate", "pace_gap")
    if spec is not None:
        ascending = spec.direction != "down"
    return shown.sort_values([column, "code"], ascending=[ascending, True])


def values_payload(
    frame: pd.DataFrame, state: MapState, spec: IndicatorSpec | None = None
) -> tuple[dict, list[LegendClass]]:
    """{locations, z, text, colorscale, zmax} of the units with a value and ``blank`` (the units
    without: drawn grey in the background trace, so each unit is drawn once) for assets/map.js,
    and the legend. ``spec`` describes an indicator metric."""
    column = _column(state.metric)
    shown = _metric_frame(frame, state.metric, spec)
    unit = spec.unit if spec else None
    reverse = bool(spec and spec.direction == "down")
    classes, legend = classify(state.metric, shown[column], state.lang, unit, reverse)
    count = max(len(legend), 1)
    scale = []
    for index, item in enumerate(legend):
        scale += [[index / count, item.colour], [(index + 1) / count, item.colour]]
    text = [
        f"{name}<br>{format_value(state.metric, value, state.lang, unit)}"
        for name, value in zip(shown["short_name"], shown[column], strict=True)
    ]
    payload = {
        "blank": frame.loc[~frame["code"].isin(shown["code"]), "code"].tolist(),
        "locations": shown["code"].tolist(),
        "z": classes,
        "text": text,
        "colorscale": scale or [[0, NO_DATA], [1, NO_DATA]],
        "zmax": count - 0.5,
        "nodata": NO_DATA,
        "selected": state.unit or state.province,
    }
    return payload, legend


# ---- the view -------------------------------------------------------------------------------


def _scope(state: MapState, year: int, upto: int) -> Scope:
    return Scope(
        year=year,
        upto_month=upto,
        vintage=state.vintage,
        provinces=(state.province,) if state.province else state.provinces,
        regions=state.regions,
        projects=state.projects,
        sources=state.sources,
        kinds=state.kinds,
    )


def _year_and_month(deps: Deps, state: MapState) -> tuple[int, int]:
    years = deps.read(available_years)
    as_of = deps.status().data_as_of
    year = state.year if state.year in years else default_year(years, as_of)
    last = upto_month_for(year, as_of)
    month = state.month if state.month and 1 <= state.month <= last else last
    return year, month


def controls(deps: Deps, state: MapState, year: int, month: int) -> tuple[tuple, tuple]:
    lang = state.lang
    options = deps.read(queries.filter_options)
    years = deps.read(available_years)
    last = upto_month_for(year, deps.status().data_as_of) or 12
    metrics = [Choice(t(f"map.metric.{m}", lang), m) for m in METRICS
               if m != "region" or state.level == "commune"]  # fmt: skip
    definitions = deps.read(indicator_definitions)
    metrics += [Choice(str(name), INDICATOR + str(code))
                for code, name in zip(definitions["code"], definitions[f"name_{lang}"],
                                      strict=True)]  # fmt: skip
    levels = queries.LEVELS_OF[state.vintage]
    main = (
        Control(ids.MAP_METRIC, t("map.metric", lang), tuple(metrics), state.metric),
        Control(ids.MAP_YEAR, t("map.year", lang), tuple(Choice(str(y), y) for y in years), year),
        Control(ids.MAP_MONTH, t("map.month", lang),
                tuple(Choice(fmt.month_name(m, lang), m) for m in range(1, last + 1)), month),
        Control(ids.MAP_VINTAGE, t("map.vintage", lang),
                tuple(Choice(t(f"map.vintage.{v}", lang), v) for v in (LEGACY, REFORMED)),
                state.vintage, radio=True),
        Control(ids.MAP_LEVEL, t("map.level", lang),
                tuple(Choice(t(f"map.level.{lv}", lang), lv) for lv in levels), state.level,
                radio=True),
    )  # fmt: skip
    filters = (
        Control(ids.MAP_F_PROVINCES, t("map.f.provinces", lang),
                tuple(Choice(n, c) for c, n, _ in options[str(state.vintage)]), state.provinces,
                multi=True),
        Control(ids.MAP_F_REGIONS, t("map.f.regions", lang),
                tuple(Choice(t("map.region_class", lang, region=r), r) for r in REGIONS),
                state.regions, multi=True),
        Control(ids.MAP_F_PROJECTS, t("map.f.projects", lang),
                tuple(Choice(f"{c} – {vi if lang == 'vi' else en}", c)
                      for c, vi, en in options["projects"]), state.projects, multi=True),
        Control(ids.MAP_F_SOURCES, t("map.f.sources", lang),
                tuple(Choice(t(f"map.source.{s}", lang), s) for s in SOURCES), state.sources,
                multi=True),
        Control(ids.MAP_F_KINDS, t("map.f.kinds", lang),
                tuple(Choice(t(f"kind.{k}", lang), k) for k in KINDS), state.kinds, multi=True),
    )  # fmt: skip
    return main, filters


def _crumbs(deps: Deps, state: MapState, frame_names: dict[str, str]) -> tuple:
    lang = state.lang
    crumbs: list[tuple[str, str | None]] = [(t("map.national", lang), "VN")]
    if state.province:
        provinces = deps.read(queries.units, state.vintage, "province")
        name = dict(zip(provinces["code"], provinces["short_name"], strict=True))
        crumbs.append((name.get(state.province, state.province), state.province))
    if state.unit and state.unit in frame_names:
        crumbs.append((frame_names[state.unit], None))
    return tuple(crumbs)


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


def _indicator_note(state: MapState, year: int) -> str:
    lang = state.lang
    note = t("map.ind_note", lang)
    source = vintage_for(year)
    if source == state.vintage:
        return note
    rule = t(f"map.ind_rule.{state.vintage}", lang)
    other = t(f"map.vintage.{source}", lang)
    return f"{note} {t('map.note', lang, year=year, other=other, rule=rule)}"


def _note(state: MapState, year: int) -> str:
    lang = state.lang
    if is_indicator(state.metric):
        return _indicator_note(state, year)
    other = LEGACY if state.vintage == REFORMED else REFORMED
    if (other == LEGACY and year > 2025) or (other == REFORMED and year < 2025):
        return ""  # every figure of the year is on the map's own boundaries
    rule = t(f"map.rule.{state.vintage}", lang)
    return t("map.note", lang, year=year, other=t(f"map.vintage.{other}", lang), rule=rule)


def detail_of(deps: Deps, state: MapState, scope: Scope, frame: pd.DataFrame) -> Detail | None:
    """The selected commune: its place, region, figures by project and monthly trend."""
    if not state.unit or state.level != "commune":
        return None
    row = frame[frame["code"] == state.unit]
    if row.empty:
        return None
    unit, lang = row.iloc[0], state.lang
    provinces = deps.read(queries.units, state.vintage, "province")
    pname = dict(zip(provinces["code"], provinces["name"], strict=True))
    local = replace(scope, provinces=(unit["province_code"],))
    refs = deps.read(queries.lookups)
    projects = deps.read(queries.unit_by_project, local, state.unit, refs)
    trend = deps.read(queries.unit_trend, local, state.unit, refs)
    facts = [
        (t("map.code", lang), unit["code"]),
        (t("map.level.province", lang), pname.get(unit["province_code"], "–")),
        (t("map.metric.region", lang),
         t("map.region_class", lang, region=unit["region"]) if unit["region"] else "–"),
        (t("measure.allocated", lang), format_value("allocated", unit["allocated"], lang)),
        (t("measure.disbursed", lang), format_value("disbursed", unit["disbursed"], lang)),
        (t("measure.rate", lang), format_value("rate", unit["rate"], lang)),
    ]  # fmt: skip
    if state.vintage == LEGACY and unit["district_code"]:
        districts = deps.read(queries.units, LEGACY, "district")
        dname = dict(zip(districts["code"], districts["name"], strict=True))
        facts.insert(1, (t("map.level.district", lang), dname.get(unit["district_code"], "–")))
    return Detail(
        title=str(unit["name"]),
        facts=tuple(facts),
        project_headers=(t("map.project", lang), t("measure.allocated", lang),
                         t("measure.disbursed", lang)),
        projects=tuple((r.project, fmt.money(int(r.allocated), lang),
                        fmt.money(int(r.disbursed), lang)) for r in projects.itertuples()),
        trend_headers=(t("map.month", lang), t("measure.disbursed", lang),
                       t("map.cumulative", lang)),
        trend=tuple((fmt.month_name(int(r.month), lang), fmt.money(int(r.disbursed), lang),
                     fmt.money(int(r.cumulative), lang)) for r in trend.itertuples()),
    )  # fmt: skip


def _geo(deps: Deps, state: MapState) -> dict:
    key = geometry.layer_key(state.vintage, state.level, state.province)
    return {"url": geometry.geometry_url(deps.settings.geodata_dir, key), "key": key}


def side_and_values(deps: Deps, state: MapState, year: int, month: int) -> tuple[Side, dict]:
    lang = state.lang
    scope = _scope(state, year, month)
    frame = _read_values(deps, state, scope)
    spec = indicator_spec(deps, state.metric, lang)
    payload, legend = values_payload(frame, state, spec)
    shown = _metric_frame(frame, state.metric, spec)
    column = _column(state.metric)
    missing = int((~frame["has_data"]).sum())
    level_name = t(f"map.level.{state.level}", lang)
    unit = spec.unit if spec else None
    label = spec.name if spec else t(f"map.metric.{state.metric}", lang)
    period = fmt.month_label(year, month, lang) if month and not spec else str(year)
    rows = tuple(
        Row(r.code, r.short_name, format_value(state.metric, getattr(r, column), lang, unit),
            r.code == state.unit)
        for r in shown.head(TABLE_ROWS).itertuples()
    )  # fmt: skip
    names = dict(zip(frame["code"], frame["short_name"], strict=True))
    side = Side(
        legend_title=f"{label} ({unit})" if unit else label,
        legend=tuple(legend),
        no_data=t("map.no_data", lang, count=missing, level=level_name.lower())
        if missing else None,
        table_headers=(t("map.code", lang), level_name, label),
        rows=rows,
        table_note=t("map.table_note_ind" if spec else "map.table_note", lang, shown=len(rows),
                     total=len(shown)),
        crumbs=_crumbs(deps, state, names),
        note=_note(state, year),
        title=t("map.title", lang, metric=label, level=level_name, period=period),
        detail=detail_of(deps, state, scope, frame),
    )  # fmt: skip
    return side, payload


def _failed(state: MapState) -> tuple[Side, dict]:
    lang = state.lang
    side = Side(t("map.metric.rate", lang), (), None, ("", "", ""), (), "",
                ((t("map.national", lang), None),), "", t("map.heading", lang),
                error=t("error.read", lang))  # fmt: skip
    return side, {"locations": [], "z": [], "text": [], "colorscale": [[0, NO_DATA], [1, NO_DATA]],
                  "zmax": 0.5, "nodata": NO_DATA}  # fmt: skip


def guarded(read: Callable[[], tuple[Side, dict]], state: MapState) -> tuple[Side, dict]:
    try:
        return read()
    except Exception:  # noqa: BLE001 (a failed read shows a message; the page keeps working)
        log.exception("map: reading the values failed")
        return _failed(state)


def _all_blank(deps: Deps, state: MapState, values: dict) -> dict:
    """After a failed read, every unit of the map in ``blank`` (grey), from the unit list (a
    cached read); left out if that fails too (``assets/map.js`` then draws every feature grey)."""
    if "blank" in values:
        return values
    try:
        units = deps.read(queries.units, state.vintage, state.level)
    except Exception:  # noqa: BLE001 (the message is shown already)
        return values
    if state.province:
        units = units[units["province_code"] == state.province]
    return {**values, "blank": units["code"].tolist()}


def map_view(deps: Deps, state: MapState) -> MapView:
    """Everything the page shows for ``state``."""
    lang = state.lang
    year, month = _year_and_month(deps, state)
    state = replace(state, year=year, month=month)
    if is_indicator(state.metric) and indicator_spec(deps, state.metric, lang) is None:
        state = replace(state, metric="rate")  # an unknown indicator code
    main, filters = controls(deps, state, year, month)
    side, values = guarded(lambda: side_and_values(deps, state, year, month), state)
    values = _all_blank(deps, state, values)
    try:
        geo = _geo(deps, state)
    except (LookupError, FileNotFoundError):
        log.warning("map: boundary file missing for %s", state)
        geo, side = None, replace(side, error=t("map.no_geometry", lang))
    return MapView(
        topojson_url=topojson.TOPOJSON_URL,
        lang=lang,
        heading=t("map.heading", lang),
        controls=main,
        filters=filters,
        caption=figures.caption(side.title, deps.status(), lang, units=False),
        side=side,
        geo=geo,
        values=values,
        state={"province": state.province, "unit": state.unit},
        query=state.query(),
        labels={"filters": t("map.filters", lang), "table": t("map.table", lang)},
    )


# ---- interaction ----------------------------------------------------------------------------


def update(deps: Deps, params: dict, trigger: object, click: dict | None,
           current_geo: dict | None) -> tuple:  # fmt: skip
    """Outputs of the callback: geo (or no_update), values, figure patch, side parts, state."""
    state = from_params(params, deps.settings.language)
    if trigger in (ids.MAP_VINTAGE,):
        state = replace(state, province=None, unit=None, provinces=())
    if trigger == ids.MAP_LEVEL and state.level == "province":
        state = replace(state, province=None, unit=None)
    state = from_params(flat_params(navigate(state, trigger, click)), deps.settings.language)
    view = map_view(deps, state)
    geo_changed = view.geo != current_geo
    patch, values = no_update, view.values
    if not geo_changed:
        patch = Patch()
        blank = values.get("blank") or []
        patch["data"][0]["locations"] = blank
        patch["data"][0]["z"] = [0] * len(blank)
        trace = patch["data"][1]
        for key in ("locations", "z", "text", "colorscale", "zmax"):
            trace[key] = values[key]
    controls_out = [c.value for c in view.controls[1:]]  # year, month, vintage, level
    month_options = [{"label": c.label, "value": c.value} for c in view.controls[2].choices]
    metric_options = [{"label": c.label, "value": c.value} for c in view.controls[0].choices]
    province_options = [{"label": c.label, "value": c.value} for c in view.filters[0].choices]
    return (
        view.geo if geo_changed else no_update,
        values,
        patch,
        *map_layout.side_parts(view.side),
        view.state,
        view.query,
        view.controls[0].value,
        metric_options,
        *controls_out,
        month_options,
        province_options,
        view.filters[0].value,
    )


def page(deps: Deps) -> Callable[..., object]:
    def layout(**params: object) -> object:
        flat = {k: (v[-1] if isinstance(v, list) and v else v) for k, v in params.items()}
        state = from_params(flat, deps.settings.language)
        return map_layout.layout(map_view(deps, state))

    return layout


SIDE_OUTPUTS = (ids.MAP_TITLE, ids.MAP_LEGEND, ids.MAP_TABLE, ids.MAP_CRUMBS, ids.MAP_DETAIL,
                ids.MAP_NOTE, ids.MAP_ALERT)  # fmt: skip
CONTROL_INPUTS = (ids.MAP_METRIC, ids.MAP_YEAR, ids.MAP_MONTH, ids.MAP_VINTAGE, ids.MAP_LEVEL,
                  ids.MAP_F_PROVINCES, ids.MAP_F_REGIONS, ids.MAP_F_PROJECTS, ids.MAP_F_SOURCES,
                  ids.MAP_F_KINDS)  # fmt: skip
PARAM_NAMES = ("metric", "year", "month", "vintage", "level", "provinces", "regions", "projects",
               "sources", "kinds")  # fmt: skip


def register(app: Dash, deps: Deps) -> None:
    ensure_geometry_route(app, deps)  # also served for the overview and indicators maps
    topojson.register(app)
    dash.register_page("map", path=PATH, name=t("nav.map", deps.settings.language),
                       title=t("app.name", deps.settings.language), order=1,
                       layout=page(deps))  # fmt: skip

    @app.callback(
        Output(ids.MAP_GEO, "data"),
        Output(ids.MAP_VALUES, "data"),
        Output(ids.MAP_GRAPH, "figure", allow_duplicate=True),
        *[Output(i, "children") for i in SIDE_OUTPUTS],
        Output(ids.MAP_STATE, "data"),
        Output(ids.MAP_QUERY, "data"),
        Output(ids.MAP_METRIC, "value"),
        Output(ids.MAP_METRIC, "options"),
        Output(ids.MAP_YEAR, "value"),
        Output(ids.MAP_MONTH, "value"),
        Output(ids.MAP_VINTAGE, "value"),
        Output(ids.MAP_LEVEL, "value"),
        Output(ids.MAP_MONTH, "options"),
        Output(ids.MAP_F_PROVINCES, "options"),
        Output(ids.MAP_F_PROVINCES, "value"),
        *[Input(i, "value") for i in CONTROL_INPUTS],
        Input(ids.MAP_GRAPH, "clickData"),
        Input({"type": ids.MAP_ROW, "code": ALL}, "n_clicks"),
        Input({"type": ids.MAP_CRUMB, "code": ALL}, "n_clicks"),
        State(ids.MAP_STATE, "data"),
        State(ids.MAP_GEO, "data"),
        State(ids.MAP_LANG, "data"),
        prevent_initial_call=True,
    )
    def _update(*args: object) -> tuple:
        values = args[: len(CONTROL_INPUTS)]
        click, rows, crumbs, drill, geo, lang = args[len(CONTROL_INPUTS) :]
        trigger = ctx.triggered_id
        if isinstance(trigger, dict) and not (ctx.triggered and ctx.triggered[0]["value"]):
            raise dash.exceptions.PreventUpdate  # a row or crumb drawn anew, not clicked
        params = dict(zip(PARAM_NAMES, values, strict=True))
        params.update(lang=lang, **(drill or {}))
        return update(deps, params, trigger, click, geo)

    app.clientside_callback(
        dash.ClientsideFunction("ntp_map", "draw"),
        Output(ids.MAP_GRAPH, "figure"),
        Input(ids.MAP_GEO, "data"),
        State(ids.MAP_VALUES, "data"),
    )
    app.clientside_callback(
        dash.ClientsideFunction("ntp_map", "push"),
        Output(ids.MAP_PUSHED, "data"),
        Input(ids.MAP_QUERY, "data"),
        prevent_initial_call=True,
    )
