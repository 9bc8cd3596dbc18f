"""The reporting tab of ``/data``: who has reported which month (``dashboard.reporting``), as a
province × month grid and a province map of one month.

``reporting_view`` is a plain function of (deps, lang, year, regions, month, today): the scope
comes from the request's viewer through ``callbacks.scoping`` (an officer sees their provinces
only, whatever the request asks), so it is tested without a browser. The callback only passes
the controls' values in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from dash import Dash, Input, Output, State

from callbacks import scoping
from callbacks.common import ensure_geometry_route, guarded
from callbacks.data.reporting_map import status_map_part
from callbacks.deps import Deps
from callbacks.figures import caption
from callbacks.shell import parse_query
from dashboard import fmt, i18n
from dashboard.access import Viewer
from dashboard.filters import Filters, from_query
from dashboard.i18n import t
from dashboard.models import REFORMED, REGIONS
from dashboard.queries import available_years
from dashboard.reporting import DUE, LATE, MISSING, REPORTED, Reporting, reporting
from layouts import data_reporting, ids
from layouts.data_reporting import Cell, Choice, ProvinceRow, ReportingControls, ReportingView
from layouts.parts import Failed

KEY = (REPORTED, LATE, MISSING, DUE)


def status_label(status: str, lang: str) -> str:
    return t(f"reporting.status.{status}", lang)


def day_month(value: object, lang: str) -> str:
    """ "05/09" (vi) or "05 Sep" (en) of a receipt time; "" without one."""
    if value is None or pd.isna(value):
        return ""
    return fmt.day_month(pd.Timestamp(value).date(), lang)


def full_date(value: object, lang: str) -> str:
    if value is None or pd.isna(value):
        return fmt.DASH
    return fmt.date_label(pd.Timestamp(value).date(), lang)


def controls(deps: Deps, lang: str) -> ReportingControls:
    years = sorted(deps.read(available_years), reverse=True)
    default = scoping.resolve(deps, Filters(), (REFORMED,)).year if years else None
    return ReportingControls(
        year_label=t("label.year", lang),
        years=tuple(Choice(str(y), y) for y in years),
        year=default,
        region_label=t("measure.region", lang),
        regions=tuple(Choice(t("map.region_class", lang, region=r), r) for r in REGIONS),
        month_label=t("reporting.map_month", lang),
    )


def content(deps: Deps, viewer: Viewer, lang: str) -> object:  # noqa: ARG001 (the tab's signature)
    """The tab as the page first draws it: the controls (the grid follows by callback)."""
    try:
        view = controls(deps, lang)
    except Exception:  # noqa: BLE001 (the tab says so; the page's other tabs keep working)
        view = ReportingControls(t("label.year", lang), (), None, t("measure.region", lang),
                                 (), t("reporting.map_month", lang))  # fmt: skip
    return data_reporting.tab(view)


def _row(result: Reporting, summary: pd.Series, lang: str) -> ProvinceRow:
    cells = result.grid[result.grid["province_code"] == summary["province_code"]]
    return ProvinceRow(
        code=str(summary["province_code"]),
        name=str(summary["name"]),
        cells=tuple(
            Cell(
                c.status,
                status_label(c.status, lang),
                day_month(c.received_at, lang),
                fmt.percent(c.share, lang, 0) if c.share is not None and pd.notna(c.share) else "",
            )
            for c in cells.itertuples()
        ),  # fmt: skip
        missing=fmt.number(int(summary["missing"]), lang),
        late=fmt.number(int(summary["late"]), lang),
        last_received=full_date(summary["last_received"], lang),
        plan_received=full_date(summary["plan_received"], lang),
    )


def map_month(result: Reporting, asked: object) -> int | None:
    """The month the map shows: the one asked when the grid has it, else the latest due."""
    if isinstance(asked, int) and not isinstance(asked, bool) and 1 <= asked <= result.months:
        return asked
    return result.latest or (result.months or None)


def reporting_view(
    deps: Deps, lang: str, year: object, regions: object, month: object, today: date
) -> tuple[ReportingView, list[dict], int | None]:
    """The grid and map for the controls' values, the map-month options and the month shown."""
    filters = scoping.resolve(deps, from_query({"year": year, "regions": regions}), (REFORMED,))
    scope = scoping.scope_of(deps, filters)
    result = deps.read(reporting, scope, today, deps.settings.report_deadline_day)
    status = deps.status()
    months = tuple(fmt.month_short(m, lang) for m in range(1, result.months + 1))
    options = [{"label": fmt.month_label(result.year, m, lang), "value": m}
               for m in range(1, result.months + 1)]  # fmt: skip
    shown = map_month(result, month)
    notices = []
    if result.summary.empty:
        notices.append(t("reporting.none", lang))
    elif not result.months:
        notices.append(t("reporting.no_month", lang, year=result.year))
    province_map = None
    if shown is not None and not result.summary.empty:
        province_map = guarded(lambda: status_map_part(deps, result, shown, status, lang), lang,
                               "reporting map")  # fmt: skip
    view = ReportingView(
        title=t("reporting.title", lang, year=result.year),
        rule=t("reporting.rule", lang, day=deps.settings.report_deadline_day),
        months=months,
        headers=(t("label.province", lang), t("reporting.missing_months", lang),
                 t("reporting.late_months", lang), t("reporting.last_received", lang),
                 t("reporting.plan_received", lang)),  # fmt: skip
        rows=tuple(_row(result, s, lang) for _, s in result.summary.iterrows())
        if result.months else (),
        key=tuple((s, status_label(s, lang)) for s in KEY),
        key_title=t("reporting.legend", lang),
        caption=caption(t("reporting.title", lang, year=result.year), status, lang, units=False),
        province_map=province_map,
        notices=tuple(notices),
    )  # fmt: skip
    return view, options, shown


def lang_of(deps: Deps, search: object) -> str:
    query = parse_query(search if isinstance(search, str) else None)
    return i18n.normalize(query.get("lang"), deps.settings.language)


def register(app: Dash, deps: Deps, manager: Any = None) -> None:  # noqa: ARG001 (no background work)
    ensure_geometry_route(app, deps)

    @app.callback(
        output={"body": Output(ids.REPORTING_BODY, "children"),
                "months": Output(ids.REPORTING_MONTH, "options"),
                "month": Output(ids.REPORTING_MONTH, "value")},
        inputs={"year": Input(ids.REPORTING_YEAR, "value"),
                "regions": Input(ids.REPORTING_REGIONS, "value"),
                "month": Input(ids.REPORTING_MONTH, "value"),
                "search": State(ids.URL, "search")},
    )  # fmt: skip
    def _draw(year, regions, month, search):  # noqa: ANN001, ANN202
        lang = lang_of(deps, search)
        drawn = guarded(
            lambda: reporting_view(deps, lang, year, regions, month, date.today()), lang,
            "reporting",
        )  # fmt: skip
        if isinstance(drawn, Failed):
            return {"body": data_reporting.body(_failed(drawn, lang)), "months": [], "month": None}
        view, options, shown = drawn
        return {"body": data_reporting.body(view), "months": options, "month": shown}


def _failed(failed: Failed, lang: str) -> ReportingView:
    return ReportingView(t("reporting.tab", lang), "", (), (), (), (), "", error=failed.message)
