"""The read cache: hits, keys carrying the data version, Redis shared by workers, Redis outages."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from pathlib import Path

import flask
import pytest
from sqlalchemy import Engine

from callbacks.deps import Deps, build_deps, cache_config, cache_key, version_of
from dashboard.queries import available_years, national_summary
from tests.app_fixtures import BN, add_plans, make_settings, put_meta

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
IN_CI = os.environ.get("CI", "").lower() == "true"


class Counting:
    """A query that counts its calls, to see which reads reach the database."""

    def __init__(self) -> None:
        self.calls = 0
        self.__qualname__ = f"counting_{uuid.uuid4().hex}"  # its own cache keys, run after run

    def __call__(self, engine: Engine, year: int) -> int:
        self.calls += 1
        return year * 10


def make_deps(engine: Engine, tmp_path: Path, **settings: object) -> Deps:
    server = flask.Flask(f"test-{uuid.uuid4().hex[:6]}")
    return build_deps(server, make_settings(tmp_path, **settings), engine)


def test_a_read_is_cached(engine: Engine, tmp_path: Path) -> None:
    deps, query = make_deps(engine, tmp_path), Counting()
    assert deps.read(query, 2026) == 20260
    assert deps.read(query, 2026) == 20260
    assert query.calls == 1


def test_arguments_are_part_of_the_key(engine: Engine, tmp_path: Path) -> None:
    deps, query = make_deps(engine, tmp_path), Counting()
    deps.read(query, 2025)
    deps.read(query, 2026)
    assert query.calls == 2


def test_a_new_data_version_shows_at_once(engine: Engine, tmp_path: Path) -> None:
    deps = make_deps(engine, tmp_path)
    add_plans(engine, [dict(year=2026, amount_vnd=5 * BN)])
    assert deps.read(national_summary, 2026, 12).total.allocated == 5 * BN
    add_plans(engine, [dict(year=2026, kind="recurrent", amount_vnd=2 * BN)])
    put_meta(engine, data_version="2")  # what every import does
    assert deps.read(national_summary, 2026, 12).total.allocated == 7 * BN


def test_a_new_data_version_empties_the_in_process_cache(engine: Engine, tmp_path: Path) -> None:
    """What was kept for older data can never be read again: it is dropped, not left to crowd
    the new figures out of the cache's bound (nor to hold a worker's memory)."""
    deps, query = make_deps(engine, tmp_path), Counting()
    put_meta(engine, data_version="5")
    deps.read(query, 2025)
    deps.keep("answer:made-for-5", b"x" * 1000)
    assert deps.backend.bytes_kept > 1000
    put_meta(engine, data_version="6")
    deps.read(query, 2026)
    assert deps.cached("answer:made-for-5") is None
    assert deps.backend.get(cache_key(query, 5, (2025,))) is None
    assert deps.backend.get(cache_key(query, 6, (2026,))) == 20260
    put_meta(engine, data_version="5")  # an older version seen late (a request begun before)
    deps.read(query, 2025)
    assert deps.backend.get(cache_key(query, 6, (2026,))) == 20260  # kept


class Slow:
    """A query that takes a while and counts its calls, safe to call from several threads;
    ``running[key]`` is set once a call of ``key`` runs."""

    def __init__(self) -> None:
        self.calls: dict[int, int] = {}
        self.running = {1: threading.Event(), 2: threading.Event()}
        self.lock = threading.Lock()
        self.__qualname__ = f"slow_{uuid.uuid4().hex}"

    def __call__(self, engine: Engine, key: int) -> int:
        with self.lock:
            self.calls[key] = self.calls.get(key, 0) + 1
        self.running[key].set()
        # key 1 finishes only once key 2 runs too: two keys are never read one after the other
        if key == 1:
            assert self.running[2].wait(10), "key 2 waited for key 1"
        time.sleep(0.2)
        return key * 100


def test_threads_missing_one_key_read_it_once_and_other_keys_meanwhile(
    engine: Engine, tmp_path: Path
) -> None:
    deps, query = make_deps(engine, tmp_path), Slow()
    results: list[int] = []
    failures: list[BaseException] = []

    def ask(key: int) -> None:
        try:
            results.append(deps.read(query, key))
        except BaseException as exc:  # noqa: BLE001 (reported by the assertion below)
            failures.append(exc)

    threads = [threading.Thread(target=ask, args=(1 + n % 2,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert query.calls == {1: 1, 2: 1}
    assert sorted(results) == [100] * 6 + [200] * 6
    assert deps._flights == {}  # no lock left behind


def test_the_version_is_read_once_per_request(engine: Engine, tmp_path: Path) -> None:
    deps, query = make_deps(engine, tmp_path), Counting()
    server = flask.Flask("request")
    with server.test_request_context("/"):
        deps.read(query, 2026)
        put_meta(engine, data_version="9")  # changes mid-request: the request keeps its version
        deps.read(query, 2026)
        assert flask.g.ntp_data_version == 0
    assert query.calls == 1
    deps.read(query, 2026)  # a later request sees version 9: a new key
    assert query.calls == 2


def test_keys_are_deterministic() -> None:
    key = cache_key(national_summary, 4, (2026, 10))
    assert key == "dashboard.queries.national_summary:v4:(2026, 10)"


def test_version_of_an_unset_version_is_zero(engine: Engine) -> None:
    assert version_of(engine) == 0


def test_in_process_cache_by_default(tmp_path: Path) -> None:
    config = cache_config(make_settings(tmp_path, cache_max_mb=5))
    assert config["CACHE_TYPE"] == "callbacks.memory_cache.BoundedCache"
    assert config["CACHE_MAX_BYTES"] == 5 * 2**20


def test_redis_cache_when_cache_url_is_set(tmp_path: Path) -> None:
    config = cache_config(make_settings(tmp_path, cache_url="redis://127.0.0.1:6379/0"))
    assert (config["CACHE_TYPE"], config["CACHE_REDIS_URL"]) == (
        "RedisCache",
        "redis://127.0.0.1:6379/0",
    )


# --- Redis ------------------------------------------------------------------------------------


def _redis_reason() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        return f"Redis not reachable at {REDIS_URL}: {exc}"
    return None


@pytest.fixture
def redis_url() -> str:
    reason = _redis_reason()
    if reason:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    return REDIS_URL


@pytest.mark.redis
def test_redis_is_shared_by_workers(engine: Engine, tmp_path: Path, redis_url: str) -> None:
    """Two apps (as two gunicorn workers) share reads: the second finds the first's value."""
    put_meta(engine, data_version=str(uuid.uuid4().int % 10**9))  # a key no earlier run left
    first, second = (make_deps(engine, tmp_path, cache_url=redis_url) for _ in range(2))
    query = Counting()
    assert first.read(query, 2026) == 20260
    assert second.read(query, 2026) == 20260
    assert query.calls == 1
    put_meta(engine, data_version=str(int(first.data_version()) + 1))  # an import
    first.read(query, 2026)
    assert second.cached(cache_key(query, first.data_version() - 1, (2026,))) == 20260  # shared


@pytest.mark.redis
def test_redis_caches_dataframes_and_dataclasses(
    engine: Engine, tmp_path: Path, redis_url: str
) -> None:
    put_meta(engine, data_version=str(uuid.uuid4().int % 10**9))
    add_plans(engine, [dict(year=2026, amount_vnd=5 * BN + 1)])
    deps = make_deps(engine, tmp_path, cache_url=redis_url)
    assert deps.read(national_summary, 2026, 12) == deps.read(national_summary, 2026, 12)
    assert deps.read(available_years) == [2026]
    assert deps.backend.get(cache_key(available_years, deps.data_version(), ())) == [2026]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the socket is


@pytest.mark.redis
def test_a_redis_outage_reads_the_database(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    add_plans(engine, [dict(year=2026, amount_vnd=5 * BN)])
    deps = make_deps(engine, tmp_path, cache_url=f"redis://127.0.0.1:{_closed_port()}/0")
    with caplog.at_level(logging.WARNING, logger="callbacks.deps"):
        assert deps.read(national_summary, 2026, 12).total.allocated == 5 * BN
        assert deps.read(national_summary, 2026, 12).total.allocated == 5 * BN
    outage_logs = [r for r in caplog.records if "cache unavailable" in r.getMessage()]
    assert len(outage_logs) == 1


@pytest.mark.redis
def test_after_an_outage_the_cache_is_tried_again_later(engine: Engine, tmp_path: Path) -> None:
    now = [1000.0]
    deps = make_deps(engine, tmp_path, cache_url=f"redis://127.0.0.1:{_closed_port()}/0")
    deps.clock = lambda: now[0]
    attempts = []
    failing_get = deps.backend.get

    def get(key: str) -> object:
        attempts.append(now[0])
        return failing_get(key)

    deps.backend.get = get
    query = Counting()
    deps.read(query, 2026)
    deps.read(query, 2026)  # within retry_after: straight to the database, Redis not asked
    now[0] += deps.retry_after + 1
    deps.read(query, 2026)
    assert (attempts, query.calls) == ([1000.0, 1000.0 + deps.retry_after + 1], 3)
