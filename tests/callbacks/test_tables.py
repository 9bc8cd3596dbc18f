"""The tables page's plain functions over a real database: view, drill links, totals, export."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import Engine

from callbacks.deps import Deps
from callbacks.tables.export import export_download, export_sheet
from callbacks.tables.page import tables_view, totals_row
from layouts.tables import GridPart
from tests.app_fixtures import BN, add_disbursements, add_plans, put_meta


def seed(engine: Engine) -> None:
    add_plans(engine, [
        dict(year=2024, unit_code="00715", province_code="02", amount_vnd=10 * BN + 3),
        dict(year=2024, unit_code="00019", province_code="01", amount_vnd=2 * BN + 5),
    ])  # fmt: skip
    add_disbursements(engine, [
        dict(year=2024, month=5, unit_code="00715", province_code="02", amount_vnd=4 * BN + 1),
    ])  # fmt: skip
    put_meta(engine, data_version="2", data_as_of="2024-12", demo="1")


def grid(view) -> GridPart:  # noqa: ANN001
    assert isinstance(view.grid, GridPart)
    return view.grid


def test_provinces_with_totals_equal_to_their_sum(engine: Engine, deps: Deps) -> None:
    seed(engine)
    part = grid(tables_view(deps, "vi", {"year": "2024"}))
    assert len(part.row_data) == 63
    assert part.totals["allocated"] == 12 * BN + 8
    assert part.totals["disbursed"] == 4 * BN + 1
    assert part.caption.demo == "Dữ liệu minh họa"


def test_a_province_row_links_to_its_districts(engine: Engine, deps: Deps) -> None:
    seed(engine)
    part = grid(tables_view(deps, "en", {"year": "2024"}))
    hg = next(r for r in part.row_data if r["code"] == "02")
    assert hg["href"] == "/tables?lang=en&year=2024&vintage=2024&province=02"
    assert hg["search"] == "tinh ha giang 02"


def test_drilled_view_has_breadcrumbs(engine: Engine, deps: Deps) -> None:
    seed(engine)
    view = tables_view(deps, "vi", {"year": "2024", "vintage": "2024", "province": "02"})
    assert [c.label for c in view.breadcrumbs] == ["Toàn quốc", "Tỉnh Hà Giang"]
    assert view.breadcrumbs[-1].active
    assert {r["code"] for r in grid(view).row_data} >= {"026"}


def test_a_vintage_the_year_cannot_be_shown_on_is_corrected(engine: Engine, deps: Deps) -> None:
    add_plans(engine, [dict(year=2026, vintage=2025, unit_code="08", province_code="08",
                            amount_vnd=1)])  # fmt: skip
    view = tables_view(deps, "en", {"year": "2026", "vintage": "2024"})
    assert view.notices == ("2026 cannot be shown on these units; showing post-reform units.",)
    assert len(grid(view).row_data) == 34


def test_totals_row_sums_exactly_and_rates_the_sums() -> None:
    rows = [{"allocated": 3, "disbursed": 1}, {"allocated": 1, "disbursed": 1}]
    total = totals_row(rows, ("",), "Total")
    assert (total["allocated"], total["disbursed"], total["rate"]) == (4, 2, 0.5)


def test_export_keeps_the_rows_shown_and_their_totals(engine: Engine, deps: Deps) -> None:
    seed(engine)
    sheet = export_sheet(deps, {"year": "2024", "q": "giang"}, ["02", "01"])
    assert [r[1] for r in sheet.rows] == ["02", "01"]
    assert sheet.totals[2] == 12 * BN + 8
    assert sheet.notes[0] == "Bảng số liệu - Dữ liệu minh họa"
    assert "Tìm kiếm: giang" in sheet.notes


def test_export_download_is_an_xlsx_with_exact_numbers(engine: Engine, deps: Deps) -> None:
    seed(engine)
    download = export_download(deps, "?year=2024&lang=en", [{"code": "02"}], "xlsx")
    import base64

    book = load_workbook(io.BytesIO(base64.b64decode(download["content"])))
    rows = list(book.active.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "Name"))
    assert rows[header][2] == "Allocated (VND)"
    assert rows[header + 1][2] == 10 * BN + 3
    assert rows[-1][2] == 10 * BN + 3
    assert download["filename"] == "ntp1719-2024-t12-v2024-tinh.xlsx"


def test_the_export_file_name_carries_the_scope(engine: Engine, deps: Deps) -> None:
    seed(engine)
    search = "?year=2024&vintage=2024&province=02&kind=investment&project=DA4"
    name = export_download(deps, search, None, "csv")["filename"]
    assert name == "ntp1719-2024-t12-v2024-tinh02-huyen-DA4-investment.csv"


def test_money_headers_name_their_unit_per_level(engine: Engine, deps: Deps) -> None:
    seed(engine)
    provinces = grid(tables_view(deps, "vi", {"year": "2024", "vintage": "2024"}))
    place, total = [c for c in provinces.column_defs if c.get("children")][:2]
    assert place["children"][0]["pinned"] == "left"  # the name, under a header as the others
    assert total["children"][0]["headerName"] == "Kế hoạch vốn (tỷ đồng)"
    assert total["children"][2]["headerName"] == "Tỷ lệ"
    communes = grid(tables_view(deps, "en", {"year": "2024", "vintage": "2024",
                                             "province": "02", "district": "026"}))  # fmt: skip
    total = [c for c in communes.column_defs if c.get("children")][1]
    assert total["children"][1]["headerName"] == "Disbursed (million VND)"


def test_the_grid_speaks_the_page_language(engine: Engine, deps: Deps) -> None:
    from dashboard.grid_locale import grid_text
    from layouts.tables import layout

    seed(engine)
    page = layout(tables_view(deps, "vi", {"year": "2024"}))
    grids = [c for c in page._traverse() if getattr(c, "id", None) == "tables-grid"]
    assert grids[0].dashGridOptions["localeText"]["contains"] == "Có chứa"
    assert "tables-grid" in grids[0].className and "height" not in grids[0].style
    assert grid_text("en") == {}


def test_a_former_province_name_is_searchable(engine: Engine, deps: Deps) -> None:
    seed(engine)
    part = grid(tables_view(deps, "vi", {"year": "2024"}))
    hue = next(r for r in part.row_data if r["code"] == "46")
    assert (hue["name"], hue["search"]) == ("Thành phố Huế", "thanh pho hue thua thien hue 46")
