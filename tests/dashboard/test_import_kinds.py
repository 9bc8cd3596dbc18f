"""Indicator values, commune classifications and the program catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.importer import import_file
from dashboard.models import (
    LEGACY,
    REFORMED,
    AdminUnit,
    CapitalPlan,
    IndicatorValue,
    Program,
    Project,
    Subproject,
)
from tests.dashboard.import_helpers import add_indicators, issues, table, write_csv, write_xlsx

INDICATOR_HEADER = ["Mã chỉ tiêu", "Mã tỉnh", "Tỉnh", "Mã xã", "Năm", "Giá trị (%)"]


@pytest.fixture
def indicators(engine: Engine) -> Engine:
    add_indicators(engine, "EM_POVERTY", "GRID_POWER")
    return engine


def test_indicator_values_for_country_province_and_commune(
    indicators: Engine, tmp_path: Path
) -> None:
    rows = [
        INDICATOR_HEADER,
        ["EM_POVERTY", "", "Toàn quốc", "", 2024, "12,55"],
        ["em_poverty", "VN", "", "", 2023, "14,1"],
        ["EM_POVERTY", 2, "", "", 2024, 28.9],
        ["GRID_POWER", 12, "", 3436, 2024, 0.965],
    ]
    report = import_file(indicators, write_xlsx(tmp_path / "i.xlsx", rows))
    assert report.issues == []
    got = table(indicators, IndicatorValue, "indicator_code", "unit_code", "year", "value")
    assert got.values.tolist() == [
        ["EM_POVERTY", "02", 2024, 28.9],
        ["EM_POVERTY", "VN", 2023, 14.1],
        ["EM_POVERTY", "VN", 2024, 12.55],
        ["GRID_POWER", "03436", 2024, 0.965],
    ]


def test_unknown_indicator_is_rejected(indicators: Engine, tmp_path: Path) -> None:
    rows = [INDICATOR_HEADER, ["EM_HAPPINESS", "02", "", "", 2024, "1"]]
    report = import_file(indicators, write_csv(tmp_path / "i.csv", rows))
    assert issues(report) == [(2, "Mã chỉ tiêu", "error", "unknown indicator 'EM_HAPPINESS'")]


def test_indicator_value_must_be_a_number(indicators: Engine, tmp_path: Path) -> None:
    rows = [INDICATOR_HEADER, ["EM_POVERTY", "02", "", "", 2024, "n/a"]]
    report = import_file(indicators, write_csv(tmp_path / "i.csv", rows))
    assert issues(report) == [(2, "Giá trị (%)", "error", "not a number: 'n/a'")]


CLASS_HEADER = ["Mã xã", "Tên xã", "Khu vực", "Vùng DTTS"]


def classified(engine: Engine, vintage: int, *codes: str) -> list[list]:
    with Session(engine) as session:
        rows = session.execute(
            select(
                AdminUnit.code, AdminUnit.region, AdminUnit.em_area, AdminUnit.classification_source
            )
            .where(AdminUnit.vintage == vintage, AdminUnit.code.in_(codes))
            .order_by(AdminUnit.code)
        ).all()
    return [list(r) for r in rows]


def test_classification_sets_region_and_area(engine: Engine, tmp_path: Path) -> None:
    rows = [
        CLASS_HEADER,
        ["00715", "Lũng Cú", "Khu vực III", ""],  # a region implies the EM area
        ["718", "Má Lé", "KV2", "không"],
        ["00721", "", "", "có"],
        ["00724", "", 1, "x"],
    ]
    report = import_file(engine, write_csv(tmp_path / "c.csv", rows))
    assert report.issues == []
    assert classified(engine, LEGACY, "00715", "00718", "00721", "00724") == [
        ["00715", "III", True, "import"],
        ["00718", "II", False, "import"],
        ["00721", None, True, "import"],
        ["00724", "I", True, "import"],
    ]


def test_classification_of_the_new_units(engine: Engine, tmp_path: Path) -> None:
    rows = [CLASS_HEADER + ["Năm áp dụng"], ["00715", "", "III", "có", "2025"]]
    import_file(engine, write_csv(tmp_path / "c.csv", rows))
    assert classified(engine, REFORMED, "00715") == [["00715", "III", True, "import"]]
    assert classified(engine, LEGACY, "00715") == [["00715", None, False, None]]


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (["00715", "", "IV", ""], "Khu vực", "unknown region 'IV' (use I, II or III)"),
        (["00715", "", "", ""], "Khu vực", "region and ethnic-minority-area flag are missing"),
        (["00715", "", "III", "có lẽ"], "Vùng DTTS",
         "unknown ethnic-minority-area flag 'có lẽ' (use có or không)"),
        (["026", "", "III", ""], "Mã xã", "unknown commune code 00026"),
    ],
)  # fmt: skip
def test_bad_classification_rows(
    engine: Engine, tmp_path: Path, row: list, column: str, reason: str
) -> None:
    report = import_file(engine, write_csv(tmp_path / "c.csv", [CLASS_HEADER, row]))
    assert issues(report) == [(2, column, "error", reason)]
    assert classified(engine, LEGACY, "00715") == [["00715", None, False, None]]


def test_classification_is_per_commune(engine: Engine, tmp_path: Path) -> None:
    rows = [["Mã huyện", "Khu vực"], ["026", "III"]]
    report = import_file(engine, write_csv(tmp_path / "c.csv", rows))
    assert issues(report) == [
        (2, "Mã huyện", "error", "classification is per commune, this row names a district")
    ]


CATALOGUE_HEADER = [
    "Mã chương trình", "Tên chương trình", "Năm bắt đầu", "Năm kết thúc",
    "Mã dự án", "Tên dự án", "Mã tiểu dự án", "Tên tiểu dự án",
]  # fmt: skip


def test_catalogue_with_vietnamese_headers(engine: Engine, tmp_path: Path) -> None:
    rows = [
        CATALOGUE_HEADER,
        ["1719-II", "Chương trình 1719 giai đoạn II", 2026, 2030, "DA1", "Đất ở, nhà ở", "", ""],
        ["", "", "", "", "DA4", "Hạ tầng", "DA4.1", "Hạ tầng thiết yếu"],
        ["", "", "", "", "", "", "DA4.2", "Cơ sở vật chất"],
    ]
    report = import_file(engine, write_csv(tmp_path / "cat.csv", rows))
    assert (report.kind, report.status, report.rows_accepted) == ("catalogue", "ok", 3)
    with Session(engine) as session:
        program = session.get(Program, "1719-II")
        lines = session.execute(
            select(Project.code, Subproject.code, Subproject.name_vi, Subproject.name_en)
            .join(Project, Subproject.project_id == Project.id)
            .where(Subproject.program_code == "1719-II")
            .order_by(Subproject.ordinal)
        ).all()
    assert (program.name_en, program.start_year, program.end_year) == (
        "Chương trình 1719 giai đoạn II", 2026, 2030,
    )  # fmt: skip
    assert [list(r) for r in lines] == [
        ["DA1", "DA1", "Đất ở, nhà ở", "Đất ở, nhà ở"],
        ["DA4", "DA4.1", "Hạ tầng thiết yếu", "Hạ tầng thiết yếu"],
        ["DA4", "DA4.2", "Cơ sở vật chất", "Cơ sở vật chất"],
    ]


def test_plans_find_the_lines_of_an_imported_program(engine: Engine, tmp_path: Path) -> None:
    rows = [
        CATALOGUE_HEADER,
        ["1719-II", "Giai đoạn II", 2026, 2030, "DA4", "Hạ tầng", "DA4.1", "X"],
    ]
    import_file(engine, write_csv(tmp_path / "cat.csv", rows))
    plan = [
        ["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Số vốn"],
        [2026, "00715", "TDA 4.1", "NSTW", "ĐTPT", 5],  # 2026: the post-reform units
    ]
    report = import_file(engine, write_csv(tmp_path / "p.csv", plan))
    assert report.issues == []
    with Session(engine) as session:
        line = session.scalar(select(Subproject.id).where(Subproject.program_code == "1719-II"))
    got = table(
        engine, CapitalPlan, "year", "vintage", "unit_code", "province_code", "subproject_id"
    )
    assert got.values.tolist() == [[2026, REFORMED, "00715", "08", line]]


def test_catalogue_rows_need_years_and_names(engine: Engine, tmp_path: Path) -> None:
    rows = [
        CATALOGUE_HEADER,
        ["X-1", "Chương trình X", "năm", 2030, "DA1", "Dự án 1", "", ""],
        ["X-2", "Chương trình Y", 2030, 2026, "DA1", "Dự án 1", "", ""],
    ]
    report = import_file(engine, write_csv(tmp_path / "cat.csv", rows))
    assert issues(report) == [
        (2, "Năm bắt đầu", "error", "start year is not a year"),
        (3, "Năm kết thúc", "error", "end year is before start year"),
    ]
    with Session(engine) as session:
        assert session.get(Program, "X-1") is None and session.get(Program, "X-2") is None
