"""gunicorn's settings for the app: ``ntp-dashboard serve`` and ``gunicorn.conf.py`` load
``dashboard.serving``; its master sets up once and refuses to start on an unreachable database."""

from __future__ import annotations

import argparse
import logging
import runpy
from pathlib import Path

import pytest
from gunicorn.config import Config
from gunicorn.workers.gthread import ThreadWorker

from dashboard import bootstrap, serving
from dashboard.cli import EXIT_ERROR, serve_command, serve_environment
from dashboard.config import from_env
from dashboard.http_worker import HeaderDeadlineWorker

ROOT = Path(__file__).resolve().parents[2]


def test_serve_runs_gunicorn_with_the_apps_settings() -> None:
    args = argparse.Namespace(host=None, port=None, workers=3)
    command = serve_command(from_env({}), args)
    assert command[command.index("--config") + 1] == "python:dashboard.serving"
    assert command[command.index("--bind") + 1] == "127.0.0.1:8050"
    assert command[command.index("--workers") + 1] == "3" and command[-1] == "app:server"


def test_without_workers_given_the_settings_choose() -> None:
    args = argparse.Namespace(host=None, port=None, workers=None)
    assert "--workers" not in serve_command(from_env({}), args) and serving.workers == 3


def test_the_settings_are_gunicorns_and_complete() -> None:
    config = Config()
    for name in ("worker_class", "workers", "threads", "timeout", "keepalive",
                 "control_socket_disable"):  # fmt: skip
        config.set(name, getattr(serving, name))
    assert config.worker_class is HeaderDeadlineWorker and issubclass(config.worker_class,
                                                                       ThreadWorker)  # fmt: skip
    assert (
        config.control_socket_disable is True
    )  # one path per user: instances removed each other's
    assert config.threads >= 16


def test_gunicorn_conf_in_the_repository_loads_the_same() -> None:
    loaded = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert loaded["worker_class"] == serving.worker_class
    assert loaded["on_starting"] is serving.on_starting


class _Master:
    log = logging.getLogger("gunicorn.error")


def test_the_master_stops_with_one_line_when_the_database_is_away(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    with pytest.raises(SystemExit) as stopped:
        serving.on_starting(_Master())
    assert stopped.value.code == EXIT_ERROR
    assert "cannot reach database" in caplog.text and "Traceback" not in caplog.text


class TestWithoutTheBoundariesExtra:
    @pytest.fixture(autouse=True)
    def _no_builder(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(bootstrap, "BUILD_NEEDS", ("ntp_no_such_module",))

    def test_built_files_are_served(self, tmp_path: Path) -> None:
        settings = from_env({}, var_dir=tmp_path)
        settings.geodata_dir.mkdir(parents=True)
        (settings.geodata_dir / "manifest.json").write_text("{}")
        said: list[str] = []
        assert bootstrap.build_geodata(settings, said.append) is False
        assert "not rebuilt" in said[0]

    def test_no_files_is_one_clear_line(self, tmp_path: Path) -> None:
        with pytest.raises(FileNotFoundError, match=r"ntp-dashboard\[boundaries\]"):
            bootstrap.build_geodata(from_env({}, var_dir=tmp_path))


def test_the_servers_allocators_give_memory_back_unless_told_otherwise() -> None:
    assert serve_environment({"PATH": "/bin"}) == {
        "PATH": "/bin", "MALLOC_ARENA_MAX": "1", "ARROW_DEFAULT_MEMORY_POOL": "system"
    }  # fmt: skip
    told = {"MALLOC_ARENA_MAX": "8", "ARROW_DEFAULT_MEMORY_POOL": "mimalloc"}
    assert serve_environment(told) == told
