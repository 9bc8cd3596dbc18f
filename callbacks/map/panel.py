"""What the map explorer shows beside the map: legend, linked table, breadcrumbs, the rule for
data of the other boundary set, and the detail of the selected commune."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from callbacks import scoping
from callbacks.deps import Deps
from callbacks.map import gaps
from callbacks.map.legend import NO_DATA, format_value
from callbacks.map.state import MapState, is_indicator
from callbacks.map.values import (
    column_of,
    indicator_spec,
    metric_frame,
    read_values,
    values_payload,
)
from callbacks.outage import FAILURES
from dashboard import fmt
from dashboard.i18n import lower_first, t
from dashboard.models import LEGACY, REFORMED
from dashboard.queries import map as queries
from dashboard.queries.indicators import vintage_for
from dashboard.queries.scope import Scope
from layouts.map import Detail, Row, Side

log = logging.getLogger(__name__)
TABLE_ROWS = 60


def _crumbs(deps: Deps, state: MapState, frame_names: dict[str, str]) -> tuple:
    lang = state.lang
    crumbs: list[tuple[str, str | None]] = [(t("label.national", lang), "VN")]
    if state.province:
        provinces = deps.read(queries.units, state.vintage, "province")
        name = dict(zip(provinces["code"], provinces["short_name"], strict=True))
        crumbs.append((name.get(state.province, state.province), state.province))
    if state.unit and state.unit in frame_names:
        crumbs.append((frame_names[state.unit], None))
    return tuple(crumbs)


def _indicator_note(state: MapState, year: int) -> str:
    lang = state.lang
    note = t("map.ind_note", lang)
    source = vintage_for(year)
    if source == state.vintage:
        return note
    rule = t(f"map.ind_rule.{state.vintage}", lang)
    other = lower_first(t(f"vintage.{source}", lang))
    return f"{note} {t('map.note', lang, year=year, other=other, rule=rule)}"


def _note(state: MapState, year: int) -> str:
    lang = state.lang
    if is_indicator(state.metric):
        return _indicator_note(state, year)
    other = LEGACY if state.vintage == REFORMED else REFORMED
    if (other == LEGACY and year > 2025) or (other == REFORMED and year < 2025):
        return ""  # every figure of the year is on the map's own boundaries
    rule = t(f"map.rule.{state.vintage}", lang)
    other_name = lower_first(t(f"vintage.{other}", lang))
    return t("map.note", lang, year=year, other=other_name, rule=rule)


def _places(deps: Deps, state: MapState, rows: pd.DataFrame) -> dict[str, str]:
    """Code -> "district, province" (the district on pre-reform boundaries) of the communes
    listed; nothing at the province and district levels."""
    if state.level != "commune" or rows.empty:
        return {}
    provinces = deps.read(queries.units, state.vintage, "province")
    names = dict(zip(provinces["code"], provinces["short_name"], strict=True))
    place = rows["province_code"].map(names).fillna("")
    if state.vintage == LEGACY:
        districts = deps.read(queries.units, LEGACY, "district")
        dnames = dict(zip(districts["code"], districts["short_name"], strict=True))
        district = rows["district_code"].map(dnames).fillna("")
        place = (district + ", " + place).str.strip(", ")
    return dict(zip(rows["code"], place, strict=True))


def _money(vnd: object, lang: str) -> str:
    """A commune's amount in the unit its size calls for (triệu đồng below a tỷ, not "0,0 tỷ")."""
    return fmt.money(int(vnd), lang, unit="auto")


def detail_of(deps: Deps, state: MapState, scope: Scope, frame: pd.DataFrame) -> Detail | None:
    """The selected commune: its place, region, figures by project and monthly trend."""
    if not state.unit or state.level != "commune":
        return None
    row = frame[frame["code"] == state.unit]
    if row.empty:
        return None
    unit, lang = row.iloc[0], state.lang
    if not scoping.may_see(deps, state.vintage, unit["province_code"]):
        return None
    provinces = deps.read(queries.units, state.vintage, "province")
    pname = dict(zip(provinces["code"], provinces["name"], strict=True))
    local = replace(scope, provinces=(unit["province_code"],))
    refs = deps.read(queries.lookups)
    projects = deps.read(queries.unit_by_project, local, state.unit, refs)
    trend = deps.read(queries.unit_trend, local, state.unit, refs)
    facts = [
        (t("label.code", lang), unit["code"]),
        (t("map.level.province", lang), pname.get(unit["province_code"], "–")),
        (t("measure.region", lang),
         t("map.region_class", lang, region=unit["region"]) if unit["region"] else "–"),
        (t("measure.allocated", lang), _money(unit["allocated"], lang)),
        (t("measure.disbursed", lang), _money(unit["disbursed"], lang)),
        (t("measure.rate", lang), format_value("rate", unit["rate"], lang)),
    ]  # fmt: skip
    if state.vintage == LEGACY and unit["district_code"]:
        districts = deps.read(queries.units, LEGACY, "district")
        dname = dict(zip(districts["code"], districts["name"], strict=True))
        facts.insert(1, (t("map.level.district", lang), dname.get(unit["district_code"], "–")))
    return Detail(
        title=str(unit["name"]),
        facts=tuple(facts),
        project_headers=(t("label.project", lang), t("measure.allocated", lang),
                         t("measure.disbursed", lang)),
        projects=tuple((r.project, _money(r.allocated, lang), _money(r.disbursed, lang))
                       for r in projects.itertuples()),
        trend_headers=(t("label.month", lang), t("measure.disbursed", lang),
                       t("map.cumulative", lang)),
        trend=tuple((fmt.month_name(int(r.month), lang), _money(r.disbursed, lang),
                     _money(r.cumulative, lang)) for r in trend.itertuples()),
    )  # fmt: skip


def side_and_values(deps: Deps, state: MapState, year: int, month: int) -> tuple[Side, dict]:
    lang = state.lang
    scope = scoping.scope_of(deps, state.filters)
    frame = read_values(deps, state, scope)
    spec = indicator_spec(deps, state.metric, lang)
    shown = metric_frame(frame, state.metric, spec)
    payload, legend = values_payload(frame, shown, state, spec)
    column = column_of(state.metric)
    level_name = t(f"map.level.{state.level}", lang)
    unit = spec.unit if spec else None
    label = spec.name if spec else t(f"measure.{state.metric}", lang)
    period = fmt.month_label(year, month, lang) if month and not spec else str(year)
    places = _places(deps, state, shown.head(TABLE_ROWS))
    rows = tuple(
        Row(r.code, r.short_name, format_value(state.metric, getattr(r, column), lang, unit),
            r.code == state.unit, places.get(r.code, ""))
        for r in shown.head(TABLE_ROWS).itertuples()
    )  # fmt: skip
    names = dict(zip(frame["code"].tolist(), frame["short_name"].tolist(), strict=True))
    side = Side(
        legend_title=f"{label} ({unit})" if unit else label,
        legend=tuple(legend),
        gaps=gaps.lines(gaps.counts(deps, state, scope, frame), level_name, lang),
        gaps_title=t("map.gaps", lang),
        gap_colour=NO_DATA,
        table_headers=(t("label.code", lang), level_name, label),
        rows=rows,
        table_note=t("map.table_note_ind" if spec else "map.table_note", lang, shown=len(rows),
                     total=len(shown)),
        crumbs=_crumbs(deps, state, names),
        note=" ".join(n for n in (scoping.granted_note(deps, lang), _note(state, year)) if n),
        title=t("map.title", lang, metric=label, level=level_name.lower(), period=period),
        detail=detail_of(deps, state, scope, frame),
        place_header=(t("map.place.district" if state.vintage == LEGACY else "map.level.province",
                        lang) if places else ""),
    )  # fmt: skip
    return side, payload


def _failed(state: MapState) -> tuple[Side, dict]:
    lang = state.lang
    side = Side(t("measure.rate", lang), (), (), ("", "", ""), (), "",
                ((t("label.national", lang), None),), "", t("map.heading", lang),
                error=t("error.read", lang))  # fmt: skip
    return side, {"locations": [], "z": [], "text": [], "colorscale": [[0, NO_DATA], [1, NO_DATA]],
                  "zmax": 0.5, "nodata": NO_DATA}  # fmt: skip


def guarded(read: Callable[[], tuple[Side, dict]], state: MapState) -> tuple[Side, dict]:
    try:
        return read()
    except Exception:  # noqa: BLE001 (a failed read shows a message; the page keeps working)
        FAILURES.failed("map values")
        return _failed(state)
