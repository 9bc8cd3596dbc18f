"""Helpers shared by the page callbacks: a guarded read, the boundary route and preloads.

``guarded(read, lang, what)`` turns a failed read into a ``Failed`` part (the error goes to the
log), so one part's failure leaves the rest of a page. ``ensure_geometry_route`` serves the
content-hashed boundary files (``callbacks.geometry``) once, whichever page asks first.
``preload_files`` names in a page's HTML the files its figures will fetch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

import flask
from dash import Dash

from callbacks import geometry
from callbacks.deps import Deps
from callbacks.outage import FAILURES
from dashboard.i18n import t
from layouts.parts import Failed

log = logging.getLogger(__name__)
T = TypeVar("T")
GEOMETRY_ENDPOINT = "geometry"  # the endpoint ``geometry.register_route`` adds


def guarded(read: Callable[[], T], lang: str, what: str) -> T | Failed:
    """``read()``, or a ``Failed`` part with a readable message (the error goes to the log)."""
    try:
        return read()
    except Exception:  # noqa: BLE001 (any failure of a part must leave the rest of the page)
        FAILURES.failed(what)
        return Failed(t("error.read", lang))


def ensure_geometry_route(app: Dash, deps: Deps) -> None:
    """Serve ``/geo/<hash>/<layer>.json`` (added once, whichever page registers it first)."""
    if GEOMETRY_ENDPOINT not in app.server.view_functions:
        geometry.register_route(app.server, Path(deps.settings.geodata_dir))


Query = Mapping[str, list[str]]  # a request's query parameters, each with all its values


def preload_files(app: Dash, path: str, files: Callable[[Query], Iterable[str]]) -> None:
    """Add to the HTML of the page at ``path`` a ``Link: rel=preload`` header for each URL of
    ``files(query)`` (the request's query parameters; it may raise LookupError or OSError for a
    file it cannot name): the browser fetches them, or reads them from its cache, while it
    evaluates the page's scripts, instead of after the page's callbacks have answered."""
    page = path.strip("/")

    def add(response: flask.Response) -> flask.Response:
        request = flask.request
        if (request.method != "GET" or request.path.strip("/") != page
                or response.status_code != 200 or response.mimetype != "text/html"):  # fmt: skip
            return response
        try:
            urls = list(files(request.args.to_dict(flat=False)))
        except (LookupError, OSError):
            return response
        for url in urls:  # same-origin paths the app builds, never text of the request
            response.headers.add("Link", f"<{url}>; rel=preload; as=fetch; crossorigin")
        return response

    app.server.after_request(add)
