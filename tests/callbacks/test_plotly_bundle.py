"""The partial plotly.js bundle: every trace type a figure of the app uses is in it, and the app
serves it in place of the full bundle when it is built (the full one otherwise)."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import dash
import flask
import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseTraceType
from sqlalchemy import Engine

from callbacks import prewarm
from callbacks.deps import Deps
from dashboard import plotly_bundle
from tests.app_fixtures import seed_overview

ROOT = Path(__file__).resolve().parents[2]
PLOTLY_PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"
# any `type: "..."` / `"type": "..."` in the browser's scripts and the figure builders
TYPE_IN_SOURCE = re.compile(r'"?type"?\s*:\s*"(\w+)"')


def plotly_trace_names() -> set[str]:
    """Every trace type plotly knows (to tell a trace's ``type`` from an axis's or a shape's)."""
    return {
        name.lower()
        for name in dir(go)
        if isinstance(getattr(go, name), type) and issubclass(getattr(go, name), BaseTraceType)
    }


def test_every_trace_type_named_in_the_sources_is_in_the_bundle_list() -> None:
    sources = [
        *ROOT.glob("assets/*.js"), *ROOT.glob("callbacks/**/*.py"), *ROOT.glob("layouts/*.py")
    ]  # fmt: skip
    named = {t for path in sources for t in TYPE_IN_SOURCE.findall(path.read_text("utf-8"))}
    traces = named & plotly_trace_names()
    assert {"bar", "choropleth", "scatter"} <= traces  # the scan finds the figures at all
    assert traces <= set(plotly_bundle.TRACES)


def trace_types(value: object) -> Iterator[str]:
    """Every ``data[].type`` of any figure inside a view (dataclasses, mappings, sequences)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        if isinstance(value.get("data"), list) and "layout" in value:
            yield from (trace.get("type", "scatter") for trace in value["data"])
        for item in value.values():
            yield from trace_types(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from trace_types(item)


def test_every_trace_type_the_pages_draw_is_in_the_bundle_list(
    engine: Engine, app: dash.Dash, deps: Deps
) -> None:
    seed_overview(engine)
    seen: set[str] = set()
    with app.server.test_request_context("/"):
        flask.g.ntp_viewer = prewarm.WARM_VIEWER
        for view in prewarm._views(deps.settings.language).values():
            seen.update(trace_types(view(deps)))
    assert {"bar", "scatter"} <= seen  # the walk finds the figures at all (maps: the scan above)
    assert seen <= set(plotly_bundle.TRACES)


@pytest.fixture(scope="session")
def built_bundle() -> Path:
    """The partial bundle as set-up builds it (under var/, once per plotly.js version)."""
    if not shutil.which("npm"):
        pytest.skip("npm is not installed: the app serves the full plotly.js")
    path = plotly_bundle.build(Path("var"))
    if path is None:
        reason = "npm is installed but the partial plotly.js bundle was not built (see log)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def test_the_built_bundle_registers_every_listed_trace(built_bundle: Path) -> None:
    text = built_bundle.read_text(encoding="utf-8")
    registered = set(re.findall(r'moduleType:"trace",name:"(\w+)"', text))
    assert registered >= set(plotly_bundle.TRACES)
    assert "window.Plotly" in text
    assert built_bundle.stat().st_size < plotly_bundle.full_bundle().stat().st_size / 2


def test_the_app_serves_the_partial_bundle_when_built(
    app: dash.Dash, deps: Deps, built_bundle: Path
) -> None:
    target = plotly_bundle.bundle_path(deps.settings.var_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built_bundle, target)
    with app.server.test_client().get(PLOTLY_PATH) as response:
        assert response.status_code == 200
        assert response.get_data() == built_bundle.read_bytes()


def test_without_the_partial_bundle_the_full_one_is_served(app: dash.Dash) -> None:
    response = app.server.test_client().get(PLOTLY_PATH)
    assert response.status_code == 200
    assert response.get_data() == plotly_bundle.full_bundle().read_bytes()


POLYFILL_PATH = "/_dash-component-suites/dash/deps/polyfill@7.12.1.min.js"


@pytest.fixture(scope="session")
def built_runtime() -> Path:
    """The regenerator runtime as set-up builds it (under var/, once)."""
    if not shutil.which("npm"):
        pytest.skip("npm is not installed: the app serves Dash's polyfill")
    path = plotly_bundle.build_runtime(Path("var"))
    if path is None:
        reason = "npm is installed but the regenerator runtime was not built (see log)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def test_the_app_serves_the_runtime_in_place_of_the_polyfill_when_built(
    app: dash.Dash, deps: Deps, built_runtime: Path
) -> None:
    text = built_runtime.read_text(encoding="utf-8")
    assert "regeneratorRuntime" in text and "core-js" not in text
    target = plotly_bundle.runtime_path(deps.settings.var_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built_runtime, target)
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    fingerprinted = re.search(r'src="([^"]*deps/polyfill@[^"]+)"', page)
    for path in (POLYFILL_PATH, fingerprinted.group(1) if fingerprinted else POLYFILL_PATH):
        with client.get(path) as response:
            assert response.status_code == 200
            assert response.get_data() == built_runtime.read_bytes()


def test_without_the_runtime_dashs_polyfill_is_served(app: dash.Dash) -> None:
    response = app.server.test_client().get(POLYFILL_PATH)
    assert response.status_code == 200
    assert b"core-js" in response.get_data()
