"""The app's own assets (``assets/``) cached by the browser for a year when asked by version.

Dash links each file of ``assets/`` with ``?m=`` and the file's modification time, so a changed
file has a new address; Flask serves them with ``no-cache``, and every page load then asked the
server again for each of them (five style sheets, which hold up the first paint, and nine
scripts), to hear "not modified". With a version in the address the browser keeps them instead.
An address without one (the favicon) keeps Flask's answer.
"""

from __future__ import annotations

import flask

YEAR = 365 * 24 * 3600


def install(server: flask.Flask, assets_path: str) -> None:
    """Mark the versioned answers under ``assets_path`` (Dash's ``/assets/``) as immutable."""
    prefix = assets_path.rstrip("/") + "/"

    @server.after_request
    def _versioned(response: flask.Response) -> flask.Response:
        request = flask.request
        if request.path.startswith(prefix) and request.args.get("m") and response.status_code in (
            200, 304,
        ):  # fmt: skip
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return response
