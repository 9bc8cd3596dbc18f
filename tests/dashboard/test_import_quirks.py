"""Messy spreadsheets as provinces send them: each quirk is read, not rejected."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard.importer import import_file
from dashboard.models import CapitalPlan, Disbursement
from tests.dashboard.import_helpers import issues, table, write_csv, write_xlsx

PLAN = ("year", "unit_code", "subproject_id", "source", "kind", "carry_over", "amount_vnd")
DA1, DA41, DA32 = 1, 5, 4  # sub-project ids of the phase I catalogue


def plan_rows(engine: Engine) -> list[list]:
    return table(engine, CapitalPlan, *PLAN).values.tolist()


def test_title_rows_and_unit_line_above_the_header(engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["UBND TỈNH HÀ GIANG"],
        ["BÁO CÁO KẾ HOẠCH VỐN NĂM 2025"],
        ["", "", "", "", "", "Đơn vị tính: triệu đồng"],
        [],
        ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"],
        [2025, "00715", "DA4.1", "NSTW", "ĐTPT", "12,5"],
    ]
    report = import_file(engine, write_csv(tmp_path / "p.csv", rows))
    assert (report.rows_read, report.rows_accepted) == (1, 1)
    assert plan_rows(engine) == [[2025, "00715", DA41, "central", "investment", False, 12_500_000]]


def test_merged_two_row_header_is_melted(engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["KẾ HOẠCH VỐN NĂM 2025"],
        ["STT", "Năm", "Mã xã", "Dự án", "Nguồn vốn", "Kế hoạch vốn (triệu đồng)", None, None],
        [None, None, None, None, None, "Tổng số", "ĐTPT", "Sự nghiệp"],
        [1, 2025, "00715", "DA4.1", "NSTW", 3000.5, 1000.25, 2000.25],
        [2, 2025, "00718", "DA1", "NSTW", 500, 500, None],
    ]
    merges = ["A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:H2"]
    report = import_file(engine, write_xlsx(tmp_path / "p.xlsx", rows, merges))
    assert (report.status, report.rows_read, report.rows_accepted) == ("ok", 2, 2)
    assert plan_rows(engine) == [
        [2025, "00715", DA41, "central", "investment", False, 1_000_250_000],
        [2025, "00715", DA41, "central", "recurrent", False, 2_000_250_000],
        [2025, "00718", DA1, "central", "investment", False, 500_000_000],
    ]


def test_two_row_header_without_merges_in_a_csv(engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["Năm", "Mã xã", "Dự án", "Loại vốn", "Kế hoạch vốn (tỷ đồng)", ""],
        ["", "", "", "", "NSTW", "NSĐP"],
        [2025, "00715", "DA4.1", "ĐTPT", "1,5", "0,25"],
    ]
    import_file(engine, write_csv(tmp_path / "p.csv", rows))
    assert plan_rows(engine) == [
        [2025, "00715", DA41, "central", "investment", False, 1_500_000_000],
        [2025, "00715", DA41, "local", "investment", False, 250_000_000],
    ]


def test_super_header_above_the_header(engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["Thông tin chung", None, None, None, "Kế hoạch vốn (triệu đồng)", None],
        ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "ĐTPT", "SN"],
        [2025, "00715", "DA4.1", "NSTW", 10, 20],
    ]
    merges = ["A1:D1", "E1:F1"]
    import_file(engine, write_xlsx(tmp_path / "p.xlsx", rows, merges))
    amounts = [r[-1] for r in plan_rows(engine)]
    assert amounts == [10_000_000, 20_000_000]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1.234.567,5", "2.000"], [1_234_568, 2_000]),  # Vietnamese, rounded half up
        (["1,234,567.5", "2,000"], [1_234_568, 2_000]),  # English
        (["1234567", "2000"], [1_234_567, 2_000]),  # plain
        (["1 234 567", "-"], [1_234_567, 0]),  # spaces; a dash is zero
    ],
)
def test_number_formats(engine: Engine, tmp_path: Path, cells: list[str], expected: list) -> None:
    rows = [["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Số vốn (đồng)"]]
    codes = ["00715", "00718"]
    rows += [[2025, code, "DA4.1", "NSTW", "ĐTPT", c] for code, c in zip(codes, cells, strict=True)]
    import_file(engine, write_csv(tmp_path / "p.csv", rows, sep=";"))
    assert [r[-1] for r in plan_rows(engine)] == expected


@pytest.mark.parametrize(
    ("header", "cell", "amount"),
    [
        ("Kế hoạch vốn (triệu đồng)", "1.234,5675", 1_234_567_500),
        ("Kế hoạch vốn (Tr.đ)", "0,0000005", 1),  # half a đồng rounds up
        ("Kế hoạch vốn (tỷ đồng)", "2,5", 2_500_000_000),
        ("Kế hoạch vốn (đồng)", "2.500", 2_500),
        ("Kế hoạch vốn", "7", 7),
        ("Amount (VND million)", "1.5", 1_500_000),
    ],
)
def test_money_units(engine: Engine, tmp_path: Path, header: str, cell: str, amount: int) -> None:
    rows = [["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", header]]
    rows.append([2025, "00715", "DA4.1", "NSTW", "ĐTPT", cell])
    import_file(engine, write_csv(tmp_path / "p.csv", rows))
    assert [r[-1] for r in plan_rows(engine)] == [amount]


def test_codes_that_lost_their_leading_zeros(engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["Năm", "Mã tỉnh", "Mã huyện", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Số vốn"],
        [2025, 2, 26, 715, "DA4.1", "NSTW", "ĐTPT", 1],
        [2025, 2.0, 26.0, 718.0, "DA4.1", "NSTW", "ĐTPT", 2],
        [2025, 2, 26, None, "DA1", "NSTW", "ĐTPT", 3],  # another line: not a subtotal
        [2025, 2, None, None, "DA1", "NSTW", "SN", 4],
    ]
    import_file(engine, write_xlsx(tmp_path / "p.xlsx", rows))
    got = table(engine, CapitalPlan, "unit_code", "province_code", "amount_vnd")
    assert got.values.tolist() == [
        ["00715", "02", 1], ["00718", "02", 2], ["02", "02", 4], ["026", "02", 3],
    ]  # fmt: skip


def test_single_unit_code_column(engine: Engine, tmp_path: Path) -> None:
    rows = [["Năm", "Mã ĐVHC", "Dự án", "Nguồn vốn", "Loại vốn", "Số vốn"]]
    lines = {"715": "DA4.1", "12": "DA1", "026": "DA3.1"}  # each its own: none totals another
    rows += [[2025, code, line, "NSTW", "ĐTPT", 1] for code, line in lines.items()]
    import_file(engine, write_csv(tmp_path / "p.csv", rows))
    assert table(engine, CapitalPlan, "unit_code").unit_code.tolist() == ["00715", "026", "12"]


def test_blank_total_and_column_number_rows_are_skipped(engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["TT", "Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Số vốn"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        ["A", "", "", "Dự án 4", "", "", ""],
        [1, 2025, "00715", "DA4.1", "NSTW", "ĐTPT", 10],
        ["", "", "", "", "", "", ""],
        ["", "Tổng cộng", "", "", "", "", 10],
        ["", "", "", "", "", "", ""],
        ["TOTAL", "", "", "", "", "", 10],
    ]
    report = import_file(engine, write_csv(tmp_path / "p.csv", rows))
    assert (report.rows_read, report.rows_rejected) == (1, 0)
    assert issues(report) == [  # the file's totals are compared with the accepted rows
        (6, "Số vốn", "info", "the file's total 'Tổng cộng' is 10 đồng; the accepted rows sum to "
         "10 đồng"),
        (8, "Số vốn", "info", "the file's total 'TOTAL' is 10 đồng; the accepted rows sum to "
         "10 đồng"),
    ]  # fmt: skip
    assert [r[-1] for r in plan_rows(engine)] == [10]


def test_names_with_other_case_diacritics_and_whitespace(engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["Năm", "Tỉnh", "Huyện", "Xã", "Dự án", "Nguồn vốn", "Loại vốn", "Số vốn"],
        [2025, " tinh ha giang ", "DONG VAN", "  xã   LŨNG cú ", "DA4.1", " nstw ", "đtpt ", 1],
        [2025, "Nam Định", "Trực Ninh", "Trực Hùng", "DA4.1", "NSTW", "ĐTPT", 2],  # vs Trực Hưng
        [2025, "", "Thiệu Hóa", "Thị trấn Thiệu Hóa", "DA4.1", "NSTW", "ĐTPT", 3],  # vs Thiệu Hòa
    ]
    report = import_file(engine, write_csv(tmp_path / "p.csv", rows))
    assert issues(report) == []
    got = table(engine, CapitalPlan, "unit_code", "amount_vnd")
    assert got.values.tolist() == [["00715", 1], ["14083", 2], ["15772", 3]]


@pytest.mark.parametrize(
    "line", ["DA4.1", "TDA 4.1", "Tiểu dự án 1 Dự án 4", "Dự án 4 - Tiểu dự án 1", "4.1", "da4.1"]
)
def test_ways_of_naming_a_sub_project(engine: Engine, tmp_path: Path, line: str) -> None:
    rows = [["Năm", "Mã xã", "Dự án, tiểu dự án", "Nguồn vốn", "Loại vốn", "Số vốn"]]
    rows.append([2025, "00715", line, "NSTW", "ĐTPT", 1])
    import_file(engine, write_csv(tmp_path / "p.csv", rows))
    assert table(engine, CapitalPlan, "subproject_id").subproject_id.tolist() == [DA41]


def test_separate_project_and_sub_project_columns(engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["Năm", "Mã xã", "Mã dự án", "Mã tiểu dự án", "Nguồn vốn", "Loại vốn", "Số vốn"],
        [2025, "00715", "Dự án 4", "Tiểu dự án 1", "NSTW", "ĐTPT", 1],
        [2025, "00715", "DA3", "2", "NSTW", "ĐTPT", 2],
        [2025, "00715", "Dự án 1", "", "NSTW", "ĐTPT", 3],
    ]
    import_file(engine, write_csv(tmp_path / "p.csv", rows))
    got = table(engine, CapitalPlan, "subproject_id", "amount_vnd")
    assert got.values.tolist() == [[DA1, 3], [DA32, 2], [DA41, 1]]


def test_sources_kinds_and_carry_over_in_words(engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Vốn kéo dài", "Số vốn"],
        [2025, "00715", "DA4.1", "Ngân sách trung ương", "Đầu tư phát triển", "x", 1],
        [2025, "00715", "DA4.1", "Ngân sách địa phương", "Sự nghiệp", "", 2],
        [2025, "00715", "DA4.1", "Tín dụng chính sách", "SN", "không", 3],
        [2025, "00715", "DA4.1", "Huy động khác", "ĐTPT", "có", 4],
    ]
    import_file(engine, write_csv(tmp_path / "p.csv", rows))
    got = table(engine, CapitalPlan, "amount_vnd", "source", "kind", "carry_over")
    assert got.values.tolist() == [
        [1, "central", "investment", True],
        [2, "local", "recurrent", False],
        [3, "credit", "recurrent", False],
        [4, "other", "investment", True],
    ]


def test_english_headers(engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["Year", "Province code", "Commune code", "Line", "Source", "Kind", "Carry-over", "Amount"],
        [2025, "02", "00715", "DA4.1", "central", "recurrent", "yes", "1,000"],
    ]
    import_file(engine, write_csv(tmp_path / "p.csv", rows))
    assert plan_rows(engine) == [[2025, "00715", DA41, "central", "recurrent", True, 1000]]


DISBURSED = ("year", "month", "vintage", "unit_code", "amount_vnd")


@pytest.mark.parametrize(
    "period", ["03/2025", "3/2025", "2025-03", "Tháng 3/2025", "T3/2025", "tháng 03 năm 2025"]
)
def test_ways_of_writing_a_period(engine: Engine, tmp_path: Path, period: str) -> None:
    rows = [["Kỳ báo cáo", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Giải ngân"]]
    rows.append([period, "00715", "DA4.1", "NSTW", "ĐTPT", 5])
    import_file(engine, write_csv(tmp_path / "d.csv", rows))
    assert table(engine, Disbursement, *DISBURSED).values.tolist() == [[2025, 3, 2024, "00715", 5]]


def test_excel_dates_and_split_year_and_month(engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["Năm", "Tháng", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Giải ngân trong kỳ"],
        [2025, datetime(2025, 8, 31), "00715", "DA4.1", "NSTW", "ĐTPT", 1],
        [2025, 2, "00715", "DA4.1", "NSTW", "ĐTPT", 2],
        [2025, "T4", "00715", "DA4.1", "NSTW", "ĐTPT", 3],
        [None, 45717, "00715", "DA4.1", "NSTW", "ĐTPT", 4],  # 2025-03-01 as a plain number
    ]
    import_file(engine, write_xlsx(tmp_path / "d.xlsx", rows))
    assert table(engine, Disbursement, *DISBURSED).values.tolist() == [
        [2025, 2, 2024, "00715", 2],
        [2025, 3, 2024, "00715", 4],
        [2025, 4, 2024, "00715", 3],
        [2025, 8, 2025, "00715", 1],  # after the reform: the new commune 00715
    ]
