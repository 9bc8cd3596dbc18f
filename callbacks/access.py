"""The viewer of the current request, as the reads need it.

The sign-in layer puts the request's ``Viewer`` in ``flask.g.ntp_viewer`` before any page or
callback runs; every read narrows its scope to that viewer's grants through ``current_viewer``.
"""

from __future__ import annotations

import flask

from dashboard.access import ANONYMOUS_READER, Viewer


def current_viewer() -> Viewer:
    """The request's viewer. Outside a request (unit tests of plain functions) and until the
    sign-in layer sets one, every province is visible."""
    if flask.has_request_context() and "ntp_viewer" in flask.g:
        return flask.g.ntp_viewer
    return ANONYMOUS_READER
