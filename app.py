"""The application factory: ``create_app(settings, engine) -> Dash``.

This is the only place that reads settings and builds the engine and the cache. Importing this
module builds nothing; ``app`` and ``server`` are created on first access (PEP 562), so
``gunicorn app:server`` works and tests import the module freely.

    gunicorn app:server        # production
    python app.py              # development server on HOST:PORT
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import Any

import flask
from dash import Dash
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from callbacks import asset_caching, auth, shell
from callbacks.deps import Deps, build_deps
from callbacks.hardening import install as install_hardening
from callbacks.libraries import load_lazily
from callbacks.pages import PAGES
from callbacks.plotly_js import serve_partial_plotly
from callbacks.prewarm import make_warmer
from dashboard.config import Settings, from_env
from dashboard.credentials import secret_key
from dashboard.db import DatabaseUnavailable, check_connection, make_engine
from dashboard.i18n import t
from dashboard.queries import data_status
from layouts import shell as shell_layout

ROOT = Path(__file__).resolve().parent
ASSETS = ROOT / "assets"
# Bootstrap 5 CSS comes from the installed Bootstrap-Flask package and is served by this app:
# dbc.themes.* are CDN links, and the app must fetch from no host but its own.
BOOTSTRAP_URL = "/vendor/bootstrap.min.css"
# registered before the pages, each with register(app, deps); the pages come from the registry
SHARED_MODULES = (
    auth,  # first: the gate every request passes (sessions, CSRF, throttling)
    shell,  # the navbar
)

INDEX = """<!DOCTYPE html>
<html lang="{lang}">
    <head>
        {{%metas%}}
        <title>{{%title%}}</title>
        <link rel="icon" type="image/svg+xml" href="{favicon}">
        {{%css%}}
    </head>
    <body>
        {{%app_entry%}}
        <footer>
            {{%config%}}
            {{%scripts%}}
            {{%renderer%}}
        </footer>
    </body>
</html>"""


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> Dash:
    """A Dash app over ``engine`` (by default the database of ``settings``). Building it never
    touches the database, so a worker starts while the database is away; the set-up
    (``dashboard.bootstrap.prepare``) runs once before the server starts."""
    settings = settings or from_env()
    if engine is None:
        engine = make_engine(settings.database_url)
    lang = settings.language
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS),
        external_stylesheets=[BOOTSTRAP_URL],  # linked before our own CSS in assets/
        serve_locally=True,
        compress=True,
        title=t("app.name", lang),
        update_title=None,
        suppress_callback_exceptions=True,  # pages are rendered per request, not all up front
        index_string=INDEX.format(lang=lang, favicon="/assets/favicon.svg"),
    )
    server = app.server
    server.secret_key = secret_key(settings.secret_key, settings.var_dir)
    deps = build_deps(server, settings, engine)
    server.extensions["ntp_deps"] = deps
    # a function, not a partial: Flask-Limiter names every view by its __name__
    server.add_url_rule("/healthz", "healthz", lambda: healthz(deps))
    server.add_url_rule(BOOTSTRAP_URL, "bootstrap_css", bootstrap_css)
    app.layout = partial(shell_layout.layout, shell.shell_view("/", None, lang))
    for module in SHARED_MODULES:
        module.register(app, deps)
    for page in PAGES:  # each page's package once: its layout, callbacks and routes
        import_module(page.package).register(app, deps)
    install_hardening(app, deps)
    load_lazily(app)
    serve_partial_plotly(server, settings.var_dir)
    asset_caching.install(server, app.config.routes_pathname_prefix + "assets/")
    server.extensions["ntp_warmer"] = make_warmer(server, deps)  # started where it is served
    # Dash sets itself up on a worker's first request without a lock: the other requests of a
    # burst (a browser's scripts, just after a restart) found its list of servable scripts
    # still empty and were answered 500, leaving a blank page. Set up now, before any request.
    with server.test_request_context("/"):
        app._setup_server()  # noqa: SLF001 (Dash's own first-request hook, run once here)
    return app


def health(deps: Deps) -> tuple[dict[str, Any], int]:
    """The health document and its HTTP status: 503 when the database cannot be read.
    Read directly, not through the cache: it must tell the database's state now."""
    body: dict[str, Any] = {
        "status": "error",
        "database": False,
        "data_version": None,
        "data_as_of": None,
        "demo": None,
        "cache": deps.cache_state(),  # reported, never a failure: reads go to the database
    }
    try:
        check_connection(deps.engine)
    except DatabaseUnavailable:
        return body, 503
    body["database"] = True
    try:
        status = data_status(deps.engine)
    except SQLAlchemyError:  # reachable but unreadable, e.g. not migrated yet
        return body, 503
    as_of = status.data_as_of
    body.update(
        status="ok",
        data_version=status.data_version,
        data_as_of=f"{as_of[0]:04d}-{as_of[1]:02d}" if as_of else None,
        demo=status.is_demo,
    )
    return body, 200


def healthz(deps: Deps) -> flask.Response:
    body, code = health(deps)
    response = flask.jsonify(body)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    return response


def bootstrap_css() -> flask.Response:
    import flask_bootstrap

    css = Path(flask_bootstrap.__file__).parent / "static/bootstrap5/css/bootstrap.min.css"
    return flask.send_file(css, mimetype="text/css", max_age=7 * 24 * 3600)


def __getattr__(name: str) -> Any:
    """``app`` and ``server`` are built on first access, once (PEP 562); ``celery_app`` is the
    Celery application of the data page's jobs, for ``ntp-dashboard worker`` (``celery --app
    app:celery_app worker``): the app is built so that its jobs are known, without the page
    pre-warm (the web servers do that)."""
    if name == "celery_app":
        settings = replace(from_env(), prewarm_seconds=0)
        manager = create_app(settings).server.extensions["ntp_jobs"]
        if not hasattr(manager, "handle") or not settings.cache_url:
            raise AttributeError("celery_app needs CACHE_URL (the Redis the jobs go through)")
        globals()["celery_app"] = manager.handle
        return manager.handle
    if name not in ("app", "server"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    dash_app = create_app()
    globals().update(app=dash_app, server=dash_app.server)
    return globals()[name]


if __name__ == "__main__":
    from dashboard.bootstrap import prepare

    settings = from_env()
    dash_app = create_app(settings, prepare(settings))
    launcher = dash_app.server.extensions["ntp_launcher"]
    if launcher is not None:  # before any thread starts (dashboard.job_launcher)
        launcher.start()
    warmer = dash_app.server.extensions["ntp_warmer"]
    if warmer is not None:
        warmer.start()
    dash_app.run(host=settings.host, port=settings.port, debug=False)
