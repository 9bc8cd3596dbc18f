"""Every page in both languages: no serious or critical axe-core violation, no sideways scroll on a
390 px phone, a navbar that folds into a menu there, and a keyboard that reaches what the mouse
does on the map."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SETTLED, Watched, serious_violations, until

PAGES = ("/", "/map", "/disbursement", "/indicators", "/tables")
PHONE = {"width": 390, "height": 844}


def _open(watched: Watched, path: str, lang: str) -> None:
    watched.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
    until(watched, SETTLED)
    watched.page.wait_for_timeout(500)  # the last callbacks draw their figures


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(watched: Watched, path: str, lang: str) -> None:
    _open(watched, path, lang)
    assert serious_violations(watched) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_serious_accessibility_violation_on_the_wall(watched: Watched, lang: str) -> None:
    _open(watched, "/wall?panels=kpis,map,lagging,scurve,indicators&seconds=3600", lang)
    assert serious_violations(watched) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll_on_a_phone(watched: Watched, path: str, lang: str) -> None:
    watched.page.set_viewport_size(PHONE)
    _open(watched, path, lang)
    wide = watched.page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                         && !e.closest(`.ag-root-wrapper, .js-plotly-plot, .map-table,
                                        .table-responsive`))
            .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
    )
    assert wide == []
    assert watched.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_navbar_folds_into_a_menu_on_a_phone(watched: Watched) -> None:
    page = watched.page
    page.set_viewport_size(PHONE)
    _open(watched, "/", "vi")
    links = page.get_by_role("link", name="Bản đồ", exact=True)
    assert links.is_hidden()
    page.get_by_role("button", name="Mở trình đơn").click()
    links.wait_for(state="visible")
    links.click()
    page.wait_for_url("**/map**")


def test_the_map_comes_before_its_filters_on_a_phone(watched: Watched) -> None:
    page = watched.page
    page.set_viewport_size(PHONE)
    _open(watched, "/map", "en")
    graph = page.locator("#map-graph").bounding_box()
    controls = page.locator(".map-controls").first.bounding_box()
    assert graph["y"] < controls["y"]
    assert page.locator("details.map-filters").get_attribute("open") is None


def test_tab_reaches_the_map_table_and_its_drill_down(watched: Watched) -> None:
    page = watched.page
    _open(watched, "/map", "en")
    in_table = "() => document.activeElement.matches('#map-table button')"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(in_table):
            break
    assert page.evaluate(in_table)
    page.keyboard.press("Enter")  # drills into the province of the row
    until(watched, "() => document.querySelectorAll('#map-crumbs .breadcrumb-item').length > 1")


@pytest.mark.parametrize("path", PAGES)
def test_no_focusable_element_is_hidden(watched: Watched, path: str) -> None:
    page = watched.page
    _open(watched, path, "vi")
    hidden = []
    for _ in range(60):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """() => { const e = document.activeElement;
                if (!e || e === document.body) return null;
                const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                const shown = r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
                              && s.opacity !== '0';
                return shown ? '' : e.tagName + '#' + e.id + '.' + e.className; }"""
        )
        if where is None:
            break
        if where:
            hidden.append(where)
    assert hidden == []
