"""An empty world outline for plotly's SVG geo maps, served by this app.

plotly.js fetches ``<topojsonURL><scope>_<resolution>m.json`` (by default from cdn.plot.ly) for
every ``choropleth`` trace, even with the base map hidden (``geo.visible: false``), and draws
nothing until it arrives. Our maps draw only their own GeoJSON, so an empty topology is all they
need: give a ``dcc.Graph`` ``config={"topojsonURL": TOPOJSON_URL}`` and call ``register`` (it may
be called by several pages; the route is added once).
"""

from __future__ import annotations

import re

import flask
from dash import Dash

TOPOJSON_URL = "/topojson/"
WORLD_URL = TOPOJSON_URL + "world_110m.json"  # what plotly asks for: scope world, 1:110m
ENDPOINT = "topojson_empty"
# the layers plotly looks up in a world outline, each empty
LAYERS = ("land", "ocean", "lakes", "rivers", "countries", "subunits", "coastlines")
EMPTY = {"type": "GeometryCollection", "geometries": []}
EMPTY_TOPOLOGY = {"type": "Topology", "arcs": [], "objects": dict.fromkeys(LAYERS, EMPTY)}
NAME = re.compile(r"^[a-z-]+_\d+m$")  # "world_110m", "south-america_50m"
MAX_AGE = 7 * 24 * 3600


def topology(name: str) -> flask.Response:
    if not NAME.match(name):
        flask.abort(404)
    response = flask.jsonify(EMPTY_TOPOLOGY)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response


def register(app: Dash, deps: object = None) -> None:
    """Serve ``/topojson/<name>.json`` (once, whichever page registers it first)."""
    server = app.server
    if ENDPOINT not in server.view_functions:
        server.add_url_rule(f"{TOPOJSON_URL}<name>.json", ENDPOINT, topology)
