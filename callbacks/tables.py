"""The tables page: a drill-down grid of allocated and disbursed capital per unit, and its export.

The whole view lives in the URL (``?year=2026&month=10&vintage=2025&province=08&project=DA4&
source=central&kind=investment&q=...``): ``request_from`` validates it, ``tables_view`` builds the
page (a plain function, tested against a real database), ``export_download`` writes the rows the
grid shows (their codes, in the grid's order, after its sorting, column filters and quick search)
to CSV or XLSX from the same cached read, so the file's totals are the screen's.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

import dash
import pandas as pd
from dash import Dash, Input, Output, Patch, State

from callbacks import figures, url_params
from callbacks.common import guarded
from callbacks.deps import Deps
from callbacks.shell import href, parse_query
from dashboard import export, fmt, i18n
from dashboard.i18n import t
from dashboard.models import KINDS, LEGACY, SOURCES
from dashboard.queries import DataStatus, available_years, default_year, upto_month_for
from dashboard.queries.scope import Scope
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
PATH = "/tables"
PARAMS = ("year", "month", "vintage", "province", "district", "project", "source", "kind", "q")
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Request:
    """A validated view: what the URL asks for, corrected where it cannot be shown."""

    lang: str
    year: int
    month: int
    place: Place
    project: str | None = None
    source: str | None = None
    kind: str | None = None
    q: str = ""
    explicit_month: bool = False
    notices: tuple[str, ...] = ()

    @property
    def scope(self) -> Scope:
        return Scope(
            year=self.year,
            upto_month=self.month,
            vintage=self.place.vintage,
            projects=(self.project,) if self.project else (),
            sources=(self.source,) if self.source else (),
            kinds=(self.kind,) if self.kind else (),
        )

    def href(self, **changes: object) -> str:
        """This view's URL with ``changes`` (None drops a parameter)."""
        params = {
            "lang": self.lang,
            "year": self.year,
            "month": self.month if self.explicit_month else None,
            "vintage": self.place.vintage,
            "province": self.place.province,
            "district": self.place.district,
            "project": self.project,
            "source": self.source,
            "kind": self.kind,
            "q": self.q or None,
        }
        return href(PATH, **{**params, **changes})


def request_from(deps: Deps, params: dict[str, str], lang: str) -> Request | None:
    """The view the URL asks for; None when the database holds no plan or disbursement."""
    status, years = deps.status(), deps.read(available_years)
    if not years:
        return None
    asked = url_params.as_int(params.get("year"))
    year = asked if asked in years else default_year(years, status.data_as_of)
    notices = (
        [] if asked in (None, year) else [t("info.year_missing", lang, asked=asked, year=year)]
    )
    month = url_params.as_int(params.get("month"))
    explicit = month is not None and 1 <= month <= 12
    choices = deps.read(vintage_choices, year)
    vintage = url_params.as_int(params.get("vintage"))
    if vintage is not None and vintage not in choices:
        notices.append(t("tables.vintage_missing", lang, year=year))
    vintage = vintage if vintage in choices else choices[0]
    projects = deps.read(project_codes)
    return Request(
        lang=lang,
        year=year,
        month=month if explicit else upto_month_for(year, status.data_as_of),
        place=_place(deps, vintage, params.get("province"), params.get("district")),
        project=params.get("project") if params.get("project") in projects else None,
        source=params.get("source") if params.get("source") in SOURCES else None,
        kind=params.get("kind") if params.get("kind") in KINDS else None,
        q=(params.get("q") or "")[:100],
        explicit_month=explicit,
        notices=tuple(notices),
    )


def _place(deps: Deps, vintage: int, province: str | None, district: str | None) -> Place:
    """Only codes of units that exist in the vintage; a district only on legacy units."""
    codes = tuple(c for c in (province, district) if c)
    names = deps.read(unit_names, vintage, codes) if codes else {}
    if province not in names:
        return Place(vintage)
    if vintage != LEGACY or district not in names:
        return Place(vintage, province)
    return Place(vintage, province, district)


def _filters(req: Request, deps: Deps) -> tuple[FilterGroup, ...]:
    lang, all_ = req.lang, t("tables.all", req.lang)
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
        Link(t(f"tables.vintage.{v}", lang), req.href(vintage=v, **drop), v == req.place.vintage)
        for v in choices
    )
    return (
        FilterGroup(t("tables.year", lang), year_links),
        group("tables.month", "month", req.month, [(m, str(m)) for m in range(1, 13)]),
        FilterGroup(t("tables.vintage", lang), vintage_links),
        group("tables.project", "project", req.project,
              [(None, all_), *((p, p) for p in deps.read(project_codes))]),
        group("tables.source", "source", req.source,
              [(None, all_), *((s, t(f"tables.source.{s}", lang)) for s in SOURCES)]),
        group("tables.kind", "kind", req.kind,
              [(None, all_), *((k, t(f"kind.{k}.short", lang)) for k in KINDS)]),
    )  # fmt: skip


def breadcrumbs(req: Request, deps: Deps) -> tuple[Link, ...]:
    """Country > province > district, each a link to its level; the last is the current one."""
    place, lang = req.place, req.lang
    codes = tuple(c for c in (place.province, place.district) if c)
    names = deps.read(unit_names, place.vintage, codes) if codes else {}
    crumbs = [Link(t("tables.country", lang), req.href(province=None, district=None))]
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


def _prefixes(projects: tuple[str, ...]) -> tuple[str, ...]:
    return ("", *(f"{k}_" for k in KINDS), *(f"{p}_" for p in projects))


def _labels(lang: str) -> dict[str, str]:
    return {
        "name": t("tables.col.name", lang),
        "code": t("tables.col.code", lang),
        "region": t("tables.col.region", lang),
        "total": t("tables.col.total", lang),
        "allocated": t("measure.allocated", lang),
        "disbursed": t("measure.disbursed", lang),
        "rate": t("measure.rate_short", lang),
    }


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
        _labels(req.lang), groups, projects, req.lang, _scale(req.place),
        with_region=req.place.level == "commune",
    )  # fmt: skip
    return GridPart(
        column_defs=columns,
        row_data=rows,
        totals=totals_row(rows, _prefixes(projects), t("tables.totals", req.lang)),
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


def tables_view(deps: Deps, lang: str, params: dict[str, str]) -> TablesView:
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


def _export_columns(req: Request, projects: tuple[str, ...]) -> list[tuple[str, str]]:
    """(field, header) of the exported columns: money in đồng, rates as fractions."""
    lang, labels = req.lang, _labels(req.lang)
    columns = [("name", labels["name"]), ("code", labels["code"])]
    if req.place.level == "commune":
        columns.append(("region", labels["region"]))
    groups = [("", ""), *((f"{k}_", t(f"kind.{k}.short", lang)) for k in KINDS)]
    groups += [(f"{p}_", p) for p in projects]
    for prefix, group in groups:
        for measure in (*MEASURES, "rate"):
            label = f"{group} - {labels[measure]}" if group else labels[measure]
            if measure != "rate":
                label = t("tables.col.vnd", lang, label=label)
            columns.append((f"{prefix}{measure}", label))
    return columns


def _notes(req: Request, deps: Deps) -> tuple[str, ...]:
    """Title (with the demo mark), data as of, the filters and the search of the view."""
    lang, all_, status = req.lang, t("tables.all", req.lang), deps.status()
    title = t("tables.export_title", lang)
    place = " > ".join(link.label for link in breadcrumbs(req, deps))
    notes = [f"{title} - {t('badge.demo', lang)}" if status.is_demo else title]
    if status.data_as_of:
        notes.append(t("status.as_of", lang, month=fmt.month_label(*status.data_as_of, lang)))
    notes.append(
        t(
            "tables.export_filters",
            lang,
            year=req.year,
            month=req.month,
            place=place,
            vintage=t(f"tables.vintage.{req.place.vintage}", lang),
            project=req.project or all_,
            source=t(f"tables.source.{req.source}", lang) if req.source else all_,
            kind=t(f"kind.{req.kind}.short", lang) if req.kind else all_,
        )
    )
    if req.q:
        notes.append(t("tables.export_search", lang, text=req.q))
    return tuple(notes)


def export_sheet(deps: Deps, params: dict[str, str], codes: list[str] | None) -> export.Sheet:
    """The rows with ``codes`` (the grid's rows, in its order; None: all) of the view of
    ``params``, exact đồng, with a totals row equal to their sum."""
    lang = i18n.normalize(params.get("lang"), deps.settings.language)
    req = request_from(deps, params, lang)
    if req is None:
        raise LookupError("no data to export")
    projects = deps.read(project_codes)
    rows = grid_rows(deps.read(table_rows, req.scope, req.place), req)
    if codes is not None:
        by_code = {row["code"]: row for row in rows}
        rows = [by_code[code] for code in codes if code in by_code]
    columns = _export_columns(req, projects)
    totals = totals_row(rows, _prefixes(projects), t("tables.totals", lang))
    return export.Sheet(
        title=t("tables.export_title", lang),
        notes=_notes(req, deps),
        headers=tuple(header for _, header in columns),
        rows=tuple(tuple(row.get(field) for field, _ in columns) for row in rows),
        totals=tuple(totals.get(field) for field, _ in columns),
        rate_columns=frozenset(i for i, (f, _) in enumerate(columns) if f.endswith("rate")),
    )


def export_download(
    deps: Deps, search: str | None, rows: list[dict] | None, kind: str, text: str | None = None
) -> dict[str, object]:
    """What ``dcc.Download`` takes: the view of the URL ``search`` as ``kind`` (csv or xlsx);
    ``rows``: the grid's rows (None: all of the view); ``text``: the quick search typed."""
    params = parse_query(search)
    if text is not None:
        params["q"] = text
    codes = None if rows is None else [str(row.get("code")) for row in rows if row]
    sheet = export_sheet(deps, params, codes)
    content = export.to_csv(sheet) if kind == "csv" else export.to_xlsx(sheet)
    year = params.get("year") or "data"
    return {
        "content": base64.b64encode(content).decode("ascii"),
        "filename": f"ntp1719-{year}.{kind}",
        "type": MIME[kind],
        "base64": True,
    }


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
        plain = {k: str(v[-1] if isinstance(v, list) else v) for k, v in params.items() if v}
        return tables_layout.layout(tables_view(deps, language, plain))

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
            totals_row(rows or [], _prefixes(deps.read(project_codes)), label)
        ]
        return patch

    @app.callback(
        Output(ids.TABLES_DOWNLOAD, "data"),
        Input(ids.TABLES_EXPORT_CSV, "n_clicks"),
        Input(ids.TABLES_EXPORT_XLSX, "n_clicks"),
        State(ids.TABLES_GRID, "virtualRowData"),
        State(ids.URL, "search"),
        State(ids.TABLES_SEARCH, "value"),
        prevent_initial_call=True,
    )
    def _export(_csv, _xlsx, rows, search, text):  # noqa: ANN001, ANN202
        kind = "xlsx" if dash.ctx.triggered_id == ids.TABLES_EXPORT_XLSX else "csv"
        return export_download(deps, search, rows, kind, text)
