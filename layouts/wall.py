"""The wall display's frame: a top bar (title, data as of, demo mark, stale banner, clock), one
fixed section per panel of the playlist and a row of progress dots. ``assets/wall.js`` fills the
sections from ``/wall/data`` and rotates them; nothing here is ever rebuilt while the page runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import dash_bootstrap_components as dbc
from dash import html

from layouts import ids


@dataclass(frozen=True)
class WallView:
    lang: str
    title: str
    labels: dict[str, str] = field(default_factory=dict)  # texts wall.js writes
    kinds: tuple[str, ...] = ()  # panel kinds, in playlist order
    query: str = ""  # the /wall/data query
    seconds: float = 20
    topojson_url: str = ""  # the empty world outline plotly fetches for a choropleth
    refresh: int = 300
    error: str | None = None  # a configuration error
    detail: str | None = None


def _panel(index: int, kind: str, loading: str) -> html.Section:
    return html.Section(
        [
            html.H2(loading, className="wall-panel-title"),
            html.Div(className="wall-kpis"),
            html.Div(
                [
                    html.Div(className="wall-graph"),
                    html.Div(
                        [html.Div(className="wall-legend"), html.Div(className="wall-table")],
                        className="wall-side",
                    ),
                ],  # fmt: skip
                className="wall-body",
            ),
            html.P(className="wall-note"),
            html.P(className="wall-error", role="alert"),
            html.Footer(className="wall-caption"),
        ],
        className="wall-panel" + (" is-active" if index == 0 else ""),
        **{"data-kind": kind, "data-index": str(index)},
    )


def _top(view: WallView) -> html.Header:
    return html.Header(
        [
            html.Span(view.title, className="wall-title"),
            html.Span(id=ids.WALL_AS_OF, className="wall-as-of"),
            html.Span(id=ids.WALL_DEMO, className="wall-demo"),
            html.Span(id=ids.WALL_STALE, className="wall-stale", role="status", hidden=True),
            html.Time(id=ids.WALL_CLOCK, className="wall-clock"),
        ],
        className="wall-top",
    )


def layout(view: WallView) -> html.Div:
    """The whole kiosk page; ``data-*`` attributes configure ``assets/wall.js``."""
    if view.error:
        body = html.Div(
            dbc.Alert([html.H2(view.error), html.Pre(view.detail)], color="danger"),
            className="wall-stage wall-config-error",
        )
        return html.Div([_top(view), body], id=ids.WALL, className="wall", lang=view.lang)
    stage = html.Div(
        [_panel(i, kind, view.labels.get("loading", "")) for i, kind in enumerate(view.kinds)],
        className="wall-stage",
    )
    dots = html.Div(
        [html.Span(className="wall-dot" + (" is-active" if i == 0 else "")) for i in
         range(len(view.kinds))],
        className="wall-dots",
        **{"aria-hidden": "true"},
    )  # fmt: skip
    return html.Div(
        [_top(view), stage, dots],
        id=ids.WALL,
        className="wall",
        lang=view.lang,
        **{
            "data-query": view.query,
            "data-seconds": str(view.seconds),
            "data-refresh": str(view.refresh),
            "data-topojson": view.topojson_url,
            "data-labels": json.dumps(view.labels, ensure_ascii=False),
        },
    )
