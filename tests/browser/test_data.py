"""The data page in a browser, signed in as a province's officer and as an administrator: upload a
report, read its review (a rejected row and its reason), commit, see the overview and the tables
change by exactly the accepted total, undo and see them return to the đồng; a file of another
province refused; the progress bar of a large file. Screenshots for the README."""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest

from dashboard import accounts, plotly_bundle
from dashboard.db import make_engine
from tests.app_fixtures import seed_overview
from tests.browser.conftest import (
    SETTLED,
    Watched,
    screenshot,
    serious_violations,
    signed_in,
    until,
)
from tests.server import gunicorn, link_geodata

WAIT = 180_000  # ms: an import, its review or its undo on a loaded machine (a bound, not a target)

PASSWORD = "a long enough passphrase"
HEADER = ["Kỳ báo cáo", "Mã tỉnh", "Tỉnh", "Mã xã", "Xã", "Dự án/tiểu dự án", "Nguồn vốn",
          "Loại vốn", "Giải ngân trong kỳ (triệu đồng)"]  # fmt: skip
# two communes of Hà Giang (now part of Tuyên Quang, 08) and one of Lai Châu (12)
HG = [
    ["03/2025", "02", "Hà Giang", "00715", "Xã Lũng Cú", "DA4.1", "NSTW", "ĐTPT", "500"],
    ["03/2025", "02", "Hà Giang", "00718", "Xã Má Lé", "DA1", "NSTW", "Sự nghiệp", "300"],
]
LC = [["03/2025", "12", "Lai Châu", "03436", "Xã Thu Lũm", "DA4.1", "NSĐP", "ĐTPT", "200"]]
ACCEPTED = 800_000_000  # HG's rows: 500 + 300 triệu đồng
TABLE_TOTAL = "dash_ag_grid.getApi('tables-grid').getPinnedBottomRow(0).data.disbursed"  # fmt: skip


@pytest.fixture(scope="module")
def data_server(
    seeded_sqlite_file: Path, built_geodata: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """gunicorn over real (not demo) figures: 2021-2026 plans and disbursements."""
    work = tmp_path_factory.mktemp("data-live")
    database = work / "ntp.db"
    shutil.copy(seeded_sqlite_file, database)
    engine = make_engine(f"sqlite:///{database}")
    seed_overview(engine)
    accounts.add(engine, "boss", "admin", PASSWORD)
    accounts.add(engine, "tq", "officer", PASSWORD, ["08"])
    engine.dispose()
    link_geodata(work / "var", built_geodata)
    plotly_bundle.build(work / "var")
    with gunicorn(f"sqlite:///{database}", work / "var", work / "gunicorn.log", AUTH="on") as base:
        yield base


def _watched(chromium, base: str, name: str) -> Iterator[Watched]:  # noqa: ANN001
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True,
                                   accept_downloads=True)  # fmt: skip
    signed_in(context, base, name, PASSWORD)
    page = context.new_page()
    watched = Watched(page, base)
    host = urlparse(base).netloc
    page.on("console", lambda msg: msg.type == "error" and watched.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: watched.console_errors.append(str(exc)))

    def foreign(url: str) -> None:
        if urlparse(url).netloc not in (host, "") and not url.startswith("data:"):
            watched.foreign_requests.append(url)

    page.on("request", lambda req: foreign(req.url))
    yield watched
    context.close()


@pytest.fixture
def officer(chromium, data_server: str) -> Iterator[Watched]:  # noqa: ANN001
    yield from _watched(chromium, data_server, "tq")


@pytest.fixture
def admin(chromium, data_server: str) -> Iterator[Watched]:  # noqa: ANN001
    yield from _watched(chromium, data_server, "boss")


def report(folder: Path, name: str, rows: list[list[str]]) -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([HEADER, *rows])
    return path


def send(watched: Watched, path: Path) -> None:
    """Choose ``path`` in the drop zone's file chooser, as a person clicking it would."""
    watched.goto("/data")
    with watched.page.expect_file_chooser() as chooser:
        watched.page.click("#data-drop")
    chooser.value.set_files(str(path))


def reviewed(watched: Watched) -> str:
    watched.page.wait_for_selector("#data-review .data-review-card", timeout=WAIT)
    return watched.page.inner_text("#data-review")


def kpi_disbursed(watched: Watched) -> Decimal:
    """The overview's disbursed figure for 2025 (tỷ đồng, one decimal)."""
    watched.goto("/?year=2025")
    text = watched.page.inner_text("#kpi-disbursed")
    number = re.search(r"\d[\d.]*,\d", text).group(0)
    return Decimal(number.replace(".", "").replace(",", "."))


def exact_disbursed(watched: Watched) -> int:
    """The tables page's total disbursed in 2025, to the đồng (the grid carries exact đồng)."""
    watched.goto("/tables?year=2025&vintage=2024")
    watched.page.wait_for_selector(".ag-floating-bottom .ag-row")
    return int(watched.page.evaluate(TABLE_TOTAL))


def test_an_officer_commits_and_undoes_a_report(officer: Watched, tmp_path: Path) -> None:
    page = officer.page
    before = kpi_disbursed(officer), exact_disbursed(officer)
    send(officer, report(tmp_path, "giai_ngan_T3_2025.csv", [*HG, *LC]))
    text = reviewed(officer)
    assert "3 dòng: 2 được nhận, 1 bị loại" in text
    assert "800.000.000 đồng" in text  # the accepted sum, to the đồng
    page.wait_for_selector("#data-issues-grid .ag-row")
    issues = page.inner_text("#data-issues-grid")
    assert "Lai Châu (12) is outside the provinces granted" in issues and "4" in issues
    page.click("#data-commit")
    page.wait_for_selector(".data-outcome >> text=Đã ghi lần nhập", timeout=WAIT)
    assert kpi_disbursed(officer) - before[0] == Decimal("0.8")
    assert exact_disbursed(officer) - before[1] == ACCEPTED

    officer.goto("/data?tab=history")
    page.locator("#data-history-grid .ag-row", has_text="giai_ngan_T3_2025.csv").first.click()
    page.click("#data-undo")
    page.wait_for_selector("#data-undo-text >> text=sẽ bị xóa")
    assert "Tuyên Quang: -800.000.000 đồng" in page.inner_text("#data-undo-text")
    page.click("#data-undo-confirm")
    page.wait_for_selector("#data-history-msg >> text=Đã hoàn tác", timeout=WAIT)
    assert (kpi_disbursed(officer), exact_disbursed(officer)) == before
    officer.assert_clean()


def test_an_officers_file_of_another_province_is_refused(officer: Watched, tmp_path: Path) -> None:
    send(officer, report(tmp_path, "lai_chau.csv", LC))
    text = reviewed(officer)
    assert "1 dòng: 0 được nhận, 1 bị loại" in text
    assert "Không có dòng nào được nhận" in text
    assert officer.page.is_disabled("#data-commit")
    officer.assert_clean()


def test_an_administrator_reviews_commits_and_undoes(admin: Watched, tmp_path: Path) -> None:
    page = admin.page
    before = exact_disbursed(admin)
    bad = [["04/2025", "02", "Hà Giang", "00715", "Xã Lũng Cú", "DA4.1", "NSTW", "ĐTPT", "abc"]]
    send(admin, report(tmp_path, "bao_cao_T4.csv", [*[["04/2025", *r[1:]] for r in HG], *bad]))
    text = reviewed(admin)
    assert "3 dòng: 2 được nhận, 1 bị loại" in text and "800.000.000 đồng" in text
    page.wait_for_selector("#data-issues-grid .ag-row")
    screenshot(admin, "data")
    with page.expect_download() as download:
        page.click("#data-issues-csv")
    assert "abc" in Path(download.value.path()).read_text(encoding="utf-8-sig")
    page.click("#data-commit")
    page.wait_for_selector(".data-outcome >> text=Đã ghi lần nhập", timeout=WAIT)
    assert exact_disbursed(admin) - before == ACCEPTED
    admin.goto("/data?tab=history")
    page.locator("#data-history-grid .ag-row", has_text="bao_cao_T4.csv").first.click()
    screenshot(admin, "data-history")
    page.click("#data-undo")
    page.wait_for_selector("#data-undo-text >> text=sẽ bị xóa")
    page.click("#data-undo-confirm")
    page.wait_for_selector("#data-history-msg >> text=Đã hoàn tác", timeout=WAIT)
    assert exact_disbursed(admin) == before
    admin.assert_clean()


def test_a_large_file_shows_the_progress_bar_and_can_be_cancelled(
    admin: Watched, tmp_path: Path
) -> None:
    rows = [[f"{m:02d}/2025", *row[1:]] for m in range(1, 13) for row in HG] * 4000
    send(admin, report(tmp_path, "lon.csv", rows))
    page = admin.page
    page.wait_for_selector("#data-job-bar", state="visible", timeout=WAIT)
    page.wait_for_selector("#data-job-text >> text=Đang đọc và kiểm tra lon.csv")
    page.click("#data-cancel")
    page.wait_for_selector("#data-job-bar", state="hidden", timeout=WAIT)
    admin.assert_clean()


@pytest.mark.parametrize("tab", ["upload", "history", "templates", "reporting"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_serious_accessibility_violation_on_the_data_page(
    admin: Watched, tab: str, lang: str
) -> None:
    admin.goto(f"/data?tab={tab}&lang={lang}")
    until(admin, SETTLED)
    admin.page.wait_for_timeout(500)  # the last callbacks draw the tab's grid or map
    assert serious_violations(admin) == []


def test_the_tabs_are_links_the_keyboard_reaches(admin: Watched) -> None:
    admin.goto("/data?lang=en")
    until(admin, SETTLED)
    history = admin.page.get_by_role("link", name="Import history")
    history.focus()
    admin.page.keyboard.press("Enter")
    admin.page.wait_for_url("**tab=history**")
    until(admin, "() => document.querySelector('[data-tab=history] .ag-root') !== null")
    assert admin.page.locator("#data-drop").count() == 0
