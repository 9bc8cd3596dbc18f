"""Keep the roll-up tables equal to the fact tables.

The pages read sums of ``capital_plan`` and ``disbursement`` from the roll-ups of ``ROLLUPS``
(``models``: per province, per unit, per unit, line and kind by month, and the same by whole
year), several to tens of times smaller than the facts; ``dashboard.queries.facts`` picks the
smallest that holds a read's keys.

Every write of fact rows calls ``refresh_rollups`` in its own transaction with the keys it
touched, so a reader never sees facts and roll-ups disagree:

    keys = touched(conn, CapitalPlan.__table__, Disbursement.__table__.c.batch_id == batch)
    ...write or delete the fact rows...
    refresh_rollups(conn, keys)

Keys are whole plan years and single disbursement months: the roll-up rows of each are deleted
and summed again from the facts in SQL (``INSERT ... SELECT ... GROUP BY``), the same statement on
SQLite and PostgreSQL, in BIGINT, exact to the đồng; a yearly roll-up (``YEARLY``) is summed again
for each year a write touched, from the monthly roll-up that write has just refreshed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Engine,
    Table,
    and_,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError

from dashboard.models import (
    CapitalPlan,
    Disbursement,
    PaidByProvince,
    PaidByUnit,
    PaidByUnitLine,
    PaidByUnitLineYear,
    PlanByProvince,
    PlanByUnit,
    PlanByUnitLine,
)

log = logging.getLogger(__name__)
PLAN, PAID = CapitalPlan.__table__, Disbursement.__table__
# The one list of roll-ups: roll-up table -> the fact table it sums, smallest first for each fact
# table (the order in which reads try them).
ROLLUPS: dict[Table, Table] = {
    PlanByProvince.__table__: PLAN,
    PlanByUnit.__table__: PLAN,
    PlanByUnitLine.__table__: PLAN,
    PaidByProvince.__table__: PAID,
    PaidByUnit.__table__: PAID,
    PaidByUnitLineYear.__table__: PAID,
    PaidByUnitLine.__table__: PAID,
}
# Roll-ups of disbursements without months (whole years): read only by a read that sums every
# month of a year, and summed again, for each year a write touches, from the monthly roll-up
# named here (which that write has just brought up to date: a fraction of the facts' rows).
YEARLY: dict[Table, Table] = {PaidByUnitLineYear.__table__: PaidByUnitLine.__table__}


def key_columns(rollup: Table) -> frozenset[str]:
    """The fact columns a roll-up keeps (every column but the summed amount)."""
    return frozenset(c.name for c in rollup.c if c.name != "amount_vnd")


@dataclass(frozen=True)
class Keys:
    """What a write touched: plan years and disbursement (year, month) pairs."""

    plan_years: frozenset[int] = frozenset()
    paid_months: frozenset[tuple[int, int]] = frozenset()

    def __or__(self, other: Keys) -> Keys:
        return Keys(self.plan_years | other.plan_years, self.paid_months | other.paid_months)

    def __bool__(self) -> bool:
        return bool(self.plan_years or self.paid_months)


def keys_of_frame(table: Table, frame: pd.DataFrame) -> Keys:
    """The keys of rows about to be written into ``table`` (a frame with ``year`` and, for
    disbursements, ``month``); none for any other table."""
    if frame.empty or table not in (PLAN, PAID):
        return Keys()
    if table is PLAN:
        return Keys(plan_years=frozenset(int(y) for y in frame["year"].unique()))
    pairs = frame[["year", "month"]].drop_duplicates().itertuples(index=False, name=None)
    return Keys(paid_months=frozenset((int(y), int(m)) for y, m in pairs))


def touched(conn: Connection, table: Table, where: ColumnElement[bool]) -> Keys:
    """The keys of the fact rows of ``table`` matching ``where`` (read before deleting them);
    none for any other table."""
    if table not in (PLAN, PAID):
        return Keys()
    if table is PLAN:
        years = conn.scalars(select(table.c.year).where(where).distinct())
        return Keys(plan_years=frozenset(int(y) for y in years))
    pairs = conn.execute(select(table.c.year, table.c.month).where(where).distinct())
    return Keys(paid_months=frozenset((int(y), int(m)) for y, m in pairs))


def refresh_rollups(conn: Connection, keys: Keys) -> None:
    """Sum the facts of ``keys`` into every roll-up again, inside the caller's transaction."""
    for year in sorted(keys.plan_years):
        _resum(conn, PLAN, lambda t, year=year: t.c.year == year)
    if keys.paid_months:
        _resum(conn, PAID, lambda t: _months(t, keys.paid_months))
        years = sorted({year for year, _ in keys.paid_months})
        for rollup, monthly in YEARLY.items():
            conn.execute(delete(rollup).where(rollup.c.year.in_(years)))
            _insert_sums(conn, rollup, monthly, monthly.c.year.in_(years))


def refresh_all(conn: Connection) -> None:
    """Rebuild every roll-up from the facts (after a bulk load or removal)."""
    for rollup, facts in ROLLUPS.items():
        conn.execute(delete(rollup))
        _insert_sums(conn, rollup, facts, None)


def _months(table: Table, pairs: Iterable[tuple[int, int]]) -> ColumnElement[bool]:
    by_year: dict[int, list[int]] = {}
    for year, month in sorted(pairs):
        by_year.setdefault(year, []).append(month)
    return or_(
        *(and_(table.c.year == y, table.c.month.in_(months)) for y, months in by_year.items())
    )


def _resum(conn: Connection, facts: Table, where: Callable[[Table], ColumnElement[bool]]) -> None:
    """Delete the roll-up rows ``where`` selects and sum the same fact rows again (the roll-ups'
    key columns bear the facts' names, so one condition serves both)."""
    for rollup, source in ROLLUPS.items():
        if source is facts and rollup not in YEARLY:
            conn.execute(delete(rollup).where(where(rollup)))
            _insert_sums(conn, rollup, facts, where(facts))


def _insert_sums(
    conn: Connection, rollup: Table, facts: Table, where: ColumnElement[bool] | None
) -> None:
    """Insert into ``rollup`` the sums of ``facts`` (the facts, or a finer roll-up of them)."""
    keys = [facts.c[c.name] for c in rollup.c if c.name != "amount_vnd"]
    total = cast(func.sum(facts.c.amount_vnd), BigInteger)
    query = select(*keys, total).group_by(*keys)
    if where is not None:
        query = query.where(where)
    conn.execute(insert(rollup).from_select([c.name for c in rollup.c], query))


def refresh_statistics(engine: Engine) -> None:
    """After a write of fact rows has committed: PostgreSQL's planner statistics of the facts
    and roll-ups brought up to date (``ANALYZE``, a sample of each table, well under a second).
    Autovacuum gets to a table minutes later; until then a planner that still counts last
    month's rows chose nested loops and on-disk sorts, and a map read at ten million rows took
    2.7 s instead of 0.6 s. Best effort: a failure is logged, the data are written. SQLite's
    planner reads no statistics unless asked (and ANALYZE reads every index there)."""
    if engine.dialect.name != "postgresql":
        return
    names = ", ".join(table.name for table in (PLAN, PAID, *ROLLUPS))
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(text("SET lock_timeout = '5s'"))  # behind an autovacuum: skip it
            conn.execute(text(f"ANALYZE {names}"))
    except SQLAlchemyError:
        log.warning("planner statistics not refreshed", exc_info=True)


def sums_of(facts: Table, frame: pd.DataFrame) -> Iterator[tuple[Table, pd.DataFrame]]:
    """Each roll-up of ``facts`` with the rows ``frame`` (fact rows, as a bulk load writes them)
    sums to. Only for rows whose roll-up keys held nothing before: the demo, a year at a time."""
    for rollup, source in ROLLUPS.items():
        if source is facts:
            keys = [c.name for c in rollup.c if c.name != "amount_vnd"]
            yield rollup, frame.groupby(keys, as_index=False, sort=False)["amount_vnd"].sum()
