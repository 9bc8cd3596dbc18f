"""The navbar, computed from the URL and the data status of a real database."""

from __future__ import annotations

from pathlib import Path

import flask
from sqlalchemy import Engine

from callbacks.deps import Deps, build_deps
from callbacks.shell import href, parse_query, safe_path, shell_view
from dashboard.db import make_engine
from layouts.shell import Link, navbar_body
from tests.app_fixtures import BN, add_disbursements, make_settings, put_meta


def test_vietnamese_by_default(deps: Deps) -> None:
    view = shell_view("/", "", "vi", deps)
    assert view.lang == "vi"
    assert view.pages[0] == Link("Tổng quan", "/?lang=vi", True)
    assert [page.label for page in view.pages] == [
        "Tổng quan", "Bản đồ", "Giải ngân", "Chỉ tiêu", "Bảng số liệu"
    ]  # fmt: skip
    assert not any(page.active for page in view.pages[1:])


def test_language_from_the_url(deps: Deps) -> None:
    view = shell_view("/", "?lang=en&year=2025", "vi", deps)
    assert view.lang == "en"
    assert view.pages[0] == Link("Overview", "/?lang=en", True)
    assert all(page.href.endswith("?lang=en") for page in view.pages)
    assert view.home_href == "/?lang=en"


def test_language_switch_keeps_the_other_parameters(deps: Deps) -> None:
    view = shell_view("/", "?year=2025&lang=en", "vi", deps)
    assert view.languages == (
        Link("VI", "/?year=2025&lang=vi", False),
        Link("EN", "/?year=2025&lang=en", True),
    )


def test_an_unknown_language_falls_back_to_the_default(deps: Deps) -> None:
    assert shell_view("/", "?lang=xx", "en", deps).lang == "en"


def test_demo_badge_and_data_as_of(engine: Engine, deps: Deps) -> None:
    put_meta(engine, demo="1", data_as_of="2026-10", data_version="2")
    view = shell_view("/", "", "vi", deps)
    assert (view.is_demo, view.status_text) == (True, "Số liệu đến tháng 10/2026")
    assert shell_view("/", "?lang=en", "vi", deps).status_text == "Data as of Oct 2026"


def test_real_data_has_no_demo_badge(engine: Engine, deps: Deps) -> None:
    add_disbursements(engine, [dict(year=2026, month=4, amount_vnd=BN)])
    put_meta(engine, demo="0", data_version="2")
    view = shell_view("/", "", "vi", deps)
    assert (view.is_demo, view.status_text) == (False, "Số liệu đến tháng 4/2026")


def test_an_empty_database_says_so(deps: Deps) -> None:
    assert shell_view("/", "", "vi", deps).status_text == "Chưa có số liệu"


def test_an_unreadable_database_still_gives_a_navbar(tmp_path: Path) -> None:
    broken = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # no tables at all
    deps = build_deps(flask.Flask("broken"), make_settings(tmp_path), broken)
    view = shell_view("/", "?lang=en", "vi", deps)
    assert (view.is_demo, view.status_text) == (False, "Data status unavailable")
    assert view.pages[0].label == "Overview"


def test_first_paint_needs_no_database() -> None:
    view = shell_view("/", None, "vi")
    assert (view.lang, view.status_text, view.is_demo) == ("vi", None, False)


def test_navbar_shows_the_badge_and_the_switch(engine: Engine, deps: Deps) -> None:
    put_meta(engine, demo="1", data_as_of="2026-10", data_version="2")
    text = str(navbar_body(shell_view("/", "?lang=en", "vi", deps)))
    assert "Demo data" in text
    assert "Data as of Oct 2026" in text
    assert "NTP 1719 monitor" in text
    assert "/?lang=vi" in text


class TestUrls:
    def test_parse_query(self) -> None:
        assert parse_query("?lang=en&year=2025&year=2026") == {"lang": "en", "year": "2026"}
        assert parse_query(None) == {}

    def test_href(self) -> None:
        assert href("/", lang="en", year=2025) == "/?lang=en&year=2025"
        assert href("/", lang=None) == "/"

    def test_only_paths_of_this_site(self) -> None:
        assert safe_path("//evil.example/x") == "/"
        assert safe_path("javascript:alert(1)") == "/"
        assert safe_path("/map") == "/map"
