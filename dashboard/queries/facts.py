"""Which table a read sums: the smallest roll-up that holds what it filters and groups on.

The roll-ups (``dashboard.rollups``) bear the fact tables' column names, so ``fact_filter`` and
the reads' ``GROUP BY`` apply to whichever table is chosen, with the same results:

- ``*_by_province``: every column but the unit. Serves every read that neither groups by unit nor
  filters by region (a region belongs to each row's unit).
- ``*_by_unit``: the unit and its province only. Serves reads per unit whose filters are
  provinces and regions at most, and that group by nothing but unit, province and month.
- the facts themselves otherwise (a commune map of one source, say).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Connection, Table, select

from dashboard.models import (
    CapitalPlan,
    Disbursement,
    PaidByProvince,
    PaidByUnit,
    PlanByProvince,
    PlanByUnit,
)
from dashboard.queries.scope import Scope

PLAN, PAID = CapitalPlan.__table__, Disbursement.__table__
_BY_PROVINCE = {PLAN: PlanByProvince.__table__, PAID: PaidByProvince.__table__}
_BY_UNIT = {PLAN: PlanByUnit.__table__, PAID: PaidByUnit.__table__}
UNIT_GROUPS = frozenset({"unit_code", "province_code", "month"})
_FACTS_ONLY: ContextVar[bool] = ContextVar("facts_only", default=False)


@contextmanager
def facts_only() -> Iterator[None]:
    """Within this block every read sums the fact tables (to compare with, and to measure)."""
    token = _FACTS_ONLY.set(True)
    try:
        yield
    finally:
        _FACTS_ONLY.reset(token)


def is_paid(table: Table) -> bool:
    """Whether ``table`` (facts or a roll-up) holds disbursements, i.e. has months."""
    return "month" in table.c


def read_table(facts: Table, scope: Scope | None = None, by: tuple[str, ...] = ()) -> Table:
    """The table to sum instead of ``facts`` (capital_plan or disbursement) for a read filtered
    by ``scope`` (None: no filter) and grouped by the fact columns ``by``."""
    if _FACTS_ONLY.get():
        return facts
    if "unit_code" not in by and not (scope and scope.regions):
        return _BY_PROVINCE[facts]
    narrow = scope is None or not (
        scope.sources or scope.kinds or scope.projects or scope.subprojects
        or scope.carry_over is not None
    )  # fmt: skip
    if narrow and set(by) <= UNIT_GROUPS:
        return _BY_UNIT[facts]
    return facts


def has_rows(conn: Connection, facts: Table, year: int, vintage: int) -> bool:
    """Whether ``facts`` has any row of ``year`` on ``vintage`` (a look at the small roll-up, so
    a read that needs the facts does not scan a year of them to find none)."""
    table = read_table(facts)
    query = select(table.c.year).where(table.c.year == year, table.c.vintage == vintage).limit(1)
    return conn.execute(query).first() is not None
