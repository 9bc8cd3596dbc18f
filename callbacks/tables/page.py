"""The tables page: a drill-down grid of allocated and disbursed capital per unit, and its export.

The whole view lives in the URL (``?year=2026&month=10&vintage=2025&province=08&projects=DA4&
sources=central&kinds=investment&q=...``, the filters of ``dashboard.filters``):
``callbacks.tables.request`` validates it, ``tables_view`` builds the page (a plain function,
tested against a real database); ``callbacks.tables.export`` writes what the grid shows to CSV or
XLSX.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TypeVar

import dash
import pandas as pd
from dash import Dash, Input, Output, Patch, State

from callbacks import figures
from callbacks.common import guarded
from callbacks.deps import Deps
from callbacks.shell import parse_query
from callbacks.tables.request import PATH, Request, request_from
from dashboard import fmt, i18n
from dashboard.i18n import t
from dashboard.models import KINDS, LEGACY, SOURCES
from dashboard.queries import DataStatus, available_years
from dashboard.queries.tables import (
    MEASURES,
    UNASSIGNED,
    Place,
    project_codes,
    table_rows,
    unit_names,
    vintage_choices,
)
from dashboard.text import fold
from layouts import ids
from layouts import tables as tables_layout
from layouts.components import Caption
from layouts.parts import Failed
from layouts.shell import Link
from layouts.tables import FilterGroup, GridPart, TablesView, column_defs

T = TypeVar("T")


def _filters(req: Request, deps: Deps) -> tuple[FilterGroup, ...]:
    lang, all_ = req.lang, t("label.all", req.lang)
    years = deps.read(available_years)
    choices = deps.read(vintage_choices, req.year)

    def group(
        label: str, param: str, current: object, options: list[tuple[object, str]]
    ) -> FilterGroup:  # noqa: E501
        links = tuple(
            Link(text, req.href(**{param: value}), value == current) for value, text in options
        )  # noqa: E501
        return FilterGroup(t(label, lang), links)

    drop = {"province": None, "district": None}
    year_links = tuple(
        Link(str(y), req.href(year=y, month=None, vintage=None, **drop), y == req.year)
        for y in years
    )
    vintage_links = tuple(
        Link(t(f"vintage.{v}", lang), req.href(vintage=v, **drop), v == req.place.vintage)
        for v in choices
    )
    return (
        FilterGroup(t("label.year", lang), year_links),
        group("label.month", "month", req.month, [(m, str(m)) for m in range(1, 13)]),
        FilterGroup(t("label.vintage", lang), vintage_links),
        group("label.project", "projects", req.project,
              [(None, all_), *((p, p) for p in deps.read(project_codes))]),
        group("label.source", "sources", req.source,
              [(None, all_), *((s, t(f"capital.{s}", lang)) for s in SOURCES)]),
        group("label.kind", "kinds", req.kind,
              [(None, all_), *((k, t(f"kind.{k}.short", lang)) for k in KINDS)]),
    )  # fmt: skip


def breadcrumbs(req: Request, deps: Deps) -> tuple[Link, ...]:
    """Country > province > district, each a link to its level; the last is the current one."""
    place, lang = req.place, req.lang
    codes = tuple(c for c in (place.province, place.district) if c)
    names = deps.read(unit_names, place.vintage, codes) if codes else {}
    crumbs = [Link(t("label.national", lang), req.href(province=None, district=None))]
    if place.province:
        crumbs.append(Link(names[place.province], req.href(district=None)))
    if place.district:
        crumbs.append(Link(names[place.district], req.href()))
    last = crumbs[-1]
    return (*crumbs[:-1], Link(last.label, last.href, True))


def _scale(place: Place) -> str:
    return "trieu" if place.level == "commune" else "ty"


def grid_rows(frame: pd.DataFrame, req: Request) -> list[dict]:
    """JSON rows: ints stay exact, missing rates are None; rows with a level below get ``href``."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    child = {"province": "province", "district": "district"}.get(req.place.level)
    for row in rows:
        if row["code"] == UNASSIGNED:
            row["name"] = t("tables.unassigned", req.lang)
        elif child:
            row["href"] = req.href(**{child: row["code"], "q": None})
    return rows


def totals_row(rows: list[dict], prefixes: tuple[str, ...], label: str) -> dict:
    """The sum of ``rows`` per amount column (exact ints) and the rates of those sums."""
    total: dict = {"code": "", "name": label}
    for prefix in prefixes:
        for measure in MEASURES:
            key = f"{prefix}{measure}"
            total[key] = sum(int(row.get(key) or 0) for row in rows)
        allocated = total[f"{prefix}allocated"]
        total[f"{prefix}rate"] = total[f"{prefix}disbursed"] / allocated if allocated else None
    return total


def prefixes(projects: tuple[str, ...]) -> tuple[str, ...]:
    return ("", *(f"{k}_" for k in KINDS), *(f"{p}_" for p in projects))


def column_labels(lang: str) -> dict[str, str]:
    return {
        "place": t("tables.col.place", lang),
        "name": t("tables.col.name", lang),
        "code": t("label.code", lang),
        "region": t("measure.region", lang),
        "total": t("tables.col.total", lang),
        "allocated": t("measure.allocated", lang),
        "disbursed": t("measure.disbursed", lang),
        "rate": t("measure.rate_short", lang),
    }


def money_labels(lang: str, scale: str) -> dict[str, str]:
    """Column labels with the money unit in the amount headers: it changes between levels
    (tỷ đồng for provinces and districts, triệu đồng for communes)."""
    labels = column_labels(lang)
    unit = fmt.unit_name(scale, lang)  # type: ignore[arg-type]
    for measure in ("allocated", "disbursed"):
        labels[measure] = t("tables.col.in_unit", lang, label=labels[measure], unit=unit)
    return labels


def _caption(req: Request, status: DataStatus) -> Caption:
    title = t(f"tables.grid.{req.place.level}", req.lang, year=req.year)
    caption = figures.caption(title, status, req.lang, units=False)
    unit = fmt.unit_name(_scale(req.place), req.lang)
    return replace(caption, units=t("figure.units", req.lang, unit=unit))


def grid_part(deps: Deps, req: Request) -> GridPart:
    frame = deps.read(table_rows, req.scope, req.place)
    projects = deps.read(project_codes)
    rows = grid_rows(frame, req)
    groups = tuple((f"{k}_", t(f"kind.{k}.short", req.lang)) for k in KINDS)
    columns = column_defs(
        money_labels(req.lang, _scale(req.place)), groups, projects, req.lang, _scale(req.place),
        with_region=req.place.level == "commune",
    )  # fmt: skip
    return GridPart(
        column_defs=columns,
        row_data=rows,
        totals=totals_row(rows, prefixes(projects), t("tables.totals", req.lang)),
        caption=_caption(req, deps.status()),
        quick_filter=fold(req.q),
    )


def _rule(req: Request, deps: Deps) -> str:
    choices = deps.read(vintage_choices, req.year)
    rule = "tables.rule.legacy" if LEGACY in choices else "tables.rule.mixed"
    return " ".join((t(rule, req.lang, year=req.year), t("tables.rule.convert", req.lang)))


def _period(req: Request) -> str:
    if req.month == 0:
        return t("overview.period_none", req.lang, year=req.year)
    month = fmt.month_label(req.year, req.month, req.lang)
    return t("overview.period_upto", req.lang, year=req.year, month=month)


def _message(part: T | Failed) -> T | str:
    """A failed read as its message (the layout shows a string as an alert)."""
    return part.message if isinstance(part, Failed) else part


def tables_view(deps: Deps, lang: str, params: Mapping[str, object]) -> TablesView:
    """Everything the page shows for the URL's parameters."""
    title = t("tables.title", lang)
    req = _message(guarded(lambda: request_from(deps, params, lang), lang, "request"))
    if req is None:
        return TablesView(title, None, lang, notices=(t("info.no_data", lang),))
    if isinstance(req, str):
        return TablesView(title, None, lang, grid=req)
    parts = _message(
        guarded(
            lambda: (_filters(req, deps), breadcrumbs(req, deps), _rule(req, deps)), lang, "filters"
        )
    )
    if isinstance(parts, str):
        return TablesView(title, _period(req), lang, grid=parts)
    filters, crumbs, rule = parts
    return TablesView(
        title=title,
        period=_period(req),
        lang=lang,
        filters=filters,
        breadcrumbs=crumbs,
        notices=req.notices,
        vintage_rule=f"{rule} {t('tables.hint', lang)}",
        search_label=t("tables.search", lang),
        search=req.q,
        export_labels=(t("tables.export_csv", lang), t("tables.export_xlsx", lang)),
        grid=_message(guarded(lambda: grid_part(deps, req), lang, "grid")),
    )


FOLD_JS = r"""
function (text, options) {
    var folded = (text || "").replace(/đ/g, "d").replace(/Đ/g, "D")
        .normalize("NFKD").replace(/[̀-ͯ]/g, "").toLowerCase()
        .split(/\s+/).filter(Boolean).join(" ");
    var url = new URL(window.location.href);
    if (text) { url.searchParams.set("q", text); } else { url.searchParams.delete("q"); }
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
    return Object.assign({}, options || {}, {quickFilterText: folded});
}
"""

DRILL_JS = """
function (event) {
    if (!event || !event.data || !event.data.href) { return window.dash_clientside.no_update; }
    return event.data.href;
}
"""


def page(deps: Deps) -> Callable[..., object]:
    def layout(lang: object = None, **params: object) -> object:
        language = i18n.normalize(lang, deps.settings.language)
        return tables_layout.layout(tables_view(deps, language, params))

    return layout


def register(app: Dash, deps: Deps) -> None:
    lang = deps.settings.language
    dash.register_page(
        "tables",
        path=PATH,
        name=t("nav.tables", lang),
        title=f"{t('nav.tables', lang)} - {t('app.name', lang)}",
        order=4,
        layout=page(deps),
    )
    app.clientside_callback(
        FOLD_JS,
        Output(ids.TABLES_GRID, "dashGridOptions", allow_duplicate=True),
        Input(ids.TABLES_SEARCH, "value"),
        State(ids.TABLES_GRID, "dashGridOptions"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        DRILL_JS,
        Output(ids.URL, "href", allow_duplicate=True),
        Input(ids.TABLES_GRID, "eventData"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.TABLES_GRID, "dashGridOptions", allow_duplicate=True),
        Input(ids.TABLES_GRID, "virtualRowData"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _totals(rows: list[dict] | None, search: str | None) -> Patch:
        lang = i18n.normalize(parse_query(search).get("lang"), deps.settings.language)
        patch = Patch()
        label = t("tables.totals", lang)
        patch["pinnedBottomRowData"] = [
            totals_row(rows or [], prefixes(deps.read(project_codes)), label)
        ]
        return patch
