"""Boundary GeoJSON served at content-hashed URLs, cached by the browser for a year.

``/geo/<hash>/<vintage>-<level>-<detail>[-<province>].json``: the hash is the first 16 hex digits
of the file's SHA-256, so a rebuilt file gets a new URL and an old URL is never stale. The body is
gzipped once per file and kept in memory (a few MB in all); a request whose hash is not the
current one is a 404. The figures fetch these in the browser (``assets/map.js``), so polygons
never travel through a callback.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import flask

from dashboard.i18n import t
from geodata.loader import load_geojson_path, read_manifest

MAX_AGE = 31_536_000
POSITION = re.compile(rb"\[\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\]")  # [lon, lat]
NAME = re.compile(r"^(2024|2025)-(province|district|commune)-(national|detailed)(?:-(\d{2}))?$")


@lru_cache(maxsize=32)
def _digest_and_body(path: str, _mtime: int, _size: int) -> tuple[str, bytes]:
    raw = Path(path).read_bytes()
    return hashlib.sha256(raw).hexdigest()[:16], gzip.compress(raw, compresslevel=6)


@lru_cache(maxsize=32)
def _bounds(path: str, _mtime: int, _size: int) -> tuple[float, float, float, float]:
    # a scan of the text, not a parse: parsing the national commune layer costs a worker 40 MB
    west = south = float("inf")
    east = north = float("-inf")
    for match in POSITION.finditer(Path(path).read_bytes()):
        x, y = float(match[1]), float(match[2])
        west, east, south, north = min(west, x), max(east, x), min(south, y), max(north, y)
    return west, south, east, north


def _stamped(out_dir: Path, key: str) -> tuple[str, int, int]:
    """The layer's file with its modification time and size: the key of the caches above, so
    a rebuilt file is read again."""
    match = NAME.fullmatch(key)
    if not match:
        raise LookupError(key)
    vintage, level, detail, province = match.groups()
    path = load_geojson_path(out_dir, vintage, level, detail, province)
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def _file(out_dir: Path, key: str) -> tuple[str, bytes]:
    return _digest_and_body(*_stamped(out_dir, key))


def layer_bounds(out_dir: Path, key: str) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a layer. The map is framed on these rather than with
    plotly's ``fitbounds``, which measures every vertex in the browser on each draw: 0.4 s of
    the 1.1 s a national commune map takes to draw on a 2-core machine."""
    return _bounds(*_stamped(out_dir, key))


def provinces_bounds(
    out_dir: Path, vintage: int, provinces: tuple[str, ...]
) -> tuple[float, float, float, float] | None:
    """The box around the provinces' own layers (None when none of them is built)."""
    boxes = []
    for code in provinces:
        try:
            boxes.append(layer_bounds(out_dir, layer_key(vintage, "commune", code)))
        except (LookupError, FileNotFoundError):
            continue  # an unknown code in a hand-edited URL frames nothing
    if not boxes:
        return None
    west, south, east, north = zip(*boxes, strict=True)
    return min(west), min(south), max(east), max(north)


def _archipelagos(out_dir: Path, key: str) -> tuple[list[dict], str, str, str | None]:
    """The archipelagos a layer draws (all on a national layer, those of its province on a
    province's), with the layer's vintage, level and province."""
    match = NAME.fullmatch(key)
    if not match:
        raise LookupError(key)
    vintage, level, _detail, province = match.groups()
    try:
        labels = read_manifest(out_dir).labels
    except FileNotFoundError:
        return [], vintage, level, province  # no build: the map says so itself
    shown = [
        label for label in labels if province is None or label["provinces"].get(vintage) == province
    ]
    return shown, vintage, level, province


def layer_labels(out_dir: Path, key: str, lang: str) -> list[dict] | None:
    """Two traces over the archipelagos a layer draws, or None: a dot on each island, whose
    polygon is below a pixel on a national map, and the archipelago's name (escaped) under its
    islands; on a province's map, in the inset (``geo2``) when the archipelago has one."""
    shown, _vintage, _level, province = _archipelagos(out_dir, key)
    if not shown:
        return None
    inset = province is not None and any(label["inset"] for label in shown)
    points = [point for label in shown for point in label["points"]]
    common = {"type": "scattergeo", "hoverinfo": "skip", "showlegend": False}
    if inset:
        common["geo"] = "geo2"
    dots = {**common, "mode": "markers", "lon": [p[0] for p in points],
            "lat": [p[1] for p in points], "marker": {"size": 3, "color": "#6b7a8f"}}  # fmt: skip
    names = {
        **common,
        "mode": "text",
        "lon": [label["lon"] for label in shown],
        "lat": [label["lat"] for label in shown],
        "text": [html.escape(t(f"map.islands.{label['key']}", lang)) for label in shown],
        "textposition": "bottom center",
        "textfont": {"size": 11, "color": "#4a5568"},
    }
    return [dots, names]


INSET_MARGIN = 0.3  # degrees around the islands in an inset (room for the name under them)


def layer_inset(out_dir: Path, key: str) -> dict | None:
    """For a province's map holding an archipelago far offshore (Hoàng Sa, Trường Sa): its
    units' codes in the layer, the inset's frame around its islands, and the frame of the rest
    of the province (``mainland``), which the main map shows; None elsewhere."""
    shown, vintage, level, province = _archipelagos(out_dir, key)
    far = [label for label in shown if label["inset"]]
    if province is None or not far:
        return None
    codes = sorted({code for label in far for code in label["units"][vintage][level]})
    lon = [p[0] for label in far for p in label["points"]]
    lat = [p[1] for label in far for p in label["points"]]
    path, mtime, size = _stamped(out_dir, key)
    return {
        "codes": codes,
        "bounds": [
            min(lon) - INSET_MARGIN,
            min(lat) - INSET_MARGIN,
            max(lon) + INSET_MARGIN,
            max(lat) + INSET_MARGIN,
        ],  # fmt: skip
        "mainland": list(_bounds_without(path, mtime, size, tuple(codes))),
    }


def _positions(coordinates: list) -> Iterator[list[float]]:
    if coordinates and isinstance(coordinates[0], int | float):
        yield coordinates
    else:
        for part in coordinates:
            yield from _positions(part)


@lru_cache(maxsize=16)
def _bounds_without(
    path: str, _mtime: int, _size: int, codes: tuple[str, ...]
) -> tuple[float, float, float, float]:
    """The box of a (province-sized) layer's features other than ``codes``."""
    positions = [
        position
        for feature in json.loads(Path(path).read_bytes())["features"]
        if feature["id"] not in codes
        for position in _positions(feature["geometry"]["coordinates"])
    ]
    xs, ys = [p[0] for p in positions], [p[1] for p in positions]
    return min(xs), min(ys), max(xs), max(ys)


def layer_key(vintage: int | str, level: str, province: str | None = None) -> str:
    """``"2024-commune-national"`` or ``"2025-commune-detailed-14"``."""
    if province:
        return f"{vintage}-{level}-detailed-{province}"
    return f"{vintage}-{level}-national"


def geometry_url(out_dir: Path, key: str) -> str:
    """The URL of a layer (``LookupError`` / ``FileNotFoundError`` when it is not built)."""
    digest, _ = _file(out_dir, key)
    return f"/geo/{digest}/{key}.json"


def serve(out_dir: Path, digest: str, key: str) -> flask.Response:
    try:
        current, body = _file(out_dir, key)
    except (LookupError, FileNotFoundError):
        flask.abort(404)
    if digest != current:
        flask.abort(404)
    accepts_gzip = "gzip" in flask.request.headers.get("Accept-Encoding", "")
    data = body if accepts_gzip else gzip.decompress(body)
    response = flask.Response(data, mimetype="application/geo+json")
    if accepts_gzip:
        response.headers["Content-Encoding"] = "gzip"  # flask-compress leaves it as it is
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}, immutable"
    return response


def register_route(server: flask.Flask, out_dir: Path) -> None:
    server.add_url_rule(
        "/geo/<digest>/<key>.json",
        "geometry",
        lambda digest, key: serve(out_dir, digest, key),
    )
