"""Browser tests: Playwright drives Debian's chromium (/usr/bin/chromium, never a downloaded
build) against gunicorn on 127.0.0.1 over a demo database. Screenshots go to docs/screenshots/,
which the README shows."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from dashboard import accounts, plotly_bundle
from dashboard.db import make_engine
from dashboard.demo.writer import load_demo
from tests.server import gunicorn, link_geodata

CHROMIUM = Path("/usr/bin/chromium")
# the account the browser tests sign in with (the live server requires a sign-in)
ACCOUNT, PASSWORD = "browser", "kiosk and pages passphrase"
ANALYST = "analyst-04"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() == "true"
# the flags a sandboxed, offline headless chromium needs here
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]  # fmt: skip


def _unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def chromium():  # noqa: ANN201 (playwright Browser)
    reason = _unavailable()
    if reason:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(
    seeded_sqlite_file: Path, built_geodata: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """gunicorn over a demo database (150,000 disbursement rows, data as of October 2026)."""
    work = tmp_path_factory.mktemp("live")
    database = work / "ntp.db"
    shutil.copy(seeded_sqlite_file, database)
    engine = make_engine(f"sqlite:///{database}")
    load_demo(engine, rows=150_000, seed=1719, as_of=(2026, 10))
    accounts.add(engine, ACCOUNT, "admin", PASSWORD)
    accounts.add(engine, ANALYST, "analyst", PASSWORD, ["04"])  # Cao Bằng only
    engine.dispose()
    link_geodata(work / "var", built_geodata)
    plotly_bundle.build(work / "var")  # the partial plotly.js, as set-up builds it (when it can)
    plotly_bundle.build_runtime(work / "var")  # and the runtime in place of Dash's polyfill
    log = work / "gunicorn.log"
    with gunicorn(f"sqlite:///{database}", work / "var", log, AUTH="on") as base:
        yield base


def signed_in(context, base: str, name: str = ACCOUNT, password: str = PASSWORD) -> None:  # noqa: ANN001
    """Give a browser context the session of ``name``, signed in through the real form."""
    import re

    import requests

    session = requests.Session()
    page = session.get(f"{base}/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = {"name": name, "password": password, "csrf_token": token}
    answer = session.post(
        f"{base}/login", data=form, headers={"Origin": base}, allow_redirects=False
    )
    assert answer.status_code == 302, answer.text
    cookie = session.cookies.get("ntp_session")
    context.add_cookies([{"name": "ntp_session", "value": cookie, "url": base}])


@dataclass
class Watched:
    """A page with what it logged and fetched: console errors and requests to other hosts."""

    page: object
    base: str
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path, wait_until="networkidle")

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.foreign_requests == []


@pytest.fixture
def watched(chromium, live_server: str) -> Iterator[Watched]:  # noqa: ANN001
    # the tests evaluate expressions in the page (wait_for_function), which the site's
    # Content-Security-Policy forbids; test_csp.py loads every page under the policy
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    signed_in(context, live_server)
    page = context.new_page()
    watched = Watched(page, live_server)
    host = urlparse(live_server).netloc
    page.on("console", lambda msg: msg.type == "error" and watched.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: watched.console_errors.append(str(exc)))
    page.on(
        "request",
        lambda req: (
            urlparse(req.url).netloc not in (host, "")
            and not req.url.startswith("data:")
            and watched.foreign_requests.append(req.url)
        ),
    )
    yield watched
    context.close()


def screenshot(watched: Watched, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    watched.page.screenshot(path=str(path), full_page=True)
    return path


# a page has settled when Dash shows no loading state
SETTLED = "() => document.querySelectorAll('._dash-loading, .dash-spinner').length === 0"


def until(watched: Watched, script: str, tries: int = 100) -> None:
    """Waits until ``script`` (a function) returns true, polling with ``evaluate``: the page's
    content security policy forbids the string evaluation ``wait_for_function`` relies on."""
    for _ in range(tries):
        if watched.page.evaluate(script):
            return
        watched.page.wait_for_timeout(200)
    raise AssertionError(f"never true: {script}")


def serious_violations(watched: Watched) -> list[str]:
    """The page's serious and critical axe-core violations, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(watched.page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
