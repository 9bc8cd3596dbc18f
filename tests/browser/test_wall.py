"""The wall display in chromium: it rotates, scales to 1080 and 2160 lines, and survives a
server restart (a stale banner shows, then clears by itself)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.db import make_engine
from dashboard.demo.writer import load_demo
from tests.browser.conftest import SCREENSHOTS, Watched
from tests.server import free_port, gunicorn, link_geodata

PANELS = ("kpis", "map", "lagging", "scurve", "indicators", "province")
QUERY = "panels=kpis,map,lagging,scurve,indicators,province:14"


def _wait_drawn(page) -> None:  # noqa: ANN001 (playwright Page)
    page.wait_for_function(
        "document.querySelectorAll('.wall-panel.has-graph .wall-graph .main-svg').length >= 3",
        timeout=30_000,
    )


def test_the_wall_rotates_through_its_panels(watched: Watched) -> None:
    watched.goto(f"/wall?{QUERY}&seconds=1&lang=en")
    page = watched.page
    assert page.locator(".app-navbar").is_hidden()
    # sample faster than the rotation (sampling at its own pace can alias and miss a panel on
    # a busy machine), for at most three full rounds
    seen = set()
    for _ in range(len(PANELS) * 3 * 4):
        seen.add(page.get_attribute(".wall", "data-current"))
        if seen == set(PANELS):
            break
        page.wait_for_timeout(250)
    assert seen == set(PANELS)
    assert page.locator(".wall-panel.is-active").count() == 1
    assert page.locator("#wall-clock").inner_text()
    assert page.locator("#wall-as-of").inner_text() == "Data as of Oct 2026"
    watched.assert_clean()


@pytest.mark.parametrize(("width", "height", "tag"), [(1920, 1080, "1080"), (3840, 2160, "2160")])
def test_screenshots_of_each_panel(watched: Watched, width: int, height: int, tag: str) -> None:
    page = watched.page
    page.set_viewport_size({"width": width, "height": height})
    watched.goto(f"/wall?{QUERY}&seconds=3600")
    _wait_drawn(page)
    no_scroll = "document.documentElement.scrollHeight <= window.innerHeight"
    assert page.evaluate(no_scroll)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for index, kind in enumerate(PANELS):
        page.evaluate(
            """i => document.querySelectorAll('.wall-panel').forEach((s, n) =>
                   s.classList.toggle('is-active', n === i))""",
            index,
        )
        page.wait_for_timeout(800)  # the fade between panels
        page.screenshot(path=str(SCREENSHOTS / f"wall-{kind}-{tag}.png"))
    title = page.locator(".wall-panel-title").first
    size = float(title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= (36 if tag == "1080" else 72)  # type scales with the screen
    watched.assert_clean()


@pytest.fixture
def small_server(
    seeded_sqlite_file: Path, built_geodata: Path, tmp_path: Path
) -> tuple[str, Path, Path]:
    database = tmp_path / "ntp.db"
    shutil.copy(seeded_sqlite_file, database)
    engine = make_engine(f"sqlite:///{database}")
    load_demo(engine, rows=20_000, seed=1719, as_of=(2026, 10))
    engine.dispose()
    link_geodata(tmp_path / "var", built_geodata)
    return f"sqlite:///{database}", tmp_path / "var", tmp_path


def test_a_restart_shows_then_clears_the_stale_banner(chromium, small_server) -> None:  # noqa: ANN001
    url, var, work = small_server
    port = free_port()
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, bypass_csp=True)
    page = context.new_page()
    banner = page.locator("#wall-stale")
    try:
        with gunicorn(url, var, work / "first.log", port=port) as base:
            page.goto(f"{base}/wall?panels=kpis,lagging&seconds=1&refresh=1", wait_until="load")
            page.wait_for_function("document.querySelector('.wall-kpi-value') !== null")
            # text_content, not inner_text: the panel may be the hidden one of the rotation
            first = page.locator(".wall-kpi-value").first.text_content()
            assert first
            assert banner.is_hidden()
        banner.wait_for(state="visible", timeout=15_000)
        assert "stale since" in banner.inner_text() or "cũ từ" in banner.inner_text()
        assert page.locator(".wall-kpi-value").first.text_content() == first  # last figures stay
        with gunicorn(url, var, work / "second.log", port=port):
            banner.wait_for(state="hidden", timeout=30_000)
            assert page.locator(".wall-kpi-value").first.text_content() == first
    finally:
        context.close()
