"""Which table a read sums: the smallest roll-up that holds what it filters and groups on.

The roll-ups (``dashboard.rollups.ROLLUPS``, smallest first) bear the fact tables' column names,
so ``fact_filter`` and the reads' ``GROUP BY`` apply to whichever table is chosen, with the same
results. A read needs the columns it groups by and those its scope filters on (a region belongs
to each row's unit; projects and lines are filtered by ``subproject_id``); the first roll-up of
its fact table that keeps all of them serves it, and the facts themselves otherwise (a commune
map of one source, say).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import ColumnElement, Connection, Table, select

from dashboard.queries.scope import Scope
from dashboard.rollups import ROLLUPS, key_columns

_FACTS_ONLY: ContextVar[bool] = ContextVar("facts_only", default=False)


@contextmanager
def facts_only() -> Iterator[None]:
    """Within this block every read sums the fact tables (to compare with, and to measure)."""
    token = _FACTS_ONLY.set(True)
    try:
        yield
    finally:
        _FACTS_ONLY.reset(token)


def has_months(table: Table) -> bool:
    """Whether ``table`` (facts or a roll-up) has months: disbursements, except the roll-ups
    of whole years, which a read takes only when it sums every month."""
    return "month" in table.c


def needed_columns(scope: Scope | None, by: tuple[str, ...] = ()) -> frozenset[str]:
    """The fact columns a read filtered by ``scope`` and grouped by ``by`` needs kept."""
    needed = {"year", "vintage", "province_code", *by}
    if scope is not None:
        filters = {
            "unit_code": scope.regions,
            "source": scope.sources,
            "kind": scope.kinds,
            "subproject_id": scope.projects or scope.subprojects,
            "carry_over": scope.carry_over is not None,
        }
        needed |= {column for column, used in filters.items() if used}
    return frozenset(needed)


def read_table(
    facts: Table, scope: Scope | None = None, by: tuple[str, ...] = (), whole_year: bool = False
) -> Table:  # fmt: skip
    """The table to sum instead of ``facts`` (capital_plan or disbursement) for a read filtered
    by ``scope`` (None: no filter) and grouped by the fact columns ``by``. A read that sums
    every month of its year (``whole_year``, and no month in ``by``) may be given a table
    without months (``has_months``): it then filters on none."""
    if _FACTS_ONLY.get():
        return facts
    needed = needed_columns(scope, by)
    if has_months(facts) and not whole_year:
        needed |= {"month"}
    for rollup, source in ROLLUPS.items():
        if source is facts and needed <= key_columns(rollup):
            return rollup
    return facts


def read_to_month(
    facts: Table, scope: Scope, by: tuple[str, ...]
) -> tuple[Table, list[ColumnElement[bool]]]:  # fmt: skip
    """The table to sum for a read of ``scope``'s year up to its month, grouped by ``by``
    (``read_table``: a read to the twelfth month may take a roll-up without months), and the
    conditions that select that period in it."""
    table = read_table(facts, scope, by, whole_year=scope.upto_month >= 12)
    where = [table.c.year == scope.year]
    if has_months(table):
        where.append(table.c.month <= scope.upto_month)
    return table, where


def has_rows(conn: Connection, facts: Table, year: int, vintage: int) -> bool:
    """Whether ``facts`` has any row of ``year`` on ``vintage`` (a look at the small roll-up, so
    a read that needs the facts does not scan a year of them to find none)."""
    table = read_table(facts)
    query = select(table.c.year).where(table.c.year == year, table.c.vintage == vintage).limit(1)
    return conn.execute(query).first() is not None
