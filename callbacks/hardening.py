"""What every request meets before and after the pages: ``install(app, deps)``, called once by the
app factory.

- A size limit on request bodies (``MAX_REQUEST_BYTES``; an upload route may raise its own).
- Dash's callback dispatcher wrapped: a malformed request (not JSON, nested too deep, an unknown
  output, a value of the wrong shape: ``callbacks.inputs``) is a 400 with a short JSON error, a
  database that cannot be reached a 503, never a 500 with the body in the log.
- While the database is away, page requests get the 503 page of ``callbacks.outage`` (before the
  sign-in gate, which needs the database too), and a database error anywhere else is a 503.
- Security headers on every response; the versions Dash would tell the browser left out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

import dash
import flask
from dash import Dash
from sqlalchemy.exc import InterfaceError, OperationalError

from callbacks import answers, outage
from callbacks.deps import Deps
from callbacks.inputs import BadInput, check_request
from dashboard.db import DatabaseUnavailable

log = logging.getLogger(__name__)
MAX_REQUEST_BYTES = 4 * 1024 * 1024  # a callback request with a province's grid rows is ~1 MB
FRAMEABLE = ("/wall",)  # framed by the same origin only; every other page by nobody
# Dash renders with inline style attributes and plotly adds <style> elements: 'unsafe-inline'
# for styles only. Scripts come from this host, plus the hashes of Dash's inline scripts.
CSP = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors {ancestors}"
)
# the database cannot be reached or answer (not: a query or constraint error, which is a bug or
# the caller's to handle)
UNREACHABLE = (OperationalError, InterfaceError, DatabaseUnavailable)
HIDDEN_CONFIG = ("dash_version", "python_version", "plotly_version", "ddk_version")


def install(app: Dash, deps: Deps) -> None:
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    lang = deps.settings.language
    probe = outage.DatabaseProbe(deps.engine)
    # first of the hooks: the sign-in gate reads accounts from the database too
    hook = partial(outage.unavailable_page, probe, page_paths, lang)
    server.before_request_funcs.setdefault(None, []).insert(0, hook)
    for error in UNREACHABLE:
        server.register_error_handler(error, partial(outage.database_error, lang))
    server.after_request(partial(security_headers, csp_hashes(app)))
    wrap_dispatch(app, deps)
    hide_versions(app)


def page_paths() -> set[str]:
    return {page["path"] for page in dash.page_registry.values()}


def csp_hashes(app: Dash) -> Callable[[], str]:
    """The hashes of Dash's inline scripts, computed once callbacks are all registered."""
    memo: list[str] = []

    def hashes() -> str:
        if not memo:
            memo.append(" ".join(app.csp_hashes()))  # each quoted already
        return memo[0]

    return hashes


def security_headers(hashes: Callable[[], str], response: flask.Response) -> flask.Response:
    framed = flask.request.path in FRAMEABLE
    ancestors = "'self'" if framed else "'none'"
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP.format(hashes=hashes(), ancestors=ancestors))
    headers.setdefault("X-Frame-Options", "SAMEORIGIN" if framed else "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _json_error(message: str, status: int) -> flask.Response:
    response = flask.jsonify({"error": message})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _request_body() -> object:
    """The parsed body; BadInput when it is not JSON (or nested past the parser's stack)."""
    try:
        return flask.request.get_json(silent=True)
    except RecursionError:
        raise BadInput("nested too deep") from None


def wrap_dispatch(app: Dash, deps: Deps) -> None:
    """Check each callback request before Dash sees it; map known failures to 400 and 503. The
    answers of the callbacks ``callbacks.answers`` allows come from its cache when they can."""
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"
    dispatch = app.server.view_functions[endpoint]

    def checked() -> object:
        try:
            body = _request_body()
            return answers.answered(
                deps, body, lambda: check_request(body, app.callback_map), dispatch
            )
        except BadInput as exc:
            return _json_error(str(exc)[:200], 400)
        except UNREACHABLE:
            outage.FAILURES.failed(f"callback {flask.request.path}")
            return _json_error("the database is unavailable", 503)

    app.server.view_functions[endpoint] = checked


def hide_versions(app: Dash) -> None:
    """Leave the Dash, Python and plotly versions out of the page's ``_dash-config``."""
    config = app._config  # noqa: SLF001 (Dash has no setting for this)

    def without_versions() -> dict:
        return {k: v for k, v in config().items() if k not in HIDDEN_CONFIG}

    app._config = without_versions  # noqa: SLF001
