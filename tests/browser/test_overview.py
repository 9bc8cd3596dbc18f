from tests.browser.conftest import Watched, screenshot


def test_overview_shows_the_national_figures(watched: Watched) -> None:
    watched.goto("/")
    page = watched.page
    page.wait_for_selector("#kpi-allocated")
    assert "tỷ đồng" in page.inner_text("#kpi-allocated")
    assert "Dữ liệu minh họa" in page.inner_text("body")
    # the province map: 34 post-reform provinces drawn from the boundary file fetched by URL
    page.wait_for_function(
        "document.querySelectorAll('#graph-province-map path.choroplethlocation').length >= 34"
    )
    screenshot(watched, "overview")
    watched.assert_clean()


def test_language_switch_keeps_the_page_in_english(watched: Watched) -> None:
    watched.goto("/?lang=en")
    page = watched.page
    page.wait_for_selector("#kpi-allocated")
    page.wait_for_function("document.body.innerText.includes('Demo data')")
    assert "billion VND" in page.inner_text("#kpi-allocated")
    page.reload(wait_until="networkidle")
    assert "billion VND" in page.inner_text("#kpi-allocated")
    watched.assert_clean()
