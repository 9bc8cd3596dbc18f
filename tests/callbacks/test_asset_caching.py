"""The page's own assets, linked by version, are kept by the browser instead of asked again on
every page load; an address without a version is answered as Flask answers it."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

KEPT = "public, max-age=31536000, immutable"


def answered(client: FlaskClient, url: str) -> tuple[int, str]:
    """Status and Cache-Control of ``url`` (the file the answer holds is closed)."""
    with client.get(url) as answer:
        return answer.status_code, answer.headers.get("Cache-Control", "")


def test_every_versioned_asset_of_a_page_is_kept_for_a_year(client: FlaskClient) -> None:
    page = client.get("/map").get_data(as_text=True)
    linked = re.findall(r'(?:src|href)="(/assets/[^"]+\?m=[^"]+)"', page)
    assert any(url.split("?")[0].endswith(".css") for url in linked)
    assert any(url.split("?")[0].endswith(".js") for url in linked)
    for url in linked:
        assert answered(client, url) == (200, KEPT), url


def test_an_asset_without_a_version_or_a_missing_one_is_not_kept(client: FlaskClient) -> None:
    status, cache = answered(client, "/assets/favicon.svg")
    assert status == 200 and "immutable" not in cache
    status, cache = answered(client, "/assets/no-such-file.js?m=1")
    assert status == 404 and "immutable" not in cache
