"""``ntp-dashboard import``: messages and exit codes as a user meets them."""

from pathlib import Path

import pytest

from dashboard.cli import main

TEMPLATES = Path(__file__).resolve().parents[2] / "docs" / "templates"


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'ntp.db'}")
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    return tmp_path


def test_template_imports_and_reimport_is_a_duplicate(capsys: pytest.CaptureFixture) -> None:
    assert main(["import", str(TEMPLATES / "capital_plan.csv")]) == 0
    assert main(["import", str(TEMPLATES / "capital_plan.csv")]) == 0
    err = capsys.readouterr().err
    assert "already imported as batch 1" in err and "nothing changed" in err


def test_missing_file_is_one_line_and_exit_2(capsys: pytest.CaptureFixture) -> None:
    assert main(["import", "no-such-file.xlsx"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("ntp-dashboard: error:") and "no-such-file.xlsx" in err[-1]
    assert not any("Traceback" in line for line in err)


def test_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    big = tmp_path / "big.csv"
    big.write_text("Năm,Mã xã\n" + "2024,00001\n" * 120_000, encoding="utf-8")
    monkeypatch.setenv("IMPORT_MAX_MB", "1")
    assert main(["import", str(big)]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("ntp-dashboard: error:") and "1 MB" in err
