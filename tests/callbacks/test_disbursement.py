"""The disbursement page's plain functions, against a real database with seeded figures."""

from __future__ import annotations

from urllib.parse import parse_qs

import dash
import pytest
from dash.development.base_component import Component
from sqlalchemy import Engine

from callbacks.deps import Deps
from callbacks.disbursement import page as disbursement
from callbacks.disbursement.controls import filters_href, parse_params
from callbacks.disbursement.figures import points
from callbacks.disbursement.page import disbursement_view, page
from dashboard import fmt
from dashboard.filters import Filters
from layouts import ids
from layouts.parts import Failed
from tests.app_fixtures import BN, add_plans, seed_overview


def kpi(view, card_id: str):  # noqa: ANN001, ANN201 (DisbursementView, Kpi)
    return next(k for k in view.kpis if k.card_id == card_id)


def test_opens_on_the_latest_year_to_the_data_as_of_month(engine: Engine, deps: Deps) -> None:
    seeded = seed_overview(engine)
    view = disbursement_view(deps, "vi", {})
    assert view.period == "Năm 2026, lũy kế đến tháng 10/2026"
    assert kpi(view, ids.DISB_KPI_ALLOCATED).value == fmt.amount(seeded.allocated_2026, "vi")
    assert kpi(view, ids.DISB_KPI_DISBURSED).value == fmt.amount(seeded.disbursed_2026_to_oct, "vi")
    rate = seeded.disbursed_2026_to_oct / seeded.allocated_2026
    assert kpi(view, ids.DISB_KPI_RATE).value == fmt.percent(rate, "vi")


def test_year_and_month_from_the_url(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = disbursement_view(deps, "en", {"year": "2025", "month": "8"})
    assert view.period == "2025, cumulative to Aug 2025"
    assert [link.label for link in view.months if link.active] == ["Aug"]
    assert view.params == {"lang": "en", "year": 2025, "month": 8}


def test_a_month_not_yet_reported_falls_back_to_the_last_one(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = disbursement_view(deps, "vi", {"year": "2026", "month": "12"})
    assert view.period == "Năm 2026, lũy kế đến tháng 10/2026"
    assert len(view.months) == 10


def test_forecast_uses_the_complete_past_years(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = disbursement_view(deps, "en", {"year": "2025", "month": "6"})
    assert "(2022, 2023, 2024)" in view.forecast.method
    assert view.forecast.lines[0].startswith("Projected year-end disbursement rate: ")
    assert "a month, from Jul to Dec." in view.forecast.lines[1]
    assert kpi(view, ids.DISB_KPI_FORECAST).value != fmt.DASH


def test_a_complete_year_states_its_full_year_rate(engine: Engine, deps: Deps) -> None:
    seeded = seed_overview(engine)
    view = disbursement_view(deps, "en", {"year": "2025"})
    rate = fmt.percent(seeded.disbursed_2025 / seeded.allocated_2025, "en")
    assert view.forecast.lines == (
        f"All twelve months are reported: the full-year rate is {rate}.",
    )


def test_scurve_has_past_years_the_usual_pace_the_plan_and_the_year(
    engine: Engine, deps: Deps
) -> None:
    seed_overview(engine)
    view = disbursement_view(deps, "en", {"year": "2025", "month": "6"})
    names = [trace["name"] for trace in view.scurve.figure["data"]]
    assert names[:4] == ["2022", "2023", "2024", "Past years' average"]
    assert names[4].startswith("Plan: 100% (")
    assert names[5:] == ["2025", "Year-end forecast"]
    year = view.scurve.figure["data"][5]
    assert year["x"] == [1, 2, 3, 4, 5, 6]


def test_scurve_table_has_a_row_per_month(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = disbursement_view(deps, "vi", {"year": "2026"})
    table = view.scurve_table
    assert len(table.rows) == 12
    assert table.rows[10][-1] == fmt.DASH  # November 2026 is not reported yet


def test_2025_provinces_are_the_post_reform_ones(engine: Engine, deps: Deps) -> None:
    seeded = seed_overview(engine)
    view = disbursement_view(deps, "vi", {"year": "2025"})
    rows = view.provinces_table.rows
    assert [row[0] for row in rows] == ["Tỉnh Tuyên Quang"]  # legacy 02 went into 08
    assert rows[0][1] == fmt.amount(seeded.allocated_2025, "vi")
    assert any("34 tỉnh mới" in notice for notice in view.notices)


def test_unknown_province_codes_are_dropped(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = disbursement_view(deps, "vi", {"year": "2026", "province": "08,zz"})
    provinces = next(f for f in view.filters if f.control_id == ids.DISB_PROVINCES)
    assert provinces.value == ("08",)


def test_a_province_filter_keeps_only_its_figures(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = disbursement_view(deps, "vi", {"year": "2026", "province": "04"})
    assert kpi(view, ids.DISB_KPI_ALLOCATED).value == "0,0"


def test_year_links_keep_the_filters(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = disbursement_view(deps, "en", {"year": "2026", "kind": "investment"})
    link = next(link for link in view.years if link.label == "2024")
    assert link.href == "/disbursement?lang=en&year=2024&kinds=investment"
    assert view.clear.href == "/disbursement?lang=en&year=2026&month=10"


def test_a_province_filter_follows_the_year_across_the_reform(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)  # 2024 on legacy provinces (02 went into 08), 2026 on the new ones
    view = disbursement_view(deps, "en", {"year": "2026", "provinces": "08"})
    link = next(link for link in view.years if link.label == "2024")
    assert link.href == "/disbursement?lang=en&year=2024&vintage=2025&provinces=08"
    older = disbursement_view(deps, "en", parse_qs(link.href.split("?")[1]))
    provinces = next(f for f in older.filters if f.control_id == ids.DISB_PROVINCES)
    assert provinces.value == ("02", "08")
    assert kpi(older, ids.DISB_KPI_ALLOCATED).value != "0.0"
    back = next(link for link in older.years if link.label == "2026")
    newer = disbursement_view(deps, "en", parse_qs(back.href.split("?")[1]))
    assert next(f for f in newer.filters if f.control_id == ids.DISB_PROVINCES).value == ("08",)


def test_a_failed_read_shows_a_message_and_the_rest_renders(
    engine: Engine, deps: Deps, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_overview(engine)

    def broken(*_args: object) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(disbursement.queries, "curves", broken)
    view = disbursement_view(deps, "vi", {"year": "2025"})
    assert isinstance(view.scurve, Failed) and isinstance(view.kpis, Failed)
    assert not isinstance(view.projects, Failed)
    assert not isinstance(view.provinces_table, Failed)


def test_no_data_says_so(deps: Deps) -> None:
    view = disbursement_view(deps, "en", {})
    assert view.notices == ("The database holds no capital plan or disbursement figures yet.",)


def test_parse_params_keeps_only_known_values() -> None:
    params = parse_params({"source": "central,bogus", "kind": ["recurrent"], "plan": "x"})
    assert params == Filters(sources=("central",), kinds=("recurrent",))


def test_filters_href_keeps_language_year_and_month() -> None:
    base = {"lang": "en", "year": 2025, "month": 8}
    url = filters_href(base, ["08", "04"], None, ["central"], [], "carry_over")
    assert url == (
        "/disbursement?lang=en&year=2025&month=8&provinces=04%2C08&sources=central&plan=carry_over"
    )


def test_filters_href_without_filters() -> None:
    assert filters_href({"lang": "vi", "year": 2026}, [], [], [], [], None) == (
        "/disbursement?lang=vi&year=2026"
    )


def test_points_have_a_sign() -> None:
    assert (points(0.025, "vi"), points(-0.031, "en"), points(None, "en")) == (
        "+2,5 điểm %",
        "-3.1 pp",
        fmt.DASH,
    )


def test_page_renders_from_query_parameters(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    rendered = page(deps)(lang="en", year="2025", month="8")
    assert isinstance(rendered, Component)
    assert rendered.id == ids.DISBURSEMENT


def test_registered_page_and_filter_callback(app: dash.Dash) -> None:
    assert any(p["path"] == "/disbursement" for p in dash.page_registry.values())
    outputs = {str(callback["output"]) for callback in app.callback_map.values()}
    assert f"{ids.DISB_LOCATION}.href" in outputs


def test_the_pace_needed_reads_alike_with_one_month_left(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    lines = disbursement_view(deps, "vi", {"year": "2025", "month": "11"}).forecast.lines
    assert lines[1].startswith("Để đạt 100% kế hoạch, cần giải ngân ")
    assert lines[1].endswith(" trong tháng 12.") and "mỗi tháng" not in lines[1]


def test_scurve_says_its_unit_is_the_percent_of_the_plan(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = disbursement_view(deps, "vi", {"year": "2025", "month": "6"})
    assert view.scurve.caption.units == "Đơn vị: % kế hoạch vốn"


def test_past_years_have_distinct_hues_named_at_the_line_end(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    figure = disbursement_view(deps, "en", {"year": "2025", "month": "6"}).scurve.figure
    colours = [trace["line"]["color"] for trace in figure["data"][:3]]
    assert len(set(colours)) == 3
    labels = figure["layout"]["annotations"]
    assert [(a["text"], a["x"], a["font"]["color"]) for a in labels] == [
        (str(year), 12, colour) for year, colour in zip((2022, 2023, 2024), colours, strict=True)
    ]


def test_a_province_is_judged_on_its_own_past_years(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    rows = [dict(year=2024, unit_code="04", province_code="04", amount_vnd=100 * BN)]
    add_plans(engine, rows)  # province 04: a plan in 2024 and nothing disbursed
    own = disbursement_view(deps, "en", {"year": "2025", "month": "6", "province": "04"})
    names = [trace["name"] for trace in own.scurve.figure["data"]]
    assert "Past years' average" in names  # 04's own past (2022-2023 plans are 02's only)
    national = disbursement_view(deps, "en", {"year": "2025", "month": "6"})
    assert _expected(own) != _expected(national)


def test_without_past_years_the_pace_is_the_national_one(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    add_plans(engine, [dict(year=2025, unit_code="04", province_code="04", amount_vnd=BN)])
    view = disbursement_view(deps, "en", {"year": "2025", "month": "6", "province": "04"})
    names = [trace["name"] for trace in view.scurve.figure["data"]]
    assert "Past years' average, national" in names


def _expected(view) -> list[float]:  # noqa: ANN001
    return next(tr["y"] for tr in view.scurve.figure["data"] if tr["name"].startswith("Past"))
