"""Two app servers (two gunicorn processes on different ports) over one PostgreSQL and one Redis
behave as one site: a session started on one is valid on the other, an import shows on both at
once, and the site pre-warms it once."""

from __future__ import annotations

import http.cookiejar
import json
import re
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from sqlalchemy import Engine

from dashboard import accounts
from dashboard.importer import import_file
from tests.app_fixtures import seed_overview
from tests.callbacks.test_deps import redis_url  # noqa: F401 (a fixture)
from tests.dashboard.import_helpers import write_csv
from tests.dashboard.test_rollups import pg_schema  # noqa: F401 (a fixture)
from tests.server import get, gunicorn, link_geodata

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
SECRET = "one-secret-for-the-whole-site"
NAME, PASSWORD = "lanh-dao", "a long pass phrase for the test"


def version_on(base: str) -> int:
    status, body = get(f"{base}/healthz")
    assert status == 200, body
    return json.loads(body)["data_version"]


def signed_in(base: str) -> urllib.request.OpenerDirector:
    """A browser-like client signed in through ``base``'s login form (its cookie jar inside)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(f"{base}/login", timeout=30) as response:
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode())[1]
    form = urllib.parse.urlencode({"csrf_token": token, "name": NAME, "password": PASSWORD})
    request = urllib.request.Request(f"{base}/login", data=form.encode(), headers={"Origin": base})
    with opener.open(request, timeout=30) as response:
        assert "/login" not in response.geturl()  # redirected to the site: signed in
    return opener


def page_status(opener: urllib.request.OpenerDirector, url: str) -> tuple[int, str]:
    """Status and final URL of a page (a missing session redirects to /login)."""
    with opener.open(url, timeout=30) as response:
        return response.status, response.geturl()


def wait_for(condition, seconds: float = 120) -> bool:  # noqa: ANN001 (a callable)
    """Poll ``condition`` until true: the servers' background work runs on its own clock."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_two_servers_are_one_site(
    pg_schema: Engine,  # noqa: F811 (the fixture)
    redis_url: str,  # noqa: F811 (the fixture)
    tmp_path: Path,
    built_geodata: Path,
) -> None:
    seed_overview(pg_schema)
    accounts.add(pg_schema, NAME, "leader", PASSWORD)
    url = pg_schema.url.render_as_string(hide_password=False)
    env = {"CACHE_URL": redis_url, "SECRET_KEY": SECRET, "PREWARM_SECONDS": "1", "AUTH": "on"}
    for name in ("a", "b"):
        link_geodata(tmp_path / name, built_geodata)
    with (
        gunicorn(url, tmp_path / "a", tmp_path / "a.log", **env) as first,
        gunicorn(url, tmp_path / "b", tmp_path / "b.log", **env) as second,
    ):
        assert version_on(first) == version_on(second) == 3
        browser = signed_in(first)  # a session started on one server ...
        assert page_status(browser, f"{second}/map") == (200, f"{second}/map")  # ... is valid
        anonymous = urllib.request.build_opener()
        assert "/login" in page_status(anonymous, f"{second}/map")[1]  # and needed there
        plan = [["Năm", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"],
                [2025, "00715", "DA4.1", "NSTW", "ĐTPT", 7]]  # fmt: skip
        report = import_file(pg_schema, write_csv(tmp_path / "plan.csv", plan))
        assert report.rows_accepted == 1, report.issues
        assert version_on(first) == version_on(second) == 4  # at once, on both
        client = redis.Redis.from_url(redis_url)
        claims = lambda: client.keys("ntp:prewarm:v4:*")  # noqa: E731 (a local shorthand)
        assert wait_for(lambda: len(claims()) == 1), "nobody pre-warmed version 4"
        assert len(claims()) == 1  # four workers on two servers, one warm
