"""No cold morning: the default view of every page is computed in the background whenever the
data changes, so the first reader after an import finds its figures in the read cache.

Each server process runs one ``Warmer`` thread. Every ``PREWARM_SECONDS`` it reads the data
version (one primary-key lookup); when the version is new, or the last warm is about to expire
from the cache, it renders the default views (national, the latest month, both boundary sets)
through the same plain view functions the callbacks use, so the very same cache keys are filled.
With Redis (``CACHE_URL``) the cache is shared by every process of every server, and a Redis
``SET NX`` lock lets one of them warm it: once per site. Without Redis each process has its own
cache and warms it itself.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

import flask
from redis.exceptions import RedisError

from callbacks.deps import Deps, version_of
from callbacks.disbursement import page as disbursement
from callbacks.indicators import page as indicators
from callbacks.map import page as map_page
from callbacks.map.state import from_params
from callbacks.overview import page as overview
from callbacks.tables import page as tables
from dashboard.access import LEADER, Viewer
from dashboard.models import VINTAGES

log = logging.getLogger(__name__)
WARM_VIEWER = Viewer(name="pre-warm", role=LEADER)  # sees every province: the national views


def _views(lang: str) -> dict[str, Callable[[Deps], object]]:
    """The default view of every page, by name; the map and the tables on both vintages."""
    views: dict[str, Callable[[Deps], object]] = {
        "overview": lambda deps: overview.overview_view(deps, lang),
        "disbursement": lambda deps: disbursement.disbursement_view(deps, lang, {}),
        "indicators": lambda deps: indicators.indicators_view(deps, lang),
        "tables": lambda deps: tables.tables_view(deps, lang, {}),
    }
    for vintage in VINTAGES:
        for level in ("province", "commune"):
            params = {"vintage": str(vintage), "level": level}
            views[f"map {vintage} {level}"] = lambda deps, p=params: map_page.map_view(
                deps, from_params(p, lang)
            )
        views[f"tables {vintage}"] = lambda deps, v=vintage: tables.tables_view(
            deps, lang, {"vintage": str(v)}
        )
    return views


def warm(server: flask.Flask, deps: Deps) -> list[str]:
    """Render every default view once, as a national reader, in one request context (one data
    version for all). Returns the names of views that failed (logged, never raised)."""
    failed = []
    with server.test_request_context("/"):
        flask.g.ntp_viewer = WARM_VIEWER
        for name, view in _views(deps.settings.language).items():
            try:
                view(deps)
            except Exception:  # noqa: BLE001 (a page that cannot render now must not stop the rest)
                log.exception("pre-warm of %s failed", name)
                failed.append(name)
    return failed


def claim(deps: Deps, version: int, slot: int, ttl: int) -> bool:
    """Whether this process warms ``version`` in time slot ``slot``: the first process to ask
    (``add`` is Redis's ``SET NX``; with the in-process cache, the process's own warmer)."""
    key = f"prewarm:v{version}:{slot}"
    try:
        return bool(deps.backend.add(key, f"{socket.gethostname()}:{os.getpid()}", timeout=ttl))
    except RedisError:  # Redis down: reads go to the database anyway, nothing to warm
        return False


class Warmer:
    """A daemon thread that warms the default views when the data version changes, and again
    before the warmed figures expire from the cache (``CACHE_TIMEOUT``)."""

    def __init__(self, server: flask.Flask, deps: Deps, every: float) -> None:
        self.server, self.deps, self.every = server, deps, every
        self.refresh = max(every, deps.settings.cache_timeout * 0.8)  # before entries expire
        self.warmed: int | None = None  # the version last warmed (by any process of the site)
        self.done = threading.Event()  # set after each warm: tests wait on it
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Warmer:
        self._thread = threading.Thread(target=self._run, name="prewarm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _run(self) -> None:
        last = 0.0
        while not self._stop.is_set():
            try:
                version = version_of(self.deps.engine)
                if version != self.warmed or time.monotonic() - last >= self.refresh:
                    self.step(version)
                    last = time.monotonic()
            except Exception:  # noqa: BLE001 (the database may be away for a while: try later)
                log.warning("pre-warm skipped: data version unreadable", exc_info=True)
            self._stop.wait(self.every)

    def step(self, version: int) -> bool:
        """Warm ``version`` unless another process of the site has it; whether this one did."""
        slot = int(time.time() // self.refresh)
        mine = claim(self.deps, version, slot, int(self.refresh))
        if mine:
            started = time.perf_counter()
            failed = warm(self.server, self.deps)
            seconds = time.perf_counter() - started
            log.info("pre-warmed data version %s in %.1f s; failed: %s", version, seconds, failed)
        self.warmed = version
        self.done.set()
        return mine


def make_warmer(server: flask.Flask, deps: Deps) -> Warmer | None:
    """The app's warmer when ``PREWARM_SECONDS`` is above 0, not started: the process that
    serves the app starts it (``dashboard.serving.post_worker_init`` in each gunicorn worker,
    after the fork, where a thread of the master would not exist)."""
    every = deps.settings.prewarm_seconds
    return Warmer(server, deps, every) if every > 0 else None
