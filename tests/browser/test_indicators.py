from tests.browser.conftest import Watched, screenshot

MAP_DRAWN = (
    "#graph-indicator-map path.choroplethlocation"  # drawn only once plotly has its topojson
)


def test_indicators_page_loads_clean_with_its_map(watched: Watched) -> None:
    watched.goto("/indicators?indicator=EM_POVERTY")
    page = watched.page
    page.wait_for_selector("#indicator-card-EM_POVERTY")
    page.wait_for_selector(MAP_DRAWN)
    page.wait_for_selector("#graph-indicator-ranking .bars path")
    assert "Dữ liệu minh họa" in page.inner_text("body")
    assert "Đã đạt" in page.inner_text("#indicator-card-EM_POVERTY")
    screenshot(watched, "indicators")
    watched.assert_clean()  # no console error, no request to another host (e.g. cdn.plot.ly)


def test_selection_lives_in_the_url(watched: Watched) -> None:
    watched.goto("/indicators?lang=en")
    page = watched.page
    page.click("#indicator-card-LITERACY a")
    page.wait_for_url("**indicator=LITERACY**")
    page.wait_for_function(
        "document.querySelector('#indicator-detail h2').innerText.includes('read and write')"
    )
    page.click("#indicator-years >> text=2023")
    page.wait_for_url("**year=2023**")
    page.wait_for_function("document.body.innerText.includes('best to worst, 2023')")
    page.reload(wait_until="networkidle")
    page.wait_for_selector(MAP_DRAWN)
    assert "read and write" in page.inner_text("#indicator-detail h2")
    assert page.inner_text("#indicator-years .active") == "2023"
    page.go_back()
    page.wait_for_function("!location.search.includes('year=2023')")
    watched.assert_clean()
