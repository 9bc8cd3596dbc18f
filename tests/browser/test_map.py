"""The map explorer in a real browser: every commune drawn from the cached boundary file, a
province click drills down and changes the URL, a reload restores the view."""

from __future__ import annotations

from tests.browser.conftest import Watched, screenshot

PATHS = "#map-graph path.choroplethlocation"


def _paths(watched: Watched, at_least: int) -> int:
    # a locator, not wait_for_function: the page's CSP forbids the eval that the latter needs
    watched.page.locator(PATHS).nth(at_least - 1).wait_for(state="attached", timeout=60_000)
    return watched.page.locator(PATHS).count()


def test_national_commune_maps_hold_every_commune(watched: Watched) -> None:
    watched.goto("/map?vintage=2024&level=commune&year=2024")
    assert _paths(watched, 9940) >= 9940
    for name in ("Quần đảo Hoàng Sa", "Quần đảo Trường Sa"):  # named over their islands
        assert watched.page.locator("#map-graph text", has_text=name).count() == 1
    screenshot(watched, "map-national")
    watched.goto("/map?vintage=2025&level=commune")
    assert _paths(watched, 3288) >= 3288
    watched.assert_clean()


def test_a_province_click_drills_down_and_reload_restores_it(watched: Watched) -> None:
    watched.goto("/map?vintage=2025&level=province")
    _paths(watched, 34)
    watched.page.locator(PATHS).nth(20).click(force=True)  # each province drawn once
    watched.page.wait_for_url("**province=*", timeout=30_000)
    url = watched.page.url
    watched.page.wait_for_selector("#map-crumbs .breadcrumb-item >> nth=1")
    watched.page.reload(wait_until="networkidle")
    assert watched.page.url == url
    count = _paths(watched, 10)
    assert count < 3000  # the province's own communes, not the country
    screenshot(watched, "map-province")
    watched.assert_clean()


def test_a_tablet_needs_no_sideways_scrolling(watched: Watched) -> None:
    watched.page.set_viewport_size({"width": 1024, "height": 768})
    watched.goto("/map?level=commune")
    watched.page.wait_for_selector(".dash-dropdown-focus-target", state="attached")
    widths = watched.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1]
    watched.assert_clean()


def test_the_language_switch_keeps_the_view_the_map_wrote_into_the_url(watched: Watched) -> None:
    watched.goto("/map?vintage=2025&level=province")
    _paths(watched, 34)
    watched.page.locator(PATHS).nth(20).click(force=True)
    watched.page.wait_for_url("**province=*", timeout=30_000)
    province = watched.page.url.split("province=")[1].split("&")[0]
    watched.page.click(".lang-switch a >> text=EN")
    watched.page.wait_for_url("**lang=en**", timeout=30_000)
    assert f"province={province}" in watched.page.url
    watched.page.wait_for_selector("#map-crumbs >> text=Whole country", timeout=30_000)
    assert _paths(watched, 10) < 3000  # still the province, now in English
    watched.assert_clean()


def test_a_filter_recolours_the_drawn_map_and_keeps_its_boundaries(watched: Watched) -> None:
    watched.goto("/map?vintage=2024&level=province&year=2024")
    _paths(watched, 60)
    page = watched.page
    coloured = (  # the fills of the trace of units with data (the other one holds the grey)
        "Array.from(document.querySelectorAll('#map-graph g.trace.choropleth')[1]"
        ".querySelectorAll('path.choroplethlocation')).map(p => getComputedStyle(p).fill)"
    )
    before = page.evaluate(coloured)
    boundary_fetches = []
    page.on("request", lambda r: boundary_fetches.append(r.url) if "/geo/" in r.url else None)
    page.click("#map-f-regions")
    page.get_by_role("option").nth(2).click()  # Region III: provinces without any turn grey
    page.wait_for_url("**regions=III**", timeout=30_000)
    page.wait_for_function(f"{coloured}.length < {len(before)}", timeout=30_000)
    after = page.evaluate(coloured)
    assert 0 < len(after) < len(before)
    assert _paths(watched, 60) >= 60  # every province still drawn
    assert boundary_fetches == []  # recoloured, not redrawn from a new file
    watched.assert_clean()
