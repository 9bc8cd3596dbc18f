"""The disbursement page: the chosen year's cumulative S-curve against the plan, the usual pace
and past years; a year-end forecast; the year split by project, sub-project, source, kind and
province (with the pace gap).

``disbursement_view(deps, lang, params)`` is the plain function (tested against a real database)
that turns the URL's parameters into a ``DisbursementView``; ``page(deps)`` is the layout Dash
pages calls with them. The one callback rewrites the URL when a dropdown changes
(``controls.filters_href``), and Dash pages renders the page again from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

import dash
from dash import Dash, Input, Output, State

from callbacks import scoping
from callbacks.common import guarded
from callbacks.deps import Deps
from callbacks.disbursement import curve
from callbacks.disbursement import figures as figs
from callbacks.disbursement.controls import (
    PATH,
    checked_filters,
    filters_href,
    links,
    parse_params,
    read_basics,
)
from callbacks.disbursement.curve import Curves
from dashboard import fmt, i18n
from dashboard.forecast import expected_path, project_year_end
from dashboard.i18n import t
from dashboard.models import LEGACY
from dashboard.queries import DataStatus, upto_month_for
from dashboard.queries import disbursement as queries
from dashboard.queries.pace import complete_years, profile
from dashboard.queries.scope import Scope
from layouts import disbursement as disbursement_layout
from layouts import ids
from layouts.disbursement import DisbursementView
from layouts.parts import Failed, FigurePart, TablePart

# ---------------------------------------------------------------- reads


def read_curves(deps: Deps, scope: Scope, as_of: tuple[int, int] | None) -> Curves:
    past = complete_years(scope.year, as_of)
    frame = deps.read(queries.curves, replace(scope, upto_month=12), (*past, scope.year))
    lumped = deps.read(queries.lumped_months, replace(scope, upto_month=12), (*past, scope.year))

    def row(year: int) -> tuple[int, tuple[int, ...]]:
        values = frame.loc[year]
        return int(values["allocated"]), tuple(int(values[m]) for m in queries.MONTHS)

    allocated, cumulative = row(scope.year)
    curves = Curves(
        year=scope.year,
        month=scope.upto_month,
        allocated=allocated,
        cumulative=cumulative,
        past={year: row(year) for year in past},
        expected=None,
        lumped=lumped,
    )
    # the usual pace of the provinces and filters chosen, from their own past years; the
    # national pace (labelled so) when they have none
    own = expected_path(curves.profiles())
    if own is not None:
        return replace(curves, expected=own)
    return replace(curves, expected=expected_path(deps.read(profile, past)), national=True)


# ---------------------------------------------------------------- breakdowns


def project_parts(deps: Deps, scope: Scope, status: DataStatus, lang: str) -> tuple:
    """Bars and table by project, and a table by sub-project (or ``Failed`` parts)."""
    frames = guarded(
        lambda: (
            deps.read(queries.breakdown, scope, "project"),
            deps.read(queries.breakdown, scope, "subproject"),
        ),
        lang,
        "breakdown by project",
    )
    if isinstance(frames, Failed):
        return frames, frames, frames
    return figs.project_parts(*frames, scope.year, status, lang)


def split_parts(deps: Deps, scope: Scope, status: DataStatus, lang: str) -> tuple:
    """Bars by source and by kind, and one table of both and of the plan (or ``Failed``)."""
    frames = guarded(
        lambda: {
            by: deps.read(queries.breakdown, scope, by) for by in ("source", "kind", "carry_over")
        },
        lang,
        "breakdown by source and kind",
    )
    if isinstance(frames, Failed):
        return frames, frames, frames
    return figs.split_parts(frames, scope.year, status, lang)


def provinces_table(
    deps: Deps, scope: Scope, expected: float | None, status: DataStatus, lang: str
) -> TablePart | Failed:
    """Provinces, most behind the usual pace first."""
    frame = guarded(lambda: deps.read(queries.provinces, scope), lang, "provinces")
    if isinstance(frame, Failed):
        return frame
    return figs.provinces_part(frame, expected, scope.year, scope.vintage, status, lang)


# ---------------------------------------------------------------- the view


def _period(year: int, month: int, lang: str) -> str:
    if month == 0:
        return t("overview.period_none", lang, year=year)
    if month == 12:
        return t("overview.period_full", lang, year=year)
    return t("overview.period_upto", lang, year=year, month=fmt.month_label(year, month, lang))


def _empty(lang: str, **parts: object) -> DisbursementView:
    return DisbursementView(
        title=t("disb.title", lang),
        period=None,
        year_label=t("label.year", lang),
        years=(),
        month_label=t("label.month", lang),
        months=(),
        table_label=t("disb.show_table", lang),
        params={"lang": lang},
        **parts,
    )


def disbursement_view(deps: Deps, lang: str, raw: Mapping[str, object]) -> DisbursementView:
    """Everything the page shows for the URL's parameters ``raw``."""
    basics = guarded(lambda: read_basics(deps), lang, "data status")
    if isinstance(basics, Failed):
        return _empty(lang, kpis=basics)
    if not basics.years:
        return _empty(lang, notices=(t("info.no_data", lang),))
    asked, notices = parse_params(raw), []
    as_of = basics.status.data_as_of
    # the page shows each year on the map of its latest data
    params = scoping.resolve(deps, asked, lambda y: (basics.vintages.get(y, LEGACY),))
    year, month, vintage = params.year, params.month, params.vintage
    if asked.year not in (None, year):
        notices.append(t("info.year_missing", lang, asked=asked.year, year=year))
    upto = upto_month_for(year, as_of)
    checked = guarded(lambda: checked_filters(deps, params, vintage, lang), lang, "filter options")
    params, controls = (params, ()) if isinstance(checked, Failed) else checked
    scope = scoping.scope_of(deps, params)
    notices += [note for note in (scoping.granted_note(deps, lang),) if note]
    status = basics.status
    curves = guarded(lambda: read_curves(deps, scope, as_of), lang, "monthly curves")
    projects = project_parts(deps, scope, status, lang)
    splits = split_parts(deps, scope, status, lang)
    if isinstance(curves, Failed):
        top = {"kpis": curves, "scurve": curves, "scurve_table": curves, "forecast": curves}
        expected = None
    else:
        forecast = project_year_end(curves.rate, curves.profiles(), curves.month)
        title = t("disb.scurve", lang, year=year)
        top = {
            "kpis": curve.kpis(curves, forecast, lang),
            "scurve": FigurePart(
                ids.DISB_GRAPH_SCURVE,
                curve.scurve_figure(curves, forecast, lang),
                curve.caption(title, status, lang),
            ),
            "scurve_table": curve.scurve_table(curves, status, lang),
            "forecast": curve.forecast_part(curves, status, lang),
        }
        expected = curves.expected_now
    if vintage != LEGACY and year <= 2025:
        notices.append(t("disb.vintage_rule", lang, year=year))
    return DisbursementView(
        title=t("disb.title", lang),
        period=_period(year, month, lang),
        year_label=t("label.year", lang),
        month_label=t("label.month", lang),
        table_label=t("disb.show_table", lang),
        params={"lang": lang, "year": year, "month": month if month != upto else None},
        filters=controls,
        notices=tuple(notices),
        **links(basics, params, year, month, upto, lang),
        **top,
        projects=projects[0],
        projects_table=projects[1],
        subprojects_table=projects[2],
        by_source=splits[0],
        by_kind=splits[1],
        splits_table=splits[2],
        provinces_table=provinces_table(deps, scope, expected, status, lang),
    )


def page(deps: Deps) -> Callable[..., object]:
    """The layout Dash pages calls with the query parameters of the URL."""

    def layout(lang: object = None, **params: object) -> object:
        language = i18n.normalize(lang, deps.settings.language)
        return disbursement_layout.layout(disbursement_view(deps, language, params))

    return layout


def register(app: Dash, deps: Deps) -> None:
    lang = deps.settings.language
    dash.register_page(
        "disbursement",
        path=PATH,
        name=t("nav.disbursement", lang),
        title=f"{t('disb.title', lang)} · {t('app.name', lang)}",
        description=t("app.description", lang),
        order=20,
        layout=page(deps),
    )

    @app.callback(
        Output(ids.DISB_LOCATION, "href"),
        Input(ids.DISB_PROVINCES, "value"),
        Input(ids.DISB_PROJECTS, "value"),
        Input(ids.DISB_SOURCES, "value"),
        Input(ids.DISB_KINDS, "value"),
        Input(ids.DISB_PLAN, "value"),
        State(ids.DISB_PARAMS, "data"),
        prevent_initial_call=True,
    )
    def _filters_changed(provinces, projects, sources, kinds, plan, base):  # noqa: ANN001, ANN202
        return filters_href(base, provinces, projects, sources, kinds, plan)
