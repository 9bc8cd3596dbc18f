"""Background jobs forked from a process with one thread: ``JobLauncher``.

A web worker has many threads (the request threads, the pre-warm thread, the database probe).
Forking a job straight from it copies every lock those threads hold at that instant, held, into a
child where no thread will ever release it: a lock inside SQLite, the allocator or a cache taken
by another thread, and the job waits forever on its first use. The launcher is a child forked
from the worker before any of those threads exist (``start``, called in gunicorn's
``post_worker_init``); it has one thread for its life and forks each job from there, so every
job starts from a clean copy of the built app.

The worker asks over a pipe: the job's name in ``registry`` (a mapping both processes hold, filled
when the app was built) and its arguments (pickled); the launcher answers the job's process id.
Jobs are reaped by the kernel (the launcher ignores ``SIGCHLD``), so a finished job's id stops
existing, which is how a job is seen to have ended. The launcher exits when the worker's end of
the pipe closes (the worker exited, however it died).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger(__name__)

# what a gunicorn worker handles itself; in the launcher and its jobs the defaults apply
_WORKER_SIGNALS = ("SIGTERM", "SIGINT", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGHUP", "SIGWINCH",
                   "SIGABRT")  # fmt: skip


class LauncherGone(RuntimeError):
    """The launcher is not running (never started, or it died); the caller forks itself."""


class JobLauncher:
    """A single-threaded child process that forks the jobs (see the module's text)."""

    def __init__(self, registry: Mapping[str, Callable[..., Any]]) -> None:
        self.registry = registry
        self.pid: int | None = None
        self._pipe: Connection | None = None
        self._lock = threading.Lock()  # one request and its answer at a time on the pipe

    @property
    def running(self) -> bool:
        return self._pipe is not None

    def start(self) -> JobLauncher:
        """Fork the launcher. Call while this process has one thread: that is the point."""
        if threading.active_count() > 1:
            others = threading.active_count() - 1
            log.warning("the job launcher is forked beside %d other threads: a lock one of "
                        "them holds now stays held in every job", others)  # fmt: skip
        ours, theirs = Pipe()
        pid = os.fork()
        if pid == 0:  # the launcher
            ours.close()
            _serve(theirs, self.registry)  # never returns
        theirs.close()
        self.pid, self._pipe = pid, ours
        return self

    def launch(self, name: str, *args: Any) -> int:
        """Start job ``name`` with ``args`` in a new process; its process id. Raises
        ``LauncherGone`` when there is no launcher to ask, ``LookupError`` for an unknown job."""
        with self._lock:
            if self._pipe is None:
                raise LauncherGone("the job launcher is not running")
            try:
                self._pipe.send((name, args))
                answer = self._pipe.recv()
            except (OSError, EOFError) as exc:
                self._pipe = None
                log.error("the job launcher (pid %s) is gone: %s", self.pid, exc)
                raise LauncherGone("the job launcher is gone") from exc
        if isinstance(answer, Exception):
            raise answer
        return int(answer)

    def stop(self) -> None:
        """Close the pipe (the launcher exits on it) and wait for the launcher."""
        with self._lock:
            pipe, self._pipe = self._pipe, None
        if pipe is not None:
            pipe.close()
        if self.pid is not None:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:  # already reaped
                pass
            self.pid = None


def _serve(pipe: Connection, registry: Mapping[str, Callable[..., Any]]) -> None:
    """The launcher's loop: one job per request, until the worker closes the pipe."""
    for name in _WORKER_SIGNALS:
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.set_wakeup_fd(-1)  # the worker's wake-up pipe is the worker's
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps finished jobs
    code = 0
    try:
        while True:
            try:
                name, args = pipe.recv()
            except (EOFError, OSError):  # the worker is gone
                break
            job = registry.get(name)
            if job is None:
                _answer(pipe, LookupError(f"no background job named {name!r}"))
                continue
            pid = os.fork()
            if pid == 0:
                pipe.close()
                _run(job, args)  # never returns
            _answer(pipe, pid)
    except BaseException:  # noqa: BLE001 (told on stderr, then the launcher is gone)
        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def _answer(pipe: Connection, answer: object) -> None:
    try:
        pipe.send(answer)
    except OSError:  # the worker went away while asking: its next question will not come
        pass


def _run(job: Callable[..., Any], args: tuple) -> None:
    """In the job's process: run it and exit, without the worker's exit handlers."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the job may wait for its own children
    code = 0
    try:
        job(*args)
    except BaseException:  # noqa: BLE001 (the job's own errors are its result; this is a crash)
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
