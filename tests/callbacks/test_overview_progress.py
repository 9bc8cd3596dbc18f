"""The overview's pace card, project chart, lagging provinces and alerts on a seeded database."""

from __future__ import annotations

from sqlalchemy import Engine

from callbacks.deps import Deps
from callbacks.overview import progress as overview_progress
from callbacks.overview.page import overview_view
from dashboard.queries import national_summary
from layouts import ids
from layouts.parts import Failed, TablePart
from tests.app_fixtures import seed_overview


def test_points_are_signed_in_each_language() -> None:
    assert overview_progress.points(-0.034, "vi") == "−3,4 điểm %"
    assert overview_progress.points(0.1234, "en") == "+12.3 pp"
    assert overview_progress.points(None, "vi") == "–"


def test_pace_card_compares_with_past_years(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = overview_view(deps, "en")
    card = next(k for k in view.kpis if k.card_id == ids.KPI_PACE)
    summary = national_summary(engine, 2026, 10)
    usual = overview_progress.expected(deps, 2026, 10, deps.status())
    assert usual is not None and 0 < usual < 1
    assert card.value == overview_progress.points(summary.total.rate - usual, "en")
    assert card.details[0].startswith("Past years, by Oct: ")


def test_project_table_lists_projects_with_full_names(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    table = overview_progress.project_table(deps, 2025, 12, deps.status(), "vi")
    assert [row[0] for row in table.rows] == ["DA4"]
    assert table.rows[0][1].startswith("Đầu tư cơ sở hạ tầng")


def test_lagging_provinces_need_a_past_year(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    part = overview_progress.lagging_part(deps, 2026, 10, None, deps.status(), "vi")
    assert isinstance(part, Failed)
    part = overview_progress.lagging_part(deps, 2026, 10, 0.99, deps.status(), "vi")
    assert isinstance(part, TablePart)
    assert part.rows[0][0] == "Tuyên Quang"
    assert part.rows[0][3].startswith("Dự án 4 (")


def test_alert_when_recurrent_lags_far_behind(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    summary = national_summary(engine, 2026, 10)
    investment = summary.by_kind["investment"].rate
    recurrent = summary.by_kind["recurrent"].rate
    found = overview_progress.alerts(deps, summary, None, "en")
    lagging = investment - recurrent > overview_progress.KIND_LAG
    assert any("Recurrent capital" in a for a in found) == lagging


def test_alert_counts_provinces_far_behind(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    summary = national_summary(engine, 2026, 10)
    found = overview_progress.alerts(deps, summary, 0.99, "vi")
    assert found[0] == "1 tỉnh chậm hơn bình quân cùng kỳ các năm trước trên 10 điểm %."


def test_province_map_colours_provinces_by_rate(
    engine: Engine, deps: Deps, built_geodata, tmp_path
) -> None:  # noqa: ANN001 (paths)
    from tests.server import link_geodata

    seed_overview(engine)
    link_geodata(deps.settings.var_dir, built_geodata)
    part = overview_progress.province_map_part(deps, 2026, 10, deps.status(), "vi")
    traces = [trace for trace in part.figure["data"] if trace["type"] == "choropleth"]
    coloured = traces[-1]
    assert coloured["locations"] == ["08"]
    summary = national_summary(engine, 2026, 10)
    assert coloured["z"] == [round(summary.total.rate * 100, 1)]
    assert coloured["geojson"].startswith("/geo/") and coloured["geojson"].endswith(".json")
    assert len(traces[0]["locations"]) == 33  # the other post-reform provinces, in grey
    dots, names = part.figure["data"][-2:]  # the archipelagos marked and named over the map
    assert dots["type"] == names["type"] == "scattergeo"
    assert "Quần đảo Trường Sa" in names["text"] and len(dots["lon"]) > 50
    assert part.config == {"topojsonURL": "/topojson/"}


def test_overview_without_boundaries_still_shows_its_figures(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = overview_view(deps, "vi")
    assert isinstance(view.province_map, Failed)
    assert isinstance(view.lagging, TablePart | Failed) and view.by_project is not None
