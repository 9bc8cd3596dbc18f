"""``gunicorn app:server`` serves the app: the module-level ``server`` is built lazily in each
worker from the environment (DATABASE_URL, VAR_DIR, DEMO_ON_FIRST_RUN)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.app_fixtures import seed_overview

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"
START_TIMEOUT = 240  # seconds; the first start builds the boundary files into VAR_DIR


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _wait_until_up(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.25)  # waiting for another process to listen: polling is the only way
    pytest.fail(f"gunicorn did not answer within {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def served(engine: Engine, tmp_path: Path) -> Iterator[str]:
    """gunicorn on a free port over a copy of the seeded test database with a few figures."""
    seed_overview(engine)
    database = engine.url.database
    engine.dispose()
    port, log = _free_port(), tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "VAR_DIR": str(tmp_path / "var"),
        "DEMO_ON_FIRST_RUN": "0",
        "CACHE_URL": "",
        "LANGUAGE": "vi",
    }
    command = [
        str(GUNICORN),
        "app:server",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--timeout",
        str(START_TIMEOUT),
    ]
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, f"{base}/healthz", log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_gunicorn_serves_the_app(served: str) -> None:
    status, html = _get(f"{served}/")
    assert status == 200
    assert "<title>Giám sát Chương trình MTQG 1719</title>" in html
    status, body = _get(f"{served}/healthz")
    assert status == 200
    assert json.loads(body) == {
        "status": "ok",
        "database": True,
        "data_version": 3,
        "data_as_of": "2026-10",
        "demo": False,
    }
    status, layout = _get(f"{served}/_dash-layout")
    assert status == 200 and "navbar-body" in layout
