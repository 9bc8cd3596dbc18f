"""The year-end forecast maths, with hand-made monthly profiles."""

from __future__ import annotations

import pytest

from dashboard.forecast import (
    cumulative_shares,
    expected_path,
    growth_ratios,
    needed_per_month,
    project_year_end,
    usual_year_end,
)


def flat(at_month: dict[int, float]) -> list[float]:
    """A 12-month profile: the given shares at their months, the last one carried forward."""
    shares, value = [], 0.0
    for month in range(1, 13):
        value = at_month.get(month, value)
        shares.append(value)
    return shares


PROFILES = {
    2022: flat({6: 0.25, 12: 0.75}),  # ratio 3 from June
    2023: flat({6: 0.40, 12: 0.80}),  # ratio 2
    2024: flat({6: 0.20, 12: 0.50}),  # ratio 2.5
}


def test_cumulative_shares_divide_by_the_plan() -> None:
    assert cumulative_shares(200, [50, 100, 200]) == [0.25, 0.5, 1.0]


def test_cumulative_shares_without_a_plan_are_none() -> None:
    assert cumulative_shares(0, [0] * 12) is None


def test_growth_ratios_are_year_end_over_month() -> None:
    assert growth_ratios(PROFILES, 6) == pytest.approx({2022: 3.0, 2023: 2.0, 2024: 2.5})


def test_a_year_with_nothing_by_the_month_gives_no_ratio() -> None:
    profiles = {**PROFILES, 2021: flat({10: 0.1, 12: 0.3})}
    assert 2021 not in growth_ratios(profiles, 6)


def test_projection_is_the_rate_times_the_mean_ratio() -> None:
    forecast = project_year_end(0.3, PROFILES, 6)
    assert forecast.projected == pytest.approx(0.3 * 2.5)
    assert (forecast.low, forecast.high) == pytest.approx((0.6, 0.9))
    assert forecast.years == (2022, 2023, 2024)
    assert forecast.sd == pytest.approx(0.3 * 0.408248, rel=1e-5)


def test_no_forecast_for_a_complete_year() -> None:
    assert project_year_end(0.9, PROFILES, 12) is None


def test_no_forecast_without_history() -> None:
    assert project_year_end(0.3, {}, 6) is None


def test_no_forecast_without_a_plan() -> None:
    assert project_year_end(None, PROFILES, 6) is None


def test_usual_year_end_is_the_mean_december_share() -> None:
    assert usual_year_end(PROFILES) == pytest.approx((0.75 + 0.8 + 0.5) / 3)


def test_expected_path_is_the_mean_by_month() -> None:
    path = expected_path(PROFILES)
    assert len(path) == 12
    assert path[5] == pytest.approx((0.25 + 0.4 + 0.2) / 3)


def test_needed_per_month_spreads_the_rest_over_the_months_left() -> None:
    # 1,000 allocated, 400 disbursed by August: 600 over 4 months
    assert needed_per_month(1_000, 400, 1.0, 8) == 150


def test_needed_per_month_rounds_up_to_the_dong() -> None:
    assert needed_per_month(1_000, 0, 1.0, 9) == 334


def test_needed_per_month_towards_a_lower_target() -> None:
    assert needed_per_month(1_000, 400, 0.6, 8) == 50


def test_nothing_needed_when_the_target_is_reached() -> None:
    assert needed_per_month(1_000, 700, 0.6, 8) == 0


def test_nothing_to_spread_in_december() -> None:
    assert needed_per_month(1_000, 400, 1.0, 12) is None
