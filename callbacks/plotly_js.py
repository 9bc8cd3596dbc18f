"""Serve the partial plotly.js bundle (``dashboard/plotly_bundle.py``) where Dash serves its full
one, when it has been built; otherwise Dash's own full bundle is served as before.

dcc.Graph loads plotly.js on first use from ``_dash-component-suites/plotly/package_data/
plotly.min.js``: answering that one path with the partial bundle keeps Dash's lazy loading (pages
without a graph load no plotly.js at all) and needs no change in the browser.

The same way, the regenerator runtime (``plotly_bundle.build_runtime``) answers the path of the
``@babel/polyfill`` Dash puts first on every page, when it has been built.
"""

from __future__ import annotations

import re
from pathlib import Path

import flask

from dashboard.plotly_bundle import bundle_path, runtime_path

FULL = re.compile(r"/_dash-component-suites/plotly/package_data/plotly(\.v[\w]+)?\.min\.js$")
# deps/polyfill@7.12.1.min.js, fingerprinted by Dash as deps/polyfill@7.v4_4_1m123.12.1.min.js
POLYFILL = re.compile(r"/_dash-component-suites/dash/deps/polyfill@[\w.]+\.min\.js$")
MAX_AGE = 3600  # the URL is Dash's, not content-hashed: revalidate (ETag) hourly


def serve_partial_plotly(server: flask.Flask, var_dir: Path) -> None:
    served = ((FULL, bundle_path(var_dir)), (POLYFILL, runtime_path(var_dir)))

    def partial() -> flask.Response | None:
        for pattern, path in served:
            if pattern.search(flask.request.path) and path.exists():
                return flask.send_file(path, mimetype="text/javascript", max_age=MAX_AGE)
        return None  # Dash answers: its own full bundle

    server.before_request(partial)
