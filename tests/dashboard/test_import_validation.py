"""Bad rows: each is rejected with its spreadsheet row number, its column and a reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.importer import ImportReport, import_file
from dashboard.models import CapitalPlan, Disbursement
from tests.dashboard.import_helpers import count, issues, table, write_csv

PLAN_HEADER = ["Năm", "Mã tỉnh", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"]
DISB_HEADER = ["Kỳ báo cáo", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Giải ngân"]
GOOD_PLAN = [2025, "02", "00715", "DA4.1", "NSTW", "ĐTPT", 100]


def plan_with(engine: Engine, tmp_path: Path, bad: list) -> ImportReport:
    """A title row, the header on row 2, a good row 3 and ``bad`` on row 4."""
    rows = [["Kế hoạch vốn 2025"], PLAN_HEADER, GOOD_PLAN, bad]
    return import_file(engine, write_csv(tmp_path / "plan.csv", rows))


def only_error(report: ImportReport) -> tuple:
    assert (report.status, report.rows_accepted, report.rows_rejected) == ("partial", 1, 1)
    errors = [i for i in issues(report) if i[2] == "error"]
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize(
    ("bad", "column", "reason"),
    [
        ([2025, "02", "99999", "DA4.1", "NSTW", "ĐTPT", 1], "Mã xã", "unknown commune code 99999"),
        ([2025, "02", "00715", "DA11", "NSTW", "ĐTPT", 1], "Dự án",
         "unknown sub-project/line code DA11 in program 1719-I"),
        ([2025, "02", "00715", "DA4", "NSTW", "ĐTPT", 1], "Dự án",
         "unknown sub-project/line code DA4 in program 1719-I"),
        ([2025, "02", "00715", "DA4.1", "NSTW", "ĐTPT", -5], "Kế hoạch vốn", "negative amount -5"),
        ([2025, "02", "00715", "DA4.1", "NSTW", "ĐTPT", "(5)"], "Kế hoạch vốn",
         "negative amount (5)"),
        ([2025, "02", "00715", "DA4.1", "NSTW", "ĐTPT", "abc"], "Kế hoạch vốn",
         "not a number: 'abc'"),
        ([2025, "02", "00715", "DA4.1", "NSTW", "ĐTPT", ""], "Kế hoạch vốn", "amount is missing"),
        ([2025, "02", "00715", "DA4.1", "ABC", "ĐTPT", 1], "Nguồn vốn",
         "unknown source of funds 'ABC'"),
        ([2025, "02", "00715", "DA4.1", "NSTW", "", 1], "Loại vốn", "kind of capital is missing"),
        ([2025, "12", "00718", "DA4.1", "NSTW", "ĐTPT", 1], "Mã xã",
         "commune 00718 is not in Tỉnh Lai Châu"),
        (["năm nay", "02", "00715", "DA4.1", "NSTW", "ĐTPT", 1], "Năm",
         "cannot read the year 'năm nay'"),
        ([2019, "02", "00715", "DA4.1", "NSTW", "ĐTPT", 1], "Năm", "year 2019 is before 2021"),
    ],
)  # fmt: skip
def test_bad_plan_rows(engine: Engine, tmp_path: Path, bad: list, column: str, reason: str) -> None:
    report = plan_with(engine, tmp_path, bad)
    assert only_error(report) == (4, column, "error", reason)
    assert table(engine, CapitalPlan, "unit_code", "amount_vnd").values.tolist() == [["00715", 100]]


def test_year_after_next_year_is_rejected(engine: Engine, tmp_path: Path) -> None:
    late = date.today().year + 2
    report = plan_with(engine, tmp_path, [late, "02", "00715", "DA4.1", "NSTW", "ĐTPT", 1])
    row, column, _, reason = next(i for i in issues(report) if i[2] == "error")
    assert (row, column, reason) == (4, "Năm", f"year {late} is after {late - 1}")


def test_unknown_commune_name(engine: Engine, tmp_path: Path) -> None:
    rows = [["Năm", "Huyện", "Xã", "Dự án", "Nguồn vốn", "Loại vốn", "Số vốn"]]
    rows.append([2025, "Đồng Văn", "Xã Không Có", "DA4.1", "NSTW", "ĐTPT", 1])
    report = import_file(engine, write_csv(tmp_path / "p.csv", rows))
    assert issues(report) == [
        (2, "Xã", "error", "no commune named 'Xã Không Có' in Huyện Đồng Văn")
    ]
    assert report.status == "rejected"


def test_ambiguous_commune_name_asks_for_the_code(engine: Engine, tmp_path: Path) -> None:
    rows = [["Năm", "Xã", "Dự án", "Nguồn vốn", "Loại vốn", "Số vốn"]]
    rows.append([2025, "Tân Lập", "DA4.1", "NSTW", "ĐTPT", 1])
    report = import_file(engine, write_csv(tmp_path / "p.csv", rows))
    assert issues(report) == [
        (2, "Xã", "error", "several communes are named 'Tân Lập'; give the code")
    ]


def test_pre_reform_commune_after_the_reform(engine: Engine, tmp_path: Path) -> None:
    rows = [DISB_HEADER, ["08/2025", "00688", "DA4.1", "NSTW", "ĐTPT", 1]]
    report = import_file(engine, write_csv(tmp_path / "d.csv", rows))
    assert issues(report) == [
        (2, "Mã xã", "error",
         "commune 00688 is a pre-reform code but 2025-08 is reported on the post-reform units"),
    ]  # fmt: skip
    assert count(engine, Disbursement) == 0


def test_district_after_the_reform(engine: Engine, tmp_path: Path) -> None:
    rows = [["Kỳ báo cáo", "Mã huyện", "Dự án", "Nguồn vốn", "Loại vốn", "Giải ngân"]]
    rows.append(["2025-06", "026", "DA4.1", "NSTW", "ĐTPT", 1])
    rows.append(["2025-09", "026", "DA4.1", "NSTW", "ĐTPT", 1])
    report = import_file(engine, write_csv(tmp_path / "d.csv", rows))
    assert issues(report) == [
        (3, "Mã huyện", "error", "districts no longer exist on the post-reform units of 2025-09")
    ]
    assert table(engine, Disbursement, "month", "unit_code").values.tolist() == [[6, "026"]]


@pytest.mark.parametrize(
    ("period", "reason"),
    [
        ("13/2025", "cannot read the period '13/2025'"),
        ("quý 1", "cannot read the period 'quý 1'"),
        ("", "period is missing"),
        ("12/2020", "period 2020-12 is before 2021"),
    ],
)
def test_bad_periods(engine: Engine, tmp_path: Path, period: str, reason: str) -> None:
    rows = [DISB_HEADER, ["03/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 1]]
    rows.append([period, "00715", "DA4.1", "NSTW", "ĐTPT", 1])
    report = import_file(engine, write_csv(tmp_path / "d.csv", rows))
    errors = [i for i in issues(report) if i[2] == "error"]
    assert errors[0] == (3, "Kỳ báo cáo", "error", reason)
    assert report.rows_accepted == 1


def test_duplicate_keys_name_both_rows(engine: Engine, tmp_path: Path) -> None:
    rows = [
        PLAN_HEADER,
        [2025, "02", "00715", "DA4.1", "NSTW", "ĐTPT", 1],
        [2025, "02", "00718", "DA4.1", "NSTW", "ĐTPT", 2],
        [2025, "02", "715", "TDA 4.1", "Ngân sách trung ương", "Đầu tư phát triển", 3],
    ]
    report = import_file(engine, write_csv(tmp_path / "p.csv", rows))
    what = "duplicate: same year, unit, line, source, kind and carry-over as row"
    assert issues(report) == [
        (2, None, "error", f"{what} 4"),
        (4, None, "error", f"{what} 2"),
    ]
    assert table(engine, CapitalPlan, "unit_code").unit_code.tolist() == ["00718"]


def test_every_problem_of_a_row_is_reported(engine: Engine, tmp_path: Path) -> None:
    report = plan_with(engine, tmp_path, [2025, "02", "99999", "DA99", "NSTW", "ĐTPT", "x"])
    assert {(i[0], i[1]) for i in issues(report)} == {
        (4, "Mã xã"),
        (4, "Dự án"),
        (4, "Kế hoạch vốn"),
    }
    assert report.rows_rejected == 1


def test_disbursed_above_the_plan_is_a_warning(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, write_csv(tmp_path / "p.csv", [PLAN_HEADER, GOOD_PLAN]))
    rows = [
        DISB_HEADER,
        ["02/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 60],
        ["03/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 30],
        ["04/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 30],
        ["04/2025", "00715", "DA4.1", "NSTW", "SN", 500],  # no plan for recurrent: no warning
    ]
    report = import_file(engine, write_csv(tmp_path / "d.csv", rows))
    assert (report.status, report.rows_accepted, report.rows_warned) == ("ok", 4, 1)
    assert issues(report) == [
        (4, "Giải ngân", "warning",
         "disbursed 120 đồng by 2025-04, above the plan of 100 đồng for 2025"),
    ]  # fmt: skip
    assert count(engine, Disbursement) == 4


def test_over_plan_counts_months_already_in_the_database(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, write_csv(tmp_path / "p.csv", [PLAN_HEADER, GOOD_PLAN]))
    first = [DISB_HEADER, ["01/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 90]]
    import_file(engine, write_csv(tmp_path / "d1.csv", first))
    second = [DISB_HEADER, ["02/2025", "00715", "DA4.1", "NSTW", "ĐTPT", 20]]
    report = import_file(engine, write_csv(tmp_path / "d2.csv", second))
    assert [(i[0], i[2]) for i in issues(report)] == [(2, "warning")]
    assert "disbursed 110 đồng by 2025-02" in report.issues[0].reason


def test_many_duplicates_name_the_first_row_only(engine: Engine, tmp_path: Path) -> None:
    row = [2025, "02", "00715", "DA4.1", "NSTW", "ĐTPT", 1]
    report = import_file(engine, write_csv(tmp_path / "p.csv", [PLAN_HEADER] + [row] * 3000))
    assert (report.status, report.rows_rejected) == ("rejected", 3000)
    what = "duplicate: same year, unit, line, source, kind and carry-over as row"
    reasons = [i.reason for i in report.issues]
    assert reasons[:2] == [f"{what} 3 and 2,998 more rows", f"{what} 2"]
    assert set(reasons[2:]) == {f"{what} 2"}
