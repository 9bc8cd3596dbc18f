"""The data page (``/data``): a row of tabs (upload and review, import history, templates, and
whatever tab another part of the page adds) over the open tab's content, built by its own layout
module from plain values.

``layout(view)`` renders a ``DataView``: the tabs in order as ``Tab`` values, and the open tab's
``content`` already a component (``layouts.data_upload``, ``layouts.data_history``,
``layouts.data_templates``). The tabs are links (``?tab=``): each has its own address, the
keyboard reaches them, and only the open tab is built. A viewer who may not import gets
``forbidden`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids


@dataclass(frozen=True)
class Tab:
    key: str  # "upload", "history", ...: the ``?tab=`` of the page's URL
    label: str
    href: str


@dataclass(frozen=True)
class DataView:
    title: str
    lang: str
    scope_note: str  # whose figures the viewer may import
    tabs: tuple[Tab, ...]
    active: str
    content: object  # the open tab's
    tabs_label: str  # what the row of tabs is, for screen readers


def layout(view: DataView) -> html.Div:
    links = [
        dbc.NavItem(dbc.NavLink(tab.label, href=tab.href, active=tab.key == view.active))
        for tab in view.tabs
    ]
    return html.Div(
        [
            html.Div(
                [
                    html.H1(view.title, className="h4 mb-0"),
                    html.Div(view.scope_note, className="text-body-secondary small"),
                ],
                className="page-header mb-2",
            ),
            dcc.Store(id=ids.DATA_CHANGED, data=0),
            html.Nav(
                dbc.Nav(links, class_name="nav-tabs data-tabs"),
                id=ids.DATA_TABS,
                **{"aria-label": view.tabs_label},
            ),  # fmt: skip
            html.Div(view.content, className="pt-3", **{"data-tab": view.active}),
        ],
        id=ids.DATA,
        lang=view.lang,
    )


def forbidden(title: str, message: str, lang: str) -> html.Div:
    return html.Div(
        [html.H1(title, className="h4"), dbc.Alert(message, color="warning")],
        id=ids.DATA,
        lang=lang,
    )
