"""The navbar follows the URL and the viewer: the pages the viewer's role opens (from the registry,
``callbacks.pages``), language (``?lang=en``), active page, links that keep the language, the demo
badge and the data-as-of month."""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qs, urlencode

import flask
from dash import Dash, Input, Output
from flask_wtf.csrf import generate_csrf

from callbacks import pages
from callbacks.access import current_viewer
from callbacks.deps import Deps
from callbacks.outage import FAILURES
from dashboard import fmt, i18n
from dashboard.access import WALL
from dashboard.i18n import t
from layouts import ids
from layouts.shell import Link, ShellView, navbar_body

log = logging.getLogger(__name__)


def parse_query(search: str | None) -> dict[str, str]:
    """``"?lang=en&year=2025"`` -> ``{"lang": "en", "year": "2025"}`` (last value of a repeat)."""
    parsed = parse_qs((search or "").lstrip("?"), keep_blank_values=True)
    return {key: values[-1] for key, values in parsed.items()}


def safe_path(pathname: str | None) -> str:
    """A path of this site (callbacks can be called with anything over HTTP)."""
    if not pathname or not pathname.startswith("/") or pathname.startswith("//"):
        return "/"
    return pathname


def href(pathname: str, **params: object) -> str:
    """``href("/", lang="en", year=2025)`` -> ``"/?lang=en&year=2025"``; None values left out."""
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return f"{safe_path(pathname)}?{query}" if query else safe_path(pathname)


def status_text(deps: Deps, lang: str) -> tuple[bool, str]:
    """(is demo, "Số liệu đến tháng 10/2026"); a failed read says so instead of raising."""
    try:
        status = deps.status()
    except Exception:  # noqa: BLE001 (any failure: the navbar must still render)
        FAILURES.failed("data status")
        return False, t("status.unavailable", lang)
    if status.data_as_of is None:
        return status.is_demo, t("status.no_data", lang)
    return status.is_demo, t("status.as_of", lang, month=fmt.month_label(*status.data_as_of, lang))


def shell_view(
    pathname: str | None, search: str | None, default_lang: str, deps: Deps | None = None
) -> ShellView:
    """What the navbar shows for this URL and viewer; without ``deps`` (the first paint, before
    the viewer is known) no data status, and the pages every account opens."""
    path = safe_path(pathname)
    params = parse_query(search)
    lang = i18n.normalize(params.get("lang"), default_lang)
    is_demo, status = status_text(deps, lang) if deps else (False, None)
    role = current_viewer().role if deps else None
    account = signed_in(deps, lang)
    return ShellView(
        lang=lang,
        home_href=href("/", lang=lang),
        pages=tuple(
            Link(t(page.label, lang), href(page.path, lang=lang), page.path == path)
            for page in pages.menu(role, "pages")
        ),
        languages=tuple(
            Link(code.upper(), href(path, **{**params, "lang": code}), code == lang)
            for code in i18n.LANGUAGES
        ),
        is_demo=is_demo,
        status_text=status,
        **account,
    )


def signed_in(deps: Deps | None, lang: str) -> dict[str, object]:
    """The navbar's account part: name, sign-out token, the links of the account area the
    viewer's role opens (the accounts page for an admin); none for a wall display."""
    if deps is None or not deps.settings.auth or not flask.has_request_context():
        return {}
    viewer = current_viewer()
    if viewer.role == WALL:
        return {}
    links = tuple(
        Link(t(page.label, lang), href(page.path, lang=lang))
        for page in pages.menu(viewer.role, "account")
    )
    return {"account": viewer.name, "logout_token": generate_csrf(), "account_links": links}


def register(app: Dash, deps: Deps) -> None:
    default = deps.settings.language

    @app.callback(
        Output(ids.NAVBAR_BODY, "children"),
        Output(ids.HTML_LANG, "data"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
    )
    def _navbar(pathname: str | None, search: str | None) -> tuple[list, str]:
        view = shell_view(pathname, search, default, deps)
        return navbar_body(view), view.lang

    app.clientside_callback(
        "function (lang) { document.documentElement.lang = lang || 'vi'; }",
        Input(ids.HTML_LANG, "data"),
    )
    # kiosk pages (the wall display) have no navbar
    app.clientside_callback(
        "function (path) { return "
        + json.dumps(pages.kiosk_paths())
        + ".includes(path) ? {display: 'none'} : {}; }",
        Output(ids.NAVBAR, "style"),
        Input(ids.URL, "pathname"),
    )
