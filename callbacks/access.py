"""The viewer of the current request, as the reads need it.

The sign-in layer (``callbacks.auth``) puts the request's ``Viewer`` in ``flask.g.ntp_viewer``
before any page or callback runs; every read narrows its scope to that viewer's grants through
``current_viewer``.
"""

from __future__ import annotations

import flask
from dash.exceptions import PreventUpdate

from dashboard.access import ANONYMOUS_READER, Viewer


def current_viewer() -> Viewer:
    """The request's viewer. A request without one (a route the sign-in layer let through as
    public) is refused with 401, never served as a reader of every province. Outside a request
    (unit tests of plain functions) every province is visible."""
    if not flask.has_request_context():
        return ANONYMOUS_READER
    viewer = flask.g.get("ntp_viewer")
    if not isinstance(viewer, Viewer):
        flask.abort(401)
    return viewer


def importer() -> Viewer:
    """The request's viewer when it may import files; else the callback updates nothing."""
    viewer = current_viewer()
    if not viewer.can_import:
        raise PreventUpdate
    return viewer
