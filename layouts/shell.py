"""The frame around every page: navbar (product name, pages, data status, language switch) and
the page container. ``layout(view)`` is what ``app.layout`` calls on each page load; the navbar
body is then refreshed from the URL by ``callbacks.shell``.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import t
from layouts import ids
from layouts.components import demo_badge


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    active: bool = False


@dataclass(frozen=True)
class ShellView:
    """Everything the navbar shows, as plain values."""

    lang: str
    home_href: str
    pages: tuple[Link, ...]
    languages: tuple[Link, ...]
    is_demo: bool = False
    status_text: str | None = None  # "Số liệu đến tháng 10/2026", or why it is missing
    account: str | None = None  # the signed-in account's name (None: nobody, or AUTH=off)
    logout_token: str = ""  # the CSRF token of the sign-out form
    account_links: tuple[Link, ...] = ()  # pages of the account area (the accounts page)


def _brand(view: ShellView) -> dbc.NavbarBrand:
    logo = html.Img(src=dash.get_asset_url("favicon.svg"), alt="", className="brand-logo")
    return dbc.NavbarBrand(
        [logo, html.Span(t("app.name", view.lang))],
        href=view.home_href,
        class_name="d-flex align-items-center gap-2 me-3",
    )


def _links(links: tuple[Link, ...], label: str, class_name: str) -> html.Nav:
    items = [
        dbc.NavItem(dbc.NavLink(link.label, href=link.href, active=link.active)) for link in links
    ]
    return html.Nav(dbc.Nav(items, navbar=True, class_name=class_name), **{"aria-label": label})


def _account(view: ShellView) -> list:
    """Who is signed in, the accounts page for an admin, and the sign-out button (a POST form
    with its CSRF token)."""
    if not view.account:
        return []
    admin = [dbc.NavLink(link.label, href=link.href) for link in view.account_links]
    form = html.Form(
        [
            dcc.Input(type="hidden", name="csrf_token", value=view.logout_token),
            dcc.Input(type="hidden", name="lang", value=view.lang),
            html.Span(view.account, className="navbar-account me-2"),
            html.Button(t("nav.logout", view.lang), type="submit",
                        className="btn btn-sm btn-outline-light"),
        ],
        action="/logout",
        method="POST",
        className="d-flex align-items-center ms-2",
    )  # fmt: skip
    return [*admin, form]


def navbar_body(view: ShellView) -> list:
    """Children of the navbar container for ``view``."""
    status = []
    if view.is_demo:
        status.append(demo_badge(t("badge.demo", view.lang), t("badge.demo_hint", view.lang)))
    if view.status_text:
        status.append(html.Span(view.status_text, className="data-as-of"))
    menu = [
        _links(view.pages, t("nav.main", view.lang), "me-auto"),
        html.Div(status, className="navbar-status d-flex align-items-center gap-2"),
        _links(view.languages, t("nav.language", view.lang), "lang-switch ms-lg-2"),
        *_account(view),
    ]
    # below the lg breakpoint the menu folds behind a button (assets/a11y.js opens it)
    toggler = html.Button(
        html.Span(className="navbar-toggler-icon"),
        className="navbar-toggler",
        type="button",
        title=t("nav.menu", view.lang),
        **{"aria-controls": ids.NAVBAR_MENU, "aria-expanded": "false",
           "aria-label": t("nav.menu", view.lang)},
    )  # fmt: skip
    return [
        _brand(view),
        toggler,
        html.Div(menu, id=ids.NAVBAR_MENU, className="collapse navbar-collapse gap-1"),
    ]


def layout(view: ShellView) -> html.Div:
    """The whole page frame; Dash pages fills ``dash.page_container`` with the current page."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Store(id=ids.HTML_LANG, data=view.lang),
            dbc.Navbar(
                dbc.Container(
                    navbar_body(view), id=ids.NAVBAR_BODY, fluid=True, class_name="flex-wrap gap-1"
                ),
                id=ids.NAVBAR,
                dark=True,
                expand="lg",
                class_name="app-navbar",
            ),
            # printed instead of the navbar: title, filters in words, data as of, source
            html.Div(id=ids.PRINT_HEADER, className="print-header"),
            html.Main(dbc.Container(dash.page_container, fluid=True, class_name="page py-3")),
        ],
        className="app-shell",
    )
