"""The disbursement page (``/disbursement``): the year's cumulative S-curve against the plan, the
usual pace and past years, a year-end forecast, and the year split by project, source, kind and
province. ``layout(view)`` renders a ``DisbursementView`` of plain values built by
``callbacks.disbursement.page``; a part whose read failed arrives as ``Failed`` (an alert instead).

Year and month are links; the other filters are dropdowns whose change rewrites the URL
(``ids.DISB_LOCATION``), so a link reproduces the view and back/reload restore it.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids
from layouts.components import Caption, error_alert, info_alert, kpi_card, table_card
from layouts.parts import Failed, FigurePart, Kpi, TablePart, part_card
from layouts.shell import Link


@dataclass(frozen=True)
class Filter:
    control_id: str
    label: str
    options: tuple[tuple[str, str], ...]  # (value, label)
    value: tuple[str, ...] | str | None
    multi: bool = True
    placeholder: str = ""


@dataclass(frozen=True)
class TextPart:
    """A card of sentences: the forecast and how it is made."""

    part_id: str
    lines: tuple[str, ...]
    method: str
    caption: Caption


@dataclass(frozen=True)
class DisbursementView:
    title: str
    period: str | None
    year_label: str
    years: tuple[Link, ...]
    month_label: str
    months: tuple[Link, ...]
    table_label: str  # "Xem bảng số liệu": the summary of each collapsible table
    params: dict  # the URL parameters the dropdowns do not own (lang, year, month)
    filters: tuple[Filter, ...] = ()
    clear: Link | None = None
    notices: tuple[str, ...] = ()
    kpis: tuple[Kpi, ...] | Failed = ()
    scurve: FigurePart | Failed | None = None
    scurve_table: TablePart | Failed | None = None
    forecast: TextPart | Failed | None = None
    projects: FigurePart | Failed | None = None
    projects_table: TablePart | Failed | None = None
    subprojects_table: TablePart | Failed | None = None
    by_source: FigurePart | Failed | None = None
    by_kind: FigurePart | Failed | None = None
    splits_table: TablePart | Failed | None = None
    provinces_table: TablePart | Failed | None = None


def _table(part: TablePart) -> dbc.Card:
    return table_card(part.table_id, part.headers, part.rows, part.caption, part.numeric)


def _part(part: FigurePart | TablePart | TextPart | Failed | None, height: int = 320) -> object:
    if isinstance(part, TextPart):
        return _text_card(part)
    return part_card(part, height)


def _collapsible(part: TablePart | Failed | None, summary: str) -> object:
    """A table alternative to a chart, folded under a summary line (keyboard: Enter opens it)."""
    if part is None or isinstance(part, Failed):
        return _part(part)
    title = f"{summary}: {part.caption.title}"
    return html.Details([html.Summary(title, className="mb-2"), _table(part)], className="mt-2")


def _text_card(part: TextPart) -> dbc.Card:
    caption = part.caption
    header = [html.H2(caption.title, className="card-title h6 mb-0")]
    if caption.demo:
        header.append(dbc.Badge(caption.demo, color="warning", text_color="dark"))
    footer = " · ".join(x for x in (caption.source, caption.as_of) if x)
    return dbc.Card(
        [
            dbc.CardHeader(header, class_name="d-flex justify-content-between gap-2"),
            dbc.CardBody(
                [
                    *[html.P(line, className="mb-2") for line in part.lines],
                    html.P(part.method, className="small text-body-secondary mb-0 forecast-method"),
                ]
            ),
            dbc.CardFooter(html.Small(footer, className="text-body-secondary")),
        ],
        id=part.part_id,
        class_name="h-100",
    )


def _pills(links: tuple[Link, ...], label: str, nav_id: str) -> html.Nav:
    items = [dbc.NavItem(dbc.NavLink(x.label, href=x.href, active=x.active)) for x in links]
    return html.Nav(
        [
            html.Span(label, className="me-2 text-body-secondary"),
            dbc.Nav(items, pills=True, class_name="year-pills"),
        ],
        id=nav_id,
        className="d-flex align-items-center flex-wrap",
        **{"aria-label": label},
    )


def _dropdown(item: Filter) -> dbc.Col:
    value = list(item.value) if isinstance(item.value, tuple) else item.value
    control = dcc.Dropdown(
        id=item.control_id,
        options=[{"value": v, "label": label} for v, label in item.options],
        value=value,
        multi=item.multi,
        placeholder=item.placeholder,
        clearable=True,
    )
    label = html.Label(item.label, htmlFor=item.control_id, className="form-label small mb-1")
    return dbc.Col([label, control], xs=12, md=6, lg=True)


def _filters(view: DisbursementView) -> html.Div:
    clear = (
        [html.A(view.clear.label, href=view.clear.href, className="small")] if view.clear else []
    )
    return html.Div(
        [
            dcc.Location(id=ids.DISB_LOCATION, refresh="callback-nav"),
            dcc.Store(id=ids.DISB_PARAMS, data=view.params),
            dbc.Row([_dropdown(item) for item in view.filters], class_name="g-2"),
            *clear,
        ],
        id=ids.DISB_FILTERS,
        className="mb-3",
    )


def _kpis(kpis: tuple[Kpi, ...] | Failed) -> dbc.Row:
    if isinstance(kpis, Failed):
        return dbc.Row(dbc.Col(error_alert(kpis.message)), id=ids.DISB_KPIS, class_name="mb-3")
    cols = [
        dbc.Col(kpi_card(k.card_id, k.label, k.value, k.unit, k.details), md=6, xl=3) for k in kpis
    ]
    return dbc.Row(cols, id=ids.DISB_KPIS, class_name="g-3 mb-3")


def _column(*children: object) -> list:
    """Parts stacked in one column; each in a plain div, so a card's ``h-100`` does not stretch
    it over the parts below."""
    return [html.Div(child, className="mb-2") for child in children if child is not None]


def layout(view: DisbursementView) -> html.Div:
    header = html.Div(
        [
            html.Div(
                [
                    html.H1(view.title, className="h4 mb-0"),
                    html.Div(view.period, className="period text-body-secondary"),
                ]
            ),
            html.Div(
                [
                    _pills(view.years, view.year_label, ids.DISB_YEARS),
                    _pills(view.months, view.month_label, ids.DISB_MONTHS),
                ]
            ),
        ],
        className="page-header d-flex justify-content-between align-items-end flex-wrap gap-2 mb-3",
    )
    summary = view.table_label
    return html.Div(
        [
            header,
            _filters(view),
            *[info_alert(notice) for notice in view.notices],
            _kpis(view.kpis),
            dbc.Row(
                [
                    dbc.Col(
                        _column(_part(view.scurve, 380), _collapsible(view.scurve_table, summary)),
                        lg=8,
                    ),
                    dbc.Col(_part(view.forecast), lg=4),
                ],
                class_name="g-3 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _column(
                            _part(view.projects, 420),
                            _collapsible(view.projects_table, summary),
                            _collapsible(view.subprojects_table, summary),
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        _column(
                            _part(view.by_source, 230),
                            _part(view.by_kind, 170),
                            _collapsible(view.splits_table, summary),
                        ),
                        lg=6,
                    ),
                ],
                class_name="g-3 mb-3",
            ),
            dbc.Row(dbc.Col(_part(view.provinces_table)), class_name="g-3 mb-3"),
        ],
        id=ids.DISBURSEMENT,
    )
