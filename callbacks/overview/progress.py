"""The overview's progress parts: pace against past years, progress per project, the five
provinces furthest behind pace with what holds them back, and alerts.

Plain functions of (deps, year, month, status, lang), tested against a real database.
"""

from __future__ import annotations

import logging

import pandas as pd

from callbacks import figures, geometry, scoping, topojson
from callbacks.deps import Deps
from callbacks.indicators import page as indicators
from callbacks.indicators.figures import map_figure
from dashboard import fmt
from dashboard.i18n import t
from dashboard.queries import DataStatus, NationalSummary, Totals
from dashboard.queries.pace import expected_rate
from dashboard.queries.provinces import (
    behind_pace,
    display_vintage,
    project_progress,
    province_progress,
)
from layouts import ids
from layouts.parts import Failed, FigurePart, Kpi, TablePart

log = logging.getLogger(__name__)
FAR_BEHIND = 0.10  # a province this far below the usual pace is flagged
KIND_LAG = 0.15  # recurrent this far below investment is flagged


def points(gap: float | None, lang: str) -> str:
    """A difference of two rates in percentage points, signed: "−3,4 điểm %"."""
    if gap is None or pd.isna(gap):
        return "–"
    sign = "+" if gap > 0 else "−" if gap < 0 else ""
    return f"{sign}{fmt.number(abs(gap) * 100, lang, 1)} {t('unit.points', lang)}"


def expected(deps: Deps, year: int, upto: int, status: DataStatus) -> float | None:
    return deps.read(expected_rate, year, upto, status.data_as_of) if upto else None


def pace_kpi(summary: NationalSummary, usual: float | None, lang: str) -> Kpi:
    """The national rate against where past years stood at the same month."""
    rate = summary.total.rate
    if usual is None or rate is None:
        return Kpi(ids.KPI_PACE, t("kpi.pace", lang), "–", None, (t("kpi.pace_none", lang),))
    month = fmt.month_name(summary.upto_month, lang)
    verdict = "kpi.pace_ahead" if rate >= usual else "kpi.pace_behind"
    return Kpi(
        ids.KPI_PACE,
        t("kpi.pace", lang),
        points(rate - usual, lang),
        None,
        (t("kpi.pace_usual", lang, month=month, rate=fmt.percent(usual, lang)), t(verdict, lang)),
    )


def project_part(deps: Deps, year: int, upto: int, status: DataStatus, lang: str) -> FigurePart:
    frame = deps.read(project_progress, year, upto, scoping.grant_scope(deps))
    labels = {
        row.project: t("project.short", lang, code=row.project[2:]) for row in frame.itertuples()
    }
    parts = {
        row.project: Totals(int(row.allocated), int(row.disbursed)) for row in frame.itertuples()
    }
    return FigurePart(
        ids.GRAPH_BY_PROJECT,
        figures.split_figure(parts, labels, lang),
        figures.caption(t("figure.by_project", lang, year=year), status, lang),
    )


def project_table(deps: Deps, year: int, upto: int, status: DataStatus, lang: str) -> TablePart:
    """The text alternative of the project chart, with the projects' full names."""
    frame = deps.read(project_progress, year, upto, scoping.grant_scope(deps))
    name = "name_vi" if lang == "vi" else "name_en"
    rows = tuple(
        (r.project, getattr(r, name) or "", fmt.amount(int(r.allocated), lang),
         fmt.amount(int(r.disbursed), lang), fmt.percent(_rate(r.rate), lang))
        for r in frame.itertuples()
    )  # fmt: skip
    headers = (t("label.code", lang), t("label.name", lang), t("measure.allocated", lang),
               t("measure.disbursed", lang), t("measure.rate_short", lang))  # fmt: skip
    caption = figures.caption(t("table.by_project", lang, year=year), status, lang)
    return TablePart(ids.TABLE_BY_PROJECT, headers, rows, caption, numeric=(2, 3, 4))


def _rate(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def lagging_part(
    deps: Deps, year: int, upto: int, usual: float | None, status: DataStatus, lang: str
) -> TablePart | Failed:
    """The five provinces furthest below the usual pace, and where most of the gap sits."""
    if usual is None:
        return Failed(t("info.no_pace", lang))
    frame = deps.read(behind_pace, year, upto, usual, 5, scoping.grant_scope(deps))
    rows = tuple(
        (r.name or r.province_code, fmt.percent(_rate(r.rate), lang), points(r.gap, lang),
         _behind_on(r, lang))
        for r in frame.itertuples()
    )  # fmt: skip
    headers = (t("label.province", lang), t("measure.rate_short", lang), t("table.pace_gap", lang),
               t("table.behind_on", lang))  # fmt: skip
    caption = figures.caption(t("table.lagging", lang), status, lang, units=False)
    return TablePart(ids.TABLE_LAGGING, headers, rows, caption, numeric=(1, 2))


def _behind_on(row: object, lang: str) -> str:
    project, kind, shortfall = row.project, row.kind, row.shortfall
    if not isinstance(project, str) or pd.isna(shortfall) or shortfall <= 0:
        return "–"
    label = t("project.short", lang, code=project[2:])
    return t("overview.behind_on", lang, project=label, kind=t(f"kind.{kind}.short", lang),
             amount=fmt.money(int(shortfall), lang))  # fmt: skip


def alerts(deps: Deps, summary: NationalSummary, usual: float | None, lang: str) -> tuple[str, ...]:
    """Plain sentences for what needs attention now."""
    found = []
    if usual is not None and summary.upto_month:
        scope = scoping.grant_scope(deps)
        provinces = deps.read(province_progress, summary.year, summary.upto_month, scope)
        behind = provinces[(provinces.rate - usual) < -FAR_BEHIND]
        if len(behind):
            found.append(t("alert.far_behind", lang, count=len(behind),
                           points=fmt.number(FAR_BEHIND * 100, lang)))  # fmt: skip
    investment, recurrent = (summary.by_kind[k].rate for k in ("investment", "recurrent"))
    if investment is not None and recurrent is not None and investment - recurrent > KIND_LAG:
        found.append(t("alert.recurrent_lags", lang, recurrent=fmt.percent(recurrent, lang),
                       investment=fmt.percent(investment, lang)))  # fmt: skip
    return tuple(found)


RATE_ROW = pd.Series({"unit_vi": "%", "unit_en": "%", "direction": "up"})


def province_map_part(
    deps: Deps, year: int, upto: int, status: DataStatus, lang: str
) -> FigurePart:
    """Provinces coloured by their disbursement rate (the boundary file travels by URL)."""
    frame = deps.read(province_progress, year, upto, scoping.grant_scope(deps))
    frame = frame.dropna(subset=["rate"])
    shown = pd.DataFrame({"unit_code": frame.province_code, "name": frame["name"],
                          "value": (frame.rate * 100).round(1)})  # fmt: skip
    url, province_ids = indicators.province_layer(deps.settings.geodata_dir, display_vintage(year))
    key = geometry.layer_key(display_vintage(year), "province")
    labels = geometry.layer_labels(deps.settings.geodata_dir, key, lang)
    return FigurePart(
        ids.GRAPH_PROVINCE_MAP,
        map_figure(shown, url, province_ids, RATE_ROW, lang, labels=labels),
        figures.caption(t("figure.province_map", lang, year=year), status, lang, units=False),
        config={"topojsonURL": topojson.TOPOJSON_URL},
        height=420,
    )
