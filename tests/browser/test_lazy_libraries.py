"""The grid's library (dash-ag-grid) is loaded only where a grid is drawn (callbacks/libraries.py,
assets/lazy_libraries.js): the map page fetches and evaluates none of it; /tables draws its grid
on a direct load and after a link from another page, loading the bundle once."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Watched

pytestmark = pytest.mark.browser

GRID_BUNDLE = "/_dash-component-suites/dash_ag_grid/"
NAMES = ".ag-pinned-left-cols-container .ag-row"
SHOWN = "dash_ag_grid.getApi('tables-grid').getDisplayedRowCount()"


def _scripts(watched: Watched) -> list[str]:
    """Every script the page has fetched since it was opened."""
    found: list[str] = []
    watched.page.on("request", lambda r: r.resource_type == "script" and found.append(r.url))
    return found


def _grid_scripts(scripts: list[str]) -> list[str]:
    return [url for url in scripts if GRID_BUNDLE in url]


def test_the_map_page_loads_no_grid_code(watched: Watched) -> None:
    scripts = _scripts(watched)
    watched.goto("/map?level=commune")
    watched.page.locator("path.choroplethlocation").nth(3000).wait_for(state="attached")
    assert scripts, "the page's scripts were seen"
    assert _grid_scripts(scripts) == []
    assert watched.page.locator("script[src*='dash_ag_grid']").count() == 0
    assert watched.page.evaluate("Object.keys(window.dash_ag_grid)") == ["AgGrid"]  # stand-in
    watched.assert_clean()


def test_tables_direct_load_draws_the_grid(watched: Watched) -> None:
    scripts = _scripts(watched)
    watched.goto("/tables")
    watched.page.wait_for_selector(NAMES)
    assert watched.page.evaluate(SHOWN) == 34
    bundles = [url for url in _grid_scripts(scripts) if "dash_ag_grid.v" in url]
    assert len(bundles) == 1, bundles  # fetched once, fingerprinted (cached for a year)
    watched.assert_clean()


def test_a_link_from_the_map_draws_the_grid_and_loads_it_once(watched: Watched) -> None:
    scripts = _scripts(watched)
    page = watched.page
    watched.goto("/map")
    page.locator("path.choroplethlocation").first.wait_for(state="attached")
    assert _grid_scripts(scripts) == []
    page.evaluate("window.sameDocument = true")
    for _ in range(2):  # to the grid, away and back: inside the page, no reload
        page.click("nav a[href^='/tables']")
        page.wait_for_selector(NAMES)
        page.wait_for_function(f"{SHOWN} == 34")
        page.click("nav a[href^='/map']")
        page.locator("path.choroplethlocation").first.wait_for(state="attached")
    assert len([url for url in _grid_scripts(scripts) if "dash_ag_grid.v" in url]) == 1
    # the grid follows its callbacks after the load (a drill-down) and prints (print.js's API)
    page.click("nav a[href^='/tables']")
    page.wait_for_selector(NAMES)
    page.locator(NAMES).filter(has_text="Cao Bằng").first.click()
    page.wait_for_url("**province=04**")
    page.wait_for_function(f"{SHOWN} > 0 && {SHOWN} != 34")  # its communes
    assert page.evaluate("typeof dash_ag_grid.getApi('tables-grid').setGridOption") == "function"
    assert page.evaluate("window.sameDocument") is True  # never reloaded
    watched.assert_clean()
