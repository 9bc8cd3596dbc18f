"""The viewer behind a request's session: a signed-in account (Flask-Login) or a wall display
that entered with its token.

Flask-Login keeps ``"<account id>:<session version>"`` in the signed session cookie and loads
the account on every request: a disabled account, a changed password (both bump the version) or
a deleted account ends its sessions at their next request. A session also ends when unused for
``SESSION_IDLE_MINUTES`` (the cookie's signature carries its age) and ``SESSION_MAX_HOURS``
after its sign-in. A wall session holds its token's id and ends when the token is revoked.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

import flask
from flask_login import UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from callbacks.deps import Deps
from dashboard import accounts, audit, wall_tokens
from dashboard.access import Viewer
from dashboard.accounts import AccountInfo
from dashboard.db import reading

SINCE, WALL_KEY = "ntp_since", "ntp_wall"
WALL_PAGE = "/wall"


class SignedIn(UserMixin):
    """Flask-Login's user: an enabled account as loaded for this request."""

    def __init__(self, info: AccountInfo) -> None:
        self.info = info

    def get_id(self) -> str:
        return f"{self.info.id}:{self.info.session_version}"


def load_user(deps: Deps, user_id: str) -> SignedIn | None:
    """Flask-Login's user loader: None (signed out) unless the account is enabled and the
    session's version is the account's."""
    account_id, _, version = user_id.partition(":")
    if not (account_id.isdigit() and version.isdigit()):
        return None
    with reading(deps.engine) as conn:  # one connection for the request's two lookups
        info = accounts.load(conn, int(account_id))
        if info is None or info.disabled or info.session_version != int(version):
            return None
        deps.data_version(conn)  # read now, kept for the request
    return SignedIn(info)


def address() -> str | None:
    return flask.request.remote_addr


def record(deps: Deps, action: str, target: str, detail: dict[str, object]) -> None:
    """Audit what the request's viewer did (an export: which view)."""
    from callbacks.access import current_viewer

    where = address() if flask.has_request_context() else None
    audit.record(deps.engine, current_viewer().name, action, target, detail, where)


def start(info: AccountInfo) -> None:
    """Sign ``info`` in: a fresh session (nothing carried over from before)."""
    flask.session.clear()
    login_user(SignedIn(info))
    flask.session.permanent = True
    flask.session[SINCE] = int(time.time())
    # the CSRF token in the session from its first cookie: a page's concurrent callbacks each
    # answer with the cookie they were sent, so a token added by one of them could be lost
    generate_csrf()


def end(deps: Deps) -> None:
    """Sign out whoever is signed in (an account or a wall display) and record it."""
    if current_user.is_authenticated:
        audit.record(deps.engine, current_user.info.name, audit.LOGOUT, address=address())
    logout_user()
    flask.session.clear()


def _expired(deps: Deps) -> bool:
    since = flask.session.get(SINCE)
    max_age = deps.settings.session_max_hours * 3600
    return not isinstance(since, int) or time.time() - since > max_age


def current(deps: Deps) -> Viewer | None:
    """The viewer of this request's session, or None (signed out, expired, disabled, revoked)."""
    token_id = flask.session.get(WALL_KEY)
    if isinstance(token_id, int):
        token = wall_tokens.load(deps.engine, token_id)
        if token is None:
            flask.session.clear()
        return token.viewer() if token else None
    if not current_user.is_authenticated:
        return None
    if _expired(deps):
        logout_user()
        flask.session.clear()
        return None
    return current_user.info.viewer()


def enter_wall(deps: Deps, request: flask.Request) -> flask.Response | None:
    """``/wall?token=...``: a display enters with its token. The session remembers the token's
    id and the browser is sent on to the token's playlist without the token in the address.
    None when the request carries no token."""
    if request.path != WALL_PAGE or "token" not in request.args:
        return None
    token = wall_tokens.find(deps.engine, request.args.get("token", ""))
    if token is None:
        response = flask.jsonify({"error": "this wall display key is unknown or revoked"})
        response.status_code = 403
        return response
    flask.session.clear()
    flask.session[WALL_KEY] = token.id
    flask.session.permanent = True
    params = {k: v for k, v in request.args.items() if k not in ("token", "playlist", "panels")}
    return flask.redirect(f"{WALL_PAGE}?{urlencode({**params, 'playlist': token.playlist})}")
