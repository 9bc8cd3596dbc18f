"""Run ``gunicorn app:server`` on a free port on 127.0.0.1 for tests (gunicorn and browser)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"
START_TIMEOUT = 240  # seconds; a first start may build the boundary files into VAR_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        with exc:  # an error answer holds its connection until closed
            return exc.code, exc.read().decode("utf-8")


def _wait_until_up(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.25)  # waiting for another process to listen: polling is the only way
    pytest.fail(f"gunicorn did not answer within {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def link_geodata(var_dir: Path, built: Path) -> None:
    """Point VAR_DIR/geodata at a build made once per test session (the build is cached by
    source hash, so the app finds it current and builds nothing)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    (var_dir / "geodata").symlink_to(built, target_is_directory=True)


@contextmanager
def gunicorn(
    database_url: str, var_dir: Path, log: Path, port: int | None = None, **env: str
) -> Iterator[str]:
    """Serve the app over ``database_url`` (on ``port``, default a free one); yields the base URL,
    stops the server after."""
    port = port or free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "VAR_DIR": str(var_dir),
        "DEMO_ON_FIRST_RUN": "0",
        "CACHE_URL": "",
        "LANGUAGE": "vi",
        "AUTH": "off",  # tests of signing in pass AUTH="on"
        **env,
    }
    command = [str(GUNICORN), "app:server", "--bind", f"127.0.0.1:{port}", "--workers", "2",
               "--timeout", str(START_TIMEOUT)]  # fmt: skip
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=output)
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
