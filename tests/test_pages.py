"""The registry of pages (callbacks/pages.py) agrees with the code and with the server: every page
package is registered, and over HTTP against gunicorn (AUTH=on, real sessions) each role's navbar
lists exactly the pages the registry opens to it, and each page (its URL and the Dash callback
that renders it) is served to its roles and refused (403) to every other."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import dash
import pytest
import requests
from sqlalchemy import Engine

from callbacks import auth, pages
from callbacks.pages import PAGES, Page, page_of
from dashboard import accounts, wall_tokens
from dashboard.access import ADMIN, ANALYST, LEADER, OFFICER, ROLES, WALL
from dashboard.i18n import t
from tests.app_fixtures import dash_registries, make_settings
from tests.server import gunicorn, link_geodata
from tests.test_auth_http import PASSWORD, dispatch, routing, sign_in

__all__ = ["dash_registries"]
ROOT = Path(__file__).resolve().parent.parent
# Routes of the server that are neither public, shared nor a page's: Flask's empty static folder,
# Dash's development reload check, and Dash's index for every path (a page's, checked as one).
UNOWNED_ROUTES = {"/static/<path:filename>", "/_reload-hash", "/<path:path>"}
VIEWERS = (*ROLES, WALL)


def package_dirs() -> set[str]:
    return {f"callbacks.{path.parent.name}" for path in (ROOT / "callbacks").glob("*/__init__.py")}


class TestRegistry:
    def test_every_page_package_is_in_the_registry_and_back(self) -> None:
        assert package_dirs() == {page.package for page in PAGES}

    def test_every_page_package_registers(self) -> None:
        for page in PAGES:
            assert callable(importlib.import_module(page.package).register), page.package

    def test_keys_paths_and_labels_are_unique_and_known(self) -> None:
        assert len({page.key for page in PAGES}) == len({page.path for page in PAGES}) == len(PAGES)
        for page in PAGES:
            assert t(page.label, "vi") != page.label and page.path.startswith("/")
            assert page.roles <= {*ROLES, WALL}

    @pytest.mark.parametrize(
        ("path", "key"),
        [("/", "overview"), ("", "overview"), ("/map", "map"), ("/map/", "map"), ("//map", "map"),
         ("/wall/data", "wall"), ("/admin/users", "admin"), ("/admin/audit.csv", "admin"),
         ("/mapping", None), ("/_dash-layout", None), ("/geo/x/y.json", None)],
    )  # fmt: skip
    def test_a_path_belongs_to_the_page_owning_it(self, path: str, key: str | None) -> None:
        page = page_of(path)
        assert (page.key if page else None) == key

    def test_the_roles_today(self) -> None:
        navbar = {role: [page.path for page in pages.menu(role, "pages")] for role in VIEWERS}
        five = ["/", "/map", "/disbursement", "/indicators", "/tables"]
        importing = [*five, "/data"]
        assert navbar == {ADMIN: importing, LEADER: five, ANALYST: five, OFFICER: importing,
                          WALL: []}  # fmt: skip
        assert [page.path for page in pages.menu(ADMIN, "account")] == ["/admin/users"]
        assert [page.path for page in pages.menu(LEADER, "account")] == []
        assert pages.kiosk_paths() == ("/wall",)

    def test_the_registry_and_the_served_routes_agree(
        self, engine: Engine, tmp_path: Path, dash_registries: None
    ) -> None:
        from app import create_app

        server = create_app(make_settings(tmp_path), engine).server
        dash_paths = {page["path"] for page in dash.page_registry.values()}
        for path in dash_paths:  # a Dash page outside the registry would be open to every account
            assert getattr(page_of(path), "path", None) == path
        rules = {rule.rule: rule.endpoint for rule in server.url_map.iter_rules()}
        for page in PAGES:  # a Dash page or a route of the server
            assert page.path in dash_paths or page.path in rules, page.key
        unowned = {
            rule
            for rule, endpoint in rules.items()
            if page_of(rule) is None
            and endpoint not in auth.PUBLIC_ENDPOINTS
            and not endpoint.startswith(tuple(f"{name}." for name in auth.PUBLIC_BLUEPRINTS))
            and rule not in auth.SHARED_PATHS
            and not rule.startswith(auth.SHARED_PREFIXES)
        }
        assert unowned == UNOWNED_ROUTES  # a new route: under a page's URLs, or decide here

    def test_a_new_page_is_one_entry(self, monkeypatch: pytest.MonkeyPatch) -> None:
        new = Page("reports", "/reports", "nav.tables", frozenset({OFFICER, ADMIN}), "x.reports")
        monkeypatch.setattr(pages, "PAGES", (*PAGES, new))
        assert [page.key for page in pages.menu(OFFICER, "pages")][-1] == "reports"
        assert "reports" not in [page.key for page in pages.menu(LEADER, "pages")]
        assert "reports" not in [page.key for page in pages.menu(None, "pages")]
        assert not pages.may_open(LEADER, "/reports/") and pages.may_open(OFFICER, "/reports")


@pytest.fixture(scope="module")
def site(seeded_sqlite_file: Path, built_geodata: Path, tmp_path_factory) -> Iterator[str]:  # noqa: ANN001
    from dashboard.db import make_engine

    work = tmp_path_factory.mktemp("pages-http")
    shutil.copy(seeded_sqlite_file, work / "ntp.db")
    url = f"sqlite:///{work / 'ntp.db'}"
    engine = make_engine(url)
    for role in ROLES:
        grants = ["04"] if role in (ANALYST, OFFICER) else []
        accounts.add(engine, f"a-{role}", role, PASSWORD, grants)
    _, token = wall_tokens.create(engine, "default", "hall")
    link_geodata(work / "var", built_geodata)
    with gunicorn(url, work / "var", work / "gunicorn.log", AUTH="on") as base:
        yield base, token
    engine.dispose()


@pytest.fixture(scope="module")
def browsers(site: tuple[str, str]) -> dict[str, requests.Session]:
    """A signed-in session per role, and a wall display's."""
    base, token = site
    sessions = {}
    for role in ROLES:
        browser = requests.Session()
        assert sign_in(browser, base, f"a-{role}", PASSWORD).status_code == 302
        sessions[role] = browser
    kiosk = requests.Session()
    entered = kiosk.get(f"{base}/wall?token={token}", allow_redirects=False, timeout=10)
    assert entered.status_code == 302
    sessions[WALL] = kiosk
    return sessions


def navbar_call(path: str) -> dict:
    return {
        "output": "..navbar-body.children...html-lang.data..",
        "outputs": [{"id": "navbar-body", "property": "children"},
                    {"id": "html-lang", "property": "data"}],
        "inputs": [{"id": "url", "property": "pathname", "value": path},
                   {"id": "url", "property": "search", "value": ""}],
        "changedPropIds": ["url.pathname"],
    }  # fmt: skip


def links(node: object, area: str, found: dict[str, list[str]]) -> None:
    """The NavLinks' paths under ``node``, by the aria-label of their html.Nav ("account" for
    the links outside one)."""
    if isinstance(node, list):
        for child in node:
            links(child, area, found)
        return
    if not isinstance(node, dict):
        return
    props = node.get("props", {})
    if node.get("type") == "Nav" and node.get("namespace") == "dash_html_components":
        area = props.get("aria-label", area)
    if node.get("type") == "NavLink":
        found.setdefault(area, []).append(urlsplit(props["href"]).path)
    links(props.get("children"), area, found)


@pytest.mark.parametrize("role", VIEWERS)
def test_the_navbar_lists_the_pages_the_role_opens(
    site: tuple[str, str], browsers: dict[str, requests.Session], role: str
) -> None:
    base, _ = site
    answer = dispatch(browsers[role], base, navbar_call("/wall"))
    assert answer.status_code == 200, answer.text
    found: dict[str, list[str]] = {}
    links(answer.json()["response"]["navbar-body"]["children"], "account", found)
    opened = [page.path for page in PAGES if role in page.roles and page.navbar == "pages"]
    assert found.get(t("nav.main", "vi"), []) == opened
    account = [page.path for page in PAGES if role in page.roles and page.navbar == "account"]
    assert found.get("account", []) == (account if role != WALL else [])
    if role == ADMIN:
        assert account == ["/admin/users"]


@pytest.mark.parametrize("role", VIEWERS)
@pytest.mark.parametrize("page", PAGES, ids=[page.key for page in PAGES])
def test_a_page_is_served_to_its_roles_only(
    site: tuple[str, str], browsers: dict[str, requests.Session], role: str, page: Page
) -> None:
    base, _ = site
    browser = browsers[role]
    expected = 200 if role in page.roles else 403
    got = browser.get(f"{base}{page.path}", allow_redirects=False, timeout=30)
    assert got.status_code == expected, got.text[:200]
    for path in (page.path, page.path.rstrip("/") + "//"):  # Dash ignores the outer slashes
        answer = dispatch(browser, base, routing(path))
        assert answer.status_code == expected, (path, answer.text[:200])
    navbar = dispatch(browser, base, navbar_call(page.path))
    assert navbar.status_code == expected, navbar.text[:200]
