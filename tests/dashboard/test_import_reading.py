"""How files are read: encodings, damaged CSV files, digits of other scripts, Excel's ="0123"."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.importer import ImportFailed, import_file
from dashboard.models import CapitalPlan, ImportBatch, IndicatorValue
from tests.dashboard.import_helpers import add_indicators, count, issues, table, write_csv

HEADER = ["Năm", "Tỉnh", "Huyện", "Xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"]
ROW = [2025, "Hà Giang", "Đồng Văn", "Lũng Cú", "DA4.1", "NSTW", "Sự nghiệp", "1500"]
CODES = ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"]
UNREADABLE = "the file's encoding could not be recognised"


def failure(engine: Engine, path: Path) -> str:
    with pytest.raises(ImportFailed) as caught:
        import_file(engine, path)
    assert "\n" not in str(caught.value)
    assert count(engine, ImportBatch) == 0
    return str(caught.value)


def csv_bytes(rows: list[list[object]], sep: str = ",") -> str:
    return "".join(sep.join(str(c) for c in row) + "\r\n" for row in rows)


@pytest.mark.parametrize(
    ("encoding", "sep", "note"),
    [
        ("utf-8", ",", []),
        ("utf-8-sig", ";", []),
        ("utf-16", "\t", ["read as UTF-16 text"]),  # Excel's "Unicode text"
        ("utf-16-le", "\t", ["read as UTF-16 text"]),  # the same without a byte order mark
        ("cp1258", ",", ["read as Windows-1258 text"]),
    ],
)
def test_encodings_are_told_and_named(
    engine: Engine, tmp_path: Path, encoding: str, sep: str, note: list[str]
) -> None:
    path = write_csv(tmp_path / "p.csv", [HEADER, ROW], sep=sep, encoding=encoding)
    report = import_file(engine, path)
    assert (report.status, report.rows_accepted, report.notes) == ("ok", 1, note)
    assert table(engine, CapitalPlan, "unit_code", "amount_vnd").values.tolist() == [
        ["00715", 1500]
    ]


def test_western_single_byte_text_is_read(engine: Engine, tmp_path: Path) -> None:
    rows = [["Year", "Commune code", "Line", "Source", "Kind", "Plan", "Note"]]
    rows.append([2025, "00715", "DA4.1", "central", "recurrent", 7, "revisé à Noël"])
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes(rows).encode("cp1252"))
    report = import_file(engine, path)
    assert (report.rows_accepted, report.notes) == (1, ["read as Windows-1258 text"])


@pytest.mark.parametrize(
    "garble",
    [
        lambda t: t.encode("utf-8").decode("cp1252", "replace").encode("utf-8"),  # UTF-8 twice
        lambda t: t.encode("utf-8").decode("latin-1").encode("utf-8"),
        # VNI, the old Vietnamese font encoding: tones as separate Latin-1 letters
        lambda t: "Naêm,Maõ xaõ,Döï aùn,Nguoàn voán,Loaïi voán,Keá hoaïch voán\r\n".encode(
            "cp1252"
        ),
    ],
)
def test_mojibake_is_refused_with_one_reason(engine: Engine, tmp_path: Path, garble) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(garble(csv_bytes([CODES, [2025, "00715", "DA4.1", "NSTW", "SN", 5]])))
    message = failure(engine, path)
    assert message.startswith(f"p.csv: {UNREADABLE}") and "Ä" not in message


def test_nul_bytes_are_refused(engine: Engine, tmp_path: Path) -> None:
    text = csv_bytes([CODES, [2025, "00715", "DA4.1", "NSTW", "SN", 5]] * 3)
    path = tmp_path / "p.csv"
    path.write_bytes(text.encode() + b"2025,00718,DA\x004.1,NSTW,SN,5\r\n")
    assert failure(engine, path) == (
        "p.csv: the file holds NUL bytes (line 7): it is damaged or not a text file"
    )


def test_a_row_with_another_separator_is_rejected_not_lost(engine: Engine, tmp_path: Path) -> None:
    text = csv_bytes([CODES, [2025, "00715", "DA4.1", "NSTW", "SN", 5]])
    text += csv_bytes([[2025, "00718", "DA4.1", "NSTW", "SN", 6]], sep=";")
    text += csv_bytes([[2025, "00718", "DA1", "NSTW", "SN", 7]])
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    report = import_file(engine, path)
    assert (report.status, report.rows_read, report.rows_rejected) == ("partial", 3, 1)
    assert issues(report) == [
        (3, None, "error",
         "this row is separated by ';' while the file uses ',': save the whole file with one "
         "separator"),
    ]  # fmt: skip


def test_a_row_split_by_an_unquoted_number_is_rejected(engine: Engine, tmp_path: Path) -> None:
    text = csv_bytes([CODES, [2025, "00715", "DA4.1", "NSTW", "SN", "1,500"]])
    text += csv_bytes([[2025, "00718", "DA1", "NSTW", "SN", 7]])
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    report = import_file(engine, path)
    assert [i[0] for i in issues(report)] == [2]
    assert "this row has 7 cells where the others have 6" in report.issues[0].reason
    assert table(engine, CapitalPlan, "unit_code").unit_code.tolist() == ["00718"]


def test_a_file_cut_mid_row_is_refused(engine: Engine, tmp_path: Path) -> None:
    text = csv_bytes([CODES] + [[2025, "00715", "DA4.1", "NSTW", "SN", 5]] * 3)
    path = tmp_path / "p.csv"
    path.write_text(text + "2025,00718,DA4", encoding="utf-8")
    assert failure(engine, path) == (
        "p.csv: the file ends in the middle of a row (line 5 has 3 of 6 cells): it was probably "
        "cut short; nothing was imported"
    )
    path.write_text(text + '2025,00718,DA4.1,NSTW,SN,"12', encoding="utf-8")
    assert "the file ends inside a quoted cell (opened by line 5" in failure(engine, path)


def test_a_last_row_without_line_break_is_flagged(engine: Engine, tmp_path: Path) -> None:
    text = csv_bytes([CODES, [2025, "00715", "DA4.1", "NSTW", "SN", 5]])
    path = tmp_path / "p.csv"
    path.write_text(text + "2025,00718,DA4.1,NSTW,SN,12", encoding="utf-8")
    report = import_file(engine, path)
    assert (report.status, report.rows_accepted, report.rows_warned) == ("ok", 2, 1)
    assert report.issues[0].row == 3 and "without a line break" in report.issues[0].reason


def test_excel_text_formula_keeps_leading_zeros(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "Năm,Mã tỉnh,Mã xã,Dự án,Nguồn vốn,Loại vốn,Kế hoạch vốn\r\n"
        '2025,="02",="00715",DA4.1,NSTW,SN,="1500"\r\n',
        encoding="utf-8",
    )
    report = import_file(engine, path)
    assert report.rows_accepted == 1
    assert table(
        engine, CapitalPlan, "unit_code", "province_code", "amount_vnd"
    ).values.tolist() == [["00715", "02", 1500]]


@pytest.mark.parametrize("zero", [0xFF10, 0x0660, 0x06F0])  # full-width, Arabic-Indic, Persian
def test_digits_of_other_scripts_are_read(engine: Engine, tmp_path: Path, zero: int) -> None:
    wide = str.maketrans({str(d): chr(zero + d) for d in range(10)})
    rows = [CODES, ["2025".translate(wide), "00715".translate(wide), "DA4.1", "NSTW", "SN",
                    "1.500".translate(wide)]]  # fmt: skip
    report = import_file(engine, write_csv(tmp_path / "p.csv", rows))
    assert report.rows_accepted == 1
    assert table(engine, CapitalPlan, "unit_code", "amount_vnd").values.tolist() == [
        ["00715", 1500]
    ]


def test_indicator_values_in_other_digits_are_numbers(db: Engine, tmp_path: Path) -> None:
    """PostgreSQL stored NaN for such a value once: a float column takes it, SQLite does not."""
    engine = db
    add_indicators(engine, "CT1")
    rows = [["Mã chỉ tiêu", "Mã tỉnh", "Năm", "Giá trị"], ["CT1", "02", 2024, "٤٢٫٥"]]
    rows.append(["CT1", "04", 2024, "9" * 400])  # no finite float: refused, not stored as inf
    report = import_file(engine, write_csv(tmp_path / "i.csv", rows))
    assert report.rows_accepted == 1 and report.issues[0].row == 3
    values = table(engine, IndicatorValue, "unit_code", "value", "batch_id")
    mine = values[values.batch_id.eq(report.batch_id)]
    assert mine[["unit_code", "value"]].values.tolist() == [["02", 42.5]]
