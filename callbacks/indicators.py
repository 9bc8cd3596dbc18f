"""The indicators page: each target indicator against its baseline and targets, and for the one
selected (``?indicator=EM_POVERTY&year=2024``) its national trend, a province ranking and map.

``indicators_view`` is the plain function (tested against a real database); ``page(deps)`` is the
layout Dash pages calls with the URL's query parameters. Selection is by links, so the URL holds
it: reload and back restore the view. A read that fails becomes a ``Failed`` part.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import dash
import pandas as pd
from dash import Dash

from callbacks import figures, topojson
from callbacks.deps import Deps
from callbacks.shell import href
from dashboard import fmt, i18n
from dashboard.i18n import t
from dashboard.indicator_status import Point, Status, assess, target_for
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
from layouts.overview import Failed, FigurePart, TablePart
from layouts.shell import Link

log = logging.getLogger(__name__)
T = TypeVar("T")
PATH = "/indicators"
TARGET_YEARS = (2025, 2030)
# ColorBrewer YlGnBu (colour-blind safe), from worse (light) to better (dark)
BETTER_SCALE = [
    [0, "#ffffcc"],
    [0.25, "#a1dab4"],
    [0.5, "#41b6c4"],
    [0.75, "#2c7fb8"],
    [1, "#253494"],
]
NO_DATA = "#e3e8ef"
LINE = "#1d5e9e"
TARGET = "#d55e00"  # Okabe-Ito vermillion


def _guarded(read: Callable[[], T], lang: str, what: str) -> T | Failed:
    try:
        return read()
    except Exception:  # noqa: BLE001 (any failure of a part must leave the rest of the page)
        log.exception("indicators: reading %s failed", what)
        return Failed(t("error.read", lang))


def _last(param: object) -> str | None:
    value = param[-1] if isinstance(param, list | tuple) and param else param
    return str(value) if value not in (None, "", [], ()) else None


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def value_text(value: float | None, unit: str, lang: str) -> str:
    """ "12,3%" or "43,4 triệu đồng/người/năm"; "–" without a value."""
    if value is None:
        return fmt.DASH
    number = fmt.number(value, lang, 1)
    return f"{number}%" if unit == "%" else f"{number} {unit}"


def _series(series: pd.DataFrame, code: str) -> list[Point]:
    rows = series[series.indicator_code == code]
    return [Point(int(y), float(v)) for y, v in zip(rows.year, rows.value, strict=True)]


def _targets(row: pd.Series) -> dict[int, float | None]:
    return {year: _number(row[f"target_{year}"]) for year in TARGET_YEARS}


def _start(row: pd.Series, points: list[Point]) -> Point | None:
    """The baseline, or the first reported value when the indicator has none."""
    baseline, year = _number(row.baseline), _number(row.baseline_year)
    if baseline is not None and year is not None:
        return Point(int(year), baseline)
    return points[0] if points else None


def indicator_status(row: pd.Series, points: list[Point]) -> Status:
    """The status of an indicator's latest national value (``dashboard.indicator_status``)."""
    latest = points[-1] if points else None
    target = target_for(latest.year, _targets(row)) if latest else None
    return assess(row.direction, _start(row, points), target, latest)


def sparkline(points: list[Point]) -> dict:
    years, values = [p.year for p in points], [p.value for p in points]
    axis = {"visible": False, "fixedrange": True}
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": years,
                "y": values,
                "line": {"color": LINE, "width": 2},
                "marker": {"size": [0] * (len(values) - 1) + [6], "color": LINE},
                "hoverinfo": "skip",
            }
        ],
        "layout": {
            "margin": {"l": 4, "r": 8, "t": 4, "b": 4},
            "xaxis": axis,
            "yaxis": axis,
            "showlegend": False,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
        },
    }


def card(row: pd.Series, points: list[Point], lang: str, selected: str | None) -> Card:
    unit = row[f"unit_{lang}"]
    start = _number(row.baseline)
    baseline = (
        f"{value_text(start, unit, lang)} ({int(row.baseline_year)})" if start is not None else "–"
    )
    latest = f"{value_text(points[-1].value, unit, lang)} ({points[-1].year})" if points else "–"
    targets = _targets(row)
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
        sparkline=sparkline(points),
    )


def _caption(title: str, unit: str, status: DataStatus, lang: str) -> figures.Caption:
    base = figures.caption(title, status, lang, units=False)
    return replace(base, units=t("figure.units", lang, unit=unit))


def trend_figure(row: pd.Series, points: list[Point], lang: str) -> dict:
    """National values by year, the path from the start to the targets, the target markers."""
    unit = row[f"unit_{lang}"]
    layout = figures.base_layout(lang, unit)
    layout["xaxis"] = {"type": "linear", "dtick": 1, "fixedrange": True, "automargin": True}
    layout["yaxis"]["rangemode"] = "normal"
    path = [p for p in [_start(row, points)] if p] + [
        Point(y, v) for y, v in _targets(row).items() if v is not None
    ]
    targets = path[1:] if path else []

    def trace(name: str, pts: list[Point], **style: object) -> dict:
        return {
            "type": "scatter",
            "name": name,
            "x": [p.year for p in pts],
            "y": [p.value for p in pts],
            "customdata": [f"{p.year}: {value_text(p.value, unit, lang)}" for p in pts],
            "hovertemplate": f"{name}<br>%{{customdata}}<extra></extra>",
            **style,
        }

    data = [
        trace(
            t("indicators.path", lang),
            path,
            mode="lines",
            line={"color": "#9aa5b1", "dash": "dash", "width": 1.5},
        ),
        trace(
            t("indicators.national", lang),
            points,
            mode="lines+markers",
            line={"color": LINE, "width": 3},
        ),
        trace(
            t("indicators.targets", lang),
            targets,
            mode="markers+text",
            marker={"symbol": "diamond", "size": 13, "color": TARGET},
            text=[value_text(p.value, unit, lang) for p in targets],
            textposition="top center",
            cliponaxis=False,
        ),
    ]
    return {"data": [d for d in data if d["x"]], "layout": layout}


def ranked(frame: pd.DataFrame, direction: str) -> pd.DataFrame:
    """Provinces from best to worst (higher first for "up", lower first for "down")."""
    return frame.sort_values(
        ["value", "unit_code"], ascending=[direction == "down", True], kind="stable"
    ).reset_index(drop=True)


def _colour(direction: str) -> dict:
    return {"colorscale": BETTER_SCALE, "reversescale": direction == "down"}


def ranking_figure(frame: pd.DataFrame, row: pd.Series, national: float | None, lang: str) -> dict:
    unit = row[f"unit_{lang}"]
    layout = figures.base_layout(lang, unit, horizontal=True)
    layout["yaxis"].update(autorange="reversed", tickfont={"size": 11})
    layout["margin"]["t"] = 24
    layout["showlegend"] = False
    if national is not None:
        layout["shapes"] = [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": national,
                "x1": national,
                "y0": 0,
                "y1": 1,
                "line": {"color": TARGET, "dash": "dot", "width": 2},
            }
        ]
        layout["annotations"] = [
            {
                "x": national,
                "xref": "x",
                "yref": "paper",
                "y": 1,
                "yanchor": "bottom",
                "showarrow": False,
                "text": f"{t('indicators.national', lang)}: {value_text(national, unit, lang)}",
                "font": {"color": TARGET, "size": 12},
            }
        ]
    texts = [value_text(v, unit, lang) for v in frame.value]
    bars = {
        "type": "bar",
        "orientation": "h",
        "x": frame.value.tolist(),
        "y": frame["name"].tolist(),
        "marker": {
            "color": frame.value.tolist(),
            **_colour(row.direction),
            "line": {"width": 0.5, "color": "#9aa5b1"},  # the palest bars stay visible
        },
        "customdata": texts,
        "hovertemplate": "%{y}: %{customdata}<extra></extra>",
    }
    return {"data": [bars], "layout": layout}


def map_figure(frame: pd.DataFrame, geojson: dict, row: pd.Series, lang: str) -> dict:
    """A province choropleth (SVG, base map hidden); provinces without a value in grey."""
    unit = row[f"unit_{lang}"]
    have = set(frame.unit_code)
    missing = [f["id"] for f in geojson["features"] if f["id"] not in have]
    common = {"type": "choropleth", "geojson": geojson, "featureidkey": "id"}
    line = {"color": "#ffffff", "width": 0.6}
    data = [
        {
            **common,
            "locations": frame.unit_code.tolist(),
            "z": frame.value.tolist(),
            **_colour(row.direction),
            "marker": {"line": line},
            "customdata": [
                f"{n}: {value_text(v, unit, lang)}"
                for n, v in zip(frame["name"], frame.value, strict=True)
            ],
            "hovertemplate": "%{customdata}<extra></extra>",
            "colorbar": {"title": {"text": unit, "side": "right"}, "thickness": 12, "len": 0.8},
        }
    ]
    if missing:
        data.insert(
            0,
            {
                **common,
                "locations": missing,
                "z": [0] * len(missing),
                "colorscale": [[0, NO_DATA], [1, NO_DATA]],
                "showscale": False,
                "marker": {"line": line},
                "hovertemplate": f"{t('indicators.no_value', lang)}<extra></extra>",
            },
        )
    layout = {
        "geo": {
            "visible": False,
            "fitbounds": "locations",
            "projection": {"type": "mercator"},
            "bgcolor": "rgba(0,0,0,0)",
        },
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "separators": figures.SEPARATORS.get(lang, ","),
        "dragmode": False,
        "font": {"family": figures.FONT},
    }
    return {"data": data, "layout": layout}


@lru_cache(maxsize=4)
def _parsed(path: str, _mtime: int) -> dict:
    return json.loads(Path(path).read_bytes())


def province_geojson(out_dir: Path, vintage: int) -> dict:
    """The national province layer of ``vintage`` (parsed once per file version)."""
    path = load_geojson_path(out_dir, str(vintage), "province")
    return _parsed(str(path), path.stat().st_mtime_ns)


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
        (t("indicators.rank", lang), t("indicators.province", lang), t("indicators.value", lang)),
        ranking_rows,
        _caption(t("indicators.ranking_table", lang, year=year), unit, status, lang),
        numeric=(0, 2),
    )
    trend_table = TablePart(
        ids.TABLE_INDICATOR_TREND,
        (t("table.year", lang), t("indicators.national", lang)),
        tuple((str(p.year), value_text(p.value, unit, lang)) for p in points),
        _caption(t("indicators.trend_table", lang), unit, status, lang),
        numeric=(1,),
    )
    return ranking_table, trend_table


def _province_parts(
    deps: Deps, row: pd.Series, points: list[Point], status: DataStatus, lang: str, year: int
) -> tuple[FigurePart, TablePart, FigurePart, TablePart]:
    """Ranking chart, ranking table, map and trend table of ``year``."""
    frame = ranked(deps.read(province_values, row.code, year), row.direction)
    national = next((p.value for p in points if p.year == year), None)
    unit = row[f"unit_{lang}"]
    units = t(f"indicators.vintage.{vintage_for(year)}", lang)
    ranking = FigurePart(
        ids.GRAPH_INDICATOR_RANKING,
        ranking_figure(frame, row, national, lang),
        _caption(t("indicators.ranking", lang, year=year, units=units), unit, status, lang),
    )
    ranking_table, trend_table = _tables(frame, row, points, status, lang, year)
    return ranking, ranking_table, _map_part(deps, frame, row, status, lang, year), trend_table


def _map_part(
    deps: Deps, frame: pd.DataFrame, row: pd.Series, status: DataStatus, lang: str, year: int
) -> FigurePart | Failed:
    geojson = _guarded(
        lambda: province_geojson(deps.settings.geodata_dir, vintage_for(year)), lang, "geometry"
    )
    if isinstance(geojson, Failed):
        return Failed(t("indicators.map_unavailable", lang))
    unit = row[f"unit_{lang}"]
    return FigurePart(
        ids.GRAPH_INDICATOR_MAP,
        map_figure(frame, geojson, row, lang),
        _caption(t("indicators.map", lang, year=year), unit, status, lang),
    )


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
        trend_figure(row, points, lang),
        _caption(t("indicators.trend", lang), unit, status, lang),
    )
    years = _guarded(lambda: deps.read(province_years, row.code), lang, "province years")
    asked = _last(year_param)
    year = next((y for y in years if str(y) == asked), None) if isinstance(years, list) else None
    if year is None and isinstance(years, list) and years:
        year = years[-1]
    links = tuple(
        Link(str(y), href(PATH, lang=lang, indicator=row.code, year=y), y == year)
        for y in (years if isinstance(years, list) else [])
    )
    failed = years if isinstance(years, Failed) else Failed(t("indicators.no_provinces", lang))
    parts = (
        _guarded(lambda: _province_parts(deps, row, points, status, lang, year), lang, "provinces")
        if year is not None
        else failed
    )
    ranking, ranking_table, map_, trend_table = (parts,) * 4 if isinstance(parts, Failed) else parts
    return Detail(
        title=row[f"name_{lang}"],
        year_label=t("overview.year", lang),
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


def indicators_view(
    deps: Deps, lang: str, indicator_param: object = None, year_param: object = None
) -> IndicatorsView:
    """Everything the page shows for ``?indicator=`` (default: the first) and ``?year=``."""
    title, rule = t("indicators.title", lang), t("indicators.rule", lang)
    basics = _guarded(
        lambda: (deps.status(), deps.read(indicator_definitions), deps.read(national_series)),
        lang,
        "indicators",
    )
    if isinstance(basics, Failed):
        return IndicatorsView(title, rule, cards=basics)
    status, definitions, series = basics
    if definitions.empty:
        return IndicatorsView(title, rule, notices=(t("indicators.none", lang),))
    asked = _last(indicator_param)
    codes = definitions.code.tolist()
    selected = asked if asked in codes else codes[0]
    notices = () if asked in (None, selected) else (t("indicators.unknown", lang, code=asked),)
    rows = {row.code: row for _, row in definitions.iterrows()}
    points = {code: _series(series, code) for code in codes}
    return IndicatorsView(
        title=title,
        rule=rule,
        demo=t("badge.demo", lang) if status.is_demo else None,
        demo_note=t("indicators.demo_note", lang) if status.is_demo else None,
        notices=notices + ((t("indicators.demo_note", lang),) if status.is_demo else ()),
        cards=tuple(card(rows[c], points[c], lang, selected) for c in codes),
        detail=_guarded(
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
    topology plotly fetches (``callbacks.topojson``)."""
    topojson.register(app, deps)
    lang = deps.settings.language
    dash.register_page(
        "indicators",
        path=PATH,
        name=t("nav.indicators", lang),
        title=f"{t('nav.indicators', lang)} · {t('app.name', lang)}",
        order=3,
        layout=page(deps),
    )
