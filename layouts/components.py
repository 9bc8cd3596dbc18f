"""Building blocks shared by pages: KPI card, figure and table cards with title, units, source,
"data as of" and demo mark, and the alerts a page shows instead of a failed part.

All take plain, already translated and formatted values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtons": [["toImage"]],  # download as PNG; these charts need no zoom or pan
}


@dataclass(frozen=True)
class Caption:
    """What every figure and table carries besides its content."""

    title: str
    units: str | None  # e.g. "Đơn vị: tỷ đồng"
    source: str  # "Nguồn: ..."
    as_of: str | None  # "Số liệu đến tháng 10/2026"
    demo: str | None = None  # "Dữ liệu minh họa" when the data are demo data


def demo_badge(label: str, hint: str | None = None) -> html.Span:
    return dbc.Badge(label, color="warning", text_color="dark", class_name="demo-badge", title=hint)


def _header(caption: Caption) -> dbc.CardHeader:
    parts = [html.H2(caption.title, className="card-title h6 mb-0")]
    if caption.demo:
        parts.append(demo_badge(caption.demo))
    return dbc.CardHeader(
        parts, class_name="d-flex justify-content-between gap-2 align-items-start"
    )


def _footer(caption: Caption) -> dbc.CardFooter:
    parts = [caption.units, caption.source, caption.as_of]
    text = " · ".join(part for part in parts if part)
    return dbc.CardFooter(html.Small(text, className="text-body-secondary"), class_name="caption")


def figure_card(
    graph_id: str, figure: dict, caption: Caption, height: int = 320, config: dict | None = None
) -> dbc.Card:
    """A plotly figure (a plain dict) in a card with title, units, source and data-as-of."""
    graph = dcc.Graph(
        id=graph_id,
        figure=figure,
        config={**GRAPH_CONFIG, "toImageButtonOptions": {"filename": graph_id}, **(config or {})},
        style={"height": f"{height}px"},
    )
    return dbc.Card(
        [_header(caption), dbc.CardBody(graph, class_name="p-1"), _footer(caption)],
        class_name="figure-card h-100",
    )


def table_card(
    table_id: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    caption: Caption,
    numeric: Sequence[int] = (),
) -> dbc.Card:
    """A small table; the columns at the ``numeric`` positions are numbers (right-aligned)."""

    def cell(tag: type, index: int, text: str) -> html.Th | html.Td:
        return tag(text, className="text-end num" if index in numeric else None)

    head = html.Thead(html.Tr([cell(html.Th, i, text) for i, text in enumerate(headers)]))
    body = html.Tbody(
        [html.Tr([cell(html.Td, i, text) for i, text in enumerate(row)]) for row in rows]
    )
    table = dbc.Table([head, body], id=table_id, size="sm", hover=True, class_name="mb-0")
    return dbc.Card(
        [
            _header(caption),
            # a table wider than a phone scrolls in its own region, which the keyboard reaches
            dbc.CardBody(
                html.Div(
                    table,
                    className="table-responsive",
                    tabIndex="0",
                    role="region",
                    **{"aria-label": caption.title},
                ),
                class_name="p-2",
            ),  # fmt: skip
            _footer(caption),
        ],
        class_name="table-card h-100",
    )


def kpi_card(
    card_id: str, label: str, value: str, unit: str | None = None, details: Sequence[str] = ()
) -> dbc.Card:
    """One headline figure: a label, the value in large type (its unit smaller), short lines."""
    figure = [value, html.Span(f" {unit}", className="kpi-unit")] if unit else value
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(label, className="kpi-label"),
                html.Div(figure, className="kpi-value"),
                *[html.Div(line, className="kpi-detail") for line in details],
            ]
        ),
        id=card_id,
        class_name="kpi-card h-100",
    )


def error_alert(message: str) -> dbc.Alert:
    """Shown in place of a part of a page whose read failed; the rest of the page keeps working."""
    return dbc.Alert(message, color="danger", class_name="read-error mb-0")


def info_alert(message: str) -> dbc.Alert:
    return dbc.Alert(message, color="info", class_name="mb-3")


def year_pills(label: str, links: Sequence, nav_id: str) -> html.Nav:
    """ "Năm 2021 2022 … 2026" as pills; ``links`` have ``label``, ``href`` and ``active``."""
    pills = [
        dbc.NavItem(dbc.NavLink(link.label, href=link.href, active=link.active)) for link in links
    ]
    return html.Nav(
        [
            html.Span(label, className="me-2 text-body-secondary"),
            dbc.Nav(pills, pills=True, class_name="year-pills"),
        ],
        id=nav_id,
        className="d-flex align-items-center flex-wrap",
        **{"aria-label": label},
    )
