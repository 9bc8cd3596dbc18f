"""Is a target indicator on track? One rule, written here once and stated on the page.

The expected value in a year is read off the straight path from the starting point (the baseline,
or the first reported value when the indicator has no baseline) to the target in its year. With
``direction`` "up" more is better, with "down" less is better. Then:

- ``achieved``: the latest value reached the target (or passed it);
- ``on_track``: the latest value is at least as good as the path in its year;
- ``at_risk``: behind the path, by at most ``AT_RISK_SHARE`` (10 %) of the whole planned change;
- ``off_track``: further behind;
- ``no_target``: no numeric target to compare with (or nothing to start the path from);
- ``no_data``: no value reported yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["achieved", "on_track", "at_risk", "off_track", "no_target", "no_data"]
STATUSES: tuple[Status, ...] = (
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
    "no_target",
    "no_data",
)
AT_RISK_SHARE = 0.10  # behind the path by at most this share of the planned change: "at risk"


@dataclass(frozen=True)
class Point:
    year: int
    value: float


def expected_value(start: Point, target: Point, year: int) -> float:
    """The straight path from ``start`` to ``target`` at ``year`` (the target from its year on)."""
    if year >= target.year or target.year <= start.year:
        return target.value
    if year <= start.year:
        return start.value
    share = (year - start.year) / (target.year - start.year)
    return start.value + share * (target.value - start.value)


def assess(
    direction: str, start: Point | None, target: Point | None, latest: Point | None
) -> Status:
    """The status of ``latest`` against the path from ``start`` to ``target`` (see the module)."""
    if latest is None:
        return "no_data"
    if target is None or start is None:
        return "no_target"
    sign = -1.0 if direction == "down" else 1.0
    if sign * (latest.value - target.value) >= 0:
        return "achieved"
    gap = sign * (latest.value - expected_value(start, target, latest.year))
    if gap >= 0:
        return "on_track"
    planned = abs(target.value - start.value)
    return "at_risk" if -gap <= AT_RISK_SHARE * planned else "off_track"


def target_for(year: int, targets: dict[int, float | None]) -> Point | None:
    """The target the ``year`` is measured against: the first target year at or after it that has
    a numeric target, else the last one (a value after 2030 is still measured against 2030)."""
    numeric = sorted((y, v) for y, v in targets.items() if v is not None)
    if not numeric:
        return None
    later = [(y, v) for y, v in numeric if y >= year]
    chosen_year, value = later[0] if later else numeric[-1]
    return Point(chosen_year, float(value))
