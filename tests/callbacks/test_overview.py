"""The overview page's plain function, against a real database with seeded figures."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import flask
import pytest
from sqlalchemy import Engine, text

from callbacks.deps import Deps, build_deps
from callbacks.overview import page as overview
from callbacks.overview.page import overview_view, page
from dashboard import fmt
from dashboard.db import make_engine
from layouts import ids
from layouts.parts import Failed, FigurePart, TablePart
from layouts.shell import Link
from tests.app_fixtures import add_batch, make_settings, seed_overview


def kpi(view, card_id: str):  # noqa: ANN001, ANN201 (OverviewView, Kpi)
    return next(k for k in view.kpis if k.card_id == card_id)


def test_kpis_are_the_latest_year_to_the_data_as_of_month(engine: Engine, deps: Deps) -> None:
    seeded = seed_overview(engine)
    view = overview_view(deps, "vi")
    assert view.period == "Năm 2026, lũy kế đến tháng 10/2026"
    assert kpi(view, ids.KPI_ALLOCATED).value == fmt.amount(seeded.allocated_2026, "vi")
    assert kpi(view, ids.KPI_DISBURSED).value == fmt.amount(seeded.disbursed_2026_to_oct, "vi")
    rate = seeded.disbursed_2026_to_oct / seeded.allocated_2026
    assert kpi(view, ids.KPI_RATE).value == fmt.percent(rate, "vi")


def test_kpi_values_in_vietnamese_format(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = overview_view(deps, "vi")
    allocated = kpi(view, ids.KPI_ALLOCATED)
    assert (allocated.value, allocated.unit) == ("6.821,0", "tỷ đồng")
    assert allocated.details == (
        "Giao trong năm: 6.500,0 tỷ đồng",
        "Năm trước chuyển sang: 321,0 tỷ đồng",
    )
    assert kpi(view, ids.KPI_DISBURSED).details[0] == "Lũy kế đến tháng 10/2026"


def test_rate_compares_with_the_same_period_of_last_year(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    details = kpi(overview_view(deps, "en"), ids.KPI_RATE).details
    assert details[0].startswith("Same period of 2025: ")
    assert details[1].startswith("Investment ")


def test_year_from_the_url(engine: Engine, deps: Deps) -> None:
    seeded = seed_overview(engine)
    view = overview_view(deps, "en", "2025")
    assert view.period == "2025, full year"
    assert kpi(view, ids.KPI_DISBURSED).value == fmt.amount(seeded.disbursed_2025, "en")
    assert [link for link in view.years if link.active] == [
        Link("2025", "/?lang=en&year=2025", True)
    ]


def test_a_year_without_data_shows_the_default_with_a_notice(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = overview_view(deps, "vi", "2019")
    assert view.notices == ("Không có số liệu năm 2019; đang hiển thị năm 2026.",)
    assert view.period.startswith("Năm 2026")


def test_a_malformed_year_is_ignored(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = overview_view(deps, "vi", ["x"])
    assert (view.notices, view.period.startswith("Năm 2026")) == ((), True)


def test_yearly_table_has_every_year(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    table = overview_view(deps, "vi").yearly_table
    assert isinstance(table, TablePart)
    assert [row[0] for row in table.rows] == ["2021", "2022", "2023", "2024", "2025", "2026"]
    assert table.rows[-1][1] == "6.821,0"
    assert table.rows[-1][4] == "Đến tháng 10"
    assert table.rows[0][4] == "Cả năm"


def test_every_figure_has_title_units_source_and_as_of(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = overview_view(deps, "vi")
    for part in (view.yearly_figure, view.yearly_table, view.by_kind, view.by_plan):
        assert part.caption.title
        assert part.caption.units == "Đơn vị: tỷ đồng"
        assert part.caption.source == "Nguồn: Cơ sở dữ liệu CTMTQG 1719"
        assert part.caption.as_of == "Số liệu đến tháng 10/2026"
        assert part.caption.demo is None


def test_demo_data_are_labelled(engine: Engine, deps: Deps) -> None:
    seed_overview(engine, demo=True)
    caption = overview_view(deps, "en").by_kind.caption
    assert (caption.source, caption.demo) == ("Source: demo data, not real figures", "Demo data")


def test_the_source_names_the_import_batches(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    add_batch(engine, datetime(2026, 11, 20, 8, 0))
    caption = overview_view(deps, "vi").yearly_figure.caption
    assert caption.source == (
        "Nguồn: Cơ sở dữ liệu CTMTQG 1719 (1 lần nhập số liệu, gần nhất 20/11/2026)"
    )


def test_split_figures(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    view = overview_view(deps, "vi")
    assert isinstance(view.by_kind, FigurePart) and isinstance(view.by_plan, FigurePart)
    assert view.by_kind.figure["data"][0]["y"] == ["Vốn đầu tư phát triển", "Vốn sự nghiệp"]
    assert view.by_plan.figure["data"][0]["y"] == [
        "Vốn giao trong năm",
        "Vốn năm trước chuyển sang",
    ]


def test_an_empty_database_says_there_is_no_data(deps: Deps) -> None:
    view = overview_view(deps, "vi")
    assert view.notices == ("Cơ sở dữ liệu chưa có số liệu kế hoạch vốn hoặc giải ngân.",)
    assert (view.kpis, view.yearly_figure) == ((), None)


def test_an_unreadable_database_shows_a_message(tmp_path: Path) -> None:
    broken = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # no tables at all
    deps = build_deps(flask.Flask("broken"), make_settings(tmp_path), broken)
    view = overview_view(deps, "en")
    assert isinstance(view.kpis, Failed)
    assert view.kpis.message.startswith("The figures for this part could not be read.")


def test_one_failed_part_leaves_the_others(
    engine: Engine, deps: Deps, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_overview(engine)

    def broken(_engine: Engine) -> None:
        with _engine.connect() as conn:
            conn.execute(text("SELECT * FROM no_such_table"))

    monkeypatch.setattr(overview, "yearly_summary", broken)
    view = overview_view(deps, "vi")
    assert isinstance(view.yearly_figure, Failed) and isinstance(view.yearly_table, Failed)
    assert kpi(view, ids.KPI_ALLOCATED).value == "6.821,0"
    assert isinstance(view.by_kind, FigurePart)


def test_page_renders_from_query_parameters(engine: Engine, deps: Deps) -> None:
    seed_overview(engine)
    rendered = str(page(deps)(lang="en", year="2025", utm_source="mail"))
    assert "2025, full year" in rendered
    assert ids.GRAPH_YEARLY in rendered


def test_page_shows_an_alert_instead_of_a_failed_part(
    engine: Engine, deps: Deps, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_overview(engine)
    monkeypatch.setattr(overview, "yearly_summary", lambda _engine: 1 / 0)
    rendered = str(page(deps)(lang="vi"))
    assert "Không đọc được số liệu cho phần này" in rendered
    assert "Traceback" not in rendered and "ZeroDivisionError" not in rendered
