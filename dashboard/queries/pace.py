"""Pace: where the disbursement should stand by a given month, judged by past years.

The expected rate at month m of a year is the mean, over the earlier years whose twelve months
are all reported (2021 excluded: the program only started in its last quarter), of the share of
that year's plan disbursed by the end of month m. The same national benchmark applies to every
province and filter, so the pace gap (actual rate minus expected rate) ranks units fairly:
negative means behind the usual pace.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, func, select

from dashboard.models import CapitalPlan, Disbursement
from dashboard.queries import connect
from dashboard.queries.facts import read_table
from dashboard.queries.scope import Scope

FIRST_FULL_YEAR = 2022


def profile(bind: Engine | Connection, years: tuple[int, ...]) -> dict[int, list[float]]:
    """year -> cumulative share of that year's plan disbursed by the end of each month (12)."""
    plan, paid = read_table(CapitalPlan.__table__), read_table(Disbursement.__table__)
    with connect(bind) as conn:
        plans = dict(conn.execute(
            select(plan.c.year, func.sum(plan.c.amount_vnd))
            .where(plan.c.year.in_(years)).group_by(plan.c.year)
        ).all())  # fmt: skip
        paid = conn.execute(
            select(paid.c.year, paid.c.month, func.sum(paid.c.amount_vnd))
            .where(paid.c.year.in_(years))
            .group_by(paid.c.year, paid.c.month)
        ).all()
    monthly: dict[int, list[int]] = {year: [0] * 12 for year in plans}
    for year, month, amount in paid:
        if year in monthly:
            monthly[year][month - 1] += int(amount)
    result = {}
    for year, months in monthly.items():
        total, running = int(plans[year] or 0), 0
        if total <= 0:
            continue
        shares = []
        for amount in months:
            running += amount
            shares.append(running / total)
        result[year] = shares
    return result


def complete_years(year: int, data_as_of: tuple[int, int] | None) -> tuple[int, ...]:
    """Earlier years with all twelve months reported."""
    last_full = data_as_of[0] if data_as_of and data_as_of[1] == 12 else (
        data_as_of[0] - 1 if data_as_of else year - 1)  # fmt: skip
    return tuple(range(FIRST_FULL_YEAR, min(year - 1, last_full) + 1))


def expected_rate(
    bind: Engine | Connection, year: int, month: int, data_as_of: tuple[int, int] | None
) -> float | None:
    """The benchmark share of the plan disbursed by the end of ``month``; None without history."""
    years = complete_years(year, data_as_of)
    shares = profile(bind, years)
    if not shares:
        return None
    return sum(values[month - 1] for values in shares.values()) / len(shares)


def pace_gap(rate: float | None, expected: float | None) -> float | None:
    if rate is None or expected is None:
        return None
    return rate - expected


def scope_expected_rate(
    bind: Engine | Connection, scope: Scope, data_as_of: tuple[int, int] | None
) -> float | None:
    return expected_rate(bind, scope.year, scope.upto_month, data_as_of)
