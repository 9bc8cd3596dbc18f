"""The command line, run in-process with settings from the environment."""

from pathlib import Path

import pytest
from sqlalchemy import text

from dashboard.cli import main
from dashboard.db import make_engine


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'ntp.db'}")
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    return tmp_path


def test_init_creates_the_schema_and_units(workdir: Path) -> None:
    assert main(["init"]) == 0
    engine = make_engine(f"sqlite:///{workdir / 'var' / 'ntp.db'}")
    with engine.connect() as conn:
        communes = conn.execute(text("SELECT count(*) FROM admin_unit WHERE level = 'commune'"))
        assert communes.scalar() == 10_040 + 3_321


def test_demo_writes_the_requested_size(workdir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["demo", "--rows", "150000", "--seed", "3"]) == 0
    engine = make_engine(f"sqlite:///{workdir / 'var' / 'ntp.db'}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM disbursement")).scalar()
    assert 100_000 < rows < 200_000
    assert f"{rows:,} disbursement rows" in capsys.readouterr().err


def test_unreachable_database_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert main(["init"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("ntp-dashboard: error: cannot reach database")
    assert "\n" not in err and "Traceback" not in err


def test_bad_setting_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("LANGUAGE", "fr")
    assert main(["init"]) == 2
    assert "LANGUAGE" in capsys.readouterr().err
