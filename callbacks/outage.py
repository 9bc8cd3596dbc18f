"""Database outages as a visitor and an operator see them.

``FAILURES.failed(what)`` logs a failed read: the first of a run with its traceback, then one
line a minute with a count, so an outage writes a few lines instead of a traceback per read. A run
ends after ``quiet`` seconds without failures (or ``recovered()``); the next failure starts anew.

``unavailable_page`` answers a page request with a 503 "the database is unavailable" page while
the database cannot be reached, asked at most every ``DatabaseProbe.every`` seconds per process; the
page reloads itself, so a screen left open comes back when the database does.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import flask
from sqlalchemy import Engine

from dashboard import i18n
from dashboard.db import DatabaseUnavailable, check_connection
from dashboard.i18n import t

log = logging.getLogger("ntp.reads")
RETRY_SECONDS = 15  # the 503 page's Retry-After and self-reload


@dataclass
class FailureLog:
    """Failed reads logged without a flood: a traceback, then a count each ``interval`` seconds."""

    interval: float = 60.0
    quiet: float = 300.0
    clock: Callable[[], float] = time.monotonic
    logger: logging.Logger = log
    _count: int = 0
    _started: float | None = None
    _line_at: float = 0.0
    _last: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def failed(self, what: str) -> None:
        """Call inside an ``except`` block: the traceback logged is the one being handled."""
        now = self.clock()
        with self._lock:
            new_run = self._started is None or now - self._last > self.quiet
            self._last = now
            if new_run:
                self._started, self._line_at, self._count = now, now, 0
            else:
                self._count += 1
                due, count = now - self._line_at >= self.interval, self._count
                if due:
                    self._line_at, self._count = now, 0
        if new_run:
            self.logger.exception("reading %s failed (repeats: one line a minute)", what)
        elif due:
            self.logger.error("reads still failing: %d more since the last line (latest: %s)",
                              count, what)  # fmt: skip

    def recovered(self) -> None:
        """The data can be read again: end the run (the next failure logs its traceback)."""
        if self._started is None:
            return
        with self._lock:
            self._started, count = None, self._count
        self.logger.warning("reads work again (%d failures since the last line)", count)


FAILURES = FailureLog()


@dataclass
class DatabaseProbe:
    """Whether the database can be reached, asked at most once every ``every`` seconds."""

    engine: Engine
    every: float = 2.0
    clock: Callable[[], float] = time.monotonic
    _ok: bool = True
    _asked: float | None = None

    def ok(self) -> bool:
        now = self.clock()
        if self._asked is None or now - self._asked >= self.every:
            self._asked = now
            try:
                check_connection(self.engine)
            except DatabaseUnavailable:
                self._ok = False
            else:
                if not self._ok:
                    FAILURES.recovered()
                self._ok = True
        return self._ok


def page_html(lang: str) -> str:
    """A self-contained page (no script, no style from the app) that reloads itself."""
    title, message = t("error.unavailable_title", lang), t("error.unavailable", lang)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="{RETRY_SECONDS}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(message)}</p></body></html>"
    )


def _unavailable(lang: str) -> flask.Response:
    response = flask.Response(page_html(lang), status=503, mimetype="text/html")
    response.headers["Retry-After"] = str(RETRY_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def database_error(default_lang: str, _exc: Exception) -> flask.Response:
    """An error handler: a database failure nothing else caught (in a hook, a view) is a 503,
    the page for a page and a short JSON error for anything else; logged as a failed read."""
    FAILURES.failed(f"{flask.request.method} {flask.request.path}"[:120])
    if flask.request.method == "GET" and flask.request.accept_mimetypes.accept_html:
        return _unavailable(i18n.normalize(flask.request.args.get("lang"), default_lang))
    response = flask.jsonify({"error": "the database is unavailable"})
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_SECONDS)
    return response


def unavailable_page(probe: DatabaseProbe, page_paths: Callable[[], set[str]],
                     default_lang: str) -> flask.Response | None:  # fmt: skip
    """A ``before_request`` hook: the 503 page for a page GET while the database is away."""
    request = flask.request
    if request.method != "GET" or request.path not in page_paths() or probe.ok():
        return None
    return _unavailable(i18n.normalize(request.args.get("lang"), default_lang))
