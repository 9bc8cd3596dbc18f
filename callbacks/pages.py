"""The pages of the site, in one registry: each page's path, navbar label, the roles that may open
it and the package under ``callbacks/`` whose ``register(app, deps)`` wires it.

The app factory registers every page's package from ``PAGES``; the navbar lists a viewer the pages
their role opens; the gate (``callbacks.auth``) refuses the others, both the page's URLs and the
Dash callback that renders a page. Adding a page is one entry here plus its package.

This module imports no page package (they import ``callbacks.shell``, which imports this), so a
page's package is named here and imported by the app factory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dashboard.access import ADMIN, OFFICER, ROLES, WALL

ACCOUNTS = frozenset(ROLES)  # every signed-in account (and the anonymous reader, a leader)
Menu = Literal["pages", "account"]


@dataclass(frozen=True)
class Page:
    """One page. ``area`` is the URL space the page owns (its path and every path below it, its
    data routes included); by default its path."""

    key: str
    path: str
    label: str  # an i18n key (dashboard/i18n.py)
    roles: frozenset[str]
    package: str  # its register(app, deps) wires the page's layout, callbacks and routes
    navbar: Menu | None = "pages"  # where the navbar links it: the page list, the account area
    kiosk: bool = False  # full screen: shown without the navbar
    area: str = ""
    # component libraries loaded only where drawn (callbacks.libraries) that this page draws:
    # its direct loads fetch them at once
    libraries: tuple[str, ...] = ()

    @property
    def owns(self) -> str:
        """The owned URL space without its slashes: ``"admin"``, ``""`` for the home page."""
        return (self.area or self.path).strip("/")


# in navbar order
PAGES: tuple[Page, ...] = (
    Page("overview", "/", "nav.overview", ACCOUNTS, "callbacks.overview"),
    Page("map", "/map", "nav.map", ACCOUNTS, "callbacks.map"),
    Page("disbursement", "/disbursement", "nav.disbursement", ACCOUNTS, "callbacks.disbursement"),
    Page("indicators", "/indicators", "nav.indicators", ACCOUNTS, "callbacks.indicators"),
    Page("tables", "/tables", "nav.tables", ACCOUNTS, "callbacks.tables",
         libraries=("dash_ag_grid",)),
    Page("wall", "/wall", "wall.title", ACCOUNTS | {WALL}, "callbacks.wall", None, kiosk=True),
    Page("data", "/data", "nav.data", frozenset({OFFICER, ADMIN}), "callbacks.data",
         libraries=("dash_ag_grid",)),
    Page("admin", "/admin/users", "nav.admin", frozenset({ADMIN}), "callbacks.admin", "account",
         area="/admin"),
)  # fmt: skip


def page_of(path: str) -> Page | None:
    """The page owning ``path`` (a request's path or a Dash pathname), matched as Dash matches a
    pathname (leading and trailing slashes ignored): ``"/map/"`` -> map, ``"/wall/data"`` ->
    wall, ``"/admin/audit.csv"`` -> admin; None for a path no page owns."""
    stripped = path.strip("/")
    for page in PAGES:
        owned = page.owns
        if stripped == owned or (owned and stripped.startswith(owned + "/")):
            return page
    return None


def opened_by(role: str) -> tuple[Page, ...]:
    """The pages ``role`` may open, in navbar order."""
    return tuple(page for page in PAGES if role in page.roles)


def may_open(role: str, pathname: object) -> bool:
    """``role`` may open the page at ``pathname``. A path no page owns (Dash answers it with its
    not-found page) is open to the accounts' roles; a pathname that is not a string is the home
    page's (as ``callbacks.shell.safe_path`` reads it)."""
    page = page_of(pathname if isinstance(pathname, str) else "/")
    return role in (page.roles if page else ACCOUNTS)


def menu(role: str | None, where: Menu) -> tuple[Page, ...]:
    """The pages the navbar links in ``where`` for ``role``; for an unknown viewer (the first
    paint, before the navbar callback) the pages every account opens."""
    shown = [page for page in PAGES if page.navbar == where]
    if role is None:
        return tuple(page for page in shown if ACCOUNTS <= page.roles)
    return tuple(page for page in shown if role in page.roles)


def kiosk_paths() -> tuple[str, ...]:
    return tuple(page.path for page in PAGES if page.kiosk)
