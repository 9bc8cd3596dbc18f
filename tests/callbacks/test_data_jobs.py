"""The data page's background jobs act as the viewer of the request that started them, whatever
the browser sends, and never share a job or a result between requests."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import flask
import pytest
from werkzeug.exceptions import Forbidden

from callbacks.data import jobs
from dashboard.access import ADMIN, ANALYST, OFFICER, Viewer
from tests.dashboard.test_job_launcher import write_parent, written

OFFICER_08 = Viewer("officer-08", OFFICER, frozenset({"08"}))
BOSS = Viewer("boss", ADMIN)


class TestJobViewer:
    def test_a_record_round_trips(self) -> None:
        record = jobs.viewer_record(OFFICER_08, "10.0.0.9")
        assert jobs.viewer_of(record) == OFFICER_08 and jobs.address_of(record) == "10.0.0.9"
        assert jobs.viewer_of(jobs.viewer_record(BOSS)) == BOSS

    @pytest.mark.parametrize(
        "record",
        [None, "boss", {"name": "x"}, {"name": "x", "role": 3},
         {"name": "x", "role": ADMIN, "provinces": "08"}],
    )  # fmt: skip
    def test_a_malformed_record_is_no_viewer(self, record: object) -> None:
        assert jobs.viewer_of(record) is None

    def test_a_viewer_who_may_not_import_is_no_job_viewer(self) -> None:
        assert jobs.viewer_of(jobs.viewer_record(Viewer("ana", ANALYST, frozenset()))) is None


class _Manager:
    """Stands in for Dash's manager: answers what the mixin hands on."""

    def build_cache_key(self, fn: object, args: object, ignore: object, triggered: object) -> str:
        return "key"

    def call_job_fn(self, key: str, job_fn: object, args: object, context: object) -> object:
        return args


class _Acting(jobs.ActsAsViewer, _Manager):
    pass


class TestActsAsViewer:
    def test_the_job_gets_the_requests_viewer_over_anything_sent(self) -> None:
        server = flask.Flask(__name__)
        sent = {"upload": "x", "viewer": jobs.viewer_record(BOSS)}  # a browser naming the admin
        with server.test_request_context(environ_base={"REMOTE_ADDR": "10.1.1.1"}):
            flask.g.ntp_viewer = OFFICER_08
            named = _Acting().call_job_fn("key", None, sent, {})
        assert jobs.viewer_of(named["viewer"]) == OFFICER_08 and named["upload"] == "x"
        assert jobs.address_of(named["viewer"]) == "10.1.1.1"

    def test_a_viewer_who_may_not_import_starts_no_job(self) -> None:
        server = flask.Flask(__name__)
        with server.test_request_context():
            flask.g.ntp_viewer = Viewer("ana", ANALYST, frozenset({"08"}))
            with pytest.raises(Forbidden):
                _Acting().call_job_fn("key", None, {"upload": "x"}, {})

    def test_two_requests_never_share_a_job(self) -> None:
        keys = {_Acting().build_cache_key(None, {"a": 1}, [], None) for _ in range(3)}
        assert len(keys) == 3


class TestDataPageJobs:
    """The data page's manager forks through its launcher while it runs, and itself after."""

    def test_jobs_go_through_the_launcher_and_fall_back_when_it_is_gone(
        self, tmp_path: Path
    ) -> None:
        manager = jobs.disk_manager(tmp_path / "jobs")
        manager.func_registry["write"] = lambda key, progress, args, context: write_parent(
            args["path"]
        )
        server = flask.Flask(__name__)
        manager.launcher.start()
        try:
            with server.test_request_context():
                flask.g.ntp_viewer = Viewer("officer-08", OFFICER, frozenset({"08"}))
                job = manager.func_registry["write"]
                manager.call_job_fn("k1", job, {"path": str(tmp_path / "one")}, {})
                _, parent = map(int, written(tmp_path / "one").split())
                assert parent == manager.launcher.pid
                os.kill(manager.launcher.pid, signal.SIGKILL)
                manager.call_job_fn("k2", job, {"path": str(tmp_path / "two")}, {})
                _, parent = map(int, written(tmp_path / "two").split())
                assert parent == os.getpid()  # forked here, as Dash does without a launcher
        finally:
            manager.launcher.stop()

    def test_a_job_that_ends_while_dash_looks_at_it_is_ended_not_an_error(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Dash checks that the pid exists, then reads the process: a launched job, reaped by
        the kernel as it exits, can vanish in between (a 500 on the poll that got its result)."""
        import psutil

        manager = jobs.disk_manager(tmp_path / "jobs")
        gone = psutil.Popen(["true"])
        gone.wait()
        monkeypatch.setattr(psutil, "pid_exists", lambda pid: True)  # checked before it ended
        assert manager.job_running(gone.pid) is False
        manager.terminate_job(gone.pid)  # nothing left to end, and no error
