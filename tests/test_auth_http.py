"""Signing in, over HTTP against gunicorn on 127.0.0.1 (AUTH=on, two workers, real sessions):
what an anonymous request, a cross-site POST, a disabled account, a wall display key and a
province analyst get."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import Engine

from dashboard import accounts, wall_tokens
from tests.app_fixtures import BN, add_disbursements, add_plans, seed_overview
from tests.server import gunicorn, link_geodata

PASSWORD = "a long enough passphrase"
OTHERS = ("Tuyên Quang", "Hà Giang")  # provinces 08 (2025) and 02 (2024) hold seeded money
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@dataclass
class Site:
    base: str
    engine: Engine

    def session(self) -> requests.Session:
        return requests.Session()

    def login(self, name: str, password: str = PASSWORD) -> requests.Session:
        browser = requests.Session()
        response = sign_in(browser, self.base, name, password)
        assert response.status_code == 302, response.text
        return browser


def csrf_token(browser: requests.Session, base: str) -> str:
    page = browser.get(f"{base}/login", timeout=10).text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(browser: requests.Session, base: str, name: str, password: str) -> requests.Response:
    token = csrf_token(browser, base)
    form = {"name": name, "password": password, "csrf_token": token, "next": "/"}
    return browser.post(f"{base}/login", data=form, headers={"Origin": base},
                        allow_redirects=False, timeout=10)  # fmt: skip


def routing(path: str, search: str = "") -> dict:
    """The body of Dash's page-routing callback for ``path``."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": ["_pages_location.pathname"],
    }  # fmt: skip


def dispatch(browser: requests.Session, base: str, body: dict, origin: str | None = None):  # noqa: ANN201
    headers = {"Origin": origin or base}
    return browser.post(f"{base}/_dash-update-component", json=body, headers=headers, timeout=30)


@pytest.fixture(scope="module")
def site(seeded_sqlite_file: Path, built_geodata: Path, tmp_path_factory) -> Iterator[Site]:  # noqa: ANN001
    import shutil

    from dashboard.db import make_engine

    work = tmp_path_factory.mktemp("auth-http")
    shutil.copy(seeded_sqlite_file, work / "ntp.db")
    url = f"sqlite:///{work / 'ntp.db'}"
    engine = make_engine(url)
    seed_overview(engine)
    new = {"vintage": 2025, "unit_code": "01273", "province_code": "04"}  # Cao Bằng's own money
    add_plans(engine, [dict(year=2026, amount_vnd=700 * BN + 11, **new)])
    add_disbursements(engine, [dict(year=2026, month=m, amount_vnd=3 * BN, **new) for m in (1, 2)])
    accounts.add(engine, "boss", "admin", PASSWORD)
    accounts.add(engine, "ana", "analyst", PASSWORD, ["04"])
    link_geodata(work / "var", built_geodata)
    with gunicorn(url, work / "var", work / "gunicorn.log", AUTH="on") as base:
        yield Site(base, engine)
    engine.dispose()


class TestAnonymous:
    def test_a_page_redirects_to_the_sign_in(self, site: Site) -> None:
        response = requests.get(f"{site.base}/map?year=2026", allow_redirects=False, timeout=10)
        assert response.status_code == 302
        assert response.headers["Location"] == "/login?next=%2Fmap%3Fyear%3D2026"

    @pytest.mark.parametrize("path", ["/_dash-layout", "/_dash-dependencies", "/wall/data",
                                      "/admin/users", "/admin/audit.csv"])  # fmt: skip
    def test_callbacks_and_data_routes_answer_401(self, site: Site, path: str) -> None:
        assert requests.get(f"{site.base}{path}", timeout=10).status_code == 401

    def test_a_callback_answers_401(self, site: Site) -> None:
        response = dispatch(requests.Session(), site.base, routing("/"))
        assert response.status_code == 401 and "Tổng quan" not in response.text

    @pytest.mark.parametrize("path", ["/healthz", "/login", "/assets/theme.css",
                                      "/vendor/bootstrap.min.css"])  # fmt: skip
    def test_public_routes(self, site: Site, path: str) -> None:
        assert requests.get(f"{site.base}{path}", timeout=10).status_code == 200


class TestSignIn:
    def test_signed_in_pages_and_callbacks_answer(self, site: Site) -> None:
        browser = site.login("boss")
        assert browser.get(f"{site.base}/map", timeout=10).status_code == 200
        assert dispatch(browser, site.base, routing("/")).status_code == 200

    def test_the_session_cookie_is_httponly_and_lax(self, site: Site) -> None:
        response = sign_in(requests.Session(), site.base, "boss", PASSWORD)
        set_cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie

    def test_unknown_name_and_wrong_password_get_the_same_answer(self, site: Site) -> None:
        wrong = sign_in(requests.Session(), site.base, "boss", "not the password")
        unknown = sign_in(requests.Session(), site.base, "nobody-here", "not the password")
        assert wrong.status_code == unknown.status_code == 401
        assert (
            re.search(r'id="login-error">([^<]*)<', wrong.text)[1]
            == re.search(r'id="login-error">([^<]*)<', unknown.text)[1]
        )

    def test_sign_out_ends_the_session(self, site: Site) -> None:
        browser = site.login("boss")
        token = csrf_token(browser, site.base)  # the session's token, as the navbar's form has it
        form, origin = {"csrf_token": token}, {"Origin": site.base}
        out = browser.post(f"{site.base}/logout", data=form, headers=origin, allow_redirects=False)
        assert out.status_code == 302
        assert browser.get(f"{site.base}/_dash-layout", timeout=10).status_code == 401

    def test_a_disabled_account_is_cut_off_at_its_next_request(self, site: Site) -> None:
        accounts.add(site.engine, "temp", "leader", PASSWORD)
        browser = site.login("temp")
        assert browser.get(f"{site.base}/_dash-layout", timeout=10).status_code == 200
        accounts.set_disabled(site.engine, "temp", True)
        assert browser.get(f"{site.base}/_dash-layout", timeout=10).status_code == 401
        assert dispatch(browser, site.base, routing("/")).status_code == 401


class TestCrossSite:
    def test_a_cross_site_callback_post_is_refused(self, site: Site) -> None:
        browser = site.login("boss")
        response = dispatch(browser, site.base, routing("/"), origin="https://evil.example")
        assert response.status_code == 403

    def test_a_callback_post_without_origin_or_referer_is_refused(self, site: Site) -> None:
        browser = site.login("boss")
        browser.get(f"{site.base}/", timeout=10)
        response = browser.post(f"{site.base}/_dash-update-component", json=routing("/"),
                                timeout=10)  # fmt: skip
        assert response.status_code == 403

    def test_a_form_post_without_its_csrf_token_is_refused(self, site: Site) -> None:
        browser = site.login("boss")
        form = {"name": "mallory", "role": "admin", "password": PASSWORD}
        response = browser.post(f"{site.base}/admin/users/add", data=form,
                                headers={"Origin": site.base}, timeout=10)  # fmt: skip
        assert response.status_code == 400
        assert not accounts.exists(site.engine, "mallory")


class TestRoles:
    def test_the_admin_page_is_refused_to_an_analyst(self, site: Site) -> None:
        browser = site.login("ana")
        assert browser.get(f"{site.base}/admin/users", timeout=10).status_code == 403
        assert browser.get(f"{site.base}/admin/audit.csv", timeout=10).status_code == 403

    def test_an_admin_adds_an_account_and_reads_the_audit_log(self, site: Site) -> None:
        browser = site.login("boss")
        page = browser.get(f"{site.base}/admin/users", timeout=10).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = {"name": "newbie", "role": "analyst", "provinces": "08", "csrf_token": token}
        added = browser.post(f"{site.base}/admin/users/add", data=form,
                             headers={"Origin": site.base}, timeout=10)  # fmt: skip
        assert added.status_code == 200 and "newbie" in added.text
        password = re.search(r"\): (\S+)</div>", added.text).group(1)
        assert accounts.authenticate(site.engine, "newbie", password).provinces == ("08",)
        log = browser.get(f"{site.base}/admin/audit.csv", timeout=10).content.decode("utf-8")
        assert "account_add" in log and "newbie" in log and password not in log


class TestAnalystOfCaoBang:
    """Crafted requests of an analyst granted Cao Bằng (04) for Tuyên Quang (08, with Hà Giang)."""

    @pytest.mark.parametrize("path", ["/", "/tables", "/disbursement", "/indicators", "/map"])
    def test_pages_asked_for_another_province_show_none_of_it(self, site: Site, path: str) -> None:
        browser = site.login("ana")
        search = "?year=2026&province=08&province=02&vintage=2024"
        answer = dispatch(browser, site.base, routing(path, search))
        assert answer.status_code == 200
        assert not [name for name in OTHERS if name in answer.text]

    @pytest.mark.parametrize("path", ["/", "/map"])
    def test_the_same_request_of_an_admin_shows_it(self, site: Site, path: str) -> None:
        search = "?year=2026&province=08&province=02&vintage=2024"
        answer = dispatch(site.login("boss"), site.base, routing(path, search))
        assert [name for name in OTHERS if name in answer.text]

    def test_wall_data_of_another_province_is_empty(self, site: Site) -> None:
        browser = site.login("ana")
        answer = browser.get(f"{site.base}/wall/data?panels=province:08,kpis,lagging", timeout=30)
        assert answer.status_code == 200
        assert not [name for name in OTHERS if name in answer.text]

    def test_the_overview_shows_its_own_province(self, site: Site) -> None:
        answer = dispatch(site.login("ana"), site.base, routing("/", "?year=2026&lang=en"))
        assert "Cao Bằng" in answer.text and "Total of your provinces (1)" in answer.text


class TestWallKey:
    def test_a_key_opens_its_playlist_and_nothing_else(self, site: Site) -> None:
        _, token = wall_tokens.create(site.engine, "default", "hall")
        kiosk = requests.Session()
        entered = kiosk.get(f"{site.base}/wall?token={token}&playlist=investment",
                            allow_redirects=False, timeout=10)  # fmt: skip
        assert entered.status_code == 302
        assert "token" not in entered.headers["Location"]
        assert "playlist=default" in entered.headers["Location"]
        assert kiosk.get(f"{site.base}/wall?playlist=default", timeout=10).status_code == 200
        assert kiosk.get(f"{site.base}/map", timeout=10).status_code == 403
        assert kiosk.get(f"{site.base}/admin/users", timeout=10).status_code == 403
        assert dispatch(kiosk, site.base, routing("/wall")).status_code == 200
        assert dispatch(kiosk, site.base, routing("/tables")).status_code == 403

    def test_a_revoked_key_ends_the_display(self, site: Site) -> None:
        token_id, token = wall_tokens.create(site.engine, "default")
        kiosk = requests.Session()
        kiosk.get(f"{site.base}/wall?token={token}", timeout=10)
        assert kiosk.get(f"{site.base}/_dash-layout", timeout=10).status_code == 200
        wall_tokens.revoke(site.engine, token_id)
        assert kiosk.get(f"{site.base}/_dash-layout", timeout=10).status_code == 401
        assert kiosk.get(f"{site.base}/wall?token={token}", timeout=10).status_code == 403

    def test_an_unknown_key_is_refused(self, site: Site) -> None:
        response = requests.get(f"{site.base}/wall?token=guessed", timeout=10)
        assert response.status_code == 403


class TestThrottling:
    def test_failures_are_refused_after_five_per_worker(self, site: Site) -> None:
        accounts.add(site.engine, "target", "leader", PASSWORD)
        browser = requests.Session()
        codes = [sign_in(browser, site.base, "target", "wrong").status_code for _ in range(11)]
        # two workers keep their counters in memory (Redis shares them, see below): 11 attempts
        # give one worker a sixth, which is refused
        assert 429 in codes and codes.count(401) <= 10


@pytest.mark.redis
def test_throttling_shared_in_redis(
    seeded_sqlite_file: Path, built_geodata: Path, tmp_path: Path
) -> None:
    """With CACHE_URL the counters are in Redis: exactly 5 failures, then 429 from any worker,
    for the right password too; the same account from elsewhere is refused as well."""
    import shutil

    import redis

    from dashboard.db import make_engine

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis not reachable at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    shutil.copy(seeded_sqlite_file, tmp_path / "ntp.db")
    url = f"sqlite:///{tmp_path / 'ntp.db'}"
    engine = make_engine(url)
    accounts.add(engine, "target", "leader", PASSWORD)
    link_geodata(tmp_path / "var", built_geodata)
    with gunicorn(
        url, tmp_path / "var", tmp_path / "g.log", AUTH="on", CACHE_URL=REDIS_URL
    ) as base:
        codes = [sign_in(requests.Session(), base, "target", "wrong").status_code for _ in range(6)]
        assert codes == [401] * 5 + [429]
        assert sign_in(requests.Session(), base, "target", PASSWORD).status_code == 429
        other = sign_in(requests.Session(), base, "someone-else", "wrong")
        assert other.status_code == 429  # the address is throttled too
        health = json.loads(requests.get(f"{base}/healthz", timeout=10).text)
        assert health["database"] is True
    engine.dispose()


@pytest.mark.postgres
def test_sessions_on_postgresql(pg_url: str, pg_engine: Engine, built_geodata: Path,
                                tmp_path: Path) -> None:  # fmt: skip
    """The same sessions over PostgreSQL: sign in, read, be cut off when disabled."""
    accounts.add(pg_engine, "pg-lead", "leader", PASSWORD)
    link_geodata(tmp_path / "var", built_geodata)
    with gunicorn(pg_url, tmp_path / "var", tmp_path / "g.log", AUTH="on") as base:
        browser = Site(base, pg_engine).login("pg-lead")
        assert browser.get(f"{base}/_dash-layout", timeout=10).status_code == 200
        accounts.set_disabled(pg_engine, "pg-lead", True)
        assert browser.get(f"{base}/_dash-layout", timeout=10).status_code == 401
