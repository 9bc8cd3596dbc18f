"""The overview page (``/``): KPI cards, allocation and disbursement by year, by kind of capital
and carried-over vs current-year plan. ``layout(view)`` renders an ``OverviewView`` of plain
values built by ``callbacks.overview.page``; a part whose read failed arrives as ``Failed`` and
shows an alert in its place.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids
from layouts.components import (
    error_alert,
    info_alert,
    kpi_card,
    year_pills,
)
from layouts.data_reporting import SYMBOLS
from layouts.parts import Failed, FigurePart, Kpi, TablePart, part_card
from layouts.shell import Link


@dataclass(frozen=True)
class PanelItem:
    status: str  # missing | late
    name: str
    text: str  # the status in words, and when it arrived


@dataclass(frozen=True)
class ReportingPanel:
    """The provinces that have not reported the latest month due, or reported it late."""

    title: str
    items: tuple[PanelItem, ...]
    more: str | None  # "and 3 more"
    clear: str | None  # said when every province reported on time
    link: str | None  # the reporting view's address (None: the viewer may not open it)
    link_label: str


@dataclass(frozen=True)
class OverviewView:
    title: str
    year_label: str
    period: str | None  # "Năm 2026, lũy kế đến tháng 10/2026"
    years: tuple[Link, ...]
    notices: tuple[str, ...] = ()
    kpis: tuple[Kpi, ...] | Failed = ()
    yearly_figure: FigurePart | Failed | None = None
    yearly_table: TablePart | Failed | None = None
    by_kind: FigurePart | Failed | None = None
    by_plan: FigurePart | Failed | None = None
    alerts: tuple[str, ...] | Failed = ()
    by_project: FigurePart | Failed | None = None
    project_table: TablePart | Failed | None = None
    lagging: TablePart | Failed | None = None
    province_map: FigurePart | Failed | None = None
    alerts_title: str = ""
    reporting: ReportingPanel | Failed | None = None


def _kpis(kpis: tuple[Kpi, ...] | Failed) -> dbc.Row:
    if isinstance(kpis, Failed):
        return dbc.Row(dbc.Col(error_alert(kpis.message)), id=ids.OVERVIEW_KPIS, class_name="mb-3")
    width = 12 // max(len(kpis), 1)
    cols = [
        dbc.Col(kpi_card(k.card_id, k.label, k.value, k.unit, k.details), md=6, xl=width)
        for k in kpis
    ]
    return dbc.Row(cols, id=ids.OVERVIEW_KPIS, class_name="g-3 mb-3")


def _alerts(alerts: tuple[str, ...] | Failed, title: str) -> object:
    if isinstance(alerts, Failed):
        return error_alert(alerts.message)
    if not alerts:
        return None
    return dbc.Alert(
        [
            html.Strong(title, className="me-2"),
            html.Ul([html.Li(a) for a in alerts], className="mb-0"),
        ],
        color="warning",
        id=ids.OVERVIEW_ALERTS,
        class_name="mb-3",
    )


def _reporting(panel: ReportingPanel | Failed | None) -> object:
    if panel is None:
        return None
    if isinstance(panel, Failed):
        return error_alert(panel.message)
    items = [
        html.Li([html.Span(SYMBOLS.get(item.status, ""), className=f"report-cell report-"
                           f"{item.status} symbol", **{"aria-hidden": "true"}),
                 html.Strong(item.name, className="me-1"), item.text])
        for item in panel.items
    ]  # fmt: skip
    if panel.more:
        items.append(html.Li(panel.more, className="text-body-secondary"))
    body = [html.Strong(panel.title, className="d-block mb-1")]
    body.append(html.Ul(items, className="list-unstyled mb-1") if items else
                html.Div(panel.clear))  # fmt: skip
    if panel.link:
        body.append(dcc.Link(panel.link_label, href=panel.link, className="alert-link"))
    return dbc.Alert(body, color="light", id=ids.OVERVIEW_REPORTING,
                     class_name="mb-3 border reporting-panel")  # fmt: skip


def _row(*cols: tuple[object, int]) -> dbc.Row:
    return dbc.Row(
        [dbc.Col(part_card(part), lg=width) for part, width in cols if part is not None],
        class_name="g-3 mb-3",
    )


def layout(view: OverviewView) -> html.Div:
    header = html.Div(
        [
            html.Div(
                [
                    html.H1(view.title, className="h4 mb-0"),
                    html.Div(view.period, className="period text-body-secondary"),
                ]
            ),
            year_pills(view.year_label, view.years, ids.OVERVIEW_YEARS),
        ],
        className="page-header d-flex justify-content-between align-items-end flex-wrap gap-2 mb-3",
    )
    return html.Div(
        [
            header,
            *[info_alert(notice) for notice in view.notices],
            _kpis(view.kpis),
            _alerts(view.alerts, view.alerts_title),
            _reporting(view.reporting),
            _row((view.province_map, 5), (view.lagging, 7)),
            _row(
                (view.by_project, 12),
            ),
            _row((view.yearly_figure, 7), (view.yearly_table, 5)),
            _row((view.by_kind, 6), (view.by_plan, 6)),
            _row((view.project_table, 12)),
        ],
        id=ids.OVERVIEW,
    )
