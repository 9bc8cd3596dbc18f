"""gunicorn's settings for this app, as a config module: ``gunicorn -c python:dashboard.serving``
(what ``ntp-dashboard serve`` runs; ``./gunicorn.conf.py`` loads it for a plain ``gunicorn
app:server`` started in the repository). Options given on the command line override these.

The set-up (migrations, first-run demo data, boundaries) runs once in the master before any
worker starts (``on_starting``); workers only build the app, which needs no database, so a worker
restarted during a database outage starts and serves "unavailable" pages until it is back.
"""

from __future__ import annotations

import sys

# threads, each request's header bounded in time: slow clients cannot hold all of them
worker_class = "dashboard.http_worker.HeaderDeadlineWorker"
workers = 2
threads = 64  # one worker may take most new connections: room for 50 slow ones in one
timeout = 120  # a worker silent this long is replaced
graceful_timeout = 30
keepalive = 5  # idle kept-alive connections wait in the poller, not in a thread
# gunicorn's control socket is one path per user: a second instance's exit removes the first's
control_socket_disable = True


def on_starting(server) -> None:  # noqa: ANN001 (gunicorn's Arbiter)
    """Set up the database and boundaries once; an expected failure exits with one line."""
    from dashboard.bootstrap import prepare
    from dashboard.cli import EXIT_ERROR, expected_failure
    from dashboard.config import from_env

    try:
        prepare(from_env(), server.log.info).dispose()  # workers open their own connections
    except Exception as exc:
        if not expected_failure(exc):
            raise
        server.log.error("ntp-dashboard: error: %s", exc)
        sys.exit(EXIT_ERROR)
