"""The data page's first tab: upload, review, commit or discard, and the rejected rows' download.

The review and the commit are Dash background callbacks (``callbacks.data.jobs``): they run off
the request thread with a progress bar and a cancel button, as the signed-in viewer. Their work
is in ``callbacks.data.work``; here is only the wiring.
"""

from __future__ import annotations

from typing import Any

import dash
import flask
from dash import Dash, Input, Output, State, dcc, no_update
from dash.exceptions import PreventUpdate
from flask_wtf.csrf import generate_csrf

from callbacks.access import importer
from callbacks.data import jobs, reviews, work
from callbacks.data.upload import UPLOAD_PATH
from callbacks.deps import Deps
from callbacks.shell import parse_query
from dashboard import i18n, uploads
from dashboard.access import Viewer
from dashboard.i18n import t
from dashboard.importing.review import issues_file
from layouts import data_upload, ids
from layouts.data_upload import UploadTab

MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HIDDEN, SHOWN = "d-none", "d-flex gap-2 flex-wrap"
JOB_SHOWN, JOB_HIDDEN = "data-job", "data-job d-none"


def content(deps: Deps, viewer: Viewer, lang: str) -> object:
    settings = deps.settings
    mb = settings.import_max_mb
    view = UploadTab(
        lang=lang,
        drop_text=t("data.drop", lang, mb=mb),
        upload_url=UPLOAD_PATH,
        csrf_token=generate_csrf() if flask.has_request_context() else "",
        max_bytes=settings.import_max_bytes,
        too_large=t("data.too_large", lang, mb=mb),
        uploading=t("data.uploading", lang, name="{name}"),
        failed=t("data.upload_failed", lang, reason="{reason}"),
        cancel=t("data.cancel", lang),
        commit=t("data.commit", lang),
        discard=t("data.discard", lang),
        rereview=t("data.rereview", lang),
        keep_demo=t("data.keep_demo", lang) if viewer.is_admin and demo_present(deps) else None,
    )
    return data_upload.tab(view)


def demo_present(deps: Deps) -> bool:
    try:
        return deps.status().is_demo
    except Exception:  # noqa: BLE001 (the page shows without the option when the read fails)
        return False


def lang_of(deps: Deps, search: object) -> str:
    query = parse_query(search if isinstance(search, str) else None)
    return i18n.normalize(query.get("lang"), deps.settings.language)


def shown(outcome: work.Outcome) -> dict[str, Any]:
    """The outputs of a review or a commit."""
    if outcome.review is not None:
        panel = data_upload.review_panel(outcome.review)
    elif outcome.message:
        panel = data_upload.message(outcome.message, outcome.colour)
    else:
        panel = None
    return {
        "review": panel,
        "reviewed": outcome.reviewed,
        "commit": not outcome.can_commit,
        "actions": SHOWN if outcome.reviewed else HIDDEN,
    }


def acting(record: object) -> Viewer:
    """The viewer a job acts as (set by the server when the job started), else no update."""
    viewer = jobs.viewer_of(record)
    if viewer is None:
        raise PreventUpdate
    return viewer


def _say(set_progress: Any) -> work.Say:
    def say(percent: int | None, text: str) -> None:
        value = 100 if percent is None else percent
        set_progress((value, "" if percent is None else f"{percent}%", text))

    return say


def download(deps: Deps, viewer: Viewer, reviewed: object, kind: str) -> dict | None:
    """The issues of the review shown, as CSV or XLSX (the viewer's own upload only)."""
    upload = reviewed.get("upload") if isinstance(reviewed, dict) else None
    try:
        name, issues = reviews.load(deps.settings.var_dir, upload, viewer.name)
    except uploads.UploadRefused:
        return None
    stem = name.rsplit(".", 1)[0] or "upload"
    data = issues_file(issues, f"{name}: issues", kind)
    return dcc.send_bytes(data, f"{stem}-issues.{kind}", type=MIME[kind])


JOB = {
    "progress": [Output(ids.DATA_JOB_BAR, "value"), Output(ids.DATA_JOB_BAR, "label"),
                 Output(ids.DATA_JOB_TEXT, "children")],
    "progress_default": [100, "", ""],
    "running": [(Output(ids.DATA_JOB, "className"), JOB_SHOWN, JOB_HIDDEN),
                (Output(ids.DATA_CANCEL, "disabled"), False, True),
                (Output(ids.DATA_ACTIONS, "style"), {"display": "none"}, {})],
    "cancel": [Input(ids.DATA_CANCEL, "n_clicks")],
    "interval": 500,
}  # fmt: skip


def _outputs(duplicate: bool) -> dict[str, Output]:
    return {
        "review": Output(ids.DATA_REVIEW, "children", allow_duplicate=duplicate),
        "reviewed": Output(ids.DATA_REVIEWED, "data", allow_duplicate=duplicate),
        "commit": Output(ids.DATA_COMMIT, "disabled", allow_duplicate=duplicate),
        "actions": Output(ids.DATA_ACTIONS, "className", allow_duplicate=duplicate),
    }


def register(app: Dash, deps: Deps, manager: Any) -> None:
    @app.callback(
        output=_outputs(False),
        inputs={"uploaded": Input(ids.DATA_UPLOADED, "data"),
                "again": Input(ids.DATA_REREVIEW, "n_clicks")},
        state={"keep_demo": State(ids.DATA_KEEP_DEMO, "value"),
               "reviewed": State(ids.DATA_REVIEWED, "data"), "search": State(ids.URL, "search")},
        background=True, manager=manager, prevent_initial_call=True, **JOB,
    )  # fmt: skip
    def _review(set_progress, uploaded, again, keep_demo, reviewed, search, viewer=None):  # noqa: ANN001, ANN202, ARG001
        actor, lang = acting(viewer), lang_of(deps, search)
        source = reviewed if dash.ctx.triggered_id == ids.DATA_REREVIEW else uploaded
        upload = source.get("upload") if isinstance(source, dict) else None
        name = source.get("name") if isinstance(source, dict) else None
        set_progress((100, "", t("data.job.reading", lang, name=str(name or "")[:200])))
        deps.engine.dispose(close=False)  # a job's process opens its own connections
        return shown(work.review_upload(deps, actor, upload, keep_demo is True, lang))

    @app.callback(
        output={**_outputs(True), "changed": Output(ids.DATA_CHANGED, "data")},
        inputs={"clicks": Input(ids.DATA_COMMIT, "n_clicks")},
        state={"reviewed": State(ids.DATA_REVIEWED, "data"),
               "changed": State(ids.DATA_CHANGED, "data"), "search": State(ids.URL, "search")},
        background=True, manager=manager, prevent_initial_call=True, **JOB,
    )  # fmt: skip
    def _commit(set_progress, clicks, reviewed, changed, search, viewer=None):  # noqa: ANN001, ANN202, ARG001
        actor, lang = acting(viewer), lang_of(deps, search)
        deps.engine.dispose(close=False)
        outcome = work.commit_upload(
            deps, actor, reviewed, lang, _say(set_progress), jobs.address_of(viewer)
        )
        bumped = (changed if isinstance(changed, int) else 0) + 1
        return {**shown(outcome), "changed": bumped if outcome.changed else no_update}

    @app.callback(
        output=_outputs(True),
        inputs={"clicks": Input(ids.DATA_DISCARD, "n_clicks")},
        state={"reviewed": State(ids.DATA_REVIEWED, "data"), "search": State(ids.URL, "search")},
        prevent_initial_call=True,
    )
    def _discard(clicks, reviewed, search):  # noqa: ANN001, ANN202, ARG001
        viewer = importer()
        return shown(work.discard(deps, viewer, reviewed, lang_of(deps, search)))

    @app.callback(
        Output(ids.DATA_ISSUES_DOWNLOAD, "data"),
        Input(ids.DATA_ISSUES_CSV, "n_clicks"),
        Input(ids.DATA_ISSUES_XLSX, "n_clicks"),
        State(ids.DATA_REVIEWED, "data"),
        prevent_initial_call=True,
    )
    def _issues(_csv, _xlsx, reviewed):  # noqa: ANN001, ANN202
        viewer = importer()
        kind = "xlsx" if dash.ctx.triggered_id == ids.DATA_ISSUES_XLSX else "csv"
        return download(deps, viewer, reviewed, kind) or no_update
