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


def test_missing_file_is_said_before_any_progress_bar(capsys: pytest.CaptureFixture) -> None:
    assert main(["import", "missing.csv"]) == 2
    err = capsys.readouterr().err
    assert err == "ntp-dashboard: error: missing.csv: file not found\n"


def test_help_has_no_markup(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.count("ntp-dashboard") >= 2 and "`" not in out


def test_every_row_rejected_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "plan.csv"
    bad.write_text("Năm,Mã xã,Dự án,Nguồn vốn,Loại vốn,Kế hoạch vốn\n2025,99999,DA4.1,NSTW,SN,5\n")
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "unknown commune code 99999" in err and "Traceback" not in err


def test_unforeseen_failure_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from dashboard.importing import pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(pipeline, "save", broken)
    path = tmp_path / "plan.csv"
    path.write_text("Năm,Mã xã,Dự án,Nguồn vốn,Loại vốn,Kế hoạch vốn\n2025,00715,DA4.1,NSTW,SN,5\n")
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == (
        "ntp-dashboard: error: plan.csv: the import failed, nothing was written "
        "(KeyError: 'surprise')"
    )
    assert not any("Traceback" in line for line in err)


def test_period_and_plausibility_bound_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    report = tmp_path / "bieu.csv"
    report.write_text(
        "Mã xã,Dự án,Nguồn vốn,Loại vốn,Kế hoạch (tỷ đồng),Lũy kế giải ngân (tỷ đồng)\n"
        "00715,DA4.1,NSTW,ĐTPT,2,1\n00718,DA4.1,NSTW,ĐTPT,3,1\n",
        encoding="utf-8",
    )
    assert main(["import", str(report)]) == 2  # no period stated anywhere
    assert "--month on the command line" in capsys.readouterr().err
    monkeypatch.setenv("IMPORT_MAX_AMOUNT_TY", "2")
    assert main(["import", str(report), "--year", "2023", "--month", "9"]) == 0
    err = capsys.readouterr().err
    assert "above the plausible 2,000,000,000 đồng" in err
    assert "plan_and_disbursement partial" in err and "1 accepted, 1 rejected" in err


def test_import_undo(capsys: pytest.CaptureFixture) -> None:
    assert main(["import", str(TEMPLATES / "capital_plan.csv")]) == 0
    assert main(["import", "undo", "1"]) == 0
    assert "batch 1 undone (recorded as batch 2): 4 rows removed, 0 earlier rows restored" in (
        capsys.readouterr().err
    )
    assert main(["import", "undo", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("ntp-dashboard: error: batch 1 was undone already (undone by batch 2")


def test_the_encoding_and_sheets_read_are_said(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "plan.csv"
    text = "Năm,Mã xã,Dự án,Nguồn vốn,Loại vốn,Kế hoạch vốn\r\n2025,00715,DA4.1,NSTW,SN,5\r\n"
    path.write_bytes(text.encode("utf-16"))
    assert main(["import", str(path)]) == 0
    err = capsys.readouterr().err
    assert "  note: read as UTF-16 text\n" in err and "capital_plan ok" in err
