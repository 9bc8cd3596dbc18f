"""The data page (``/data``): a frame of tabs (upload and review, import history, templates, and
whatever tab another part of the page adds), each tab's content built by its own layout module
from plain values.

``layout(view)`` renders a ``DataView``; the tabs come in order as ``Tab`` values whose
``content`` is already a component (``layouts.data_upload``, ``layouts.data_history``,
``layouts.data_templates``). A viewer who may not import gets ``forbidden`` instead.
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
    content: object


@dataclass(frozen=True)
class DataView:
    title: str
    lang: str
    scope_note: str  # whose figures the viewer may import
    tabs: tuple[Tab, ...]
    active: str


def layout(view: DataView) -> html.Div:
    tabs = [
        dbc.Tab(
            html.Div(tab.content, className="pt-3"),
            label=tab.label,
            tab_id=tab.key,
        )
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
            dbc.Tabs(tabs, id=ids.DATA_TABS, active_tab=view.active),
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
