"""Hostile requests through the app: malformed callback requests are 400 with a short JSON error,
bodies are bounded, every response carries the security headers, the page config tells no
versions, and the wall's panels are capped."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from callbacks.hardening import MAX_REQUEST_BYTES
from dashboard.wall_config import MAX_PANELS
from layouts import ids
from tests.app_fixtures import seed_overview

DISPATCH = "/_dash-update-component"


def _outputs(output: str) -> dict | list[dict]:
    """The ``outputs`` of a request for the output key (``..a.b...c.d..`` for several)."""
    keys = output.strip(".").split("...") if output.startswith("..") else [output]
    found = []
    for key in keys:
        component, prop = key.split("@")[0].rsplit(".", 1)
        found.append({"id": component, "property": prop})
    return found if output.startswith("..") else found[0]


def _callback(output: str, inputs: list[dict], state: list[dict] | None = None) -> dict:
    return {
        "output": output,
        "outputs": _outputs(output),
        "inputs": inputs,
        "state": state or [],
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"] if inputs else [],
    }


def _output_of(client: FlaskClient, prefix: str) -> str:
    """The registered output key that starts with ``prefix`` (some carry a hash)."""
    outputs = json.loads(client.get("/_dash-dependencies").text)
    return next(o["output"] for o in outputs if o["output"].startswith(prefix))


def _ask(client: FlaskClient, body: object) -> tuple[int, dict]:
    response = client.post(DISPATCH, json=body)
    return response.status_code, response.get_json(silent=True) or {}


def _assert_400(client: FlaskClient, body: object) -> None:
    status, answer = _ask(client, body)
    assert status == 400, answer
    assert set(answer) == {"error"} and 0 < len(answer["error"]) <= 200


class TestMalformedCallbacks:
    def test_not_a_request(self, client: FlaskClient) -> None:
        _assert_400(client, {})
        _assert_400(client, [1, 2])
        response = client.post(DISPATCH, data="{not json", content_type="application/json")
        assert response.status_code == 400

    def test_unknown_output(self, client: FlaskClient) -> None:
        _assert_400(client, _callback("nothing.children", []))

    def test_deeply_nested(self, client: FlaskClient) -> None:
        nested = "[" * 50_000 + "]" * 50_000  # deeper than Python's parser goes
        response = client.post(DISPATCH, data=nested, content_type="application/json")
        assert response.status_code == 400
        body = _callback("nothing.children", [])
        deep: list = []
        for _ in range(40):  # within the parser's reach, beyond any real request
            deep = [deep]
        body["inputs"] = [{"id": "x", "property": "value", "value": deep}]
        _assert_400(client, body)

    def _map_body(self, client: FlaskClient, **changes: object) -> dict:
        output = _output_of(client, f"..{ids.MAP_GEO}.data")
        inputs = [{"id": i, "property": "value", "value": None} for i in (
            ids.MAP_METRIC, ids.MAP_YEAR, ids.MAP_MONTH, ids.MAP_VINTAGE, ids.MAP_LEVEL,
            ids.MAP_F_PROVINCES, ids.MAP_F_REGIONS, ids.MAP_F_PROJECTS, ids.MAP_F_SOURCES,
            ids.MAP_F_KINDS)]  # fmt: skip
        inputs += [{"id": ids.MAP_GRAPH, "property": "clickData", "value": changes.get("click")},
                   [], []]  # fmt: skip
        state = [{"id": ids.MAP_STATE, "property": "data", "value": changes.get("state")},
                 {"id": ids.MAP_GEO, "property": "data", "value": None},
                 {"id": ids.MAP_LANG, "property": "data", "value": "en"}]  # fmt: skip
        return _callback(output, inputs, state)

    @pytest.mark.parametrize("state", ["abc", ["x"], {"lang": "en"}, {"province": ["01"]}])
    def test_map_state_of_the_wrong_shape(self, client: FlaskClient, state: object) -> None:
        _assert_400(client, self._map_body(client, state=state))

    @pytest.mark.parametrize("click", [{"points": "abc"}, {"points": [1]}, "abc"])
    def test_click_data_points_not_a_list_of_points(self, client: FlaskClient, click) -> None:  # noqa: ANN001
        _assert_400(client, self._map_body(client, click=click))

    def test_url_search_a_list_and_pathname_an_object(self, client: FlaskClient) -> None:
        output = _output_of(client, "..navbar-body.children")
        for search, path in ((["?a"], "/"), ("", {"a": 1})):
            inputs = [{"id": ids.URL, "property": "pathname", "value": path},
                      {"id": ids.URL, "property": "search", "value": search}]  # fmt: skip
            _assert_400(client, _callback(output, inputs))

    @pytest.mark.parametrize("rows", ["abc", [{"code": "01", "allocated": "x"}], [1]])
    def test_grid_rows_of_the_wrong_shape(self, client: FlaskClient, rows: object) -> None:
        client.get("/")
        candidates = [o for o in json.loads(client.get("/_dash-dependencies").text)
                      if o["output"].startswith(ids.TABLES_GRID)
                      and o["inputs"][0]["property"] == "virtualRowData"]  # fmt: skip
        output = candidates[0]["output"]
        inputs = [{"id": ids.TABLES_GRID, "property": "virtualRowData", "value": rows}]
        state = [{"id": ids.URL, "property": "search", "value": ""}]
        _assert_400(client, _callback(output, inputs, state))

    def test_a_well_formed_request_still_works(self, client: FlaskClient, engine: Engine) -> None:
        seed_overview(engine)
        output = _output_of(client, "..navbar-body.children")
        inputs = [{"id": ids.URL, "property": "pathname", "value": "/"},
                  {"id": ids.URL, "property": "search", "value": "?lang=en"}]  # fmt: skip
        status, _ = _ask(client, _callback(output, inputs))
        assert status == 200


def test_an_oversize_body_is_refused_unread(client: FlaskClient) -> None:
    response = client.post(
        DISPATCH, data=b"x" * (MAX_REQUEST_BYTES + 1), content_type="application/json"
    )
    assert response.status_code == 413


class TestHeaders:
    def test_every_response_has_them(self, client: FlaskClient) -> None:
        for path in ("/", "/healthz", "/_dash-layout"):
            headers = client.get(path).headers
            csp = headers["Content-Security-Policy"]
            assert "script-src 'self' 'sha256-" in csp and "'unsafe-eval'" not in csp
            assert "frame-ancestors 'none'" in csp and headers["X-Frame-Options"] == "DENY"
            assert headers["X-Content-Type-Options"] == "nosniff"
            assert headers["Referrer-Policy"] == "same-origin"

    def test_the_wall_may_be_framed_by_its_own_origin(self, client: FlaskClient) -> None:
        headers = client.get("/wall").headers
        assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "SAMEORIGIN"

    def test_the_page_config_tells_no_versions(self, client: FlaskClient) -> None:
        html = client.get("/").text
        config = json.loads(html.split('id="_dash-config" type="application/json">')[1]
                            .split("</script>")[0])  # fmt: skip
        assert not {"dash_version", "python_version", "plotly_version"} & set(config)


class TestWallPanels:
    def test_repeats_count_once(self, client: FlaskClient, engine: Engine) -> None:
        seed_overview(engine)
        response = client.get("/wall/data?panels=" + ",".join(["kpis"] * 900))
        assert response.status_code == 200
        assert len(response.json["panels"]) == 1

    def test_too_many_panels_are_refused(self, client: FlaskClient) -> None:
        panels = ",".join(f"province:{code:02d}" for code in range(1, MAX_PANELS + 2))
        response = client.get(f"/wall/data?panels={panels}")
        assert response.status_code == 400
