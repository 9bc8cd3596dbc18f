"""What callbacks need from the outside world, built once by the app factory: ``Deps``.

Reads go through ``Deps.read(query, *args)``, a cache over flask-caching: in-process
(``BoundedCache``, ``CACHE_MAX_MB`` per worker) by default, Redis (``RedisCache``) when
``CACHE_URL`` is set, so gunicorn workers share it. A key is the query's qualified name, the
data version and the plain arguments, the same in every worker; an import bumps
``meta.data_version``, so its figures show at once. The version is read at most once per
request. When Redis is down, reads go straight to the database (the outage is logged once) and
the cache is tried again ``retry_after`` seconds later.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import flask
from flask_caching import Cache
from sqlalchemy import Connection, Engine, select

from dashboard.config import ConfigError, Settings
from dashboard.db import reading
from dashboard.models import Meta
from dashboard.queries import DataStatus, data_status

try:
    from redis.exceptions import RedisError
except ImportError:  # installed without the 'redis' extra: no Redis cache, nothing raises it

    class RedisError(Exception):  # type: ignore[no-redef]
        """Stands in for redis' error when redis is not installed."""


log = logging.getLogger(__name__)
T = TypeVar("T")
KEY_PREFIX = "ntp:"
_MISSING = object()


def cache_config(settings: Settings) -> dict[str, Any]:
    """flask-caching settings: Redis when ``CACHE_URL`` is set, else an in-process cache."""
    common = {"CACHE_DEFAULT_TIMEOUT": settings.cache_timeout, "CACHE_KEY_PREFIX": KEY_PREFIX}
    if not settings.cache_url:
        bound = {"CACHE_THRESHOLD": 2000, "CACHE_MAX_BYTES": settings.cache_max_mb * 2**20}
        return {**common, "CACHE_TYPE": "callbacks.memory_cache.BoundedCache", **bound}
    if importlib.util.find_spec("redis") is None:
        raise ConfigError("CACHE_URL needs the 'redis' extra: pip install 'ntp-dashboard[redis]'")
    return {
        **common,
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": settings.cache_url,
        # a Redis that hangs must not hang the page: fail fast and read the database instead
        "CACHE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


def version_of(bind: Engine | Connection) -> int:
    """``meta.data_version`` (0 when unset): one primary-key lookup."""
    with reading(bind) as conn:
        value = conn.scalar(select(Meta.value).where(Meta.key == "data_version"))
    return int(value) if value and value.isdigit() else 0


def cache_key(query: Callable[..., Any], version: int, args: tuple) -> str:
    """Deterministic across processes: qualified name, data version, repr of plain arguments."""
    return f"{query.__module__}.{query.__qualname__}:v{version}:{args!r}"


@dataclass
class Deps:
    """Engine, settings and cache of one app; ``read`` is the only way callbacks reach data."""

    engine: Engine
    settings: Settings
    cache: Cache
    backend: Any  # the flask-caching backend behind ``cache`` (usable outside an app context)
    retry_after: float = 30.0
    clock: Callable[[], float] = time.monotonic
    _down_until: float = field(default=0.0, repr=False)
    _outage_logged: bool = field(default=False, repr=False)
    _flights: dict[str, tuple[threading.Lock, int]] = field(default_factory=dict, repr=False)
    _flights_guard: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _newest_version: int = field(default=-1, repr=False)  # the newest this worker has seen

    def data_version(self, conn: Connection | None = None) -> int:
        """The data version, read once per request (every read of a request uses the same);
        on ``conn`` when given (the sign-in layer's, for one connection per request)."""
        if not flask.has_request_context():
            return self._seen(version_of(conn or self.engine))
        if "ntp_data_version" not in flask.g:
            flask.g.ntp_data_version = self._seen(version_of(conn or self.engine))
        return flask.g.ntp_data_version

    def _seen(self, version: int) -> int:
        """``version``, once the in-process cache has forgotten older versions: every key holds
        its version, so nothing kept before an import can be read again after it, and it would
        crowd the new figures out of the cache's bound. A shared cache (Redis) expires them."""
        if self.settings.cache_url or version <= self._newest_version:
            return version
        with self._flights_guard:
            newer = version > self._newest_version
            self._newest_version = max(version, self._newest_version)
        if newer:
            self.backend.clear()
        return version

    def read(self, query: Callable[..., T], *args: Any) -> T:
        """``query(engine, *args)``, cached under the current data version. Threads of this
        worker missing the same key wait for the first one's read instead of all reading (the
        morning after an import, fifty users ask for the same figures at once)."""
        key = cache_key(query, self.data_version(), args)
        value = self._get(key)
        if value is _MISSING:
            with self.single_flight(key):
                value = self._get(key)
                if value is _MISSING:
                    value = query(self.engine, *args)
                    self._set(key, value)
        return value

    @contextmanager
    def single_flight(self, key: str) -> Iterator[None]:
        """Hold this worker's lock of ``key`` (made on first use, dropped by the last thread
        using it): the threads missing one key make its value one after the other. Not while
        the cache is down: nothing made would be kept, so each would wait to make it again."""
        if self.clock() < self._down_until:
            yield
            return
        with self._flights_guard:
            lock, users = self._flights.get(key, (threading.Lock(), 0))
            self._flights[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._flights_guard:
                lock, users = self._flights[key]
                if users == 1:
                    del self._flights[key]
                else:
                    self._flights[key] = (lock, users - 1)

    def cached(self, key: str) -> Any:
        """The value kept under ``key`` (any string of the caller's), or None."""
        value = self._get(key)
        return None if value is _MISSING else value

    def keep(self, key: str, value: Any) -> None:
        """Keep ``value`` under ``key`` for ``CACHE_TIMEOUT`` (nothing when the cache is down)."""
        self._set(key, value)

    def status(self) -> DataStatus:
        return self.read(data_status)

    def cache_state(self) -> str:
        """ "in-process", or whether the shared cache (Redis) answers now: "ok" or "unavailable"."""
        if not self.settings.cache_url:
            return "in-process"
        try:
            self.backend.get(f"{KEY_PREFIX}health")
        except RedisError:
            return "unavailable"
        return "ok"

    def _get(self, key: str) -> Any:
        if self.clock() < self._down_until:
            return _MISSING
        try:
            value = self.backend.get(key)
        except RedisError as exc:
            self._cache_failed(exc)
            return _MISSING
        self._cache_ok()
        # backends answer None for a missing key; no query of ours returns None to be cached
        return _MISSING if value is None else value

    def _set(self, key: str, value: Any) -> None:
        if self.clock() < self._down_until or value is None:
            return
        try:
            self.backend.set(key, value)
        except RedisError as exc:
            self._cache_failed(exc)

    def _cache_failed(self, exc: Exception) -> None:
        self._down_until = self.clock() + self.retry_after
        if not self._outage_logged:
            log.warning("read cache unavailable, reading the database directly: %s", exc)
            self._outage_logged = True

    def _cache_ok(self) -> None:
        if self._outage_logged:
            log.info("read cache available again")
            self._outage_logged = False


def build_deps(server: flask.Flask, settings: Settings, engine: Engine) -> Deps:
    """Create the cache unbound, attach it to ``server`` with ``init_app``, wrap it in ``Deps``."""
    cache = Cache()
    cache.init_app(server, config=cache_config(settings))
    return Deps(
        engine=engine, settings=settings, cache=cache, backend=server.extensions["cache"][cache]
    )
