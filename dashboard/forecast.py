"""Year-end forecast of the disbursement rate from past years' monthly profiles.

A profile is the cumulative share of a year's plan disbursed by the end of each month (12 values).
At the end of month m of the current year, each past complete year y gives a growth ratio
``share_y(12) / share_y(m)``: how much its cumulative disbursement still grew from month m to the
year end. The projected year-end rate is the current rate at m times the mean of those ratios; the
band is the current rate times the smallest and the largest ratio. A past year with nothing
disbursed by month m gives no ratio (it would be a division by zero) and is left out.

Plain functions of plain values (no database), so they are tested with hand-made profiles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean, pstdev


@dataclass(frozen=True)
class Forecast:
    month: int  # the last month reported (1..11)
    actual_rate: float  # share of the plan disbursed by the end of ``month``
    projected: float  # projected year-end rate
    low: float  # band: the smallest ratio of a past year applied to the actual rate
    high: float  # and the largest
    sd: float  # population standard deviation of the projections of the past years
    years: tuple[int, ...]  # the past years used


def cumulative_shares(allocated: int, cumulative: Sequence[int]) -> list[float] | None:
    """Cumulative amounts by month -> shares of the plan; None without a plan."""
    if allocated <= 0:
        return None
    return [amount / allocated for amount in cumulative]


def growth_ratios(profiles: Mapping[int, Sequence[float]], month: int) -> dict[int, float]:
    """year -> share at month 12 / share at ``month``, for the years with a share at ``month``."""
    return {
        year: shares[11] / shares[month - 1]
        for year, shares in sorted(profiles.items())
        if shares[month - 1] > 0
    }


def project_year_end(
    actual_rate: float | None, profiles: Mapping[int, Sequence[float]], month: int
) -> Forecast | None:
    """The forecast at the end of ``month`` (1..11); None when the year is complete, nothing is
    allocated, or no past year gives a ratio."""
    if actual_rate is None or not 1 <= month <= 11:
        return None
    ratios = growth_ratios(profiles, month)
    if not ratios:
        return None
    projections = [actual_rate * ratio for ratio in ratios.values()]
    return Forecast(
        month=month,
        actual_rate=actual_rate,
        projected=fmean(projections),
        low=min(projections),
        high=max(projections),
        sd=pstdev(projections),
        years=tuple(ratios),
    )


def usual_year_end(profiles: Mapping[int, Sequence[float]]) -> float | None:
    """Mean year-end rate of the past years; None without any."""
    return fmean(shares[11] for shares in profiles.values()) if profiles else None


def expected_path(profiles: Mapping[int, Sequence[float]]) -> list[float] | None:
    """The usual pace: mean share by the end of each month over the past years."""
    if not profiles:
        return None
    return [fmean(shares[m] for shares in profiles.values()) for m in range(12)]


def needed_per_month(allocated: int, disbursed: int, target: float, month: int) -> int | None:
    """VND to disburse in each of the months after ``month`` (rounded up to the đồng) for the
    cumulative amount to reach ``target`` × ``allocated`` by December; 0 when it already has;
    None when no month is left or nothing is allocated."""
    if month >= 12 or allocated <= 0:
        return None
    goal = allocated if target == 1 else round(target * allocated)
    missing = goal - disbursed
    if missing <= 0:
        return 0
    remaining = 12 - month
    return -(-missing // remaining)
