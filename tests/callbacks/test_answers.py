"""Whole callback answers are cached per viewer scope and data version, and only for the
callbacks allowed: an analyst granted one province never gets an answer made for another scope,
the navbar (the account's name, the session's CSRF token) is never cached, and an import (a new
data version) is seen at once."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator

import dash
import flask
import pytest
from sqlalchemy import Engine

from callbacks import answers
from callbacks.map import page as map_page
from dashboard.access import ANALYST, LEADER, Viewer
from dashboard.db import bump_data_version, session_scope
from layouts import ids
from tests.callbacks.test_scope_enforced import OTHERS, seed

ANALYST_04 = Viewer("ana", ANALYST, frozenset({"04"}))
ANALYST_04_TOO = Viewer("another", ANALYST, frozenset({"04"}))  # same scope, other name
ANALYST_08 = Viewer("bob", ANALYST, frozenset({"08"}))
NATIONAL = Viewer("lead", LEADER)


@pytest.fixture
def viewer(app: dash.Dash) -> Iterator[dict[str, Viewer]]:
    """``viewer["now"]``: the viewer of the app's next requests (set as the sign-in layer does)."""
    current = {"now": NATIONAL}
    app.server.before_request(lambda: setattr(flask.g, "ntp_viewer", current["now"]))
    yield current


def body_of(app: dash.Dash, fragment: str, values: dict[str, object]) -> dict:
    """A callback request for the callback whose outputs name ``fragment``, its inputs and
    states given by component id (others None), as the browser sends it."""
    key = next(k for k in app.callback_map if fragment in k)
    callback = app.callback_map[key]

    def items(kind: str) -> list:
        return [
            [] if isinstance(i["id"], dict) or str(i["id"]).startswith("{")
            else {**i, "value": values.get(i["id"])}
            for i in callback[kind]
        ]  # fmt: skip

    outputs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True))
               for o in key.strip(".").split("...")]  # fmt: skip
    first = callback["inputs"][0]
    return {"output": key, "outputs": outputs, "inputs": items("inputs"), "state": items("state"),
            "changedPropIds": [f"{first['id']}.{first['property']}"]}  # fmt: skip


def map_body(app: dash.Dash) -> dict:
    return body_of(app, f"{ids.MAP_GEO}.data", {ids.MAP_YEAR: 2026})


def page_body(path: str) -> dict:
    """The page routing callback's request, as the browser sends it on loading ``path``."""
    location = [
        {"id": "_pages_location", "property": "pathname", "value": path},
        {"id": "_pages_location", "property": "search", "value": "?lang=en&year=2026"},
    ]
    changed = ["_pages_location.pathname", "_pages_location.search"]
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": location,
        "changedPropIds": changed,
        "parsedChangedPropsIds": changed,
    }


def post(client, body: dict) -> str:  # noqa: ANN001
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the map's view ran (a cached answer does not run it)."""
    calls = [0]
    real = map_page.map_view

    def map_view(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(map_page, "map_view", map_view)
    return calls


@pytest.mark.parametrize("which", ["map", "page"])
def test_an_analyst_never_gets_an_answer_cached_for_another_scope(
    engine: Engine, app: dash.Dash, client, viewer, which: str
) -> None:  # noqa: ANN001
    seed(engine)
    body = map_body(app) if which == "map" else page_body("/map")
    assert answers.cacheable(body)
    viewer["now"] = ANALYST_04
    own = post(client, body)  # computed for 04 alone: nothing cached yet
    assert "Cao Bằng" in own and not any(name in own for name in OTHERS)
    app.server.extensions["ntp_deps"].backend.clear()
    for other in (NATIONAL, ANALYST_08):  # their answers are cached first
        viewer["now"] = other
        theirs = post(client, body)
        assert theirs != own
    viewer["now"] = ANALYST_04
    assert post(client, body) == own
    viewer["now"] = ANALYST_04_TOO
    assert post(client, body) == own


def test_a_repeated_request_is_answered_from_the_cache_until_the_data_changes(
    engine: Engine, app: dash.Dash, client, viewer, counted: list[int]
) -> None:  # noqa: ANN001
    seed(engine)
    body = map_body(app)
    first = post(client, body)
    assert post(client, body) == first and counted[0] == 1
    changed = {**body, "changedPropIds": [f"{ids.MAP_LEVEL}.value"]}  # another trigger
    post(client, changed)
    assert counted[0] == 2
    with session_scope(engine) as session:
        bump_data_version(session)  # an import
    post(client, body)
    assert counted[0] == 3


def test_requests_for_the_same_answer_at_once_make_it_once(
    engine: Engine, app: dash.Dash, viewer, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    """The morning after an import: the threads of a worker asking for the same map wait for the
    first one's answer instead of each making it."""
    seed(engine)
    body, started, release, calls = map_body(app), threading.Event(), threading.Event(), [0]
    real = map_page.map_view

    def map_view(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls[0] += 1
        started.set()
        release.wait(10)  # held until the others have asked
        return real(*args, **kwargs)

    monkeypatch.setattr(map_page, "map_view", map_view)
    answers_of: list[str] = []

    def ask() -> None:
        answers_of.append(post(app.server.test_client(), body))

    first = threading.Thread(target=ask)
    first.start()
    assert started.wait(10)
    others = [threading.Thread(target=ask) for _ in range(4)]
    for thread in others:
        thread.start()
    flights = app.server.extensions["ntp_deps"]._flights
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and max((n for _, n in flights.values()), default=0) < 5:
        time.sleep(0.01)  # the others reach the answer's lock (or, unheld, make it themselves)
    release.set()
    for thread in (first, *others):
        thread.join(20)
    assert calls[0] == 1
    assert len(answers_of) == 5 and len(set(answers_of)) == 1
    assert flights == {}


def test_an_answer_is_kept_compressed_and_sent_as_the_client_takes_it(
    engine: Engine, app: dash.Dash, client, viewer
) -> None:  # noqa: ANN001
    seed(engine)
    body = page_body("/")
    plain = post(client, body)
    for _ in range(2):  # made, then from the cache
        response = client.post("/_dash-update-component", json=body,
                               headers={"Accept-Encoding": "gzip, br"})  # fmt: skip
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.get_data()).decode() == plain
    assert post(client, body) == plain  # a client without gzip gets it plain


def test_a_bad_request_is_refused_before_any_answer_is_made(
    app: dash.Dash, client, counted: list[int]
) -> None:  # noqa: ANN001
    body = map_body(app)
    body["inputs"][0]["value"] = {"not": "a plain value"}
    for _ in range(2):
        assert client.post("/_dash-update-component", json=body).status_code == 400
    assert counted[0] == 0


def test_only_the_allowed_callbacks_are_cached(app: dash.Dash) -> None:
    navbar = body_of(app, f"{ids.NAVBAR_BODY}.children", {})
    assert not answers.cacheable(navbar)
    for path in ("/wall", "/login", "/admin/users", "/nowhere"):
        assert not answers.cacheable(page_body(path))
    for path in answers.CACHED_PAGES:
        assert answers.cacheable(page_body(path))
    assert not answers.cacheable(json.loads("[1, 2]"))
    assert not answers.cacheable({"output": 3})
