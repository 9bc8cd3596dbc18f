"""gunicorn for the benchmarks: start on a free port, wait for it, read the workers' peak memory.

A few lines in the spirit of ``tests/server.py`` (benchmarks do not import the tests).
"""

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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"
# seconds; the naive app builds its 28 MB figure in each worker as it boots, which took over
# 4 minutes on the 2-core machine shared with other work
START_TIMEOUT = 900


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    peak_kb: dict[int, int] = field(default_factory=dict)  # worker pid -> VmHWM seen

    def workers(self) -> list[int]:
        """Pids of the master's children (gunicorn's workers)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            return []

    def sample_memory(self) -> None:
        """Record each live worker's VmHWM (peak resident set); call before stopping."""
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    self.peak_kb[pid] = max(self.peak_kb.get(pid, 0), int(line.split()[1]))

    def peak_mb(self) -> float:
        self.sample_memory()
        return max(self.peak_kb.values(), default=0) / 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                response.read()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.25)  # waiting for another process to listen: polling is the only way
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT} s")


@contextmanager
def gunicorn(
    app: str, log: Path, env: dict[str, str], *, workers: int = 2, probe: str = "/", extra=()
) -> Iterator[Server]:
    """Serve ``app`` (``module:server``) from the repository root; stops it after."""
    port = free_port()
    command = [str(GUNICORN), app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--timeout", str(START_TIMEOUT), *extra]  # fmt: skip
    with open(log, "w") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=output
        )
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        _wait_until_up(process, server.base + probe, log)
        yield server
    finally:
        server.sample_memory()
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
