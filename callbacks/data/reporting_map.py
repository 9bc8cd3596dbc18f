"""The reporting tab's map: the post-reform provinces coloured by their status for one month
(reported, late, not reported, not yet due), on the province boundaries the other pages use
(fetched by URL, never inline). The status is also in every province's hover text and in the
grid beside it, so the map is never the only place it is said."""

from __future__ import annotations

import pandas as pd

from callbacks import figures, geometry, topojson
from callbacks.deps import Deps
from callbacks.indicators import page as indicators
from dashboard import fmt
from dashboard.i18n import t
from dashboard.models import REFORMED
from dashboard.queries import DataStatus
from dashboard.reporting import DUE, LATE, MISSING, REPORTED, Reporting
from layouts import ids
from layouts.parts import FigurePart

# Okabe-Ito: told apart with the common colour-vision deficiencies
STATUS_COLOURS = {REPORTED: "#009e73", LATE: "#e69f00", MISSING: "#d55e00", DUE: "#9aa5b1"}
OUTSIDE = "#eef1f5"  # provinces not in view (another officer's, or without program communes)
LINE = {"color": "#ffffff", "width": 0.6}


def status_figure(
    cells: pd.DataFrame, geojson_url: str, province_ids: tuple[str, ...], lang: str,
    labels: list[dict] | None = None,
) -> dict:  # fmt: skip
    """One trace per status (a single colour each) and one for the provinces not in ``cells``
    (columns province_code, name, status, received_at)."""
    common = {"type": "choropleth", "geojson": geojson_url, "featureidkey": "id",
              "showscale": False, "marker": {"line": LINE}}  # fmt: skip
    shown = set(cells["province_code"])
    rest = [code for code in province_ids if code not in shown]
    data = []
    if rest:
        data.append({**common, "locations": rest, "z": [0] * len(rest),
                     "colorscale": [[0, OUTSIDE], [1, OUTSIDE]], "hoverinfo": "skip"})  # fmt: skip
    for status, colour in STATUS_COLOURS.items():
        part = cells[cells["status"] == status]
        if part.empty:
            continue
        data.append({
            **common, "name": fmt.plot_text(t(f"reporting.status.{status}", lang)),
            "locations": part["province_code"].tolist(), "z": [0] * len(part),
            "colorscale": [[0, colour], [1, colour]],
            "customdata": [_hover(row, lang) for row in part.itertuples()],
            "hovertemplate": "%{customdata}<extra></extra>",
        })  # fmt: skip
    data += labels or []
    layout = {
        "geo": {"visible": False, "fitbounds": "locations", "projection": {"type": "mercator"},
                "bgcolor": "rgba(0,0,0,0)"},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "separators": figures.SEPARATORS.get(lang, ","),
        "dragmode": False,
        "showlegend": False,
        "font": {"family": figures.FONT},
    }  # fmt: skip
    return {"data": data, "layout": layout}


def _hover(row: object, lang: str) -> str:
    text = f"{fmt.plot_text(row.name)}: {fmt.plot_text(t(f'reporting.status.{row.status}', lang))}"
    if row.received_at is not None and not pd.isna(row.received_at):
        day = fmt.date_label(pd.Timestamp(row.received_at).date(), lang)
        text += f"<br>{fmt.plot_text(t('reporting.received', lang, date=day))}"
    return text


def status_map_part(
    deps: Deps, result: Reporting, month: int, status: DataStatus, lang: str
) -> FigurePart:
    """The map of ``month``'s statuses, with its title and caption."""
    cells = result.grid[result.grid["month"] == month]
    url, province_ids = indicators.province_layer(deps.settings.geodata_dir, REFORMED)
    labels = geometry.layer_labels(
        deps.settings.geodata_dir, geometry.layer_key(REFORMED, "province"), lang
    )
    title = t("reporting.map_title", lang, month=fmt.month_label(result.year, month, lang))
    return FigurePart(
        ids.GRAPH_REPORTING_MAP,
        status_figure(cells, url, province_ids, lang, labels),
        figures.caption(title, status, lang, units=False),
        config={"topojsonURL": topojson.TOPOJSON_URL},
        height=460,
    )
