"""``/login`` and ``/logout``: server-rendered forms (Jinja templates in ``layouts/templates``)
with a CSRF token, in Vietnamese or English (``?lang=``).

Sign-in is throttled by Flask-Limiter per address and per account name: 5 failures within 15
minutes refuse further attempts (429) until the oldest failure is 15 minutes old. Counters live
in Redis when ``CACHE_URL`` is set (shared by every worker and server), else in each worker's
memory. An unknown name and a wrong password get the same answer.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import flask
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

from callbacks import sessions
from callbacks.deps import Deps
from callbacks.shell import safe_path
from dashboard import accounts, audit, i18n
from dashboard.i18n import t

TEMPLATES = Path(__file__).resolve().parents[1] / "layouts" / "templates"
FAILURES = "5 per 15 minutes"
MAX_FIELD = 256


def next_path(value: str | None) -> str:
    """Where to go after signing in: a path of this site only (browsers read ``/\\host`` as
    ``//host``, another site)."""
    path = safe_path(value)
    return "/" if "\\" in path or any(ord(c) < 32 for c in path) else path


def blueprint() -> flask.Blueprint:
    """The templates of the sign-in and admin pages (no routes of its own)."""
    return flask.Blueprint("auth_templates", __name__, template_folder=str(TEMPLATES))


def lang_of(deps: Deps) -> str:
    return i18n.normalize(flask.request.values.get("lang"), deps.settings.language)


def labels(lang: str, prefix: str) -> dict[str, str]:
    """Every label under ``prefix`` (``"login."`` -> ``{"title": ..., ...}``) for a template."""
    keys = [key for key in i18n.LABELS if key.startswith(prefix)]
    return {key.removeprefix(prefix): t(key, lang) for key in keys}


def render_login(deps: Deps, status: int = 200, error: str | None = None) -> flask.Response:
    lang = lang_of(deps)
    html = flask.render_template(
        "login.html", lang=lang, L=labels(lang, "login."), app_name=t("app.name", lang),
        error=t(error, lang) if error else None, next=next_path(flask.request.values.get("next")),
        name=flask.request.form.get("name", "")[:64],
    )  # fmt: skip
    response = flask.make_response(html, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def failed(response: flask.Response) -> bool:
    """Only failed sign-ins count against the limits."""
    return response.status_code == 401


def account_key() -> str:
    return "account:" + flask.request.form.get("name", "").strip().lower()[:64]


def login(deps: Deps) -> flask.Response:
    if flask.request.method == "GET":
        return render_login(deps)
    form = flask.request.form
    name, password = form.get("name", "")[:MAX_FIELD], form.get("password", "")[:MAX_FIELD]
    info = accounts.authenticate(deps.engine, name, password)
    if info is None:
        # the target is recorded only when it is an account's name: a password typed into the
        # name field must not end up in the log
        target = name.strip().lower() if accounts.exists(deps.engine, name) else None
        audit.record(deps.engine, target or "?", audit.LOGIN_FAILED, target,
                     address=sessions.address())  # fmt: skip
        return render_login(deps, 401, "login.failed")
    sessions.start(info)
    audit.record(deps.engine, info.name, audit.LOGIN, address=sessions.address())
    return flask.redirect(next_path(form.get("next")))


def logout(deps: Deps) -> flask.Response:
    sessions.end(deps)
    return flask.redirect(f"/login?lang={lang_of(deps)}")


def limiter_of(server: flask.Flask, deps: Deps) -> Limiter:
    """Flask-Limiter over Redis (``CACHE_URL``) or memory. Keys carry a digest of the secret key,
    so two sites on one Redis keep separate counters and the servers of one site share theirs."""
    site = hashlib.sha256(str(server.secret_key).encode()).hexdigest()[:12]
    return Limiter(
        get_remote_address,
        app=server,
        storage_uri=deps.settings.cache_url or "memory://",
        strategy="moving-window",
        key_prefix=f"ntp-login:{site}",
        headers_enabled=False,
        in_memory_fallback_enabled=True,  # Redis away: each worker counts on its own meanwhile
    )


def register(server: flask.Flask, deps: Deps) -> None:
    server.register_blueprint(blueprint())
    limiter = limiter_of(server, deps)
    view = lambda: login(deps)  # noqa: E731 (a named view for the decorators below)
    for key_func, scope in ((get_remote_address, "address"), (account_key, "account")):
        view = limiter.limit(FAILURES, key_func=key_func, methods=["POST"], deduct_when=failed,
                             scope=f"login-{scope}")(view)  # fmt: skip
    server.add_url_rule("/login", "login", view, methods=["GET", "POST"])
    server.add_url_rule("/logout", "logout", lambda: logout(deps), methods=["POST"])
    server.register_error_handler(
        RateLimitExceeded, lambda exc: render_login(deps, 429, "login.throttled")
    )
