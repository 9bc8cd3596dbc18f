"""The overview page: national figures for leaders, read from the database at each visit
(through the cache) and rendered by ``layouts.overview``.

``overview_view`` is the plain function (tested against a real database); ``page(deps)`` is the
layout Dash pages calls with the URL's query parameters (``?year=2025&lang=en``). A read that
fails becomes a ``Failed`` part with a message; the other parts still render.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import dash
import pandas as pd
from dash import Dash

from callbacks import figures, scoping, topojson
from callbacks.common import ensure_geometry_route, guarded
from callbacks.deps import Deps
from callbacks.overview import progress as overview_progress
from callbacks.overview.reporting import reporting_panel
from callbacks.shell import href
from dashboard import fmt, i18n
from dashboard.filters import from_query
from dashboard.i18n import t
from dashboard.models import KINDS
from dashboard.queries import (
    PLANS,
    DataStatus,
    NationalSummary,
    Totals,
    available_years,
    national_summary,
    yearly_summary,
)
from layouts import ids
from layouts import overview as overview_layout
from layouts.overview import OverviewView
from layouts.parts import Failed, FigurePart, Kpi, TablePart
from layouts.shell import Link

PATH = "/"


def _rate(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


def _period(year: int, upto: int, lang: str) -> str:
    if upto == 0:
        return t("overview.period_none", lang, year=year)
    if upto == 12:
        return t("overview.period_full", lang, year=year)
    return t("overview.period_upto", lang, year=year, month=fmt.month_label(year, upto, lang))


def _reach(year: int, upto: int, lang: str) -> str | None:
    if upto == 12:
        return t("kpi.full_year", lang, year=year)
    return t("kpi.upto", lang, month=fmt.month_label(year, upto, lang)) if upto else None


def _by_kind(summary: NationalSummary, show: Callable[[Totals], str], lang: str) -> str:
    """ "Đầu tư 50,1% · Sự nghiệp 30,2%" """
    parts = (f"{t(f'kind.{k}.short', lang)} {show(summary.by_kind[k])}" for k in KINDS)
    return " · ".join(parts)


def kpis(summary: NationalSummary, previous: NationalSummary | None, lang: str) -> tuple[Kpi, ...]:
    """Allocated, disbursed and rate cards, with the splits a leader asks about next."""
    total, plan = summary.total, summary.by_plan
    allocated = (
        t("kpi.current_plan", lang, amount=fmt.money(plan["current"].allocated, lang)),
        t("kpi.carry_over", lang, amount=fmt.money(plan["carry_over"].allocated, lang)),
    )
    reach = _reach(summary.year, summary.upto_month, lang)
    disbursed = (reach,) if reach else ()
    disbursed += (_by_kind(summary, lambda x: fmt.money(x.disbursed, lang), lang),)
    rate = (_by_kind(summary, lambda x: fmt.percent(x.rate, lang), lang),)
    if previous is not None and previous.has_data:
        same = fmt.percent(previous.total.rate, lang)
        rate = (t("kpi.same_period", lang, year=previous.year, rate=same), *rate)
    unit = fmt.unit_name("ty", lang)
    return (
        Kpi(
            ids.KPI_ALLOCATED,
            t("kpi.allocated", lang),
            fmt.amount(total.allocated, lang),
            unit,
            allocated,
        ),
        Kpi(
            ids.KPI_DISBURSED,
            t("measure.disbursed", lang),
            fmt.amount(total.disbursed, lang),
            unit,
            disbursed,
        ),
        Kpi(ids.KPI_RATE, t("measure.rate", lang), fmt.percent(total.rate, lang), None, rate),
    )


def yearly_parts(
    deps: Deps, status: DataStatus, lang: str
) -> tuple[FigurePart | Failed, TablePart | Failed]:
    """The by-year figure and table (or two ``Failed`` parts)."""
    scope = scoping.grant_scope(deps)
    frame = guarded(lambda: deps.read(yearly_summary, scope), lang, "yearly summary")
    if isinstance(frame, Failed):
        return frame, frame
    figure = FigurePart(
        ids.GRAPH_YEARLY,
        figures.yearly_figure(frame, lang),
        figures.caption(t("figure.yearly", lang), status, lang),
    )

    def period(upto: int) -> str:
        if upto == 12:
            return t("period.full_year", lang)
        if upto == 0:
            return t("period.none", lang)
        return t("period.upto", lang, month=fmt.month_name(upto, lang))  # the row has the year

    rows = tuple(
        (
            str(r.year),
            fmt.amount(int(r.allocated), lang),
            fmt.amount(int(r.disbursed), lang),
            fmt.percent(_rate(r.rate), lang),
            period(int(r.upto_month)),
        )
        for r in frame.itertuples()
    )
    headers = (
        t("label.year", lang),
        t("measure.allocated", lang),
        t("measure.disbursed", lang),
        t("measure.rate_short", lang),
        t("table.period", lang),
    )
    table_caption = figures.caption(t("table.yearly", lang), status, lang)
    table = TablePart(ids.TABLE_YEARLY, headers, rows, table_caption, numeric=(1, 2, 3))
    return figure, table


def split_parts(
    summary: NationalSummary, status: DataStatus, lang: str
) -> tuple[FigurePart, FigurePart]:
    """By kind of capital and carried-over vs current-year plan, for the selected year."""
    year = summary.year
    by_kind = FigurePart(
        ids.GRAPH_BY_KIND,
        figures.split_figure(summary.by_kind, {k: t(f"kind.{k}", lang) for k in KINDS}, lang),
        figures.caption(t("figure.by_kind", lang, year=year), status, lang),
    )
    by_plan = FigurePart(
        ids.GRAPH_BY_PLAN,
        figures.split_figure(summary.by_plan, {p: t(f"plan.{p}", lang) for p in PLANS}, lang),
        figures.caption(t("figure.by_plan", lang, year=year), status, lang),
    )
    return by_kind, by_plan


def overview_view(deps: Deps, lang: str, year_param: object = None) -> OverviewView:
    """Everything the overview shows for ``?year=`` (default: the latest year with data)."""
    title, year_label = t("overview.title", lang), t("label.year", lang)
    basics = guarded(lambda: (deps.status(), deps.read(available_years)), lang, "data status")
    if isinstance(basics, Failed):
        return OverviewView(title, year_label, None, (), kpis=basics)
    status, years = basics
    if not years:
        return OverviewView(title, year_label, None, (), notices=(t("info.no_data", lang),))
    asked = from_query({"year": year_param})
    filters = guarded(lambda: scoping.resolve(deps, asked), lang, "data status")
    if isinstance(filters, Failed):
        return OverviewView(title, year_label, None, (), kpis=filters)
    year, upto = filters.year, filters.month
    notices = (
        ()
        if asked.year in (None, year)
        else (t("info.year_missing", lang, asked=asked.year, year=year),)
    )
    notices += tuple(note for note in (scoping.granted_note(deps, lang),) if note)
    scope = scoping.grant_scope(deps)

    def both_years() -> tuple[NationalSummary, NationalSummary | None]:
        previous = deps.read(national_summary, year - 1, upto, scope) if year - 1 in years else None
        return deps.read(national_summary, year, upto, scope), previous

    summaries = guarded(both_years, lang, "national summary")
    usual = guarded(lambda: overview_progress.expected(deps, year, upto, status), lang, "pace")
    usual = None if isinstance(usual, Failed) else usual
    yearly_figure, yearly_table = yearly_parts(deps, status, lang)
    by_kind, by_plan = (
        (summaries, summaries)
        if isinstance(summaries, Failed)
        else split_parts(summaries[0], status, lang)
    )
    return OverviewView(
        title=title,
        year_label=year_label,
        alerts_title=t("overview.alerts", lang),
        period=_period(year, upto, lang),
        years=tuple(Link(str(y), href(PATH, lang=lang, year=y), y == year) for y in years),
        notices=notices,
        kpis=summaries
        if isinstance(summaries, Failed)
        else (*kpis(*summaries, lang), overview_progress.pace_kpi(summaries[0], usual, lang)),
        alerts=()
        if isinstance(summaries, Failed)
        else guarded(
            lambda: overview_progress.alerts(deps, summaries[0], usual, lang), lang, "alerts"
        ),  # fmt: skip
        by_project=guarded(
            lambda: overview_progress.project_part(deps, year, upto, status, lang), lang, "projects"
        ),
        project_table=guarded(
            lambda: overview_progress.project_table(deps, year, upto, status, lang),
            lang,
            "projects",
        ),  # fmt: skip
        province_map=guarded(
            lambda: overview_progress.province_map_part(deps, year, upto, status, lang),
            lang,
            "province map",
        ),  # fmt: skip
        lagging=guarded(
            lambda: overview_progress.lagging_part(deps, year, upto, usual, status, lang),
            lang,
            "lagging provinces",
        ),  # fmt: skip
        yearly_figure=yearly_figure,
        yearly_table=yearly_table,
        by_kind=by_kind,
        by_plan=by_plan,
        reporting=guarded(lambda: reporting_panel(deps, lang, date.today()), lang, "reporting"),
    )


def page(deps: Deps) -> Callable[..., object]:
    """The layout function Dash pages calls with the query parameters of the URL."""

    def layout(lang: object = None, year: object = None, **_other: object) -> object:
        language = i18n.normalize(lang, deps.settings.language)
        return overview_layout.layout(overview_view(deps, language, year))

    return layout


def register(app: Dash, deps: Deps) -> None:
    """The overview is a page; its filters are links (``?year=``), so it needs no callback yet.
    Its province map needs the boundary files' route and the empty world outline."""
    ensure_geometry_route(app, deps)
    topojson.register(app, deps)
    dash.register_page(
        "overview",
        path=PATH,
        name=t("nav.overview", deps.settings.language),
        title=t("app.name", deps.settings.language),
        description=t("app.description", deps.settings.language),
        order=0,
        layout=page(deps),
    )
