"""Who is asking, and may the request go on: the gate every request passes.

``register`` attaches Flask-Login (sessions), Flask-WTF (CSRF) and Flask-Limiter (sign-in
throttling) to the server and installs ``gate`` as a ``before_request`` hook. The gate lets the
public endpoints through (``PUBLIC_ENDPOINTS``), finds the viewer of every other request (a
signed-in account or a wall display's token, ``callbacks.sessions``), refuses what the viewer
may not reach, and puts the viewer in ``flask.g.ntp_viewer`` for ``current_viewer``.

Refusals: a page asked for without a session redirects to ``/login``; anything else (Dash
callbacks, layout, data routes) answers 401. A POST must come from this site (``Origin`` or
``Referer``) and, unless it is a Dash callback, carry the CSRF token of its form.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import flask
from dash import Dash
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from callbacks import pages, sessions
from callbacks.deps import Deps
from dashboard.access import ANONYMOUS_READER, Viewer

LOGIN_PATH = "/login"
DISPATCH = "/_dash-update-component"
# Reachable without a session: sign-in and sign-out, the health check (load balancers and the wall
# display's outage detection; it tells only whether the data is readable and its version and
# month), Dash's JavaScript bundles and favicon, our CSS/JS/images and Bootstrap's CSS: static
# files of the product, the same for everyone, holding no data.
PUBLIC_ENDPOINTS = frozenset({
    "login", "logout", "healthz", "bootstrap_css",
    "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>", "/_favicon.ico",
})  # fmt: skip
PUBLIC_BLUEPRINTS = frozenset({"_dash_assets"})  # the assets/ folder
PAGE_ENDPOINTS = frozenset({"/", "/<path:path>"})  # Dash's index: every page of the site
# Routes of no page that every viewer of a page needs: the app's layout and callbacks, boundaries.
SHARED_PATHS = frozenset({"/_dash-layout", "/_dash-dependencies", DISPATCH})
SHARED_PREFIXES = ("/geo/", "/topojson/")
# The shell's callbacks: the page routing's and the navbar's. A role that opens only kiosk pages
# (a wall display: its page draws itself from its data route) may call no other.
SHELL_OUTPUT_IDS = frozenset({"_pages_content", "_pages_store", "navbar-body", "html-lang"})


def refuse(status: int, message: str) -> flask.Response:
    response = flask.jsonify({"error": message})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def same_origin(request: flask.Request) -> bool:
    """The request says it comes from a page of this host. The host (not the scheme) is compared:
    behind a TLS proxy the app sees http while the browser says https."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not source or source == "null":
        return False
    return urlsplit(source).netloc == request.host


def output_ids(output: object) -> set[str]:
    """The component ids a Dash callback request writes to: ``"..a.children...b.data.."``."""
    if not isinstance(output, str):
        return {""}
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    return {part.rsplit(".", 1)[0] for part in parts}


def may_reach(viewer: Viewer, request: flask.Request) -> bool:
    """The role rules, from the registry of pages (``callbacks.pages``): a URL a page owns (its
    path and the paths below it) for the roles that open the page; the shared routes for every
    viewer; any other route for accounts only. A Dash callback request is checked for the page
    it would render (see ``may_call``)."""
    if not may_use_path(viewer.role, request.path):
        return False
    return request.path != DISPATCH or may_call(viewer.role, request_body(request))


def request_body(request: flask.Request) -> object:
    """The parsed JSON body; None when it is not JSON or nested past the parser's stack (the
    dispatcher's check answers such a body 400, ``callbacks.hardening``)."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None


def may_use_path(role: str, path: str) -> bool:
    page = pages.page_of(path)
    if page is not None:
        return role in page.roles
    if path in SHARED_PATHS or path.startswith(SHARED_PREFIXES):
        return True
    return role in pages.ACCOUNTS


def callback_items(body: dict, key: str) -> list[object]:
    """The inputs (or states) of a callback request, a pattern-matching one's lists flattened."""
    items = body.get(key)
    if not isinstance(items, list):
        return []
    return [one for item in items for one in (item if isinstance(item, list) else [item])]


def may_call(role: str, body: object) -> bool:
    """A Dash callback ``role`` may call: every pathname it carries (the page routing's and the
    navbar's input, which would render that page) is of a page the role opens; a role opening
    only kiosk pages calls the shell's callbacks only, with a well-formed body."""
    kiosk_only = all(page.kiosk for page in pages.opened_by(role))
    if not isinstance(body, dict):
        return not kiosk_only  # nothing to check: Dash refuses a malformed body itself
    if kiosk_only:
        if not output_ids(body.get("output")) <= SHELL_OUTPUT_IDS:
            return False
        inputs = body.get("inputs")
        if not isinstance(inputs, list) or not all(isinstance(item, dict) for item in inputs):
            return False
    items = callback_items(body, "inputs") + callback_items(body, "state")
    paths = [
        item.get("value")
        for item in items
        if isinstance(item, dict) and item.get("property") == "pathname"
    ]
    return all(pages.may_open(role, path) for path in paths)


def login_redirect(request: flask.Request) -> flask.Response:
    target = request.full_path.rstrip("?")
    return flask.redirect(f"{LOGIN_PATH}?{urlencode({'next': target})}")


def gate(deps: Deps, csrf: CSRFProtect) -> flask.Response | None:
    """The ``before_request`` hook (see the module's docstring)."""
    request = flask.request
    if not deps.settings.auth:  # no session, so nothing a cross-site request could borrow
        flask.g.ntp_viewer = ANONYMOUS_READER
        return None if may_reach(ANONYMOUS_READER, request) else refuse(403, "forbidden")
    if request.method == "POST":
        if not same_origin(request):
            return refuse(403, "cross-site request refused")
        if request.path != DISPATCH:
            csrf.protect()  # raises CSRFError, answered 400 by the handler below
    if request.endpoint in PUBLIC_ENDPOINTS or request.blueprint in PUBLIC_BLUEPRINTS:
        return None
    entry = sessions.enter_wall(deps, request)
    if entry is not None:
        return entry
    viewer = sessions.current(deps)
    if viewer is None:
        wants_page = request.endpoint in PAGE_ENDPOINTS and request.method == "GET"
        return login_redirect(request) if wants_page else refuse(401, "sign-in required")
    if not may_reach(viewer, request):
        return refuse(403, "forbidden")
    flask.g.ntp_viewer = viewer
    return None


def configure(server: flask.Flask, deps: Deps) -> None:
    """Cookie and CSRF settings of the session."""
    settings = deps.settings
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
        SESSION_COOKIE_NAME="ntp_session",
        # a permanent session's cookie is re-signed on every response and refused once older
        # than this: the idle expiry (the absolute one is in callbacks.sessions)
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.session_idle_minutes),
        SESSION_REFRESH_EACH_REQUEST=True,
        WTF_CSRF_CHECK_DEFAULT=False,  # the gate calls csrf.protect() itself, after its checks
        WTF_CSRF_TIME_LIMIT=None,  # a form's token lives as long as its session
        WTF_CSRF_SSL_STRICT=False,  # the gate checks Origin/Referer for every POST
    )


def register(app: Dash, deps: Deps) -> None:
    from callbacks import auth_views

    server = app.server
    configure(server, deps)
    hops = deps.settings.proxy_hops
    if hops:  # the client's address (throttling, audit) and host (Origin check) as the proxy saw
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    csrf = CSRFProtect(server)
    login_manager = LoginManager(server)
    login_manager.user_loader(lambda user_id: sessions.load_user(deps, user_id))
    server.before_request(lambda: gate(deps, csrf))
    server.register_error_handler(CSRFError, lambda exc: refuse(400, "form expired: reload it"))
    auth_views.register(server, deps)
