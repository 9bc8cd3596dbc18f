"""The indicators page's plain functions against a real database with a few exact values."""

from __future__ import annotations

from pathlib import Path

import dash
import flask
import pytest
from sqlalchemy import Engine

from callbacks.common import ensure_geometry_route
from callbacks.deps import Deps, build_deps
from callbacks.indicators import page as indicators
from callbacks.indicators.figures import map_figure
from callbacks.indicators.page import indicators_view, page, ranked
from callbacks.topojson import EMPTY_TOPOLOGY
from dashboard.db import make_engine
from dashboard.queries.indicators import indicator_definitions, province_values
from layouts import ids
from layouts.parts import Failed, FigurePart, TablePart
from layouts.shell import Link
from tests.app_fixtures import make_settings, put_meta
from tests.dashboard.test_queries_indicators import add_values

URL = "/geo/0123456789abcdef/2025-province-national.json"
PROVINCES = ("02", "04", "08")  # three legacy provinces; only ids matter to the figure


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    """EM poverty nationally 2021-2025 and in a few provinces in 2024 and 2025; demo data."""
    add_values(
        engine,
        [
            *[("EM_POVERTY", 2024, "VN", y, v) for y, v in ((2021, 22.6), (2023, 16.1))],
            ("EM_POVERTY", 2024, "VN", 2024, 12.25),
            ("EM_POVERTY", 2025, "VN", 2025, 9.09),
            ("EM_POVERTY", 2024, "02", 2024, 30.5),
            ("EM_POVERTY", 2024, "04", 2024, 25.0),
            ("EM_POVERTY", 2024, "08", 2024, 20.0),
            ("EM_POVERTY", 2025, "08", 2025, 15.0),
            ("DBKK_EXIT", 2024, "VN", 2023, 20.0),  # path 0 (2021) -> 50 (2025): 25 in 2023
        ],
    )
    put_meta(engine, data_version="2", data_as_of="2026-10", demo="1")
    return engine


def card(view, code: str):  # noqa: ANN001, ANN201 (IndicatorsView, Card)
    return next(c for c in view.cards if c.code == code)


def test_card_shows_baseline_latest_and_targets_in_vietnamese(seeded: Engine, deps: Deps) -> None:
    poverty = card(indicators_view(deps, "vi"), "EM_POVERTY")
    assert poverty.facts == (
        ("Giá trị gốc", "26,2% (2020)"),
        ("Mới nhất", "9,1% (2025)"),
        ("Chỉ tiêu 2025", "11,2%"),
        ("Chỉ tiêu 2030", "10,0%"),
    )
    assert (poverty.status, poverty.status_label) == ("achieved", "Đã đạt")
    assert poverty.href == "/indicators?lang=vi&indicator=EM_POVERTY"


def test_card_status_follows_the_path(seeded: Engine, deps: Deps) -> None:
    exit_card = card(indicators_view(deps, "en"), "DBKK_EXIT")
    assert (exit_card.status, exit_card.status_label) == ("at_risk", "At risk")


def test_a_missing_target_says_so(seeded: Engine, deps: Deps) -> None:
    vocational = card(indicators_view(deps, "en"), "VOCATIONAL")
    assert ("2025 target", "No numeric target") in vocational.facts
    assert vocational.status == "no_data"


def test_first_indicator_is_selected_by_default(seeded: Engine, deps: Deps) -> None:
    view = indicators_view(deps, "en")
    assert [c.code for c in view.cards if c.selected] == ["EM_INCOME"]
    assert view.detail.title == "Average income of ethnic minority people"


def test_an_unknown_indicator_shows_the_first_with_a_notice(seeded: Engine, deps: Deps) -> None:
    view = indicators_view(deps, "en", "NOPE")
    assert view.notices[0] == "There is no indicator coded NOPE; showing the first one."
    assert card(view, "EM_INCOME").selected


def test_ranking_is_best_first_for_a_falling_indicator(seeded: Engine, deps: Deps) -> None:
    detail = indicators_view(deps, "vi", "EM_POVERTY", "2024").detail
    assert isinstance(detail.ranking_table, TablePart)
    assert detail.ranking_table.rows == (
        ("1", "Tuyên Quang", "20,0%"),
        ("2", "Cao Bằng", "25,0%"),
        ("3", "Hà Giang", "30,5%"),
    )
    assert detail.ranking.figure["data"][0]["y"] == ["Tuyên Quang", "Cao Bằng", "Hà Giang"]
    assert "63 tỉnh, thành phố trước sắp xếp" in detail.ranking.caption.title


def test_year_links_keep_the_indicator_and_default_to_the_latest(
    seeded: Engine, deps: Deps
) -> None:
    detail = indicators_view(deps, "en", "EM_POVERTY").detail
    assert detail.years == (
        Link("2024", "/indicators?lang=en&indicator=EM_POVERTY&year=2024", False),
        Link("2025", "/indicators?lang=en&indicator=EM_POVERTY&year=2025", True),
    )
    assert detail.ranking_table.rows == (("1", "Tuyên Quang", "15.0%"),)


def test_trend_marks_the_targets(seeded: Engine, deps: Deps) -> None:
    trend = indicators_view(deps, "en", "EM_POVERTY").detail.trend
    by_name = {trace["name"]: trace for trace in trend.figure["data"]}
    assert by_name["Targets"]["x"] == [2025, 2030]
    assert by_name["Targets"]["text"] == ["11.2%", "10.0%"]
    assert by_name["Whole country"]["y"] == [22.6, 16.1, 12.25, 9.09]
    assert by_name["Path to the target"]["x"] == [2020, 2025, 2030]
    assert trend.caption.demo == "Demo data"


def test_without_boundary_files_the_map_says_so_and_the_rest_works(
    seeded: Engine, deps: Deps
) -> None:
    detail = indicators_view(deps, "en", "EM_POVERTY", "2024").detail
    assert isinstance(detail.map, Failed)
    assert detail.map.message.startswith("The boundary files are not available")
    assert isinstance(detail.ranking, FigurePart)


def test_map_colours_provinces_and_greys_the_missing(
    seeded: Engine, deps: Deps, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indicators, "province_layer", lambda _dir, _vintage: (URL, PROVINCES))
    detail = indicators_view(deps, "en", "EM_POVERTY", "2025").detail
    missing, values = detail.map.figure["data"]
    assert missing["locations"] == ["02", "04"]
    assert values["locations"] == ["08"] and values["z"] == [15.0]
    assert missing["geojson"] == values["geojson"] == URL  # by URL: polygons never inline
    assert values["reversescale"] is True  # lower poverty: the "better" end of the scale
    assert detail.map.figure["layout"]["geo"]["visible"] is False
    assert detail.map_config == {"topojsonURL": "/topojson/"}


def test_map_of_a_rising_indicator_keeps_the_scale(engine: Engine) -> None:
    row = indicator_definitions(engine).set_index("code", drop=False).loc["LITERACY"]
    frame = province_values(engine, "LITERACY", 2024)
    figure = map_figure(frame, URL, PROVINCES, row, "en")
    assert figure["data"][-1]["reversescale"] is False


def test_ranked_puts_the_highest_first_for_a_rising_indicator(engine: Engine) -> None:
    add_values(engine, [("LITERACY", 2024, c, 2024, v) for c, v in (("02", 80.0), ("08", 95.0))])
    frame = ranked(province_values(engine, "LITERACY", 2024), "up")
    assert frame.unit_code.tolist() == ["08", "02"]


def test_a_failed_read_becomes_a_message(tmp_path: Path) -> None:
    broken = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # no tables at all
    deps = build_deps(flask.Flask("broken"), make_settings(tmp_path), broken)
    view = indicators_view(deps, "en")
    assert isinstance(view.cards, Failed)
    assert view.cards.message.startswith("The figures for this part could not be read.")


def test_page_renders_from_query_parameters(seeded: Engine, deps: Deps) -> None:
    rendered = str(page(deps)(lang="en", indicator="EM_POVERTY", year="2024", utm="x"))
    assert "Provinces ranked best to worst, 2024" in rendered
    assert ids.indicator_card("EM_POVERTY") in rendered
    assert "Definitions and targets are real" in rendered


def test_empty_topology_is_served(client: flask.testing.FlaskClient) -> None:
    response = client.get("/topojson/world_110m.json")
    assert response.status_code == 200 and response.get_json() == EMPTY_TOPOLOGY
    assert client.get("/topojson/World!.json").status_code == 404


def test_the_boundary_route_is_served_with_only_this_page(
    tmp_path: Path, engine: Engine, dash_registries: None
) -> None:
    app = dash.Dash(__name__, use_pages=True, pages_folder="")
    deps = build_deps(app.server, make_settings(tmp_path), engine)
    indicators.register(app, deps)
    assert "geometry" in app.server.view_functions
    ensure_geometry_route(app, deps)  # another page asking for it too is fine


def test_a_summary_line_counts_the_statuses(seeded: Engine, deps: Deps) -> None:
    view = indicators_view(deps, "en")
    statuses = [c.status for c in view.cards]
    parts = view.summary.split(" · ")
    assert parts[0].endswith(" achieved") and "at risk" in view.summary
    assert sum(int(part.split()[0]) for part in parts) == len(statuses)


def test_the_trend_leaves_room_for_the_target_labels(seeded: Engine, deps: Deps) -> None:
    figure = indicators_view(deps, "en", "EM_POVERTY").detail.trend.figure
    x_range, y_range = figure["layout"]["xaxis"]["range"], figure["layout"]["yaxis"]["range"]
    assert x_range[0] < 2020 and x_range[1] > 2030
    assert y_range[1] > 22.6 and y_range[0] >= 0


def test_the_at_risk_badge_is_dark_on_amber(seeded: Engine, deps: Deps) -> None:
    from layouts.indicators import layout

    badges = [c for c in _walk(layout(indicators_view(deps, "en"))) if _has(c, "indicator-status")]
    at_risk = [b for b in badges if b.children == "At risk"]
    assert at_risk and all(b.text_color == "dark" for b in at_risk)


def _walk(component):  # noqa: ANN001, ANN202
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "children"):
            yield from _walk(child)


def _has(component, name: str) -> bool:  # noqa: ANN001
    return name in (getattr(component, "class_name", None) or "")
