"""The data page's first tab: the drop zone, the running job (progress bar, status, cancel), the
review of the uploaded file and the commit.

The drop zone is driven by ``assets/data_upload.js``: it sends the file to the upload route
(``data-url``, with the page's CSRF token) and puts the route's answer in the ``DATA_UPLOADED``
store, which starts the review. ``review_panel(view)`` renders a ``ReviewView`` of plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.grid_locale import grid_text
from layouts import ids


@dataclass(frozen=True)
class UploadTab:
    lang: str
    drop_text: str
    upload_url: str
    csrf_token: str
    max_bytes: int
    too_large: str  # said when a file is over the limit (by the browser, or the server's 413)
    uploading: str  # "Uploading {name}…"
    failed: str  # "The upload failed: {reason}"
    cancel: str
    commit: str
    discard: str
    rereview: str
    keep_demo: str | None = None  # the label of the administrators' "keep the demo data"


def _drop_zone(view: UploadTab) -> html.Div:
    data = {
        "data-url": view.upload_url,
        "data-csrf": view.csrf_token,
        "data-max-bytes": str(view.max_bytes),
        "data-too-large": view.too_large,
        "data-uploading": view.uploading,
        "data-failed": view.failed,
        "data-store": ids.DATA_UPLOADED,
        "data-bar": ids.DATA_UPLOAD_BAR,
        "data-message": ids.DATA_UPLOAD_MSG,
    }
    return html.Div(
        [html.Div("⇪", className="data-drop-icon", **{"aria-hidden": "true"}),
         html.Div(view.drop_text, className="data-drop-text")],
        id=ids.DATA_DROP,
        className="data-drop",
        role="button",
        tabIndex="0",
        **data,
    )  # fmt: skip


def _job(view: UploadTab) -> html.Div:
    """Shown while a job runs (the callbacks' ``running`` outputs)."""
    return html.Div(
        [
            dbc.Progress(id=ids.DATA_JOB_BAR, value=100, striped=True, animated=True,
                         class_name="mb-2", style={"height": "1.25rem"}),
            html.Div(id=ids.DATA_JOB_TEXT, className="small mb-2", role="status",
                     **{"aria-live": "polite"}),
            dbc.Button(view.cancel, id=ids.DATA_CANCEL, color="secondary", outline=True,
                       size="sm", disabled=True),
        ],
        id=ids.DATA_JOB,
        className="data-job d-none",
    )  # fmt: skip


def _actions(view: UploadTab) -> html.Div:
    return html.Div(
        [
            dbc.Button(view.commit, id=ids.DATA_COMMIT, color="primary", disabled=True),
            dbc.Button(view.rereview, id=ids.DATA_REREVIEW, color="secondary", outline=True),
            dbc.Button(view.discard, id=ids.DATA_DISCARD, color="secondary", outline=True),
        ],
        id=ids.DATA_ACTIONS,
        className="d-none",
    )


def tab(view: UploadTab) -> html.Div:
    keep_demo = dbc.Checkbox(
        id=ids.DATA_KEEP_DEMO,
        label=view.keep_demo or "",
        value=False,
        class_name="mt-2 small" if view.keep_demo else "d-none",
    )
    return html.Div(
        [
            _drop_zone(view),
            dbc.Progress(id=ids.DATA_UPLOAD_BAR, value=0, class_name="mt-2",
                         style={"display": "none"}),
            html.Div(id=ids.DATA_UPLOAD_MSG, className="mt-2", role="status",
                     **{"aria-live": "polite"}),
            keep_demo,
            dcc.Store(id=ids.DATA_UPLOADED),
            dcc.Store(id=ids.DATA_REVIEWED),
            html.Div(_job(view), className="mt-3"),
            html.Div(id=ids.DATA_REVIEW, className="mt-3"),
            html.Div(_actions(view), className="d-flex gap-2 mt-3 data-actions"),
            dcc.Download(id=ids.DATA_ISSUES_DOWNLOAD),
        ],
        className="data-upload",
    )  # fmt: skip


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class SmallTable:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # positions of the number columns


@dataclass(frozen=True)
class GridView:
    title: str
    column_defs: list[dict]
    rows: list[dict]
    note: str | None = None


@dataclass(frozen=True)
class ReviewView:
    title: str
    lang: str
    facts: tuple[Fact, ...] = ()
    alerts: tuple[tuple[str, str], ...] = ()  # (bootstrap colour, text)
    totals: tuple[SmallTable, ...] = ()
    changes: GridView | None = None
    changes_summary: str = ""
    issues: GridView | None = None
    download_labels: tuple[str, str] = ("CSV", "XLSX")
    extra: tuple[str, ...] = field(default_factory=tuple)  # notes: how the file was read


def _facts(facts: tuple[Fact, ...]) -> html.Dl:
    items: list = []
    for fact in facts:
        items += [html.Dt(fact.label, className="col-sm-4 col-lg-3"),
                  html.Dd(fact.value, className="col-sm-8 col-lg-9 mb-1")]  # fmt: skip
    return html.Dl(items, className="row mb-2 data-facts")


def small_table(table: SmallTable) -> html.Div:
    def cell(tag: type, text: str, i: int) -> html.Th | html.Td:
        return tag(text, className="text-end" if i in table.numeric else None)

    head = html.Thead(html.Tr([cell(html.Th, h, i) for i, h in enumerate(table.headers)]))
    body = html.Tbody(
        [html.Tr([cell(html.Td, c, i) for i, c in enumerate(row)]) for row in table.rows]
    )
    return html.Div(
        [
            html.H3(table.title, className="h6"),
            dbc.Table([head, body], size="sm", striped=True, class_name="mb-3 data-totals"),
        ],
        className="col-md-6",
    )


def grid(grid_id: str, view: GridView, lang: str, height: int = 260) -> dag.AgGrid:
    return dag.AgGrid(
        id=grid_id,
        rowData=view.rows,
        columnDefs=view.column_defs,
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "minWidth": 90},
        dashGridOptions={"animateRows": False, "localeText": grid_text(lang)},
        className="ag-theme-quartz",
        style={"height": f"{height}px", "width": "100%"},
    )


def _grid_section(grid_id: str, view: GridView, lang: str, tools: list | None = None) -> list:
    head = html.Div(
        [html.H3(view.title, className="h6 mb-0"), html.Div(tools or [], className="d-flex gap-2")],
        className="d-flex justify-content-between align-items-center mb-1",
    )
    note = html.Div(view.note, className="small text-body-secondary") if view.note else None
    return [head, note, grid(grid_id, view, lang)]


def review_panel(view: ReviewView) -> dbc.Card:
    body: list = [dbc.Alert(text, color=colour, class_name="py-2") for colour, text in view.alerts]
    body.append(_facts(view.facts))
    body += [html.Div(note, className="small text-body-secondary") for note in view.extra]
    if view.totals:
        body.append(html.Div([small_table(t) for t in view.totals], className="row mt-2"))
    body.append(html.P(view.changes_summary, className="mb-1 data-changes"))
    if view.changes is not None:  # the changed rows, old -> new (new rows are only counted)
        body += _grid_section(ids.DATA_CHANGES_GRID, view.changes, view.lang)
    if view.issues is not None:
        csv, xlsx = view.download_labels
        tools = [
            dbc.Button(csv, id=ids.DATA_ISSUES_CSV, size="sm", color="secondary", outline=True),
            dbc.Button(xlsx, id=ids.DATA_ISSUES_XLSX, size="sm", color="secondary", outline=True),
        ]
        body.append(html.Div(_grid_section(ids.DATA_ISSUES_GRID, view.issues, view.lang, tools),
                             className="mt-3"))  # fmt: skip
    return dbc.Card(
        [dbc.CardHeader(html.H2(view.title, className="h6 mb-0")), dbc.CardBody(body)],
        class_name="data-review-card",
    )


def message(text: str, colour: str = "info") -> dbc.Alert:
    """An outcome in place of the review: committed, refused, discarded."""
    return dbc.Alert(text, color=colour, class_name="data-outcome")
