"""Bad days, as HTTP against gunicorn on 127.0.0.1: PostgreSQL going away (a worker killed
meanwhile) and coming back, Redis going away and coming back, slow clients, an oversize body, and
every callback fed malformed values. Each drill asserts what a visitor gets, never how fast."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import Engine

from callbacks.outage import DatabaseProbe
from tests.app_fixtures import seed_overview
from tests.server import free_port, get, gunicorn, link_geodata
from tests.tcp_proxy import Relay

IN_CI = os.environ.get("CI", "").lower() == "true"
DEADLINE = 60  # seconds a drill waits for the state it expects before failing


def _processes(port: int) -> tuple[int, set[int]]:
    """The gunicorn master serving ``port`` and its workers (by their command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and f"127.0.0.1:{port}" in (entry / "cmdline").read_text():
                found[int(entry.name)] = int((entry / "stat").read_text().split(") ")[1].split()[1])
        except OSError:
            continue
    master = next(pid for pid, parent in found.items() if parent not in found)
    return master, {pid for pid, parent in found.items() if parent == master}


def _until(check, what: str) -> None:  # noqa: ANN001
    """Wait for another process to reach a state (polling is the only way to see it)."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    pytest.fail(f"not within {DEADLINE} s: {what}")


def _status(url: str) -> int:
    try:
        return get(url)[0]
    except OSError:
        return 0


@pytest.fixture
def relay(pg_engine: Engine, pg_url: str) -> Iterator[tuple[Relay, str]]:
    """PostgreSQL behind a relay the test can stop: (relay, the database URL through it)."""
    parts = urlsplit(pg_url)
    relay = Relay((parts.hostname or "127.0.0.1", parts.port or 5432), free_port())
    relay.start()
    netloc = (
        f"{parts.username}@127.0.0.1:{relay.port}" if parts.username else f"127.0.0.1:{relay.port}"
    )
    yield relay, urlunsplit(parts._replace(netloc=netloc))
    relay.stop()


@pytest.mark.postgres
def test_database_away_worker_killed_and_back(
    relay: tuple[Relay, str], tmp_path: Path, built_geodata: Path
) -> None:
    proxy, url = relay
    link_geodata(tmp_path / "var", built_geodata)
    log = tmp_path / "gunicorn.log"
    with gunicorn(url, tmp_path / "var", log) as base:
        port = int(base.rsplit(":", 1)[1])
        assert _status(f"{base}/map") == 200
        proxy.stop()
        stopped = time.monotonic()
        _until(lambda: _status(f"{base}/healthz") == 503, "/healthz says 503")
        master, workers = _processes(port)
        os.kill(min(workers), signal.SIGKILL)  # a crash, a timeout, an out-of-memory kill
        _until(lambda: len(_processes(port)[1] - workers) == 1, "a new worker")
        assert _processes(port)[0] == master  # gunicorn stayed up
        pages = ("/", "/map", "/tables", "/map", "/")

        # each worker asks the database at most every DatabaseProbe.every seconds: until then
        # the surviving worker may answer from what it last heard (the new one, forked from the
        # master, asks at once); after that, every worker says the database is away
        def every_worker_says_away() -> bool:
            waited = time.monotonic() - stopped > DatabaseProbe.every
            return waited and all(_status(f"{base}{p}") == 503 for p in pages)

        _until(every_worker_says_away, "503 from every worker")
        for path in pages:
            status, body = get(f"{base}{path}?lang=en")
            assert status == 503 and "The database is unavailable" in body
        proxy.start()
        _until(lambda: _status(f"{base}/map") == 200, "pages again once the database is back")
        assert _status(f"{base}/healthz") == 200
    first = [line for line in log.read_text().splitlines() if re.search(r"reading .* failed", line)]
    assert len(first) <= 3, first  # the first failed read of each worker, not each read


def _redis(port: int, tmp_path: Path) -> subprocess.Popen:
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(tmp_path)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _until(lambda: _listening(port), f"redis-server on {port}")
    return process


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.redis
def test_cache_away_and_back(engine: Engine, tmp_path: Path, built_geodata: Path) -> None:
    if shutil.which("redis-server") is None:
        (pytest.fail if IN_CI else pytest.skip)("redis-server is not installed")
    seed_overview(engine)
    engine.dispose()
    port = free_port()
    link_geodata(tmp_path / "var", built_geodata)
    cache = _redis(port, tmp_path)
    try:
        database = f"sqlite:///{engine.url.database}"
        env = {"CACHE_URL": f"redis://127.0.0.1:{port}/0"}
        with gunicorn(database, tmp_path / "var", tmp_path / "g.log", **env) as base:
            assert json.loads(get(f"{base}/healthz")[1])["cache"] == "ok"
            cache.terminate()
            cache.wait(timeout=10)
            status, body = get(f"{base}/healthz")
            assert (status, json.loads(body)["cache"]) == (200, "unavailable")
            assert _status(f"{base}/map") == 200
            assert _status(f"{base}/wall/data?panels=kpis") == 200
            cache = _redis(port, tmp_path)
            _until(lambda: json.loads(get(f"{base}/healthz")[1])["cache"] == "ok", "cache back")
    finally:
        cache.terminate()
        cache.wait(timeout=10)
