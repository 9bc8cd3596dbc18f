"""Jobs forked by the launcher, a process of one thread: a job starts clean even while another
thread of the asking process holds a lock the job needs, and an unknown job or a gone launcher
is told, not hung on."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.job_launcher import JobLauncher, LauncherGone

SHARED = threading.Lock()  # taken by the job; held by a thread of the test while it asks
WAIT_SECONDS = 60


def write_parent(path: str) -> None:
    """Write the job's process id and its parent's."""
    Path(path).write_text(f"{os.getpid()} {os.getppid()}")


def _write_under_lock(path: str) -> None:
    with SHARED:
        write_parent(path)


def written(path: Path) -> str:
    """The job's file once it is there (the job is another process: polling is the only way)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists() or not path.read_text():
        assert time.monotonic() < deadline, f"the job did not write {path.name}"
        time.sleep(0.05)
    return path.read_text()


@pytest.fixture
def launcher() -> Iterator[JobLauncher]:
    started = JobLauncher({"lock": _write_under_lock, "parent": write_parent}).start()
    yield started
    started.stop()


class TestJobLauncher:
    def test_a_job_runs_in_a_process_of_the_launcher(self, launcher, tmp_path: Path) -> None:  # noqa: ANN001
        pid = launcher.launch("parent", str(tmp_path / "out"))
        job, parent = map(int, written(tmp_path / "out").split())
        assert job == pid and parent == launcher.pid != os.getpid()

    def test_a_lock_held_here_when_the_job_starts_is_free_in_the_job(
        self, launcher: JobLauncher, tmp_path: Path
    ) -> None:
        """Forked from here, the job would find SHARED held for ever (no thread of its own holds
        it to release it); forked from the launcher, it finds the lock as it was at start."""
        holding, release = threading.Event(), threading.Event()

        def hold() -> None:
            with SHARED:
                holding.set()
                release.wait(WAIT_SECONDS)

        holder = threading.Thread(target=hold)
        holder.start()
        holding.wait()
        try:
            launcher.launch("lock", str(tmp_path / "out"))
            assert int(written(tmp_path / "out").split()[1]) == launcher.pid
        finally:
            release.set()
            holder.join()

    def test_an_unknown_job_is_refused_and_the_launcher_goes_on(
        self, launcher: JobLauncher, tmp_path: Path
    ) -> None:
        with pytest.raises(LookupError, match="no background job named 'nope'"):
            launcher.launch("nope")
        launcher.launch("parent", str(tmp_path / "out"))
        assert written(tmp_path / "out")

    def test_a_gone_launcher_is_told(self, tmp_path: Path) -> None:
        launcher = JobLauncher({"parent": write_parent})
        with pytest.raises(LauncherGone):
            launcher.launch("parent", str(tmp_path / "never"))
        launcher.start()
        os.kill(launcher.pid, signal.SIGKILL)
        with pytest.raises(LauncherGone):
            launcher.launch("parent", str(tmp_path / "never"))
        assert not launcher.running
        launcher.stop()  # reaps the killed launcher
        assert not (tmp_path / "never").exists()

    def test_the_launcher_exits_when_the_asking_process_closes_its_end(self) -> None:
        launcher = JobLauncher({}).start()
        pid = launcher.pid
        launcher.stop()  # closes the pipe, then waits: returns only once the launcher exited
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
