"""gunicorn's settings for this app, as a config module: ``gunicorn -c python:dashboard.serving``
(what ``ntp-dashboard serve`` runs; ``./gunicorn.conf.py`` loads it for a plain ``gunicorn
app:server`` started in the repository). Options given on the command line override these.

The set-up (migrations, first-run demo data, boundaries) runs once in the master before any
worker starts (``on_starting``). The app is built once too, in the master (``preload_app``; it
needs no database, so a server starts while the database is away): the workers share its loaded
modules instead of each holding its own copy, and each starts its own background thread and
database connections after the fork (``post_worker_init``).
"""

from __future__ import annotations

import gc
import sys

# threads, each request's header bounded in time: slow clients cannot hold all of them
worker_class = "dashboard.http_worker.HeaderDeadlineWorker"
# a worker is one Python process, one core at most: with 2 the workers used 1.3 of the machine's
# 2 cores under fifty users, and 3 served a fifth more at a lower p95 (README, "Fifty users")
workers = 3
threads = 64  # one worker may take most new connections: room for 50 slow ones in one
timeout = 120  # a worker silent this long is replaced
graceful_timeout = 30
keepalive = 5  # idle kept-alive connections wait in the poller, not in a thread
# gunicorn's control socket is one path per user: a second instance's exit removes the first's
control_socket_disable = True
# the modules of the app, loaded once in the master, are shared by the workers (copy on write):
# a worker's own memory (PSS) is 30 MB less at ten million rows (README, "Fifty users")
preload_app = True


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


def when_ready(server) -> None:  # noqa: ANN001 (gunicorn's Arbiter)
    """In the master, the app built, before the workers fork: the loaded objects are moved out
    of the garbage collector's reach, so that its passes in a worker do not write to (and so
    copy) the pages the workers share."""
    gc.freeze()


def post_worker_init(worker) -> None:  # noqa: ANN001 (gunicorn's Worker)
    """In each worker, once it has the app: its own database connections (none is opened before
    the fork; any would be the master's), its job launcher (forked now, while the worker has
    one thread) and then its own pre-warm thread."""
    extensions = getattr(worker.wsgi, "extensions", {})  # another app (the naive benchmark's)
    if "ntp_deps" in extensions:
        extensions["ntp_deps"].engine.dispose(close=False)
    if extensions.get("ntp_launcher") is not None:
        extensions["ntp_launcher"].start()
    if extensions.get("ntp_warmer") is not None:
        extensions["ntp_warmer"].start()
