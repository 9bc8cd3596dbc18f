"""Database outages: a worker's app builds without the database, pages answer 503 while it is away
and 200 once it is back, /map says "could not be read" like the other pages, and the log gets a
traceback and then one line a minute."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from callbacks.deps import build_deps
from callbacks.map import page as map_page
from callbacks.outage import DatabaseProbe, FailureLog
from dashboard.db import make_engine
from tests.app_fixtures import make_settings

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # nothing listens on port 1


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_app_builds_and_answers_503_pages_without_the_database(tmp_path: Path) -> None:
    """What a gunicorn worker does on start: build the app from settings alone."""
    from app import create_app

    client = create_app(make_settings(tmp_path, database_url=UNREACHABLE)).server.test_client()
    response = client.get("/map?lang=en")
    assert response.status_code == 503
    assert "The database is unavailable" in response.text
    assert response.headers["Retry-After"] == "15"
    assert '<meta http-equiv="refresh"' in response.text  # a screen left open comes back
    assert client.get("/").status_code == 503
    assert client.get("/_dash-layout").status_code == 200  # the frame needs no database


def test_with_sign_in_the_outage_page_comes_before_the_gate(tmp_path: Path) -> None:
    from app import create_app

    settings = make_settings(tmp_path, database_url=UNREACHABLE, auth=True)
    client = create_app(settings).server.test_client()
    assert client.get("/tables").status_code == 503  # not a redirect to a sign-in that fails
    response = client.post(
        "/_dash-update-component", json={}, headers={"Origin": "http://localhost"}
    )
    assert response.status_code in (401, 400, 503)


def test_the_probe_sees_the_database_come_back(tmp_path: Path) -> None:
    clock = Clock()
    folder = tmp_path / "not-yet"  # SQLite cannot open a file in a folder that does not exist
    probe = DatabaseProbe(create_engine(f"sqlite:///{folder / 'ntp.db'}"), 2.0, clock)
    assert not probe.ok()
    folder.mkdir()
    assert not probe.ok()  # asked again only after ``every`` seconds
    clock.now += 2
    assert probe.ok()


def test_map_page_says_could_not_be_read(tmp_path: Path) -> None:
    import flask

    settings = make_settings(tmp_path)
    server = flask.Flask(__name__)
    deps = build_deps(server, settings, make_engine(UNREACHABLE))
    with server.test_request_context("/map"):
        layout = map_page.page(deps)(lang="en")
    assert "could not be read" in str(layout.to_plotly_json())


class TestFailureLog:
    @pytest.fixture
    def clock(self) -> Clock:
        return Clock()

    def _fail(self, failures: FailureLog, times: int) -> None:
        for _ in range(times):
            try:
                raise ConnectionError("database away")
            except ConnectionError:
                failures.failed("totals")

    def test_a_traceback_then_one_line_a_minute(
        self, clock: Clock, caplog: pytest.LogCaptureFixture
    ) -> None:
        failures = FailureLog(clock=clock)
        with caplog.at_level(logging.WARNING, "ntp.reads"):
            self._fail(failures, 50)
            clock.now += 30
            self._fail(failures, 50)
            clock.now += 31
            self._fail(failures, 1)
        records = caplog.records
        assert len(records) == 2
        assert records[0].exc_info is not None and "reading totals failed" in records[0].message
        assert records[1].exc_info is None and "100 more" in records[1].message

    def test_a_new_outage_gets_its_traceback(
        self, clock: Clock, caplog: pytest.LogCaptureFixture
    ) -> None:
        failures = FailureLog(clock=clock)
        with caplog.at_level(logging.WARNING, "ntp.reads"):
            self._fail(failures, 3)
            failures.recovered()
            self._fail(failures, 1)
            clock.now += 301  # quiet long enough: a new run too
            self._fail(failures, 1)
        tracebacks = [r for r in caplog.records if r.exc_info]
        assert len(tracebacks) == 3
        assert any("reads work again" in r.message for r in caplog.records)


def test_health_reports_a_cache_that_is_down_without_failing(tmp_path: Path, engine) -> None:  # noqa: ANN001
    from app import create_app

    settings = make_settings(tmp_path, cache_url="redis://127.0.0.1:1/0")
    response = create_app(settings, engine).server.test_client().get("/healthz")
    assert response.status_code == 200
    assert (response.json["status"], response.json["cache"]) == ("ok", "unavailable")


def test_an_unreachable_database_anywhere_is_a_503(tmp_path: Path) -> None:
    from sqlalchemy.exc import OperationalError

    from app import create_app

    server = create_app(make_settings(tmp_path, database_url=UNREACHABLE)).server

    def query() -> str:
        raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))

    server.add_url_rule("/probe", "probe", query)
    response = server.test_client().get("/probe", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.json == {"error": "the database is unavailable"}
