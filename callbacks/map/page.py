"""The map explorer (``/map``): a choropleth of one metric per unit, drawn in the browser.

The boundary GeoJSON of a (vintage, level[, province]) is fetched by ``assets/map.js`` from its
content-hashed URL (``callbacks.geometry``) and cached by the browser; the server sends only a
small list of values ({code, class, hover text}). A change of filter recolours the figure with
``dash.Patch`` (values only); a change of boundary file makes the browser redraw from the new file.
The view lives in the URL (``?year=2025&vintage=2024&level=commune&province=14&metric=rate``):
``map.js`` pushes it into the history, a reload or the back button rebuilds the page from it.

``map_view(deps, state)`` is the plain function behind both the first render and the callback;
the state lives in ``state``, the values and legend in ``values``, the panel beside the map
in ``panel``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

import dash
from dash import ALL, Dash, Input, Output, Patch, State, ctx, no_update

from callbacks import figures, geometry, scoping, topojson, url_params
from callbacks.common import Query, ensure_geometry_route, preload_files
from callbacks.deps import Deps
from callbacks.map.panel import guarded, side_and_values
from callbacks.map.state import (
    INDICATOR,
    METRICS,
    MapState,
    flat_params,
    from_params,
    is_indicator,
    navigate,
)
from callbacks.map.values import all_blank, indicator_spec
from callbacks.outage import FAILURES
from dashboard import fmt
from dashboard.filters import VINTAGES, translate
from dashboard.i18n import t
from dashboard.models import KINDS, LEGACY, REFORMED, REGIONS, SOURCES
from dashboard.queries import available_years, upto_month_for
from dashboard.queries import map as queries
from dashboard.queries.indicators import indicator_definitions
from layouts import ids
from layouts import map as map_layout
from layouts.map import Choice, Control, MapView

log = logging.getLogger(__name__)
PATH = "/map"


# ---- the view -------------------------------------------------------------------------------


def resolved(deps: Deps, state: MapState) -> MapState:
    """The state with the filters' defaults resolved (``dashboard.filters``: year, months
    reported) and a drill into a province the viewer may not see undone."""
    calendar = scoping.calendar(deps)
    if calendar.years:
        filters = state.filters.resolve(calendar, (state.vintage,))
        state = replace(state, year=filters.year, month=filters.month)
    else:  # an empty database: the map of nothing
        state = replace(state, month=12)
    if state.province and not scoping.may_see(deps, state.vintage, state.province):
        state = replace(state, province=None, unit=None, level="province")
    return state


def changed_vintage(deps: Deps, state: MapState, before: int | None) -> MapState:
    """After a switch of boundary set: the province filter carried across (an old province
    becomes the new one it went into, a new one the old ones merged into it), the drill undone."""
    source = before if before in VINTAGES else state.vintage
    provinces = translate(state.provinces, source, state.vintage, scoping.province_map(deps))
    return replace(state, province=None, unit=None, provinces=provinces)


def controls(deps: Deps, state: MapState, year: int, month: int) -> tuple[tuple, tuple]:
    lang = state.lang
    options = deps.read(queries.filter_options)
    shown = scoping.visible(deps, state.vintage)
    provinces = [(c, n) for c, n, _ in options[str(state.vintage)] if shown is None or c in shown]
    years = deps.read(available_years)
    last = upto_month_for(year, deps.status().data_as_of) or 12
    metrics = [Choice(t(f"measure.{m}", lang), m) for m in METRICS
               if m != "region" or state.level == "commune"]  # fmt: skip
    definitions = deps.read(indicator_definitions)
    metrics += [Choice(str(name), INDICATOR + str(code))
                for code, name in zip(definitions["code"], definitions[f"name_{lang}"],
                                      strict=True)]  # fmt: skip
    levels = queries.LEVELS_OF[state.vintage]
    main = (
        Control(ids.MAP_METRIC, t("map.metric", lang), tuple(metrics), state.metric),
        Control(ids.MAP_YEAR, t("label.year", lang), tuple(Choice(str(y), y) for y in years), year),
        Control(ids.MAP_MONTH, t("label.month", lang),
                tuple(Choice(fmt.month_name(m, lang), m) for m in range(1, last + 1)), month),
        Control(ids.MAP_VINTAGE, t("label.vintage", lang),
                tuple(Choice(t(f"vintage.{v}", lang), v) for v in (LEGACY, REFORMED)),
                state.vintage, radio=True),
        Control(ids.MAP_LEVEL, t("map.level", lang),
                tuple(Choice(t(f"map.level.{lv}", lang), lv) for lv in levels), state.level,
                radio=True),
    )  # fmt: skip
    filters = (
        Control(ids.MAP_F_PROVINCES, t("label.province", lang),
                tuple(Choice(n, c) for c, n in provinces), state.provinces,
                multi=True),
        Control(ids.MAP_F_REGIONS, t("measure.region", lang),
                tuple(Choice(t("map.region_class", lang, region=r), r) for r in REGIONS),
                state.regions, multi=True),
        Control(ids.MAP_F_PROJECTS, t("label.project", lang),
                tuple(Choice(f"{c} – {vi if lang == 'vi' else en}", c)
                      for c, vi, en in options["projects"]), state.projects, multi=True),
        Control(ids.MAP_F_SOURCES, t("label.source", lang),
                tuple(Choice(t(f"capital.{s}", lang), s) for s in SOURCES), state.sources,
                multi=True),
        Control(ids.MAP_F_KINDS, t("label.kind", lang),
                tuple(Choice(t(f"kind.{k}", lang), k) for k in KINDS), state.kinds, multi=True),
    )  # fmt: skip
    return main, filters


def _geo(deps: Deps, state: MapState) -> dict:
    key = geometry.layer_key(state.vintage, state.level, state.province)
    out_dir = deps.settings.geodata_dir
    bounds = geometry.layer_bounds(out_dir, key)
    if state.provinces and not state.province:  # a province filter frames the provinces chosen
        bounds = geometry.provinces_bounds(out_dir, state.vintage, state.provinces) or bounds
    inset = geometry.layer_inset(out_dir, key)  # Hoàng Sa or Trường Sa beside its province
    return {
        "url": geometry.geometry_url(out_dir, key),
        "key": key,
        "bounds": inset.pop("mainland") if inset else list(bounds),  # as the browser sends it
        "labels": geometry.layer_labels(out_dir, key, state.lang),
        "inset": inset,
    }


def map_view(deps: Deps, state: MapState) -> MapView:
    """Everything the page shows for ``state``."""
    lang = state.lang
    state = resolved(deps, state)
    year, month = state.year, state.month
    if is_indicator(state.metric) and indicator_spec(deps, state.metric, lang) is None:
        state = replace(state, metric="rate")  # an unknown indicator code
    main, filters = controls(deps, state, year, month)
    side, values = guarded(lambda: side_and_values(deps, state, year, month), state)
    values = all_blank(deps, state, values)
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
        state={"province": state.province, "unit": state.unit, "shown_vintage": state.vintage},
        query=state.query(),
        labels={"filters": t("map.filters", lang), "table": t("map.table", lang)},
    )


# ---- interaction ----------------------------------------------------------------------------


def update(deps: Deps, params: dict, trigger: object, click: dict | None,
           current_geo: dict | None) -> tuple:  # fmt: skip
    """Outputs of the callback: geo (or no_update), values, figure patch, side parts, state."""
    state = from_params(params, deps.settings.language)
    if trigger == ids.MAP_VINTAGE:
        state = changed_vintage(deps, state, url_params.as_int(params.get("shown_vintage")))
    if trigger == ids.MAP_LEVEL and state.level == "province":
        state = replace(state, province=None, unit=None)
    state = from_params(flat_params(navigate(state, trigger, click)), deps.settings.language)
    view = map_view(deps, state)
    geo_changed = view.geo != current_geo
    # the values travel once: in the store the browser draws a new boundary file with, or in the
    # patch that recolours the figure drawn already
    patch, values = no_update, view.values
    if not geo_changed:
        values, patch = no_update, Patch()
        blank = view.values.get("blank") or []
        patch["data"][0]["locations"] = blank
        patch["data"][0]["z"] = [0] * len(blank)
        trace = patch["data"][1]
        for key in ("locations", "z", "text", "colorscale", "zmax"):
            trace[key] = view.values[key]
    return (
        view.geo if geo_changed else no_update,
        values,
        patch,
        *map_layout.side_parts(view.side),
        view.state,
        view.query,
        # a filter leaves the other controls as they are: not sent, not drawn again
        *((no_update,) * len(CONTROL_OUTPUTS) if trigger in FILTERS else _controls_out(view)),
    )


def _controls_out(view: MapView) -> tuple:
    """Metric (value, options), year, month, vintage, level, month options, province options,
    the provinces chosen and the level options, as the view corrected them."""

    def options(control: Control) -> list[dict]:
        return [{"label": c.label, "value": c.value} for c in control.choices]

    metric, _, month = view.controls[:3]
    return (
        metric.value,
        options(metric),
        *(c.value for c in view.controls[1:]),  # year, month, vintage, level
        options(month),
        options(view.filters[0]),
        view.filters[0].value,
        options(view.controls[4]),  # the levels of the boundaries chosen
    )


def page(deps: Deps) -> Callable[..., object]:
    def layout(**params: object) -> object:
        state = from_params(params, deps.settings.language)
        try:
            view = map_view(deps, state)
        except Exception:  # noqa: BLE001 (the database is away: say so, as the other pages do)
            FAILURES.failed("map page")
            return map_layout.unavailable(t("map.heading", state.lang), t("error.read", state.lang))
        return map_layout.layout(view)

    return layout


SIDE_OUTPUTS = (ids.MAP_TITLE, ids.MAP_LEGEND, ids.MAP_TABLE, ids.MAP_CRUMBS, ids.MAP_DETAIL,
                ids.MAP_NOTE, ids.MAP_ALERT)  # fmt: skip
CONTROL_INPUTS = (ids.MAP_METRIC, ids.MAP_YEAR, ids.MAP_MONTH, ids.MAP_VINTAGE, ids.MAP_LEVEL,
                  ids.MAP_F_PROVINCES, ids.MAP_F_REGIONS, ids.MAP_F_PROJECTS, ids.MAP_F_SOURCES,
                  ids.MAP_F_KINDS)  # fmt: skip
FILTERS = CONTROL_INPUTS[5:]  # the dropdowns under "Filters"
# what _controls_out returns, in its order
CONTROL_OUTPUTS = ((ids.MAP_METRIC, "value"), (ids.MAP_METRIC, "options"), (ids.MAP_YEAR, "value"),
                   (ids.MAP_MONTH, "value"), (ids.MAP_VINTAGE, "value"), (ids.MAP_LEVEL, "value"),
                   (ids.MAP_MONTH, "options"), (ids.MAP_F_PROVINCES, "options"),
                   (ids.MAP_F_PROVINCES, "value"), (ids.MAP_LEVEL, "options"))  # fmt: skip
PARAM_NAMES = ("metric", "year", "month", "vintage", "level", "provinces", "regions", "projects",
               "sources", "kinds")  # fmt: skip


def preloaded(deps: Deps, query: Query) -> tuple[str, str]:
    """The files a map page of ``query`` fetches first: its boundary file and plotly's world
    outline (``callbacks.common.preload_files``)."""
    state = from_params(query, deps.settings.language)
    key = geometry.layer_key(state.vintage, state.level, state.province)
    return geometry.geometry_url(deps.settings.geodata_dir, key), topojson.WORLD_URL


def register(app: Dash, deps: Deps) -> None:
    ensure_geometry_route(app, deps)  # also served for the overview and indicators maps
    topojson.register(app)
    preload_files(app, PATH, lambda query: preloaded(deps, query))
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
        *[Output(i, prop) for i, prop in CONTROL_OUTPUTS],
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
