"""The data page's templates: a CSV and an XLSX template of every kind of import, and a short
guide. ``tab(view)`` renders a ``TemplatesTab`` of plain values."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import html

from layouts import ids


@dataclass(frozen=True)
class TemplateLink:
    label: str  # the kind, in the page's language
    note: str | None  # "(administrators only)"
    links: tuple[tuple[str, str], ...]  # (text, href): CSV, XLSX


@dataclass(frozen=True)
class TemplatesTab:
    intro: str
    guide: str
    kind_header: str
    files_header: str
    templates: tuple[TemplateLink, ...]


def tab(view: TemplatesTab) -> html.Div:
    rows = [
        html.Tr([
            html.Td([item.label, html.Span(f" {item.note}", className="text-body-secondary small")
                     if item.note else None]),
            html.Td([html.A(text, href=href, download="", className="me-3")
                     for text, href in item.links]),
        ])
        for item in view.templates
    ]  # fmt: skip
    head = html.Thead(html.Tr([html.Th(view.kind_header), html.Th(view.files_header)]))
    return html.Div(
        [
            html.P(view.intro),
            dbc.Table([head, html.Tbody(rows)], size="sm", class_name="w-auto"),
            dbc.Alert(view.guide, color="light", class_name="small"),
        ],
        id=ids.DATA_TEMPLATES,
    )
