"""Signing in and out in chromium, and a wall display that enters with its key and rotates
without anyone signing in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import wall_tokens
from dashboard.db import make_engine
from tests.browser.conftest import ACCOUNT, ANALYST, PASSWORD, signed_in


@pytest.fixture
def fresh(chromium, live_server: str) -> Iterator[object]:  # noqa: ANN001
    """A page in a browser context without any session."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_sign_in_then_out(fresh, live_server: str) -> None:  # noqa: ANN001
    page = fresh
    page.goto(f"{live_server}/map?lang=en", wait_until="load")
    assert page.url.startswith(f"{live_server}/login?next=")
    page.fill("#login-name", ACCOUNT)
    page.fill("#login-password", "not the password")
    page.click("#login-submit")
    assert page.locator("#login-error").inner_text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    page.fill("#login-password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(f"{live_server}/map?lang=en")
    account = page.locator(".navbar-account")
    account.wait_for(timeout=30_000)
    assert account.inner_text() == ACCOUNT
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/login?lang=en")
    page.goto(f"{live_server}/", wait_until="load")
    assert page.url.startswith(f"{live_server}/login")


def test_a_wall_display_enters_with_its_key_and_rotates(
    fresh,
    live_server: str,
    tmp_path_factory: pytest.TempPathFactory,  # noqa: ANN001
) -> None:
    database: Path = next(tmp_path_factory.getbasetemp().glob("live*/ntp.db"))
    engine = make_engine(f"sqlite:///{database}")
    _, token = wall_tokens.create(engine, "default", "browser test")
    engine.dispose()
    page = fresh
    page.goto(f"{live_server}/wall?token={token}&seconds=1", wait_until="load")
    assert "token" not in page.url and "playlist=default" in page.url
    seen = set()
    for _ in range(60):  # sampled faster than the rotation, for at most 15 s
        current = page.get_attribute(".wall", "data-current")
        if current:
            seen.add(current)
        if len(seen) >= 2:
            break
        page.wait_for_timeout(250)
    assert len(seen) >= 2
    assert page.locator(".wall-kpi-value").first.text_content()


def test_a_page_whose_session_ended_goes_to_the_sign_in(watched) -> None:  # noqa: ANN001
    page = watched.page
    watched.goto("/?lang=en")
    page.context.clear_cookies()  # as if signed out in another tab, or expired
    page.get_by_role("link", name="Map").click()  # a callback of the page: answered 401
    page.wait_for_url("**/login?next=*", timeout=30_000)
    assert page.locator("#login-name").is_visible()


def test_an_analyst_sees_only_the_granted_province(fresh, live_server: str) -> None:  # noqa: ANN001
    """Cao Bằng's analyst: the tables list Cao Bằng alone, even when the URL asks for others."""
    page = fresh
    signed_in(page.context, live_server, ANALYST)
    page.goto(f"{live_server}/tables?provinces=08,01&lang=en", wait_until="networkidle")
    page.wait_for_selector(".ag-pinned-left-cols-container .ag-row")
    names = page.locator(".ag-pinned-left-cols-container .ag-row").all_inner_texts()
    assert names == ["Tỉnh Cao Bằng"]
    page.goto(f"{live_server}/admin/users", wait_until="load")
    assert "forbidden" in page.content()
