"""Every page works under the site's Content-Security-Policy (no 'unsafe-eval', no inline
script but Dash's hashed ones): loaded without the tests' bypass, each draws its content and the
browser reports no violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import signed_in

PAGES = ("/", "/map", "/disbursement", "/indicators", "/tables", "/wall?panels=kpis,map,scurve",
         "/data?tab=history")  # fmt: skip


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_the_page_works_under_the_policy(chromium, live_server: str, path: str) -> None:  # noqa: ANN001
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    signed_in(context, live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        response = page.goto(live_server + path, wait_until="networkidle")
        assert "'unsafe-eval'" not in response.headers["content-security-policy"]
        page.locator(".js-plotly-plot, .ag-root, .wall-panel").first.wait_for(timeout=30_000)
    finally:
        context.close()
    assert [e for e in errors if "Content Security Policy" in e] == []
    assert errors == []
