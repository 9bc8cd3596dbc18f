"""The data page's layout, history and templates as plain functions of a viewer (an officer, an
administrator, an analyst who may not import)."""

from __future__ import annotations

import dash
import flask
from sqlalchemy import Engine

from callbacks.data import history, page
from callbacks.deps import Deps
from callbacks.inputs import grid_rows
from dashboard.access import ADMIN, ANALYST, OFFICER, Viewer
from layouts import ids
from tests.app_fixtures import add_batch, seed_overview

OFFICER_08 = Viewer("tq", OFFICER, frozenset({"08"}))


def rendered(app: dash.Dash, deps: Deps, viewer: Viewer, **params: str) -> str:
    with app.server.test_request_context("/data"):
        flask.g.ntp_viewer = viewer
        return str(page(deps)(**params))


def test_an_officer_gets_the_drop_zone_and_their_provinces(
    app: dash.Dash, deps: Deps, engine: Engine
) -> None:
    seed_overview(engine)
    text = rendered(app, deps, OFFICER_08)
    assert ids.DATA_DROP in text and "/data/upload" in text and "Tuyên Quang" in text
    assert "Nhập cùng dữ liệu minh họa" not in text  # the demo option is an administrator's


def test_the_page_follows_the_language_and_the_tab(app: dash.Dash, deps: Deps) -> None:
    text = rendered(app, deps, Viewer("boss", ADMIN), lang="en", tab="history")
    assert "Import history" in text and "data-tab='history'" in text
    assert "every province" in text and "/data?tab=upload&lang=en" in text
    assert ids.DATA_DROP not in text  # only the open tab is built


def test_an_analyst_gets_no_import_page(app: dash.Dash, deps: Deps) -> None:
    text = rendered(app, deps, Viewer("ana", ANALYST, frozenset({"08"})))
    assert ids.DATA_DROP not in text and "cán bộ nhập số liệu" in text


def test_the_history_shows_what_the_viewer_may_see(
    app: dash.Dash, deps: Deps, engine: Engine
) -> None:
    from datetime import datetime

    add_batch(engine, datetime(2026, 11, 5, 8, 30))  # no province, no account: admins only
    with app.server.test_request_context("/data"):
        admin_rows = history.history_rows(deps, Viewer("boss", ADMIN), "en")
        officer_rows = history.history_rows(deps, OFFICER_08, "en")
    assert [(r["at"], r["filename"], r["status"]) for r in admin_rows] == [
        ("2026-11-05 08:30", "x.csv", "Committed")
    ]
    assert officer_rows == []
    grid_rows(admin_rows)  # the grid's selected row comes back in a callback: a valid shape


def test_templates_are_served_to_importers_only(app: dash.Dash) -> None:
    client = app.server.test_client()  # AUTH off: an anonymous reader, who may not import
    assert client.get("/data/templates/disbursement.csv").status_code == 403


def test_a_template_downloads_for_an_officer(app: dash.Dash) -> None:
    from callbacks.data.templates import send_template

    with app.server.test_request_context("/data/templates/disbursement.xlsx"):
        flask.g.ntp_viewer = OFFICER_08
        response = send_template("disbursement.xlsx")
        assert response.status_code == 200 and response.get_data().startswith(b"PK")
        assert "disbursement.xlsx" in response.headers["Content-Disposition"]
