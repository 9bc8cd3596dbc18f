"""The request's viewer and the gate's rules, with Flask's test client (the HTTP tests against
gunicorn are in tests/test_auth_http.py)."""

from __future__ import annotations

import re
from pathlib import Path

import dash
import flask
import pytest
from sqlalchemy import Engine
from werkzeug.exceptions import Unauthorized

from callbacks.access import current_viewer
from callbacks.auth import may_call, output_ids
from dashboard import accounts
from dashboard.access import ANONYMOUS_READER, WALL, Viewer
from tests.app_fixtures import dash_registries, make_settings

__all__ = ["dash_registries"]
PASSWORD = "a long enough passphrase"


def make_app(engine: Engine, tmp_path: Path, **settings: object) -> dash.Dash:
    from app import create_app

    return create_app(make_settings(tmp_path, **settings), engine)


def sign_in(client, name: str) -> int:  # noqa: ANN001 (FlaskClient)
    token = re.search(r'csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    form = {"name": name, "password": PASSWORD, "csrf_token": token}
    return client.post("/login", data=form, headers={"Origin": "http://localhost"}).status_code


class TestCurrentViewer:
    def test_outside_a_request_every_province_is_visible(self) -> None:
        assert current_viewer() is ANONYMOUS_READER

    def test_a_request_without_a_viewer_is_refused(self) -> None:
        with flask.Flask(__name__).test_request_context("/"), pytest.raises(Unauthorized):
            current_viewer()

    def test_the_viewer_the_sign_in_layer_set(self) -> None:
        viewer = Viewer("ana", "analyst", frozenset({"04"}))
        with flask.Flask(__name__).test_request_context("/"):
            flask.g.ntp_viewer = viewer
            assert current_viewer() is viewer


def test_auth_off_reads_anonymously_but_never_administers(
    engine: Engine, tmp_path: Path, dash_registries: None
) -> None:
    client = make_app(engine, tmp_path, auth=False).server.test_client()
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/admin/users").status_code == 403


def test_a_session_ends_its_maximum_age_after_the_sign_in(
    engine: Engine, tmp_path: Path, dash_registries: None
) -> None:
    accounts.add(engine, "ana", "leader", PASSWORD)
    client = make_app(engine, tmp_path, auth=True, session_max_hours=0).server.test_client()
    assert sign_in(client, "ana") == 302
    assert client.get("/_dash-layout").status_code == 401


def test_a_new_password_ends_other_sessions(
    engine: Engine, tmp_path: Path, dash_registries: None
) -> None:
    accounts.add(engine, "ana", "leader", PASSWORD)
    client = make_app(engine, tmp_path, auth=True).server.test_client()
    assert sign_in(client, "ana") == 302
    assert client.get("/_dash-layout").status_code == 200
    accounts.set_password(engine, "ana", PASSWORD + " changed")
    assert client.get("/_dash-layout").status_code == 401


@pytest.mark.parametrize(
    ("asked", "sent"),
    [("/map?year=2026", "/map?year=2026"), ("//evil.example", "/"), ("/\\evil.example", "/"),
     ("https://evil.example/", "/")],
)  # fmt: skip
def test_sign_in_sends_on_to_this_site_only(
    engine: Engine, tmp_path: Path, dash_registries: None, asked: str, sent: str
) -> None:
    accounts.add(engine, "ana", "leader", PASSWORD)
    client = make_app(engine, tmp_path, auth=True).server.test_client()
    token = re.search(r'csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    form = {"name": "ana", "password": PASSWORD, "csrf_token": token, "next": asked}
    answer = client.post("/login", data=form, headers={"Origin": "http://localhost"})
    assert answer.headers["Location"] == sent


class TestWallCallbacks:
    def test_output_ids(self) -> None:
        assert output_ids("..navbar-body.children...html-lang.data..") == {
            "navbar-body",
            "html-lang",
        }
        assert output_ids("map-graph.figure") == {"map-graph"}
        assert output_ids(None) == {""}

    def test_only_the_wall_page_is_routed(self) -> None:
        def body(path: str) -> dict:
            return {
                "output": ".._pages_content.children..._pages_store.data..",
                "inputs": [{"id": "_pages_location", "property": "pathname", "value": path}],
            }

        assert may_call(WALL, body("/wall"))
        assert not may_call(WALL, body("/tables"))
        assert not may_call(WALL, {**body("/wall"), "output": "tables-grid.rowData"})
        assert not may_call(WALL, {"output": "navbar-body.children", "inputs": "x"})


@pytest.mark.parametrize(("hops", "status"), [(0, 403), (1, 401)])
def test_behind_a_proxy_the_origin_is_checked_against_the_forwarded_host(
    engine: Engine, tmp_path: Path, dash_registries: None, hops: int, status: int
) -> None:
    client = make_app(engine, tmp_path, auth=True, proxy_hops=hops).server.test_client()
    headers = {"Origin": "https://ntp.example.vn", "X-Forwarded-Host": "ntp.example.vn",
               "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}  # fmt: skip
    # trusted: same-origin, then refused only for want of a session (401); untrusted: cross-site
    assert client.post("/_dash-update-component", json={}, headers=headers).status_code == status


def test_the_admin_page_disables_grants_and_refuses_disabling_oneself(
    engine: Engine, tmp_path: Path, dash_registries: None
) -> None:
    accounts.add(engine, "boss", "admin", PASSWORD)
    accounts.add(engine, "ana", "analyst", PASSWORD, ["04"])
    server = make_app(engine, tmp_path, auth=True).server
    admin, analyst = server.test_client(), server.test_client()
    assert sign_in(admin, "boss") == 302 and sign_in(analyst, "ana") == 302
    token = re.search(r'csrf_token" value="([^"]+)"', admin.get("/admin/users").text).group(1)
    origin = {"Origin": "http://localhost"}

    def post(path: str, **form: str) -> int:
        return admin.post(path, data={"csrf_token": token, **form}, headers=origin).status_code

    assert post("/admin/users/ana/grant", provinces="08, 14") == 200
    assert accounts.load(engine, 2).provinces == ("04", "08", "14")
    assert post("/admin/users/ana/grant", provinces="99") == 400
    assert post("/admin/users/boss/disable") == 400
    assert post("/admin/users/ana/disable") == 200
    assert analyst.get("/_dash-layout").status_code == 401


def test_sign_in_works_while_the_throttling_store_is_away(
    engine: Engine, tmp_path: Path, dash_registries: None
) -> None:
    accounts.add(engine, "ana", "leader", PASSWORD)
    away = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    client = make_app(engine, tmp_path, auth=True, cache_url=away).server.test_client()
    assert sign_in(client, "ana") == 302
