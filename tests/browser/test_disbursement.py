from tests.browser.conftest import Watched, screenshot

PAGE = "/disbursement?year=2025&month=8"


def _allocated(watched: Watched) -> str:
    return watched.page.inner_text("#disb-kpi-allocated")


def test_disbursement_page_loads_clean(watched: Watched) -> None:
    watched.goto(PAGE)
    page = watched.page
    page.wait_for_selector("#disb-graph-scurve .main-svg")
    page.wait_for_selector("#disb-table-provinces")
    assert "tỷ đồng" in _allocated(watched)
    assert "Cách tính" in page.inner_text("#disb-forecast")
    assert "Dữ liệu minh họa" in page.inner_text("body")
    screenshot(watched, "disbursement")
    watched.assert_clean()


def test_a_filter_change_goes_to_the_url_and_survives_reload_and_back(watched: Watched) -> None:
    watched.goto(PAGE)
    page = watched.page
    page.wait_for_selector("#disb-kpi-allocated")
    before = _allocated(watched)
    page.click("#disb-kinds")
    page.get_by_role("option", name="Vốn đầu tư phát triển").click()
    page.wait_for_url("**kinds=investment**")
    page.wait_for_function(
        "before => document.querySelector('#disb-kpi-allocated').innerText !== before", arg=before
    )
    filtered = _allocated(watched)
    page.reload(wait_until="networkidle")
    page.wait_for_selector("#disb-kpi-allocated")
    assert _allocated(watched) == filtered
    assert "Vốn đầu tư phát triển" in page.inner_text("#disb-kinds")
    page.go_back()
    page.wait_for_function(
        "before => document.querySelector('#disb-kpi-allocated')?.innerText === before",
        arg=before,
    )
    assert "kinds=" not in page.url
    watched.assert_clean()
