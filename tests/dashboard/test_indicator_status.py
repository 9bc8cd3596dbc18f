"""The on-track rule: the latest value against the straight path from the start to the target."""

from __future__ import annotations

import pytest

from dashboard.indicator_status import Point, assess, expected_value, target_for

BASE = Point(2020, 26.2)  # poverty rate, % (lower is better)
TARGET = Point(2025, 11.2)


def test_expected_value_is_on_the_straight_line() -> None:
    assert expected_value(BASE, TARGET, 2023) == pytest.approx(26.2 - 3 * 3.0)


def test_expected_value_is_the_target_from_its_year_on() -> None:
    assert expected_value(BASE, TARGET, 2027) == 11.2


def test_expected_value_before_the_start_is_the_start() -> None:
    assert expected_value(BASE, TARGET, 2019) == 26.2


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (Point(2023, 17.0), "on_track"),  # the path is at 17.2 in 2023; lower is better
        (Point(2023, 17.2), "on_track"),  # exactly on the path
        (Point(2023, 18.6), "at_risk"),  # 1.4 behind: within 10 % of the planned 15-point fall
        (Point(2023, 18.8), "off_track"),
        (Point(2024, 11.2), "achieved"),  # the target reached early
        (Point(2025, 9.1), "achieved"),
        (Point(2025, 12.0), "at_risk"),
    ],
)
def test_direction_down(latest: Point, status: str) -> None:
    assert assess("down", BASE, TARGET, latest) == status


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (Point(2023, 30.0), "on_track"),  # path from 0 (2021) to 50 (2025): 25 in 2023
        (Point(2023, 20.0), "at_risk"),  # 5 behind = 10 % of 50
        (Point(2023, 19.9), "off_track"),
        (Point(2025, 50.0), "achieved"),
    ],
)
def test_direction_up(latest: Point, status: str) -> None:
    assert assess("up", Point(2021, 0.0), Point(2025, 50.0), latest) == status


def test_without_a_target_nothing_is_assessed() -> None:
    assert assess("up", BASE, None, Point(2025, 40.0)) == "no_target"


def test_without_a_value_there_is_no_data() -> None:
    assert assess("up", BASE, TARGET, None) == "no_data"


def test_start_already_at_the_target_and_still_there_is_achieved() -> None:
    assert assess("up", Point(2021, 98.0), Point(2025, 98.0), Point(2022, 98.0)) == "achieved"


def test_the_next_target_with_a_number_is_chosen() -> None:
    targets = {2025: 11.2, 2030: 10.0}
    assert target_for(2024, targets) == Point(2025, 11.2)
    assert target_for(2026, targets) == Point(2030, 10.0)
    assert target_for(2024, {2025: None, 2030: 70.0}) == Point(2030, 70.0)


def test_after_the_last_target_year_the_last_target_counts() -> None:
    assert target_for(2031, {2025: 11.2, 2030: 10.0}) == Point(2030, 10.0)


def test_no_numeric_target() -> None:
    assert target_for(2024, {2025: None, 2030: None}) is None
