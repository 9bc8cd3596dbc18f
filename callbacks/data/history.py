"""The data page's import history: the batches the viewer may see (``dashboard.importing.history``
scopes them), the selected batch's issue report, and its undo behind a confirmation that states
what will change. The undo is a background callback acting as the signed-in viewer; it is
recorded in the audit log (``callbacks.data.work.undo``)."""

from __future__ import annotations

from typing import Any

import dash
import pandas as pd
from dash import Dash, Input, Output, State, dcc, no_update
from dash.exceptions import PreventUpdate

from callbacks.access import importer
from callbacks.data import jobs, work
from callbacks.data.importing import MIME, acting, lang_of
from callbacks.data.review import dong, kind_label, number_column, period_text
from callbacks.deps import Deps
from dashboard.access import Viewer
from dashboard.i18n import t
from dashboard.importing.history import UndoPreview, batch_history, batch_issues, undo_preview
from dashboard.importing.report import ImportFailed
from dashboard.importing.review import issues_file
from dashboard.models import REFORMED
from dashboard.queries import map as map_queries
from layouts import data_history, ids
from layouts.data_history import HistoryTab, UndoText

JOB_SHOWN, JOB_HIDDEN = "mb-2", "d-none"


def _kinds(value: object, kind: str, lang: str) -> str:
    given = value if isinstance(value, str) and value else kind
    kinds = [k for k in str(given or "").split(",") if k]
    return ", ".join(kind_label(k, lang) for k in kinds)


def history_rows(deps: Deps, viewer: Viewer, lang: str) -> list[dict]:
    frame = batch_history(deps.engine, viewer)
    rows = []
    for r in frame.itertuples():
        month = None if pd.isna(r.period_month) else int(r.period_month)
        period = None if pd.isna(r.period_year) else (int(r.period_year), month)
        rows.append({
            "id": int(r.id),
            "at": f"{r.started_at:%Y-%m-%d %H:%M}" if pd.notna(r.started_at) else "",
            "account": r.account or "",
            "filename": r.filename,
            "sha": str(r.sha256 or "")[:12],
            "sha256": str(r.sha256 or ""),
            "kinds": _kinds(r.kinds, r.kind, lang),
            "period": period_text(period, lang) if period else "",
            "accepted": int(r.rows_accepted or 0),
            "rejected": int(r.rows_rejected or 0),
            "accepted_vnd": None if pd.isna(r.accepted_vnd) else int(r.accepted_vnd),
            "file_total_vnd": None if pd.isna(r.file_total_vnd) else int(r.file_total_vnd),
            "status": _status(str(r.status), lang),
        })  # fmt: skip
    return rows


def _status(status: str, lang: str) -> str:
    key = f"batch.{status}"
    try:
        return t(key, lang)
    except KeyError:
        return status


def columns(lang: str) -> list[dict]:
    return [
        {"field": "id", "headerName": t("data.col.batch", lang), "width": 100,
         "type": "numericColumn", "sort": "desc"},
        {"field": "at", "headerName": t("data.col.at", lang), "width": 150},
        {"field": "account", "headerName": t("data.col.account", lang), "width": 130},
        {"field": "filename", "headerName": t("data.col.file", lang), "minWidth": 180},
        {"field": "sha", "headerName": t("data.col.hash", lang), "width": 130,
         "tooltipField": "sha256"},
        {"field": "kinds", "headerName": t("data.col.kinds", lang), "minWidth": 160},
        {"field": "period", "headerName": t("data.col.period", lang), "width": 130},
        number_column("accepted", t("data.col.accepted", lang), lang),
        number_column("rejected", t("data.col.rejected", lang), lang),
        number_column("accepted_vnd", t("data.col.accepted_vnd", lang), lang),
        number_column("file_total_vnd", t("data.col.file_total_vnd", lang), lang),
        {"field": "status", "headerName": t("data.col.status", lang), "width": 150},
    ]  # fmt: skip


def content(deps: Deps, viewer: Viewer, lang: str) -> object:
    view = HistoryTab(
        lang=lang,
        title=t("data.history.title", lang),
        hint=t("data.history.pick", lang),
        column_defs=columns(lang),
        rows=history_rows(deps, viewer, lang),
        report_labels=(f"{t('data.issue_report', lang)} (CSV)",
                       f"{t('data.issue_report', lang)} (XLSX)"),
        undo=t("data.undo", lang),
        confirm=t("data.undo.confirm", lang),
        close=t("data.undo.close", lang),
        undo_title=t("data.undo.confirm", lang),
    )  # fmt: skip
    return data_history.tab(view)


def selected_batch(rows: object) -> int | None:
    """The id of the grid's selected row (the browser's word; checked against the viewer's)."""
    if not isinstance(rows, list) or len(rows) != 1 or not isinstance(rows[0], dict):
        return None
    batch = rows[0].get("id")
    return batch if isinstance(batch, int) and not isinstance(batch, bool) else None


def visible(deps: Deps, viewer: Viewer, batch: int | None) -> dict | None:
    """The row of ``batch`` if the viewer may see it."""
    if batch is None:
        return None
    frame = batch_history(deps.engine, viewer)
    found = frame[frame.id.eq(batch)]
    return None if found.empty else found.iloc[0].to_dict()


def report(deps: Deps, viewer: Viewer, batch: int | None, kind: str) -> dict | None:
    row = visible(deps, viewer, batch)
    if row is None:
        return None
    issues = batch_issues(deps.engine, int(row["id"]))
    data = issues_file(issues, f"{row['filename']}: batch {row['id']}", kind)
    return dcc.send_bytes(data, f"batch-{row['id']}-issues.{kind}", type=MIME[kind])


def _province_names(deps: Deps) -> dict[str, str]:
    units = deps.read(map_queries.units, REFORMED, "province")
    return dict(zip(units["code"], units["short_name"], strict=True))


def undo_text(deps: Deps, preview: UndoPreview, lang: str) -> UndoText:
    names = _province_names(deps)
    lines = []
    for r in preview.by_province.itertuples():
        change = int(r.change_vnd)
        lines.append(t("data.undo.money", lang, figures=kind_label(str(r.table), lang),
                       province=names.get(str(r.province_2025), str(r.province_2025)),
                       change=("+" if change > 0 else "") + dong(change, lang)))  # fmt: skip
    summary = t("data.undo.effect", lang, name=preview.filename, removed=preview.removed,
                restored=preview.restored)  # fmt: skip
    refused = None if preview.allowed else t("data.undo.refused", lang, reason=preview.reason)
    return UndoText(summary, tuple(lines), refused)


def confirmation(deps: Deps, viewer: Viewer, batch: int | None, lang: str) -> tuple:
    """(title, text, may confirm) of undoing ``batch`` for the viewer."""
    if visible(deps, viewer, batch) is None:
        raise PreventUpdate
    try:
        preview = undo_preview(deps.engine, batch, viewer)
    except ImportFailed as exc:
        text = UndoText(t("data.undo.refused", lang, reason=str(exc)))
        return t("data.undo.title", lang, batch=batch), data_history.undo_text(text), False
    text = undo_text(deps, preview, lang)
    title = t("data.undo.title", lang, batch=batch)
    return title, data_history.undo_text(text), preview.allowed


def register(app: Dash, deps: Deps, manager: Any) -> None:
    @app.callback(
        Output(ids.DATA_HISTORY_GRID, "rowData"),
        Input(ids.DATA_CHANGED, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _refresh(_changed, search):  # noqa: ANN001, ANN202
        viewer = importer()
        return history_rows(deps, viewer, lang_of(deps, search))

    @app.callback(
        Output(ids.DATA_HISTORY_DOWNLOAD, "data"),
        Input(ids.DATA_HISTORY_CSV, "n_clicks"),
        Input(ids.DATA_HISTORY_XLSX, "n_clicks"),
        State(ids.DATA_HISTORY_GRID, "selectedRows"),
        prevent_initial_call=True,
    )
    def _report(_csv, _xlsx, rows):  # noqa: ANN001, ANN202
        viewer = importer()
        kind = "xlsx" if dash.ctx.triggered_id == ids.DATA_HISTORY_XLSX else "csv"
        return report(deps, viewer, selected_batch(rows), kind) or no_update

    @app.callback(
        output={"open": Output(ids.DATA_UNDO_MODAL, "is_open"),
                "title": Output(ids.DATA_UNDO_TITLE, "children"),
                "text": Output(ids.DATA_UNDO_TEXT, "children"),
                "confirm": Output(ids.DATA_UNDO_CONFIRM, "disabled"),
                "batch": Output(ids.DATA_UNDO_BATCH, "data")},
        inputs={"clicks": Input(ids.DATA_UNDO, "n_clicks")},
        state={"rows": State(ids.DATA_HISTORY_GRID, "selectedRows"),
               "search": State(ids.URL, "search")},
        prevent_initial_call=True,
    )  # fmt: skip
    def _ask(clicks, rows, search):  # noqa: ANN001, ANN202, ARG001
        viewer = importer()
        batch = selected_batch(rows)
        title, text, allowed = confirmation(deps, viewer, batch, lang_of(deps, search))
        return {"open": True, "title": title, "text": text, "confirm": not allowed,
                "batch": batch if allowed else None}  # fmt: skip

    @app.callback(
        Output(ids.DATA_UNDO_MODAL, "is_open", allow_duplicate=True),
        Input(ids.DATA_UNDO_CLOSE, "n_clicks"),
        prevent_initial_call=True,
    )
    def _close(_clicks):  # noqa: ANN001, ANN202
        return False

    @app.callback(
        output={"message": Output(ids.DATA_HISTORY_MSG, "children"),
                "changed": Output(ids.DATA_CHANGED, "data", allow_duplicate=True),
                "open": Output(ids.DATA_UNDO_MODAL, "is_open", allow_duplicate=True)},
        inputs={"clicks": Input(ids.DATA_UNDO_CONFIRM, "n_clicks")},
        state={"batch": State(ids.DATA_UNDO_BATCH, "data"),
               "changed": State(ids.DATA_CHANGED, "data"), "search": State(ids.URL, "search")},
        background=True, manager=manager, prevent_initial_call=True, interval=500,
        progress=[Output(ids.DATA_UNDO_STATUS, "children")],
        running=[(Output(ids.DATA_UNDO_JOB, "className"), JOB_SHOWN, JOB_HIDDEN),
                 (Output(ids.DATA_UNDO_CONFIRM, "disabled"), True, True)],
    )  # fmt: skip
    def _undo(set_progress, clicks, batch, changed, search, viewer=None):  # noqa: ANN001, ANN202, ARG001
        actor, lang = acting(viewer), lang_of(deps, search)
        deps.engine.dispose(close=False)

        def say(_percent: int | None, text: str) -> None:
            set_progress(text)

        outcome = work.undo(deps, actor, batch, lang, say, jobs.address_of(viewer))
        bumped = (changed if isinstance(changed, int) else 0) + 1
        message = data_history.outcome(outcome.message, outcome.colour) if outcome.message else None
        return {"message": message, "changed": bumped if outcome.changed else no_update,
                "open": False}  # fmt: skip
