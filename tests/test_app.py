"""The factory serves Dash: pages, layout, health, assets; nothing is built at import."""

from __future__ import annotations

import importlib
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dash
import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from dashboard.config import Settings
from dashboard.db import make_engine
from tests.app_fixtures import app, client, dash_registries, seed_overview, settings

__all__ = ["app", "client", "dash_registries", "settings"]


@pytest.fixture(autouse=True)
def _fresh_dash_registries(dash_registries: None) -> None:
    """Every test here starts and ends with empty Dash registries."""


def _page(client: FlaskClient, search: str = "") -> str:
    """The overview as the browser gets it: the routing callback's answer for ``/`` + search."""
    payload = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": "/"},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.text
    return response.get_data(as_text=True)


def test_index_is_served(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.text
    assert "<title>Giám sát CTMTQG 1719</title>" in response.text


def test_a_burst_of_first_requests_gets_every_script(app: dash.Dash) -> None:
    """Dash is set up in the factory, not by whichever request comes first: the scripts a
    browser asks for at once from a new worker (just after a restart) are all served. Set up on
    the first request, the others of the burst found no servable script and got 500."""
    assert "deps/prop-types@15.8.1.min.js" in app.registered_paths["dash"]  # before any request
    script = "/_dash-component-suites/dash/deps/prop-types@15.v4m1.8.1.min.js"
    start = threading.Barrier(16)

    def fetch(_: int) -> int:
        client = app.server.test_client()
        start.wait()
        return client.get(script).status_code

    with ThreadPoolExecutor(16) as pool:
        assert list(pool.map(fetch, range(16))) == [200] * 16


def test_dash_layout_is_served(client: FlaskClient, engine: Engine) -> None:
    seed_overview(engine)
    response = client.get("/_dash-layout")
    assert response.status_code == 200
    assert "Giám sát CTMTQG 1719" in response.text


def test_nothing_is_fetched_from_another_host(client: FlaskClient) -> None:
    html = client.get("/").text
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links
    assert [link for link in links if not link.startswith("/") or link.startswith("//")] == []


def test_bootstrap_css_is_served_locally_before_our_css(client: FlaskClient) -> None:
    html = client.get("/").text
    assert html.index("/vendor/bootstrap.min.css") < html.index("/assets/theme.css")
    with client.get("/vendor/bootstrap.min.css") as css:  # closes the file
        assert css.status_code == 200
        assert css.mimetype == "text/css"
        assert b"Bootstrap  v5." in css.get_data()


def test_favicon_is_served(client: FlaskClient) -> None:
    html = client.get("/").text
    assert '<link rel="icon" type="image/svg+xml" href="/assets/favicon.svg">' in html
    with client.get("/assets/favicon.svg") as icon:
        assert icon.status_code == 200
        assert icon.mimetype == "image/svg+xml"


def test_overview_page_content(client: FlaskClient, engine: Engine) -> None:
    seed_overview(engine)
    content = _page(client)
    assert "Tổng quan chương trình" in content
    assert "6.821,0" in content and "tỷ đồng" in content


def test_overview_in_english(client: FlaskClient, engine: Engine) -> None:
    seed_overview(engine)
    content = _page(client, "?lang=en&year=2025")
    assert "Program overview" in content
    assert "2025, full year" in content


def test_navbar_follows_the_url(client: FlaskClient, engine: Engine) -> None:
    seed_overview(engine, demo=True)
    client.get("/")
    payload = {
        "output": "..navbar-body.children...html-lang.data..",
        "outputs": [
            {"id": "navbar-body", "property": "children"},
            {"id": "html-lang", "property": "data"},
        ],
        "inputs": [
            {"id": "url", "property": "pathname", "value": "/"},
            {"id": "url", "property": "search", "value": "?lang=en"},
        ],
        "changedPropIds": ["url.search"],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200
    body = json.loads(response.text)["response"]
    assert body["html-lang"]["data"] == "en"
    navbar = json.dumps(body["navbar-body"]["children"], ensure_ascii=False)
    assert "Demo data" in navbar and "Data as of Oct 2026" in navbar


def test_a_failed_read_is_a_message_not_an_error(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    from app import create_app

    broken = make_engine(f"sqlite:///{tmp_path / 'nothing.db'}")  # no tables
    client = create_app(settings, broken).server.test_client()
    content = _page(client, "?lang=en")
    assert "The figures for this part could not be read." in content
    assert "Traceback" not in content


class TestHealth:
    def test_ok_with_data(self, client: FlaskClient, engine: Engine) -> None:
        seed_overview(engine, demo=True)
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json == {
            "status": "ok",
            "database": True,
            "data_version": 3,
            "data_as_of": "2026-10",
            "demo": True,
            "cache": "in-process",
        }
        assert response.headers["Cache-Control"] == "no-store"

    def test_ok_on_an_empty_database(self, client: FlaskClient) -> None:
        response = client.get("/healthz")
        assert (response.status_code, response.json["data_as_of"]) == (200, None)
        assert response.json["demo"] is False

    def test_503_when_the_database_is_unreachable(self, settings: Settings) -> None:
        from app import create_app

        unreachable = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
        response = create_app(settings, unreachable).server.test_client().get("/healthz")
        assert response.status_code == 503
        assert response.json["status"] == "error"
        assert response.json["database"] is False

    def test_503_when_the_database_is_not_set_up(self, settings: Settings, tmp_path: Path) -> None:
        from app import create_app

        empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        response = create_app(settings, empty).server.test_client().get("/healthz")
        assert response.status_code == 503
        assert (response.json["status"], response.json["database"]) == ("error", True)


class TestModule:
    def test_import_builds_nothing(self) -> None:
        module = importlib.import_module("app")
        assert "server" not in vars(module) and "app" not in vars(module)
        assert dash.page_registry == {}

    def test_server_is_built_on_first_access_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        module = importlib.import_module("app")
        built = []

        class Fake:
            server = object()

        monkeypatch.setattr(module, "create_app", lambda: built.append(1) or Fake())
        try:
            assert module.server is Fake.server
            assert module.app is not None and module.server is Fake.server
            assert built == [1]
        finally:
            vars(module).pop("app", None)
            vars(module).pop("server", None)

    def test_other_names_are_missing(self) -> None:
        module = importlib.import_module("app")
        with pytest.raises(AttributeError):
            module.no_such_name  # noqa: B018 (the access is the test)
