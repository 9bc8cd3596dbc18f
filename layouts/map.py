"""The map explorer (``/map``): filters, the choropleth drawn in the browser, a classed legend,
the linked table (the map's text alternative), breadcrumbs and a commune's detail panel.

``layout(view)`` takes a ``MapView`` of plain values built by ``callbacks.map.page``; the parts the
callback refreshes have their own renderers (``legend``, ``table``, ``crumbs``, ``detail``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids
from layouts.components import Caption, error_alert

GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtons": [["toImage"]]}


@dataclass(frozen=True)
class Choice:
    label: str
    value: str


@dataclass(frozen=True)
class Control:
    """One labelled selector: a dropdown (``multi`` for filters) or radio items."""

    control_id: str
    label: str
    choices: tuple[Choice, ...]
    value: object
    multi: bool = False
    radio: bool = False


@dataclass(frozen=True)
class LegendClass:
    colour: str
    label: str


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    value: str
    selected: bool = False
    place: str = ""  # the province (and district) of a commune: "Ba" or "Lăng" alone is ambiguous


@dataclass(frozen=True)
class Detail:
    """The commune panel: facts (label, value), figures by project, monthly trend."""

    title: str
    facts: tuple[tuple[str, str], ...]
    project_headers: tuple[str, ...]
    projects: tuple[tuple[str, ...], ...]
    trend_headers: tuple[str, ...]
    trend: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Side:
    """What the callback refreshes besides the figure."""

    legend_title: str
    legend: tuple[LegendClass, ...]
    gaps: tuple[str, ...]  # the grey units: not in the program, outside the filter, no report
    table_headers: tuple[str, str, str]
    rows: tuple[Row, ...]
    table_note: str
    crumbs: tuple[tuple[str, str | None], ...]  # (label, province code to go to or None)
    note: str
    title: str
    detail: Detail | None = None
    error: str | None = None
    place_header: str = ""  # the place column's header; no column when empty
    gaps_title: str = ""  # "Not coloured:"
    gap_colour: str = "#d9d9d9"


@dataclass(frozen=True)
class MapView:
    lang: str
    heading: str
    controls: tuple[Control, ...]
    filters: tuple[Control, ...]
    caption: Caption
    side: Side
    geo: dict | None  # {"url": ..., "key": ...}
    values: dict  # what assets/map.js colours the map with
    state: dict  # the drill state: province, unit
    query: str
    labels: dict[str, str] = field(default_factory=dict)  # filters, back, table, detail titles
    topojson_url: str = ""  # the empty world outline this app serves to plotly


def _control(control: Control) -> html.Div:
    options = [{"label": c.label, "value": c.value} for c in control.choices]
    if control.radio:
        widget = dbc.RadioItems(
            id=control.control_id, options=options, value=control.value, inline=True
        )
    else:
        widget = dcc.Dropdown(
            id=control.control_id,
            options=options,
            value=control.value,
            multi=control.multi,
            clearable=control.multi,
        )
    return html.Div(
        [
            html.Label(
                control.label, htmlFor=control.control_id, className="form-label small mb-0"
            ),
            widget,
        ],  # fmt: skip
        className="map-control",
    )


def legend(side: Side) -> list:
    items = [
        html.Li([html.Span(className="swatch", style={"background": c.colour}), c.label])
        for c in side.legend
    ]
    parts = [html.Div(side.legend_title, className="fw-semibold small"), html.Ul(items)]
    if side.gaps:
        parts.append(
            html.Div(
                [html.Span(className="swatch", style={"background": side.gap_colour}),
                 side.gaps_title, html.Ul([html.Li(g) for g in side.gaps], className="mb-0")],
                className="small text-body-secondary no-data",
            )
        )  # fmt: skip
    return parts


def table(side: Side) -> list:
    place = [html.Th(side.place_header)] if side.place_header else []
    code, name, value = side.table_headers
    head = html.Thead(html.Tr([html.Th(code), html.Th(name), *place,
                               html.Th(value, className="text-end")]))  # fmt: skip
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(row.code),
                    html.Td(
                        html.Button(
                            row.name, id=ids.map_row(row.code), className="btn btn-link p-0"
                        )
                    ),
                    *([html.Td(row.place, className="small")] if side.place_header else []),
                    html.Td(row.value, className="text-end num"),
                ],
                className="table-active" if row.selected else None,
            )
            for row in side.rows
        ]
    )
    return [
        dbc.Table([head, body], size="sm", hover=True, class_name="mb-1"),
        html.Small(side.table_note, className="text-body-secondary"),
    ]


def crumbs(side: Side) -> list:
    items = []
    for index, (label, target) in enumerate(side.crumbs):
        last = index == len(side.crumbs) - 1
        button = {"id": ids.map_crumb(target or ""), "className": "btn btn-link p-0 align-baseline"}
        content = label if last or target is None else html.Button(label, **button)
        items.append(html.Li(content, className="breadcrumb-item" + (" active" if last else "")))
    return [html.Ol(items, className="breadcrumb mb-1")]


def _small_table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> dbc.Table:
    head = html.Thead(html.Tr([html.Th(h, className="text-end" if i else None)
                               for i, h in enumerate(headers)]))  # fmt: skip
    body = html.Tbody([html.Tr([html.Td(v, className="text-end num" if i else None)
                                for i, v in enumerate(row)]) for row in rows])  # fmt: skip
    return dbc.Table([head, body], size="sm", class_name="mb-2")


def detail(side: Side) -> list:
    if side.detail is None:
        return []
    d = side.detail
    facts = html.Dl(
        [item for label, value in d.facts for item in (html.Dt(label), html.Dd(value))],
        className="detail-facts small",
    )
    return [
        dbc.Card(
            dbc.CardBody(
                [
                    html.H3(d.title, className="h6"),
                    facts,
                    _small_table(d.project_headers, d.projects),
                    _small_table(d.trend_headers, d.trend),
                ]
            ),
            class_name="map-detail",
        )
    ]


def side_parts(side: Side) -> tuple:
    """Children of the refreshed containers, in the order of ``callbacks.map.SIDE_OUTPUTS``."""
    alert = [error_alert(side.error)] if side.error else []
    return (side.title, legend(side), table(side), crumbs(side), detail(side), side.note, alert)


def layout(view: MapView) -> html.Div:
    title, legend_children, table_children, crumb_children, detail_children, note, alert = (
        side_parts(view.side)
    )
    cap = view.caption
    badge = dbc.Badge(cap.demo, color="warning", text_color="dark", class_name="demo-badge")
    footer = " · ".join(part for part in (cap.units, cap.source, cap.as_of) if part)
    graph = dcc.Graph(
        id=ids.MAP_GRAPH,
        figure={"data": [], "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False}}},
        config={
            **GRAPH_CONFIG,
            "topojsonURL": view.topojson_url,
            "toImageButtonOptions": {"filename": "map"},
        },  # fmt: skip
        className="map-graph",
        style={"height": "560px"},
    )
    map_card = dbc.Card(
        [
            dbc.CardHeader(
                [
                    html.H2(title, id=ids.MAP_TITLE, className="card-title h6 mb-0"),
                    badge if cap.demo else None,
                ],  # fmt: skip
                class_name="d-flex justify-content-between gap-2",
            ),
            dbc.CardBody(
                [
                    html.Nav(crumb_children, id=ids.MAP_CRUMBS, **{"aria-label": "breadcrumb"}),
                    html.Div(alert, id=ids.MAP_ALERT),
                    dcc.Loading(graph, delay_show=300),
                    html.Div(legend_children, id=ids.MAP_LEGEND, className="map-legend"),
                ],  # fmt: skip
                class_name="p-2",
            ),
            dbc.CardFooter(
                [
                    html.Small(footer, className="text-body-secondary d-block"),
                    html.Small(note, id=ids.MAP_NOTE, className="text-body-secondary d-block"),
                ],  # fmt: skip
                class_name="caption",
            ),
        ],
        class_name="figure-card",
    )
    side = html.Div(
        [
            html.Div(detail_children, id=ids.MAP_DETAIL),
            html.H3(view.labels.get("table", ""), className="h6 mt-2"),
            html.Div(table_children, id=ids.MAP_TABLE, className="map-table"),
        ]
    )
    return html.Div(
        [
            dcc.Store(id=ids.MAP_GEO, data=view.geo),
            dcc.Store(id=ids.MAP_VALUES, data=view.values),
            dcc.Store(id=ids.MAP_STATE, data=view.state),
            dcc.Store(id=ids.MAP_QUERY, data=view.query),
            dcc.Store(id=ids.MAP_LANG, data=view.lang),
            dcc.Store(id=ids.MAP_PUSHED),
            html.H1(view.heading, className="h4 mb-2"),
            html.Div([_control(c) for c in view.controls], className="map-controls"),
            html.Details(
                [
                    html.Summary(view.labels.get("filters", "")),
                    html.Div([_control(c) for c in view.filters], className="map-controls"),
                ],  # fmt: skip
                className="mb-2 map-filters",
                open=True,
                **{"data-fold-on-phone": "1"},  # assets/a11y.js folds it on a phone
            ),
            dbc.Row(
                [dbc.Col(map_card, lg=8), dbc.Col(side, lg=4)],
                class_name="g-2",
            ),
        ],
        id=ids.MAP_PAGE,
        className="map-page",
    )


def unavailable(heading: str, message: str) -> html.Div:
    """The page when even its controls could not be read: the heading and the message."""
    return html.Div([html.H1(heading, className="h4 mb-2"), error_alert(message)])
