"""Long work of the data page off the request thread: Dash background callbacks.

``make_manager(settings)`` builds the runner once per app: with ``CACHE_URL`` set, Celery on that
Redis (jobs run in ``ntp-dashboard worker``, results and progress kept in Redis); else a
``DiskcacheManager`` whose results live under ``VAR_DIR/jobs`` and whose jobs run in child
processes forked by the worker's job launcher (``dashboard.job_launcher``: a process of one
thread, so no job inherits a lock another thread of the worker held). Either way every job acts
as the signed-in viewer of the request that started it, never as someone the browser names:

- ``call_job_fn`` runs in the request (after the sign-in gate): it refuses a viewer who may not
  import (403) and adds the viewer, as the gate found them, to the job's named arguments
  (``viewer``: name, role, grants, address). The browser sends only the callback's inputs, which
  cannot hold that name: it is set last, over anything sent.
- ``build_cache_key`` salts Dash's key (a hash of the arguments) with a random value: two
  requests with the same inputs never share a job or read each other's result.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import flask

from callbacks.access import current_viewer
from dashboard.access import Viewer
from dashboard.config import Settings
from dashboard.job_launcher import JobLauncher, LauncherGone

VIEWER_ARG = "viewer"  # the name of the job argument that carries the viewer
JOB_EXPIRE_SECONDS = 3600  # a finished job's result is kept this long if nobody asks for it


def viewer_record(viewer: Viewer, address: str | None = None) -> dict[str, Any]:
    """The viewer as plain JSON values (Celery sends job arguments as JSON)."""
    provinces = None if viewer.provinces is None else sorted(viewer.provinces)
    return {"name": viewer.name, "role": viewer.role, "provinces": provinces, "address": address}


def viewer_of(record: object) -> Viewer | None:
    """The viewer of a job's ``viewer`` argument; None when it is missing or malformed (the job
    then refuses to act)."""
    if not isinstance(record, Mapping):
        return None
    name, role, provinces = record.get("name"), record.get("role"), record.get("provinces")
    if not isinstance(name, str) or not isinstance(role, str):
        return None
    if provinces is not None and not isinstance(provinces, list | tuple):
        return None
    viewer = Viewer(name, role, None if provinces is None else frozenset(map(str, provinces)))
    return viewer if viewer.can_import else None


def address_of(record: object) -> str | None:
    value = record.get("address") if isinstance(record, Mapping) else None
    return value if isinstance(value, str) else None


class ActsAsViewer:
    """Mixed into a Dash background-callback manager (see the module's docstring)."""

    def build_cache_key(self, fn: Any, args: Any, cache_args_to_ignore: Any, triggered: Any) -> str:
        key = super().build_cache_key(fn, args, cache_args_to_ignore, triggered)  # type: ignore[misc]
        return hashlib.sha256(f"{key}:{secrets.token_hex(16)}".encode()).hexdigest()

    def call_job_fn(self, key: str, job_fn: Any, args: Any, context: Any) -> Any:
        viewer = current_viewer()
        if not viewer.can_import:
            flask.abort(403)
        if not isinstance(args, dict):  # the page's jobs take named arguments only
            raise TypeError("a data page job takes its inputs by name")
        address = flask.request.remote_addr if flask.has_request_context() else None
        named = {**args, VIEWER_ARG: viewer_record(viewer, address)}
        return super().call_job_fn(key, job_fn, named, context)  # type: ignore[misc]


def make_manager(settings: Settings) -> Any:
    """The background-callback manager of the app (see the module's docstring)."""
    if settings.cache_url:
        return _celery_manager(settings.cache_url)
    return disk_manager(Path(settings.var_dir) / "jobs")


def disk_manager(folder: Path) -> Any:
    import diskcache
    import psutil
    from dash import DiskcacheManager

    class LaunchedJobs(DiskcacheManager):
        """Dash's manager with its jobs forked by ``launcher`` once that runs; before (a
        process that never started it) Dash forks them itself, from the calling thread."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.launcher = JobLauncher(self.func_registry)

        def call_job_fn(self, key: str, job_fn: Any, args: Any, context: Any) -> Any:
            name = next((k for k, fn in self.func_registry.items() if fn is job_fn), None)
            if name is not None and self.launcher.running:
                try:
                    return self.launcher.launch(name, key, self._make_progress_key(key), args,
                                                context)  # fmt: skip
                except LauncherGone:
                    pass  # logged by the launcher; this job is forked here
            return super().call_job_fn(key, job_fn, args, context)

        # A launched job is nobody's zombie: the kernel reaps it the moment it exits, so it can
        # vanish between Dash's check that its pid exists and its next look at the process.
        def job_running(self, job: Any) -> bool:
            try:
                return super().job_running(job)
            except psutil.NoSuchProcess:
                return False

        def terminate_job(self, job: Any) -> None:
            try:
                super().terminate_job(job)
            except psutil.NoSuchProcess:
                pass  # it ended by itself

    class DiskJobs(ActsAsViewer, LaunchedJobs):
        """Jobs in child processes, results in ``VAR_DIR/jobs`` (shared by the web workers)."""

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return DiskJobs(diskcache.Cache(str(folder)), expire=JOB_EXPIRE_SECONDS)


def celery_app(cache_url: str) -> Any:
    """The Celery application of the jobs: broker and results on the Redis of ``CACHE_URL``."""
    from celery import Celery

    app = Celery("ntp_dashboard", broker=cache_url, backend=cache_url)
    app.conf.update(
        result_expires=JOB_EXPIRE_SECONDS,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        task_acks_late=False,  # an import is never run twice because a worker died mid-way
    )
    return app


def _celery_manager(cache_url: str) -> Any:
    from dash import CeleryManager

    class CeleryJobs(ActsAsViewer, CeleryManager):
        """Jobs in ``ntp-dashboard worker``, results and progress in Redis."""

    return CeleryJobs(celery_app(cache_url), expire=JOB_EXPIRE_SECONDS)
