"""Hostile requests, as HTTP against gunicorn on 127.0.0.1 (the served configuration): slow
clients, an oversize body, and every callback fed a table of malformed values generated from its
declared inputs. The answers are 200 or a 4xx with a short JSON error, never a 500."""

from __future__ import annotations

import http.client
import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from callbacks.hardening import MAX_REQUEST_BYTES
from dashboard.db import make_engine
from tests.app_fixtures import seed_overview
from tests.server import get, gunicorn, link_geodata

SLOW_CLIENTS = 50
HOSTILE_NAME = '<a href="https://evil.example/">Tỉnh 08</a>'
# per declared input: text too long, a number, a list holding an object, an object, deep nesting
BAD_VALUES = (
    "x" * 5000,
    7,
    ["a", {"b": 1}],
    {"a": [1]},
    [[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]],
)


@pytest.fixture(scope="module")
def served(
    seeded_sqlite_file: Path, tmp_path_factory: pytest.TempPathFactory, built_geodata: Path
) -> Iterator[tuple[str, Path]]:
    """gunicorn over a seeded SQLite copy: (base URL, its log)."""
    folder = tmp_path_factory.mktemp("hostile")
    database = folder / "ntp.db"
    shutil.copy(seeded_sqlite_file, database)
    engine = make_engine(f"sqlite:///{database}")
    seed_overview(engine)
    with engine.begin() as conn:  # a province named with markup, as an imported file could
        conn.execute(text("UPDATE admin_unit SET name = :n, short_name = :n WHERE code = '08'"),
                     {"n": HOSTILE_NAME})  # fmt: skip
    engine.dispose()
    link_geodata(folder / "var", built_geodata)
    with gunicorn(f"sqlite:///{database}", folder / "var", folder / "gunicorn.log") as base:
        yield base, folder / "gunicorn.log"


def _port(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def test_slow_clients_leave_the_site_answering(served: tuple[str, Path]) -> None:
    base, _ = served
    for path in ("/healthz", "/", "/map"):  # each worker's first render out of the way
        get(f"{base}{path}")
    slow = [socket.create_connection(("127.0.0.1", _port(base))) for _ in range(SLOW_CLIENTS)]
    try:
        for sock in slow:  # a request line and one header line, the rest "later"
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        for path in ("/healthz", "/", "/map"):
            assert get(f"{base}{path}")[0] == 200
        for sock in slow:
            sock.sendall(b"X-Slow: 1\r\n")
        assert get(f"{base}/healthz")[0] == 200
    finally:
        for sock in slow:
            sock.close()


def test_an_oversize_body_is_refused_and_never_logged(served: tuple[str, Path]) -> None:
    base, log = served
    marker = b"ntp-oversize-body-"
    body = marker * (MAX_REQUEST_BYTES // len(marker) + 2)
    connection = http.client.HTTPConnection("127.0.0.1", _port(base), timeout=30)
    try:
        connection.request("POST", "/_dash-update-component", body=body,
                           headers={"Content-Type": "application/json"})  # fmt: skip
        status = connection.getresponse().status
    except (BrokenPipeError, ConnectionResetError):
        status = 413  # refused before the whole body was sent: the server read none of it
    finally:
        connection.close()
    assert status == 413
    assert get(f"{base}/healthz")[0] == 200
    assert marker.decode() not in log.read_text()


def _request(output: dict, values: dict[int, object]) -> dict:
    """A request for ``output`` (from ``/_dash-dependencies``), every value None but ``values``
    (by position among inputs then states)."""
    keys = output["output"].strip(".").split("...") if output["output"].startswith("..") else [
        output["output"]]  # fmt: skip
    outputs = [dict(zip(("id", "property"), k.split("@")[0].rsplit(".", 1), strict=True))
               for k in keys]  # fmt: skip
    declared = [*output["inputs"], *output["state"]]
    items = []
    for index, dep in enumerate(declared):
        if dep["id"].startswith("{"):  # a pattern-matching input: a list of matches
            items.append(values.get(index, []))
        else:
            items.append({"id": dep["id"], "property": dep["property"],
                          "value": values.get(index)})  # fmt: skip
    return {
        "output": output["output"],
        "outputs": outputs if output["output"].startswith("..") else outputs[0],
        "inputs": items[: len(output["inputs"])],
        "state": items[len(output["inputs"]) :],
        "changedPropIds": [f"{declared[0]['id']}.{declared[0]['property']}"],
    }


def _post(base: str, body: dict) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", _port(base), timeout=60)
    try:
        connection.request("POST", "/_dash-update-component", body=json.dumps(body),
                           headers={"Content-Type": "application/json"})  # fmt: skip
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_every_callback_survives_malformed_values(served: tuple[str, Path]) -> None:
    base, log = served
    outputs = json.loads(get(f"{base}/_dash-dependencies")[1])
    assert len(outputs) >= 10
    failures = []
    for output in outputs:
        if output.get("clientside_function"):
            continue  # runs in the browser
        for index in range(len(output["inputs"]) + len(output["state"])):
            for bad in BAD_VALUES:
                status, body = _post(base, _request(output, {index: bad}))
                if status >= 500 or (status == 400 and set(json.loads(body)) != {"error"}):
                    failures.append((output["output"][:60], index, str(bad)[:20], status))
    assert failures == []
    assert "Traceback" not in log.read_text()


def test_names_reach_the_figures_as_text(served: tuple[str, Path]) -> None:
    base, _ = served
    status, body = get(f"{base}/wall/data?panels=map&lang=en")
    assert status == 200
    assert "&lt;a href=" in body  # the name is there, escaped for plotly
    assert '<a href="https://evil' not in body
