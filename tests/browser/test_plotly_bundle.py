"""The browser draws the maps and charts with the partial plotly.js the site serves, and with the
regenerator runtime served in place of Dash's polyfill (core-js)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import plotly_bundle
from tests.browser.conftest import Watched

pytestmark = pytest.mark.browser


def test_the_partial_bundle_draws_the_national_commune_map(watched: Watched) -> None:
    if not plotly_bundle.CACHE.joinpath(plotly_bundle.bundle_path(Path("var")).name).exists():
        pytest.skip("the partial plotly.js could not be built here: the full one is served")
    watched.goto("/map?level=commune")
    # a locator, not a JavaScript predicate: the site's CSP forbids the eval that one needs
    watched.page.locator("path.choroplethlocation").nth(3000).wait_for(
        state="attached", timeout=120_000
    )
    traces = watched.page.evaluate("Object.keys(window.Plotly.PlotSchema.get().traces)")
    assert sorted(traces) == sorted(plotly_bundle.TRACES)  # the partial bundle, not the full
    if plotly_bundle.CACHE.joinpath(plotly_bundle.runtime_path(Path("var")).name).exists():
        # no core-js: String.prototype.trim is the browser's own; Dash's lazy components work
        assert watched.page.evaluate("window._babelPolyfill") is None
        assert watched.page.evaluate("String.prototype.trim.toString()").endswith(
            "{ [native code] }"
        )
        assert watched.page.evaluate("typeof regeneratorRuntime.mark") == "function"
    watched.goto("/disbursement")
    watched.page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
    watched.assert_clean()
