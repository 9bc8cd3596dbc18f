"""Each page printed to PDF as a browser prints it: A4 (landscape for the map), without the
navbar and filters, headed by the page's title, its filters in words, data-as-of and source, with
the charts inside the page."""

from __future__ import annotations

import io

import pytest

from tests.browser.conftest import SETTLED, Watched, until

A4 = (595, 842)  # points
CONTENT_WIDTH = {False: 703, True: 1047}  # px inside the margins at 96 dpi: portrait, landscape
PAGES = {
    "/": ("Tổng quan chương trình", "Năm 2026, lũy kế đến tháng 10/2026"),
    "/map": ("Bản đồ giải ngân", "Thước đo: Tỷ lệ giải ngân"),
    "/disbursement": ("Tiến độ giải ngân", "Dự án: Tất cả"),
    "/indicators": ("Các chỉ tiêu mục tiêu", ""),
    "/tables": ("Bảng số liệu theo địa bàn", "Địa giới: Sau sắp xếp (34 tỉnh)"),
}
# the grid draws every row on paper, not only those in view
ALL_ROWS_DRAWN = """() => { const api = dash_ag_grid.getApi('tables-grid');
    return document.querySelectorAll('#tables-grid .ag-center-cols-container [row-index]').length
           === api.getDisplayedRowCount(); }"""


@pytest.mark.parametrize("path", PAGES)
def test_each_page_prints_on_a4_with_its_heading(watched: Watched, path: str) -> None:
    from pypdf import PdfReader

    landscape = path == "/map"
    page = watched.page
    page.set_viewport_size({"width": CONTENT_WIDTH[landscape], "height": 900})
    watched.goto(f"{path}?lang=vi")
    until(watched, SETTLED)
    page.wait_for_timeout(800)  # print.js settles its heading; charts redraw at the new width
    page.emulate_media(media="print")
    assert page.locator(".app-navbar").is_hidden()
    until(
        watched,
        """() => [...document.querySelectorAll('.main-svg')].every(
                            s => s.getBoundingClientRect().right <= window.innerWidth + 1)""",
    )
    if path == "/tables":  # page.pdf() fires no "beforeprint": do what the page does on it
        page.evaluate("() => window.NTPPrint.before()")
        until(watched, ALL_ROWS_DRAWN)
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
    assert sizes == {A4[::-1] if landscape else A4}
    first = pdf.pages[0].extract_text()
    title, filters = PAGES[path]
    assert first.startswith(title)
    assert filters in first
    assert "Số liệu đến tháng 10/2026" in first and "Nguồn: Dữ liệu minh họa" in first
    if path == "/indicators":  # the heading names the selected indicator
        assert first.split("\n")[1] == "Thu nhập bình quân của người dân tộc thiểu số"
    if path == "/tables":  # the last province, far below the first screen
        assert "Cà Mau 96" in "\n".join(p.extract_text() for p in pdf.pages)
    assert "Bộ lọc" not in first and "Bảng số liệu\n" not in first.split(title, 1)[0]
