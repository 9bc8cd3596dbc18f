"""Wrong money never lands: amounts are checked in đồng, after scaling, and dates must exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.importer import import_file
from dashboard.importing.context import Options
from dashboard.models import CapitalPlan, Disbursement
from tests.dashboard.import_helpers import issues, table, write_csv, write_xlsx

HEADER = ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn (tỷ đồng)"]
SLIP = "; did you enter đồng in a tỷ đồng column?"


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        # đồng typed under a tỷ đồng header: 10^19 đồng, past 2^63 (it used to wrap negative)
        ("10000000000", "amount 10000000000 is too large to store" + SLIP),
        (str(2**63 - 1), f"amount {2**63 - 1} is too large to store" + SLIP),
        ("1500", "amount 1,500,000,000,000 đồng is above the plausible 1,000,000,000,000 đồng "
         "for one unit and line" + SLIP),
        ("-2", "negative amount -2"),
    ],
)  # fmt: skip
def test_amounts_out_of_range_are_rejected(
    db: Engine, tmp_path: Path, cell: str, reason: str
) -> None:
    rows = [HEADER, [2024, "00715", "DA4.1", "NSTW", "ĐTPT", "1,5"]]
    rows.append([2024, "00718", "DA4.1", "NSTW", "ĐTPT", cell])
    report = import_file(db, write_csv(tmp_path / "p.csv", rows))
    assert issues(report) == [(3, "Kế hoạch vốn (tỷ đồng)", "error", reason)]
    assert table(db, CapitalPlan, "unit_code", "amount_vnd").values.tolist() == [
        ["00715", 1_500_000_000]
    ]


def test_largest_storable_amount_in_dong_passes_a_raised_bound(db: Engine, tmp_path: Path) -> None:
    rows = [[*HEADER[:-1], "Kế hoạch vốn (đồng)"], [2024, "00715", "DA4.1", "NSTW", "ĐTPT"]]
    rows[1].append(str(2**63 - 1))
    path = write_csv(tmp_path / "p.csv", rows)
    report = import_file(db, path)
    assert report.status == "rejected"
    assert "above the plausible" in issues(report)[0][3]
    assert "did you enter" not in issues(report)[0][3]  # đồng already: no unit slip to suggest
    report = import_file(db, path, options=Options(max_amount_vnd=2**63 - 1))
    assert report.status == "ok"
    assert table(db, CapitalPlan, "amount_vnd").amount_vnd.tolist() == [2**63 - 1]


def test_not_finite_excel_numbers_are_rejected(db: Engine, tmp_path: Path) -> None:
    rows = [HEADER, [2024, "00715", "DA4.1", "NSTW", "ĐTPT", float("nan")]]
    rows.append([2024, "00718", "DA4.1", "NSTW", "ĐTPT", 1e300])
    report = import_file(db, write_xlsx(tmp_path / "p.xlsx", rows))
    assert report.status == "rejected"
    reasons = [i.reason for i in report.issues]
    assert reasons[0] == "amount is missing"  # a NaN cell reads as empty
    assert reasons[1].startswith("amount 1e+300 is too large to store")


def test_a_row_with_a_bad_cell_is_rejected_whole(db: Engine, tmp_path: Path) -> None:
    header = ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Kế hoạch vốn ĐTPT", "Kế hoạch vốn SN"]
    rows = [header, [2024, "00715", "DA4.1", "NSTW", 5, "99999999999999999999"]]
    rows.append([2024, "00718", "DA4.1", "NSTW", 7, 1])
    report = import_file(db, write_csv(tmp_path / "p.csv", rows))
    assert (report.rows_accepted, report.rows_rejected) == (1, 1)
    assert table(db, CapitalPlan, "unit_code", "kind", "amount_vnd").values.tolist() == [
        ["00718", "investment", 7],
        ["00718", "recurrent", 1],
    ]


@pytest.mark.parametrize("period", ["2023-02-30", "30/02/2023", "2023-13", "13/2023", "0/2023"])
def test_dates_that_do_not_exist_are_refused(db: Engine, tmp_path: Path, period: str) -> None:
    rows = [["Kỳ báo cáo", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Giải ngân"]]
    rows.append([period, "00715", "DA4.1", "NSTW", "ĐTPT", 5])
    report = import_file(db, write_csv(tmp_path / "d.csv", rows))
    assert issues(report) == [(2, "Kỳ báo cáo", "error", f"cannot read the period '{period}'")]
    assert table(db, Disbursement, "amount_vnd").empty
