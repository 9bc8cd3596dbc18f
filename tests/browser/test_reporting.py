"""The reporting view (/data, tab "Reporting") in a browser: the demo's provinces that have not
sent October 2026 are marked "not reported" in the grid and on the map of that month."""

from tests.browser.conftest import Watched, screenshot


def test_the_reporting_view_marks_a_province_without_reports(watched: Watched) -> None:
    watched.goto("/data?tab=reporting&lang=en")
    page = watched.page
    page.wait_for_selector("#reporting-grid tbody tr", timeout=120_000)  # a loaded machine
    page.wait_for_selector("#graph-reporting-map path.choroplethlocation", timeout=120_000)
    header = page.locator("#reporting-grid thead th").all_inner_texts()
    october = header.index("Oct")  # the column of October (the province's name is column 0)
    missing = page.locator(
        f"#reporting-grid tbody tr:has(td:nth-child({october + 1})[data-status='missing'])"
    )
    assert missing.count() >= 1  # the demo holds three provinces that have not sent October
    row = missing.first
    cell = row.locator(f"td:nth-child({october + 1})")
    assert cell.get_attribute("title") == "Not reported"
    assert "Not reported" in cell.inner_text()  # said in words, not by colour alone
    assert int(row.locator("td.num").first.inner_text()) >= 1  # months not reported
    # the map shows the latest month due: October (November is due by 10 December)
    assert "Reporting for Oct 2026" in page.inner_text("body")
    screenshot(watched, "reporting")
    watched.assert_clean()
