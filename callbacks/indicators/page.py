"""The indicators page: each target indicator against its baseline and targets, and for the one
selected (``?indicator=EM_POVERTY&year=2024``) its national trend, a province ranking and map.

``indicators_view`` is the plain function (tested against a real database); ``page(deps)`` is the
layout Dash pages calls with the URL's query parameters. Selection is by links, so the URL holds
it: reload and back restore the view. A read that fails becomes a ``Failed`` part.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import dash
import pandas as pd
from dash import Dash

from callbacks import figures, geometry, scoping, topojson, url_params
from callbacks.common import ensure_geometry_route, guarded
from callbacks.deps import Deps
from callbacks.indicators import figures as figs
from callbacks.indicators.figures import value_text
from callbacks.shell import href
from dashboard import i18n
from dashboard.i18n import t
from dashboard.indicator_status import STATUSES, Point, Status, assess, target_for
from dashboard.queries import DataStatus
from dashboard.queries.indicators import (
    indicator_definitions,
    national_series,
    province_values,
    province_years,
    vintage_for,
)
from geodata.loader import load_geojson_path
from layouts import ids
from layouts import indicators as indicators_layout
from layouts.indicators import Card, Detail, IndicatorsView
from layouts.parts import Failed, FigurePart, TablePart
from layouts.shell import Link

PATH = "/indicators"


def series_points(series: pd.DataFrame, code: str) -> list[Point]:
    """The national values of ``code`` from ``national_series``, by year."""
    rows = series[series.indicator_code == code]
    return [Point(int(y), float(v)) for y, v in zip(rows.year, rows.value, strict=True)]


def indicator_status(row: pd.Series, points: list[Point]) -> Status:
    """The status of an indicator's latest national value (``dashboard.indicator_status``)."""
    latest = points[-1] if points else None
    target = target_for(latest.year, figs.targets(row)) if latest else None
    return assess(row.direction, figs.start(row, points), target, latest)


def card(row: pd.Series, points: list[Point], lang: str, selected: str | None) -> Card:
    unit = row[f"unit_{lang}"]
    start = figs.number(row.baseline)
    baseline = (
        f"{value_text(start, unit, lang)} ({int(row.baseline_year)})" if start is not None else "–"
    )
    latest = f"{value_text(points[-1].value, unit, lang)} ({points[-1].year})" if points else "–"
    targets = figs.targets(row)
    facts = (
        (t("indicators.baseline", lang), baseline),
        (t("indicators.latest", lang), latest),
        *(
            (
                t("indicators.target", lang, year=year),
                value_text(value, unit, lang)
                if value is not None
                else t("indicators.no_target", lang),
            )
            for year, value in targets.items()
        ),
    )
    status = indicator_status(row, points)
    return Card(
        code=row.code,
        name=row[f"name_{lang}"],
        unit=t("figure.units", lang, unit=unit),
        facts=facts,
        status=status,
        status_label=t(f"indicators.status.{status}", lang),
        href=href(PATH, lang=lang, indicator=row.code),
        selected=row.code == selected,
        sparkline=figs.sparkline(points),
    )


def _caption(title: str, unit: str, status: DataStatus, lang: str) -> figures.Caption:
    base = figures.caption(title, status, lang, units=False)
    return replace(base, units=t("figure.units", lang, unit=unit))


def ranked(frame: pd.DataFrame, direction: str) -> pd.DataFrame:
    """Provinces from best to worst (higher first for "up", lower first for "down")."""
    return frame.sort_values(
        ["value", "unit_code"], ascending=[direction == "down", True], kind="stable"
    ).reset_index(drop=True)


@lru_cache(maxsize=4)
def _feature_ids(path: str, _mtime: int) -> tuple[str, ...]:
    return tuple(str(f["id"]) for f in json.loads(Path(path).read_bytes())["features"])


def province_layer(out_dir: Path, vintage: int) -> tuple[str, tuple[str, ...]]:
    """The URL of the national province layer of ``vintage`` and its province ids (read once per
    file version); ``LookupError`` / ``FileNotFoundError`` when it is not built."""
    url = geometry.geometry_url(out_dir, geometry.layer_key(vintage, "province"))
    path = load_geojson_path(out_dir, str(vintage), "province")
    return url, _feature_ids(str(path), path.stat().st_mtime_ns)


def _tables(
    ranking: pd.DataFrame, row: pd.Series, points: list[Point], status: DataStatus, lang: str,
    year: int,
) -> tuple[TablePart, TablePart]:  # fmt: skip
    unit = row[f"unit_{lang}"]
    ranking_rows = tuple(
        (str(i + 1), name, value_text(v, unit, lang))
        for i, (name, v) in enumerate(zip(ranking["name"], ranking.value, strict=True))
    )
    ranking_table = TablePart(
        ids.TABLE_INDICATOR_RANKING,
        (t("indicators.rank", lang), t("label.province", lang), t("indicators.value", lang)),
        ranking_rows,
        _caption(t("indicators.ranking_table", lang, year=year), unit, status, lang),
        numeric=(0, 2),
    )
    trend_table = TablePart(
        ids.TABLE_INDICATOR_TREND,
        (t("label.year", lang), t("label.national", lang)),
        tuple((str(p.year), value_text(p.value, unit, lang)) for p in points),
        _caption(t("indicators.trend_table", lang), unit, status, lang),
        numeric=(1,),
    )
    return ranking_table, trend_table


def _province_parts(
    deps: Deps, row: pd.Series, points: list[Point], status: DataStatus, lang: str, year: int
) -> tuple[FigurePart, TablePart, FigurePart, TablePart]:
    """Ranking chart, ranking table, map and trend table of ``year``."""
    every = deps.read(province_values, row.code, year)
    frame = ranked(scoping.only_visible(deps, every, vintage_for(year), "unit_code"), row.direction)
    national = next((p.value for p in points if p.year == year), None)
    unit = row[f"unit_{lang}"]
    units = t(f"indicators.vintage.{vintage_for(year)}", lang)
    ranking = FigurePart(
        ids.GRAPH_INDICATOR_RANKING,
        figs.ranking_figure(frame, row, national, lang),
        _caption(t("indicators.ranking", lang, year=year, units=units), unit, status, lang),
    )
    ranking_table, trend_table = _tables(frame, row, points, status, lang, year)
    return ranking, ranking_table, _map_part(deps, frame, row, status, lang, year), trend_table


def _map_part(
    deps: Deps, frame: pd.DataFrame, row: pd.Series, status: DataStatus, lang: str, year: int
) -> FigurePart | Failed:
    layer = guarded(
        lambda: province_layer(deps.settings.geodata_dir, vintage_for(year)), lang, "geometry"
    )
    if isinstance(layer, Failed):
        return Failed(t("indicators.map_unavailable", lang))
    unit = row[f"unit_{lang}"]
    return FigurePart(
        ids.GRAPH_INDICATOR_MAP,
        figs.map_figure(frame, *layer, row, lang, labels=_labels(deps, year, lang)),
        _caption(t("indicators.map", lang, year=year), unit, status, lang),
    )


def _labels(deps: Deps, year: int, lang: str) -> dict | None:
    key = geometry.layer_key(vintage_for(year), "province")
    return geometry.layer_labels(deps.settings.geodata_dir, key, lang)


def ranking_height(table: TablePart | Failed) -> int:
    """Pixels for a bar chart with one readable bar per province."""
    rows = len(table.rows) if isinstance(table, TablePart) else 0
    return max(320, 60 + 17 * rows)


def detail_view(
    deps: Deps, row: pd.Series, points: list[Point], status: DataStatus, lang: str,
    year_param: object,
) -> Detail:  # fmt: skip
    """Trend, ranking, map and tables of one indicator; ``?year=`` among its province years."""
    unit = row[f"unit_{lang}"]
    trend = FigurePart(
        ids.GRAPH_INDICATOR_TREND,
        figs.trend_figure(row, points, lang),
        _caption(t("indicators.trend", lang), unit, status, lang),
    )
    years = guarded(lambda: deps.read(province_years, row.code), lang, "province years")
    asked = url_params.last(year_param)
    year = next((y for y in years if str(y) == asked), None) if isinstance(years, list) else None
    if year is None and isinstance(years, list) and years:
        year = years[-1]
    links = tuple(
        Link(str(y), href(PATH, lang=lang, indicator=row.code, year=y), y == year)
        for y in (years if isinstance(years, list) else [])
    )
    failed = years if isinstance(years, Failed) else Failed(t("indicators.no_provinces", lang))
    parts = (
        guarded(lambda: _province_parts(deps, row, points, status, lang, year), lang, "provinces")
        if year is not None
        else failed
    )
    ranking, ranking_table, map_, trend_table = (parts,) * 4 if isinstance(parts, Failed) else parts
    return Detail(
        title=row[f"name_{lang}"],
        year_label=t("label.year", lang),
        years=links,
        trend=trend,
        trend_table=trend_table,
        ranking=ranking,
        ranking_table=ranking_table,
        map=map_,
        map_config={"topojsonURL": topojson.TOPOJSON_URL},
        ranking_height=ranking_height(ranking_table),
        table_toggle=t("indicators.show_tables", lang),
    )


def summary(cards: tuple[Card, ...], lang: str) -> str:
    """One line of counts by status, best first: "3 đã đạt · 3 có nguy cơ · 4 chậm tiến độ"."""
    counts = Counter(c.status for c in cards)
    return " · ".join(
        t(f"indicators.count.{status}", lang, count=counts[status])
        for status in STATUSES
        if counts[status]
    )


def indicators_view(
    deps: Deps, lang: str, indicator_param: object = None, year_param: object = None
) -> IndicatorsView:
    """Everything the page shows for ``?indicator=`` (default: the first) and ``?year=``."""
    title, rule = t("indicators.title", lang), t("indicators.rule", lang)
    basics = guarded(
        lambda: (deps.status(), deps.read(indicator_definitions), deps.read(national_series)),
        lang,
        "indicators",
    )
    if isinstance(basics, Failed):
        return IndicatorsView(title, rule, cards=basics)
    status, definitions, series = basics
    if definitions.empty:
        return IndicatorsView(title, rule, notices=(t("indicators.none", lang),))
    asked = url_params.last(indicator_param)
    codes = definitions.code.tolist()
    selected = asked if asked in codes else codes[0]
    notices = () if asked in (None, selected) else (t("indicators.unknown", lang, code=asked),)
    rows = {row.code: row for _, row in definitions.iterrows()}
    points = {code: series_points(series, code) for code in codes}
    cards = tuple(card(rows[c], points[c], lang, selected) for c in codes)
    return IndicatorsView(
        title=title,
        rule=rule,
        demo=t("badge.demo", lang) if status.is_demo else None,
        demo_note=t("indicators.demo_note", lang) if status.is_demo else None,
        notices=notices + ((t("indicators.demo_note", lang),) if status.is_demo else ()),
        cards=cards,
        summary=summary(cards, lang),
        detail=guarded(
            lambda: detail_view(deps, rows[selected], points[selected], status, lang, year_param),
            lang,
            "detail",
        ),
    )


def page(deps: Deps) -> Callable[..., object]:
    """The layout function Dash pages calls with the query parameters of the URL."""

    def layout(
        lang: object = None, indicator: object = None, year: object = None, **_other: object
    ) -> object:
        language = i18n.normalize(lang, deps.settings.language)
        return indicators_layout.layout(indicators_view(deps, language, indicator, year))

    return layout


def register(app: Dash, deps: Deps) -> None:
    """A page whose selection is links (``?indicator=&year=``); its map needs the empty
    topology plotly fetches (``callbacks.topojson``) and the boundary file's route."""
    topojson.register(app, deps)
    ensure_geometry_route(app, deps)
    lang = deps.settings.language
    dash.register_page(
        "indicators",
        path=PATH,
        name=t("nav.indicators", lang),
        title=f"{t('nav.indicators', lang)} · {t('app.name', lang)}",
        order=3,
        layout=page(deps),
    )
