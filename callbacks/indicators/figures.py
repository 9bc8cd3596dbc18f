"""The indicators page's figures as plain dicts: a card's sparkline, the national trend against
the targets, the province ranking and the province map (its boundaries by URL, not inline)."""

from __future__ import annotations

import pandas as pd

from callbacks import figures
from dashboard import fmt
from dashboard.i18n import t
from dashboard.indicator_status import Point

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


def number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def value_text(value: float | None, unit: str, lang: str) -> str:
    """ "12,3%" or "43,4 triệu đồng/người/năm"; "–" without a value."""
    if value is None:
        return fmt.DASH
    text = fmt.number(value, lang, 1)
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def targets(row: pd.Series) -> dict[int, float | None]:
    return {year: number(row[f"target_{year}"]) for year in TARGET_YEARS}


def start(row: pd.Series, points: list[Point]) -> Point | None:
    """The baseline, or the first reported value when the indicator has none."""
    baseline, year = number(row.baseline), number(row.baseline_year)
    if baseline is not None and year is not None:
        return Point(int(year), baseline)
    return points[0] if points else None


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


def trend_figure(row: pd.Series, points: list[Point], lang: str) -> dict:
    """National values by year, the path from the start to the targets, the target markers."""
    unit = row[f"unit_{lang}"]
    layout = figures.base_layout(lang, unit)
    layout["xaxis"] = {"type": "linear", "dtick": 1, "fixedrange": True, "automargin": True}
    layout["yaxis"]["rangemode"] = "normal"
    path = [p for p in [start(row, points)] if p] + [
        Point(y, v) for y, v in targets(row).items() if v is not None
    ]
    goals = path[1:] if path else []

    def trace(name: str, pts: list[Point], **style: object) -> dict:
        return {
            "type": "scatter",
            "name": fmt.plot_text(name),
            "x": [p.year for p in pts],
            "y": [p.value for p in pts],
            "customdata": [f"{p.year}: {value_text(p.value, unit, lang)}" for p in pts],
            "hovertemplate": f"{fmt.plot_text(name)}<br>%{{customdata}}<extra></extra>",
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
            t("label.national", lang),
            points,
            mode="lines+markers",
            line={"color": LINE, "width": 3},
        ),
        trace(
            t("indicators.targets", lang),
            goals,
            mode="markers+text",
            marker={"symbol": "diamond", "size": 13, "color": TARGET},
            text=[value_text(p.value, unit, lang) for p in goals],
            textposition="top center",
            cliponaxis=False,
        ),
    ]
    data = [d for d in data if d["x"]]
    layout["xaxis"]["range"], layout["yaxis"]["range"] = _padded(data)
    return {"data": data, "layout": layout}


def _padded(data: list[dict]) -> tuple[list[float], list[float]]:
    """Axis ranges with room for the target labels written above the markers at either end
    (plotly's own range ends at the outermost marker, which clips them)."""
    xs = [x for d in data for x in d["x"]] or [0]
    ys = [y for d in data for y in d["y"] if y is not None] or [0.0]
    low, high = min(ys), max(ys)
    pad = (high - low) * 0.15 or abs(high) * 0.15 or 1.0
    bottom = max(low - pad / 2, 0.0) if low >= 0 else low - pad / 2
    return [min(xs) - 0.6, max(xs) + 0.6], [bottom, high + pad]


def _colour(direction: str) -> dict:
    return {"colorscale": BETTER_SCALE, "reversescale": direction == "down"}


def _national_line(national: float, label: str) -> dict:
    """The layout's shapes and annotations marking the national value on a ranking."""
    return {
        "shapes": [
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
        ],
        "annotations": [
            {
                "x": national,
                "xref": "x",
                "yref": "paper",
                "y": 1,
                "yanchor": "bottom",
                "showarrow": False,
                "text": label,
                "font": {"color": TARGET, "size": 12},
            }
        ],
    }


def ranking_figure(frame: pd.DataFrame, row: pd.Series, national: float | None, lang: str) -> dict:
    unit = row[f"unit_{lang}"]
    layout = figures.base_layout(lang, unit, horizontal=True)
    layout["yaxis"].update(autorange="reversed", tickfont={"size": 11})
    layout["margin"]["t"] = 24
    layout["showlegend"] = False
    if national is not None:
        label = f"{t('label.national', lang)}: {value_text(national, unit, lang)}"
        layout.update(_national_line(national, label))
    texts = [value_text(v, unit, lang) for v in frame.value]
    bars = {
        "type": "bar",
        "orientation": "h",
        "x": frame.value.tolist(),
        "y": [fmt.plot_text(name) for name in frame["name"]],
        "marker": {
            "color": frame.value.tolist(),
            **_colour(row.direction),
            "line": {"width": 0.5, "color": "#9aa5b1"},  # the palest bars stay visible
        },
        "customdata": texts,
        "hovertemplate": "%{y}: %{customdata}<extra></extra>",
    }
    return {"data": [bars], "layout": layout}


def map_figure(
    frame: pd.DataFrame, geojson_url: str, province_ids: tuple[str, ...], row: pd.Series,
    lang: str, labels: list[dict] | None = None,
) -> dict:  # fmt: skip
    """A province choropleth (SVG, base map hidden); provinces without a value in grey.

    ``geojson_url`` is the boundary file's content-hashed URL: plotly.js fetches it once and the
    browser caches it, so the polygons never travel in the page; ``province_ids`` are its ids;
    ``labels`` the archipelagos' names (``geometry.layer_labels``), drawn over the map."""
    unit = row[f"unit_{lang}"]
    have = set(frame.unit_code)
    missing = [code for code in province_ids if code not in have]
    common = {"type": "choropleth", "geojson": geojson_url, "featureidkey": "id"}
    line = {"color": "#ffffff", "width": 0.6}
    data = [
        {
            **common,
            "locations": frame.unit_code.tolist(),
            "z": frame.value.tolist(),
            **_colour(row.direction),
            "marker": {"line": line},
            "customdata": [
                f"{fmt.plot_text(n)}: {value_text(v, unit, lang)}"
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
    data += labels or []
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
