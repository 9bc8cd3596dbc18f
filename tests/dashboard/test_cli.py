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


def test_demo_clear_removes_demo_rows_and_keeps_imports(workdir: Path) -> None:
    assert main(["demo", "--rows", "70000", "--seed", "3"]) == 0
    engine = make_engine(f"sqlite:///{workdir / 'var' / 'ntp.db'}")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO import_batch (kind, filename, sha256, started_at, status, rows_read, "
            "rows_accepted, rows_rejected, rows_warned, is_demo) "
            "VALUES ('disbursement', 'real.csv', 'abc', '2026-01-01', 'ok', 1, 1, 0, 0, 0)"
        ))  # fmt: skip
        batch = conn.execute(text("SELECT max(id) FROM import_batch")).scalar()
        conn.execute(text(
            "INSERT INTO disbursement (year, month, vintage, unit_code, province_code, "
            "subproject_id, source, kind, carry_over, amount_vnd, batch_id) "
            f"VALUES (2026, 9, 2025, '08', '08', 1, 'central', 'investment', 0, 5, {batch})"
        ))  # fmt: skip
    assert main(["demo", "--clear"]) == 0
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*), sum(amount_vnd) FROM disbursement")).one() == (
            1,
            5,
        )
        assert conn.execute(text("SELECT count(*) FROM capital_plan")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM admin_unit WHERE em_area")).scalar() == 0
        meta = dict(conn.execute(text("SELECT key, value FROM meta")).all())
    assert meta["demo"] == "0" and meta["data_as_of"] == "2026-09"


def test_a_cached_boundary_build_prints_no_report(
    workdir: Path, built_geodata: Path, capsys: pytest.CaptureFixture
) -> None:
    from tests.server import link_geodata

    link_geodata(workdir / "var", built_geodata)
    assert main(["geodata", "build"]) == 0
    err = capsys.readouterr().err
    assert "up to date" in err and "--force" in err
    assert "units without geometry" not in err and "building the boundary files" not in err


def test_boundary_stages_are_announced_once_with_the_time_spent() -> None:
    from dashboard.bootstrap import BUILDING_BOUNDARIES, _Stages

    lines: list[str] = []
    stages = _Stages(lines.append)
    stages("reading the polygons")
    stages("adding the islands")
    assert lines[0] == BUILDING_BOUNDARIES and "3 minutes" in lines[0]
    assert lines[1].endswith("s: reading the polygons") and lines[2].endswith("the islands")
    assert len(lines) == 3
