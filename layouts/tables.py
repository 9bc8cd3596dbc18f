"""The tables page (``/tables``): a drill-down grid (dash-ag-grid, community features only) of
allocated and disbursed capital per province, district or commune, with filters as links,
breadcrumbs, a diacritic-insensitive quick search and CSV/XLSX export.

``layout(view)`` renders a ``TablesView`` of plain values built by ``callbacks.tables.page``;
``column_defs`` builds the grid's columns from labels. Money cells are formatted in the browser by
``assets/dashAgGridFunctions.js`` (the row data carry exact đồng).
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.grid_locale import grid_text
from layouts import ids
from layouts.components import Caption, demo_badge, error_alert, info_alert
from layouts.shell import Link


@dataclass(frozen=True)
class FilterGroup:
    label: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class GridPart:
    column_defs: list[dict]
    row_data: list[dict]
    totals: dict
    caption: Caption
    quick_filter: str  # folded search text


@dataclass(frozen=True)
class TablesView:
    title: str
    period: str | None
    lang: str
    filters: tuple[FilterGroup, ...] = ()
    breadcrumbs: tuple[Link, ...] = ()
    notices: tuple[str, ...] = ()
    vintage_rule: str | None = None
    search_label: str = ""
    search: str = ""
    export_labels: tuple[str, str] = ("CSV", "XLSX")
    grid: GridPart | str | None = None  # a string is the message of a failed read


def money_column(field: str, header: str, lang: str, scale: str, **extra: object) -> dict:
    formatter = f"NTP.money(params.value, '{lang}', '{scale}')"
    return {
        "field": field,
        "headerName": header,
        "type": "numericColumn",
        "filter": "agNumberColumnFilter",
        "valueFormatter": {"function": formatter},
        "getQuickFilterText": {"function": "''"},
        **extra,
    }


def rate_column(field: str, header: str, lang: str, **extra: object) -> dict:
    return {
        "field": field,
        "headerName": header,
        "type": "numericColumn",
        "filter": "agNumberColumnFilter",
        "valueFormatter": {"function": f"NTP.percent(params.value, '{lang}')"},
        "getQuickFilterText": {"function": "''"},
        **extra,
    }


def measure_group(
    prefix: str, header: str, labels: dict[str, str], lang: str, scale: str, open_: bool = False
) -> dict:
    """Allocated, disbursed, rate of ``prefix`` under one header; ``open_``: allocated is shown
    only when the group is opened (keeps the project columns readable)."""
    hidden = {"columnGroupShow": "open"} if open_ else {}
    return {
        "headerName": header,
        "marryChildren": True,
        "children": [
            money_column(f"{prefix}allocated", labels["allocated"], lang, scale, **hidden),
            money_column(f"{prefix}disbursed", labels["disbursed"], lang, scale),
            rate_column(f"{prefix}rate", labels["rate"], lang),
        ],
    }


def column_defs(
    labels: dict[str, str],
    groups: tuple[tuple[str, str], ...],
    projects: tuple[str, ...],
    lang: str,
    scale: str,
    with_region: bool,
) -> list[dict]:
    """Name (pinned), code, region (communes), total, by kind (``groups``: prefix, header), by
    project; a hidden folded-name column feeds the quick search."""
    quiet = {"getQuickFilterText": {"function": "''"}}
    place: list[dict] = [
        {"field": "name", "headerName": labels["name"], "pinned": "left", "minWidth": 150,
         "width": 200, "filter": "agTextColumnFilter", "cellClass": "drill-cell", **quiet},
        {"field": "code", "headerName": labels["code"], "width": 90, "filter": True},
    ]  # fmt: skip
    if with_region:
        place.append({"field": "region", "headerName": labels["region"], "width": 80, **quiet})
    # under a group header, like the money columns: a header row without cells is an ARIA fault
    columns: list[dict] = [{"headerName": labels["place"], "children": place}]
    columns.append({"field": "search", "hide": True})
    columns.append(measure_group("", labels["total"], labels, lang, scale))
    columns += [measure_group(p, h, labels, lang, scale) for p, h in groups]
    columns += [measure_group(f"{p}_", p, labels, lang, scale, open_=True) for p in projects]
    return columns


def _filters(view: TablesView) -> html.Div:
    def group(g: FilterGroup) -> html.Div:
        pills = [
            dbc.NavItem(dbc.NavLink(link.label, href=link.href, active=link.active))
            for link in g.links
        ]
        return html.Div(
            [
                html.Span(g.label, className="me-2 text-body-secondary small"),
                dbc.Nav(pills, pills=True, class_name="filter-pills small"),
            ],
            className="d-flex align-items-center flex-wrap me-3",
            role="group",
            **{"aria-label": g.label},
        )

    return html.Div(
        [group(g) for g in view.filters], id=ids.TABLES_FILTERS, className="d-flex flex-wrap gap-1"
    )


def _breadcrumbs(view: TablesView) -> html.Nav:
    items = [
        html.Li(
            link.label if link.active else dcc.Link(link.label, href=link.href),
            className="breadcrumb-item active" if link.active else "breadcrumb-item",
            **({"aria-current": "page"} if link.active else {}),
        )
        for link in view.breadcrumbs
    ]
    return html.Nav(
        html.Ol(items, className="breadcrumb mb-0"),
        id=ids.TABLES_BREADCRUMBS,
        **{"aria-label": "breadcrumb"},
    )


def _toolbar(view: TablesView) -> html.Div:
    csv_label, xlsx_label = view.export_labels
    return html.Div(
        [
            html.Label(view.search_label, htmlFor=ids.TABLES_SEARCH, className="visually-hidden"),
            dbc.Input(
                id=ids.TABLES_SEARCH,
                type="search",
                value=view.search,
                placeholder=view.search_label,
                debounce=0.3,
                class_name="tables-search",
            ),
            dbc.Button(
                csv_label,
                id=ids.TABLES_EXPORT_CSV,
                color="secondary",
                outline=True,
                size="sm",
                class_name="text-nowrap",
            ),
            dbc.Button(
                xlsx_label,
                id=ids.TABLES_EXPORT_XLSX,
                color="secondary",
                outline=True,
                size="sm",
                class_name="text-nowrap",
            ),
            dcc.Download(id=ids.TABLES_DOWNLOAD),
        ],  # fmt: skip
        className="d-flex gap-2 align-items-center",
    )


def _grid_card(part: GridPart, lang: str) -> dbc.Card:
    caption = part.caption
    head = [html.H2(caption.title, className="card-title h6 mb-0")]
    if caption.demo:
        head.append(demo_badge(caption.demo))
    grid = dag.AgGrid(
        id=ids.TABLES_GRID,
        rowData=part.row_data,
        columnDefs=part.column_defs,
        defaultColDef={"sortable": True, "resizable": True, "minWidth": 110},
        dashGridOptions={
            "quickFilterText": part.quick_filter,
            "includeHiddenColumnsInQuickFilter": True,
            "pinnedBottomRowData": [part.totals],
            "suppressDragLeaveHidesColumns": True,
            "animateRows": False,
            "localeText": grid_text(lang),  # the grid's own menus in the page's language
        },
        getRowId="params.data.code",
        eventListeners={
            "cellClicked": ["NTP.drill(params, setEventData)"],
            "cellKeyDown": ["NTP.drillKey(params, setEventData)"],
        },
        className="ag-theme-quartz tables-grid",
        style={"width": "100%"},  # the height follows the screen (theme.css)
    )
    footer = " · ".join(p for p in (caption.units, caption.source, caption.as_of) if p)
    return dbc.Card(
        [
            dbc.CardHeader(head, class_name="d-flex justify-content-between gap-2"),
            dbc.CardBody(grid, class_name="p-1"),
            dbc.CardFooter(
                html.Small(footer, className="text-body-secondary"), class_name="caption"
            ),
        ],
        class_name="table-card",
    )


def layout(view: TablesView) -> html.Div:
    header = html.Div(
        [
            html.H1(view.title, className="h4 mb-0"),
            html.Div(view.period, className="period text-body-secondary"),
        ],
        className="page-header mb-2",
    )
    if isinstance(view.grid, GridPart):
        grid = _grid_card(view.grid, view.lang)
    else:
        grid = error_alert(view.grid) if view.grid else None
    return html.Div(
        [
            header,
            _filters(view),
            *[info_alert(notice) for notice in view.notices],
            html.P(view.vintage_rule, className="small text-body-secondary my-2 vintage-rule"),
            html.Div(
                [_breadcrumbs(view), _toolbar(view)],
                className="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-2",
            ),
            grid,
        ],
        id=ids.TABLES,
        lang=view.lang,
    )
