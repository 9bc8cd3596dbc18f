"""The indicators page (``/indicators``): a grid of target-indicator cards (baseline, latest
value, 2025 and 2030 targets, status, sparkline) and, for the selected indicator, the national
trend against its targets, a ranking of provinces (chart and table) and a province map.

``layout(view)`` renders an ``IndicatorsView`` of plain values built by
``callbacks.indicators.page``; a part whose read failed arrives as ``Failed`` and shows an alert
in its place.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids
from layouts.components import (
    demo_badge,
    error_alert,
    info_alert,
    year_pills,
)
from layouts.parts import Failed, FigurePart, TablePart, part_card
from layouts.shell import Link

STATUS_COLORS = {  # Bootstrap colours; the status is always written out too
    "achieved": "success",
    "on_track": "primary",
    "at_risk": "warning",
    "off_track": "danger",
    "no_target": "secondary",
    "no_data": "secondary",
}
SPARK_CONFIG = {"staticPlot": True, "displayModeBar": False, "responsive": True}


@dataclass(frozen=True)
class Card:
    """One indicator, every value already formatted."""

    code: str
    name: str
    unit: str
    facts: tuple[tuple[str, str], ...]  # (label, value): baseline, latest, targets
    status: str  # a dashboard.indicator_status.Status
    status_label: str
    href: str
    selected: bool
    sparkline: dict


@dataclass(frozen=True)
class Detail:
    """The selected indicator: trend, ranking (chart and table) and map of one year."""

    title: str
    year_label: str
    years: tuple[Link, ...]
    trend: FigurePart | Failed
    trend_table: TablePart | Failed
    ranking: FigurePart | Failed
    ranking_table: TablePart | Failed
    map: FigurePart | Failed
    map_config: dict  # the graph config (topojsonURL: served by this app)
    ranking_height: int = 420
    table_toggle: str = ""


@dataclass(frozen=True)
class IndicatorsView:
    title: str
    rule: str  # how the status is decided, written on the page
    demo: str | None = None  # the demo badge text, when values are demo data
    demo_note: str | None = None
    notices: tuple[str, ...] = ()
    cards: tuple[Card, ...] | Failed = ()
    detail: Detail | Failed | None = None
    summary: str = ""  # "3 đã đạt · 3 có nguy cơ · 4 chậm tiến độ"


def _card(card: Card) -> dbc.Col:
    facts = html.Dl(
        [
            item
            for label, value in card.facts
            for item in (
                html.Dt(label, className="col-5 fw-normal text-body-secondary"),
                html.Dd(value, className="col-7 mb-0"),
            )
        ],
        className="indicator-facts row small mb-1 gx-1",
    )
    body = dbc.CardBody(
        [
            html.H2(
                dcc.Link(card.name, href=card.href, className="stretched-link"),
                className="h6 card-title mb-1",
            ),
            html.Div(card.unit, className="small text-body-secondary mb-1"),
            dbc.Badge(
                card.status_label,
                color=STATUS_COLORS.get(card.status, "secondary"),
                # dark text on amber: white on it reads at 1.6:1, far below WCAG AA
                text_color="dark" if card.status == "at_risk" else None,
                class_name="indicator-status mb-2",
            ),
            facts,
            dcc.Graph(figure=card.sparkline, config=SPARK_CONFIG, style={"height": "56px"}),
        ],
        class_name="p-2",
    )
    border = " border-primary border-2" if card.selected else ""
    return dbc.Col(
        dbc.Card(
            body, id=ids.indicator_card(card.code), class_name=f"indicator-card h-100{border}"
        ),
        xs=12,
        sm=6,
        lg=4,
        xl=3,
    )


def _map(detail: Detail) -> object:
    card = part_card(detail.map, height=420)
    if not isinstance(detail.map, Failed):
        graph = card.children[1].children  # figure_card: header, CardBody(graph), footer
        graph.config = {**graph.config, **detail.map_config}
    return card


def _tables(detail: Detail) -> html.Details:
    return html.Details(
        [
            html.Summary(detail.table_toggle, className="mb-2"),
            dbc.Row(
                [
                    dbc.Col(part_card(detail.ranking_table), lg=6),
                    dbc.Col(part_card(detail.trend_table), lg=6),
                ],
                class_name="g-3",
            ),
        ],
        className="mb-3",
    )


def _detail(detail: Detail | Failed | None) -> object:
    if detail is None:
        return None
    if isinstance(detail, Failed):
        return error_alert(detail.message)
    header = html.Div(
        [
            html.H2(detail.title, className="h5 mb-0 print-subject"),  # named on paper
            year_pills(detail.year_label, detail.years, ids.INDICATOR_YEARS),
        ],
        className="d-flex justify-content-between align-items-end flex-wrap gap-2 mb-3",
    )
    return html.Section(
        [
            header,
            dbc.Row(
                [
                    dbc.Col(part_card(detail.trend, height=420), lg=6),
                    dbc.Col(_map(detail), lg=6),
                ],
                class_name="g-3 mb-3",
            ),
            dbc.Row(
                dbc.Col(part_card(detail.ranking, height=detail.ranking_height)),
                class_name="g-3 mb-3",
            ),
            _tables(detail),
        ],
        id=ids.INDICATOR_DETAIL,
    )


def _cards(cards: tuple[Card, ...] | Failed) -> dbc.Row:
    if isinstance(cards, Failed):
        return dbc.Row(dbc.Col(error_alert(cards.message)), id=ids.INDICATOR_CARDS)
    return dbc.Row([_card(card) for card in cards], id=ids.INDICATOR_CARDS, class_name="g-3 mb-3")


def layout(view: IndicatorsView) -> html.Div:
    title = [html.H1(view.title, className="h4 mb-0")]
    if view.demo:
        title.append(demo_badge(view.demo, view.demo_note))
    header = html.Div(title, className="page-header d-flex align-items-center gap-2 mb-2")
    return html.Div(
        [
            header,
            html.P(view.summary, id=ids.INDICATOR_SUMMARY, className="fw-semibold mb-1")
            if view.summary
            else None,
            html.P(view.rule, id=ids.INDICATOR_RULE, className="small text-body-secondary"),
            *[info_alert(notice) for notice in view.notices],
            _cards(view.cards),
            _detail(view.detail),
        ],
        id=ids.INDICATORS,
    )
