"""The reporting tab of ``/data``: who has reported which month. ``controls`` renders the year,
region and map-month choices; ``body`` renders a ``ReportingView`` of plain values built by
``callbacks.data.reporting``: a province × month grid and a province map of one month.

A cell never speaks by colour alone: it shows a symbol and the date received, and carries the
status in words for screen readers and as its tooltip; the key lists the symbols.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids
from layouts.components import Caption, error_alert, info_alert
from layouts.parts import Failed, FigurePart, part_card

SYMBOLS = {"reported": "✓", "late": "!", "missing": "✗", "due": "…"}


@dataclass(frozen=True)
class Choice:
    label: str
    value: str | int


@dataclass(frozen=True)
class ReportingControls:
    """The tab's choices: years, regions and the map's month, with their labels."""

    year_label: str
    years: tuple[Choice, ...]
    year: int | None
    region_label: str
    regions: tuple[Choice, ...]
    month_label: str


@dataclass(frozen=True)
class Cell:
    status: str  # reported | late | missing | due
    label: str  # the status in words
    received: str  # "05/09", or "" when none
    share: str  # "75%", or "" without program communes


@dataclass(frozen=True)
class ProvinceRow:
    code: str
    name: str
    cells: tuple[Cell, ...]
    missing: str
    late: str
    last_received: str
    plan_received: str


@dataclass(frozen=True)
class ReportingView:
    title: str
    rule: str
    months: tuple[str, ...]  # column headers
    headers: tuple[str, ...]  # province, months not reported, late, last received, plan
    rows: tuple[ProvinceRow, ...]
    key: tuple[tuple[str, str], ...]  # (status, label) in the key
    key_title: str
    caption: Caption | None = None
    province_map: FigurePart | Failed | None = None
    notices: tuple[str, ...] = ()
    error: str | None = None


def controls(view: ReportingControls) -> html.Div:
    """Year, regions and the map's month (its options are filled with the grid)."""

    def labelled(label: str, control_id: str, widget: object) -> html.Div:
        return html.Div([html.Label(label, htmlFor=control_id, className="form-label small mb-0"),
                         widget], className="reporting-control")  # fmt: skip

    def options(choices: tuple[Choice, ...]) -> list[dict]:
        return [{"label": c.label, "value": c.value} for c in choices]

    return html.Div(
        [
            labelled(
                view.year_label,
                ids.REPORTING_YEAR,
                dcc.Dropdown(
                    id=ids.REPORTING_YEAR,
                    options=options(view.years),
                    value=view.year,
                    clearable=False,
                ),
            ),
            labelled(
                view.region_label,
                ids.REPORTING_REGIONS,
                dcc.Dropdown(
                    id=ids.REPORTING_REGIONS, options=options(view.regions), value=[], multi=True
                ),
            ),
            labelled(
                view.month_label,
                ids.REPORTING_MONTH,
                dcc.Dropdown(id=ids.REPORTING_MONTH, options=[], value=None, clearable=False),
            ),
        ],  # fmt: skip
        className="d-flex flex-wrap gap-3 mb-3 reporting-controls",
    )


def tab(view: ReportingControls) -> html.Div:
    """The tab's content: the controls and the place the grid and map are drawn in."""
    return html.Div(
        [controls(view), html.Div(id=ids.REPORTING_BODY, **{"aria-live": "polite"})],
        id=ids.REPORTING,
    )


def _cell(cell: Cell) -> html.Td:
    parts: list = [
        html.Span(SYMBOLS.get(cell.status, "?"), className="symbol", **{"aria-hidden": "true"}),
        html.Span(cell.label, className="visually-hidden"),
    ]
    if cell.received:
        parts.append(html.Span(cell.received, className="received"))
    if cell.share:
        parts.append(html.Span(cell.share, className="share"))
    return html.Td(parts, className=f"report-cell report-{cell.status}", title=cell.label,
                   **{"data-status": cell.status})  # fmt: skip


def grid(view: ReportingView) -> html.Div:
    """The province × month table, with the province's counts after the months."""
    name, *after = view.headers
    head = html.Thead(html.Tr([html.Th(name, scope="col"),
                               *[html.Th(m, scope="col", className="text-center")
                                 for m in view.months],
                               *[html.Th(h, scope="col") for h in after]]))  # fmt: skip
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(row.name, scope="row"),
                    *[_cell(c) for c in row.cells],
                    html.Td(row.missing, className="text-end num"),
                    html.Td(row.late, className="text-end num"),
                    html.Td(row.last_received),
                    html.Td(row.plan_received),
                ],
                **{"data-province": row.code},
            )  # fmt: skip
            for row in view.rows
        ]
    )
    return html.Div(
        dbc.Table([head, body], bordered=True, size="sm", class_name="reporting-grid mb-0"),
        className="table-responsive",
    )


def key(view: ReportingView) -> html.Div:
    items = [
        html.Li(
            [
                html.Span(
                    SYMBOLS[status],
                    className=f"report-cell report-{status} symbol",
                    **{"aria-hidden": "true"},
                ),
                label,
            ]
        )  # fmt: skip
        for status, label in view.key
    ]
    return html.Div([html.Span(view.key_title, className="fw-semibold small me-2"),
                     html.Ul(items, className="list-inline d-inline mb-0 reporting-key")],
                    className="mb-2")  # fmt: skip


def body(view: ReportingView) -> list:
    """What the callback draws under the controls."""
    if view.error:
        return [error_alert(view.error)]
    notices = [info_alert(n) for n in view.notices]
    if not view.rows:
        return notices
    card = dbc.Card(
        [
            dbc.CardHeader(html.H2(view.title, className="card-title h6 mb-0")),
            dbc.CardBody(
                [key(view), html.P(view.rule, className="small text-body-secondary"), grid(view)]
            ),  # fmt: skip
        ],
        class_name="mb-3",
        id=ids.REPORTING_GRID,
    )
    return [*notices, card, part_card(view.province_map)]
