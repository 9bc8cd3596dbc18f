"""The tables page in a browser: loads clean, drills down through the URL, finds names without
diacritics, and exports an XLSX whose totals are the database's."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, text

from tests.browser.conftest import Watched, screenshot

NAMES = ".ag-pinned-left-cols-container .ag-row"
SHOWN = "dash_ag_grid.getApi('tables-grid').getDisplayedRowCount()"  # rows after filters


def _database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The live server's database (``live_server`` builds it under a ``live`` temp folder)."""
    return next(tmp_path_factory.getbasetemp().glob("live*/ntp.db"))


def _names(watched: Watched) -> list[str]:
    return watched.page.locator(NAMES).all_inner_texts()


def test_tables_page_loads_clean(watched: Watched) -> None:
    watched.goto("/tables")
    watched.page.wait_for_selector(NAMES)
    assert watched.page.evaluate(SHOWN) == 34
    assert "Dữ liệu minh họa" in watched.page.inner_text("#tables")
    screenshot(watched, "tables")
    watched.assert_clean()


def test_click_on_a_province_drills_down(watched: Watched) -> None:
    watched.goto("/tables?year=2024&vintage=2024")
    page = watched.page
    page.wait_for_selector(NAMES)
    page.locator(NAMES).filter(has_text="Hà Giang").first.click()
    page.wait_for_url("**province=02**")
    page.wait_for_selector("#tables-breadcrumbs >> text=Tỉnh Hà Giang")
    page.wait_for_function(f"{SHOWN} == 11")
    assert "Huyện Đồng Văn" in _names(watched)
    watched.assert_clean()


@pytest.mark.parametrize(("typed", "found"), [("Thua Thien Hue", "Thành phố Huế"),
                                              ("Ha Giang", "Tỉnh Hà Giang")])  # fmt: skip
def test_quick_search_ignores_diacritics(watched: Watched, typed: str, found: str) -> None:
    watched.goto("/tables?year=2024&vintage=2024")
    watched.page.wait_for_selector(NAMES)
    watched.page.fill("#tables-search", typed)
    watched.page.wait_for_function(f"{SHOWN} > 0 && {SHOWN} < 5")
    watched.page.wait_for_selector(f"{NAMES} >> text={found}")
    assert found in _names(watched)
    watched.assert_clean()


def test_xlsx_export_totals_equal_the_database(
    watched: Watched, tmp_path_factory: pytest.TempPathFactory
) -> None:
    watched.goto("/tables?year=2024&vintage=2024")
    page = watched.page
    page.wait_for_selector(NAMES)
    with page.expect_download() as download:
        page.click("#tables-export-xlsx")
    rows = list(load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active.values)
    totals = rows[-1]
    engine = create_engine(f"sqlite:///{_database(tmp_path_factory)}")
    with engine.connect() as conn:
        allocated = conn.scalar(text("SELECT SUM(amount_vnd) FROM capital_plan WHERE year = 2024"))
        disbursed = conn.scalar(text("SELECT SUM(amount_vnd) FROM disbursement WHERE year = 2024"))
    engine.dispose()
    assert totals[0] == "Tổng cộng"
    assert (totals[2], totals[3]) == (allocated, disbursed)
    assert len(rows) - rows.index(next(r for r in rows if r[0] == "Tên đơn vị")) - 2 == 63
    watched.assert_clean()


def test_the_language_switch_keeps_the_search(watched: Watched) -> None:
    watched.goto("/tables?year=2024&vintage=2024")
    page = watched.page
    page.wait_for_selector(NAMES)
    page.fill("#tables-search", "Ha Giang")
    page.wait_for_url("**q=Ha+Giang**")
    page.click(".lang-switch a >> text=EN")
    page.wait_for_url("**lang=en**")
    assert "q=Ha+Giang" in page.url
    page.wait_for_selector("#tables-breadcrumbs >> text=Whole country")
    page.wait_for_function(f"{SHOWN} > 0 && {SHOWN} < 5")
    assert page.input_value("#tables-search") == "Ha Giang"
    watched.assert_clean()
