"""The operating-centre wall display (``/wall``): a kiosk page that rotates through a playlist of
panels for days with nobody touching it.

``/wall?playlist=default&seconds=20&refresh=300&lang=vi`` or ``/wall?panels=kpis,map,province:14``
(``dashboard.wall_config``). The page itself is a fixed frame (``layouts.wall``); ``assets/wall.js``
rotates the panels in the browser, asks ``/healthz`` every ``refresh`` seconds for the data
version and fetches ``/wall/data`` (this module, JSON) only when it changed or after an outage;
when the server cannot be reached it shows "stale since HH:MM" and keeps the last figures.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlencode

import dash
import flask
from dash import Dash

from callbacks import topojson
from callbacks.access import current_viewer
from callbacks.deps import Deps
from callbacks.outage import FAILURES
from callbacks.wall import panels as wall_panels
from dashboard import i18n
from dashboard.i18n import t
from dashboard.wall_config import (
    Playlist,
    WallConfigError,
    config_path,
    load_playlists,
    resolve,
)
from layouts import wall as wall_layout
from layouts.wall import WallView

log = logging.getLogger(__name__)
PATH = "/wall"
DATA_PATH = "/wall/data"


def playlists(deps: Deps, cwd: Path | None = None) -> dict[str, Playlist]:
    """Shipped and operator playlists, read at each call so an edited file shows on reload."""
    return load_playlists(config_path(deps.settings.wall_config, cwd or Path.cwd()))


def request_playlist(deps: Deps, params: Mapping[str, object]) -> Playlist:
    """The URL's playlist; a wall display's key fixes it (the URL cannot choose another)."""
    bound = current_viewer().playlist
    if bound is not None:
        params = {**{k: v for k, v in params.items() if k != "panels"}, "playlist": bound}
    return resolve(params, playlists(deps))


def bound_panels(deps: Deps, playlist: Playlist) -> Playlist:
    """``playlist`` when a wall display's key allows all of its panels (a display asks only for
    the panels of its own playlist)."""
    if current_viewer().playlist is not None:
        allowed = {p.token for p in request_playlist(deps, {}).panels}
        if any(p.token not in allowed for p in playlist.panels):
            raise WallConfigError("panels outside this display's playlist")
    return playlist


def data_query(playlist: Playlist, lang: str) -> str:
    """The ``/wall/data`` query of a playlist: its panels spelt out, so any worker answers it."""
    return "?" + urlencode({"panels": ",".join(p.token for p in playlist.panels), "lang": lang})


def wall_view(deps: Deps, params: Mapping[str, object]) -> WallView:
    """The frame for the URL's parameters, or the configuration error to show."""
    lang = i18n.normalize(params.get("lang"), deps.settings.language)
    labels = {"stale": t("wall.stale", lang), "loading": t("wall.loading", lang)}
    try:
        playlist = request_playlist(deps, params)
    except WallConfigError as exc:
        return WallView(lang, t("wall.title", lang), labels, error=t("wall.config_error", lang),
                        detail=str(exc))  # fmt: skip
    return WallView(
        lang=lang,
        title=t("wall.title", lang),
        labels=labels,
        kinds=tuple(p.kind for p in playlist.panels),
        query=data_query(playlist, lang),
        seconds=playlist.seconds,
        refresh=playlist.refresh,
        topojson_url=topojson.TOPOJSON_URL,
    )


def wall_data(deps: Deps, params: Mapping[str, object]) -> dict:
    """Everything the panels show, with the data version it was read at."""
    lang = i18n.normalize(params.get("lang"), deps.settings.language)
    playlist = bound_panels(deps, resolve(params, {}))  # /wall/data gets panels= from the page
    status = deps.status()
    return {
        "version": status.data_version,
        "as_of": wall_panels.status_text(status, lang),
        "demo": t("badge.demo", lang) if status.is_demo else None,
        "panels": [wall_panels.panel_data(deps, p, lang) for p in playlist.panels],
    }


def _json(body: dict, code: int) -> flask.Response:
    response = flask.jsonify(body)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    return response


def data_endpoint(deps: Deps) -> flask.Response:
    params = flask.request.args.to_dict()
    try:
        return _json(wall_data(deps, params), 200)
    except WallConfigError as exc:
        return _json({"error": str(exc)}, 400)
    except Exception:  # noqa: BLE001 (the database is down: the page keeps its last figures)
        FAILURES.failed("wall data")
        return _json({"error": "unavailable"}, 503)


def page(deps: Deps) -> Callable[..., object]:
    def layout(**params: object) -> object:
        return wall_layout.layout(wall_view(deps, params))

    return layout


def register(app: Dash, deps: Deps) -> None:
    """A page (not in the navbar) and its JSON endpoint; the rest runs in ``assets/wall.js``."""
    lang = deps.settings.language
    dash.register_page(
        "wall",
        path=PATH,
        name=t("wall.title", lang),
        title=t("wall.title", lang),
        order=90,
        layout=page(deps),
    )
    app.server.add_url_rule(DATA_PATH, "wall_data", lambda: data_endpoint(deps))
    topojson.register(app)
