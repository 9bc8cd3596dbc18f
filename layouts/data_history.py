"""The data page's import history: every batch the viewer may see in a grid, the selected batch's
issue report as CSV or XLSX, and its undo behind a confirmation that states what will change.

``tab(view)`` renders a ``HistoryTab`` of plain values; ``undo_text(preview)`` the confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.grid_locale import grid_text
from layouts import ids


@dataclass(frozen=True)
class HistoryTab:
    lang: str
    title: str
    hint: str
    column_defs: list[dict]
    rows: list[dict]
    report_labels: tuple[str, str]  # issue report as CSV, as XLSX
    undo: str
    confirm: str
    close: str
    undo_title: str


def history_grid(view: HistoryTab) -> dag.AgGrid:
    return dag.AgGrid(
        id=ids.DATA_HISTORY_GRID,
        rowData=view.rows,
        columnDefs=view.column_defs,
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "minWidth": 90},
        dashGridOptions={
            "rowSelection": {"mode": "singleRow", "enableClickSelection": True},
            "animateRows": False,
            "localeText": grid_text(view.lang),
        },
        getRowId="params.data.id",
        className="ag-theme-quartz",
        style={"height": "420px", "width": "100%"},
    )


def _undo_modal(view: HistoryTab) -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(view.undo_title, id=ids.DATA_UNDO_TITLE)),
            dbc.ModalBody(html.Div(id=ids.DATA_UNDO_TEXT)),
            dbc.ModalFooter([
                dbc.Button(view.close, id=ids.DATA_UNDO_CLOSE, color="secondary", outline=True),
                dbc.Button(view.confirm, id=ids.DATA_UNDO_CONFIRM, color="danger", disabled=True),
            ]),
        ],
        id=ids.DATA_UNDO_MODAL,
        is_open=False,
    )  # fmt: skip


def tab(view: HistoryTab) -> html.Div:
    csv, xlsx = view.report_labels
    tools = html.Div(
        [
            dbc.Button(csv, id=ids.DATA_HISTORY_CSV, size="sm", color="secondary", outline=True),
            dbc.Button(xlsx, id=ids.DATA_HISTORY_XLSX, size="sm", color="secondary", outline=True),
            dbc.Button(view.undo, id=ids.DATA_UNDO, size="sm", color="danger", outline=True),
        ],
        className="d-flex gap-2",
    )
    job = html.Div(
        [dbc.Progress(id=ids.DATA_UNDO_BAR, value=100, striped=True, animated=True,
                      class_name="mb-1"),
         html.Div(id=ids.DATA_UNDO_STATUS, className="small", role="status")],
        id=ids.DATA_UNDO_JOB,
        className="d-none",
    )  # fmt: skip
    return html.Div(
        [
            html.Div(
                [html.H2(view.title, className="h6 mb-0"), tools],
                className="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-1",
            ),
            html.P(view.hint, className="small text-body-secondary mb-1"),
            html.Div(id=ids.DATA_HISTORY_MSG, role="status", **{"aria-live": "polite"}),
            job,
            history_grid(view),
            dcc.Store(id=ids.DATA_UNDO_BATCH),
            dcc.Download(id=ids.DATA_HISTORY_DOWNLOAD),
            _undo_modal(view),
        ],
        className="data-history",
    )


@dataclass(frozen=True)
class UndoText:
    summary: str
    lines: tuple[str, ...] = ()  # the money change per figures and province
    refused: str | None = None  # why it cannot be undone


def undo_text(text: UndoText) -> list:
    parts: list = [html.P(text.summary)]
    if text.lines:
        parts.append(html.Ul([html.Li(line) for line in text.lines], className="small"))
    if text.refused:
        parts.append(dbc.Alert(text.refused, color="warning", class_name="mb-0"))
    return parts


def outcome(text: str, colour: str) -> dbc.Alert:
    return dbc.Alert(text, color=colour, class_name="py-2", dismissable=True)
