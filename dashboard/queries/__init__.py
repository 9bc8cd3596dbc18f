"""Reads behind the overview page: national totals of capital allocated and disbursed.

Every read aggregates in SQL (``GROUP BY`` on indexed columns) and returns a small DataFrame or
dataclass. Each takes an Engine or a Connection and plain parameters, so it can be cached by its
arguments and tested against a real database.

Allocated = ``SUM(capital_plan.amount_vnd)`` for the year. Disbursed =
``SUM(disbursement.amount_vnd)`` for the year with ``month <= upto_month``. Plans up to 2025 sit
on legacy units and disbursements from July 2025 on post-reform units; national totals are plain
sums, so no unit join is needed. Sums are cast to BIGINT in SQL (PostgreSQL would otherwise return
NUMERIC) and stay integers, exact to the đồng.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    Table,
    and_,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)

from dashboard.models import KINDS, CapitalPlan, Disbursement, ImportBatch, Meta
from dashboard.queries.facts import read_table
from dashboard.queries.scope import Scope, province_clause

PLANS = ("current", "carry_over")  # current-year plan, capital carried over from earlier years
META_KEYS = ("data_version", "demo", "data_as_of")
SUMMARY_COLUMNS = ["allocated", "disbursed", "rate"]


@dataclass(frozen=True)
class DataStatus:
    """What the data set is: its version (cache keys carry it), demo or real, and how recent."""

    data_version: int
    is_demo: bool
    data_as_of: tuple[int, int] | None  # (year, month) of the latest reported disbursement
    batches: int = 0  # import batches that brought rows in
    last_import: date | None = None


@dataclass(frozen=True)
class Totals:
    allocated: int
    disbursed: int

    @property
    def rate(self) -> float | None:
        """Disbursed / allocated; None when nothing is allocated."""
        return self.disbursed / self.allocated if self.allocated else None

    def __add__(self, other: Totals) -> Totals:
        return Totals(self.allocated + other.allocated, self.disbursed + other.disbursed)


ZERO = Totals(0, 0)


@dataclass(frozen=True)
class NationalSummary:
    """Totals of one year up to a month, split by kind of capital and by plan (current/carried)."""

    year: int
    upto_month: int
    total: Totals
    by_kind: dict[str, Totals] = field(default_factory=dict)  # keys: KINDS
    by_plan: dict[str, Totals] = field(default_factory=dict)  # keys: PLANS

    @property
    def has_data(self) -> bool:
        return bool(self.total.allocated or self.total.disbursed)


@contextmanager
def connect(bind: Engine | Connection) -> Iterator[Connection]:
    """Use a Connection as it is, or open one from an Engine for the duration of a read."""
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as conn:
            yield conn


def _sum(column) -> object:  # noqa: ANN001 (a SQLAlchemy column)
    return cast(func.sum(column), BigInteger)


def _frame(conn: Connection, statement) -> pd.DataFrame:  # noqa: ANN001 (a Select)
    result = conn.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _tables() -> tuple[Table, Table]:
    """The plan and disbursement tables national sums read: the roll-ups without the unit
    (``queries.facts``), the same Table objects on every call within one read."""
    return read_table(CapitalPlan.__table__), read_table(Disbursement.__table__)


def parse_month(value: str | None) -> tuple[int, int] | None:
    """``"2026-10"`` -> ``(2026, 10)``; None for a missing or malformed value."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
    except ValueError:
        return None
    return (year, month) if 1 <= month <= 12 else None


def data_status(bind: Engine | Connection) -> DataStatus:
    """Meta facts; ``data_as_of`` falls back to the latest disbursement month when not recorded."""
    with connect(bind) as conn:
        meta = dict(conn.execute(select(Meta.key, Meta.value).where(Meta.key.in_(META_KEYS))).all())
        as_of = parse_month(meta.get("data_as_of")) or _latest_month(conn)
        batches, last = conn.execute(
            select(func.count(), func.max(ImportBatch.finished_at)).where(
                ImportBatch.rows_accepted > 0
            )
        ).one()
    version = meta.get("data_version", "0")
    return DataStatus(
        data_version=int(version) if version.isdigit() else 0,
        is_demo=meta.get("demo") == "1",
        data_as_of=as_of,
        batches=int(batches),
        last_import=last.date() if isinstance(last, datetime) else None,
    )


def _latest_month(conn: Connection) -> tuple[int, int] | None:
    paid = _tables()[1]
    year = conn.scalar(select(func.max(paid.c.year)))
    if year is None:
        return None
    month = conn.scalar(select(func.max(paid.c.month)).where(paid.c.year == year))
    return int(year), int(month)


def available_years(bind: Engine | Connection) -> list[int]:
    """Years with a capital plan or a disbursement, ascending."""
    plan, paid = _tables()
    statement = select(plan.c.year).union(select(paid.c.year))
    with connect(bind) as conn:
        return sorted(int(year) for year in conn.scalars(statement))


def default_year(years: list[int], as_of: tuple[int, int] | None) -> int | None:
    """The year the overview opens on: the data-as-of year, else the latest year with data."""
    if as_of and as_of[0] in years:
        return as_of[0]
    return max(years) if years else None


def upto_month_for(year: int, as_of: tuple[int, int] | None) -> int:
    """Months of ``year`` that count as reported: all before the as-of year, none after it."""
    if as_of is None or year < as_of[0]:
        return 12
    return as_of[1] if year == as_of[0] else 0


def _plan_vs_paid(
    conn: Connection, keys: list[str], plan_filter: list, paid_filter: list
) -> pd.DataFrame:
    """Allocated and disbursed grouped by ``keys``: each table is summed on its own, the two are
    stacked with UNION ALL and summed again, all in SQL and in BIGINT (no float on the way)."""
    zero = cast(literal(0), BigInteger)

    def side(table, amount_as: str) -> object:  # noqa: ANN001 (a Table)
        columns = [table.c[key] for key in keys]
        total = _sum(table.c.amount_vnd)
        return (
            select(
                *columns,
                (total if amount_as == "allocated" else zero).label("allocated"),
                (total if amount_as == "disbursed" else zero).label("disbursed"),
            )
            .where(*(plan_filter if amount_as == "allocated" else paid_filter))
            .group_by(*columns)
        )

    plan, paid = _tables()
    both = union_all(side(plan, "allocated"), side(paid, "disbursed")).subquery()
    grouped = [both.c[key] for key in keys]
    statement = (
        select(
            *grouped,
            _sum(both.c.allocated).label("allocated"),
            _sum(both.c.disbursed).label("disbursed"),
        )
        .group_by(*grouped)
        .order_by(*grouped)
    )
    frame = _frame(conn, statement)
    return frame.astype({"allocated": "int64", "disbursed": "int64"})


def within(conn: Connection, scope: Scope | None) -> tuple[list, list]:
    """WHERE clauses of the capital plan and disbursement rows in the provinces of ``scope``
    (none without a scope or a province filter): national figures of a scoped viewer are the
    sums of their provinces."""
    if scope is None or not scope.provinces:
        return [], []
    tables = _tables()
    plan, paid = (province_clause(conn, table, scope) for table in tables)
    return [plan], [paid]


def _cells(conn: Connection, year: int, upto_month: int, scope: Scope | None) -> pd.DataFrame:
    """Allocated and disbursed per (kind, carry_over) for one year: at most four rows."""
    plan, paid = within(conn, scope)
    plan_t, paid_t = _tables()
    frame = _plan_vs_paid(
        conn,
        ["kind", "carry_over"],
        [plan_t.c.year == year, *plan],
        [paid_t.c.year == year, paid_t.c.month <= upto_month, *paid],
    )
    return frame.astype({"carry_over": bool})


def _totals(frame: pd.DataFrame) -> Totals:
    # Python ints: exact however large the sum
    return Totals(int(frame["allocated"].sum()), int(frame["disbursed"].sum()))


def national_summary(
    bind: Engine | Connection, year: int, upto_month: int, scope: Scope | None = None
) -> NationalSummary:
    """National allocated, disbursed and rate for ``year`` up to ``upto_month``, with splits;
    the sums of the provinces of ``scope`` when given."""
    with connect(bind) as conn:
        cells = _cells(conn, year, upto_month, scope)
    plan_of = cells["carry_over"].map({True: "carry_over", False: "current"})
    return NationalSummary(
        year=year,
        upto_month=upto_month,
        total=_totals(cells),
        by_kind={kind: _totals(cells[cells["kind"] == kind]) for kind in KINDS},
        by_plan={plan: _totals(cells[plan_of == plan]) for plan in PLANS},
    )


def _with_rate(frame: pd.DataFrame) -> pd.DataFrame:
    frame["rate"] = (frame["disbursed"] / frame["allocated"].where(frame["allocated"] != 0)).astype(
        "float64"
    )
    return frame


def summary_by_kind(bind: Engine | Connection, year: int, upto_month: int) -> pd.DataFrame:
    """One row per kind of capital (investment, recurrent, always both): allocated, disbursed,
    rate."""
    plan, paid = _tables()
    with connect(bind) as conn:
        frame = _plan_vs_paid(
            conn,
            ["kind"],
            [plan.c.year == year],
            [paid.c.year == year, paid.c.month <= upto_month],
        )
    frame = frame.set_index("kind").reindex(list(KINDS), fill_value=0).astype("int64")
    return _with_rate(frame.rename_axis("kind").reset_index())


def yearly_summary(bind: Engine | Connection, scope: Scope | None = None) -> pd.DataFrame:
    """Per year: allocated, disbursed to the end of the year (to the data-as-of month for the
    as-of year, nothing for later years), rate and the last month counted (``upto_month``);
    the sums of the provinces of ``scope`` when given (its year is not used)."""
    with connect(bind) as conn:
        as_of = data_status(conn).data_as_of
        plan, paid = within(conn, scope)
        table = _tables()[1]
        reported = (
            [
                or_(
                    table.c.year < as_of[0],
                    and_(table.c.year == as_of[0], table.c.month <= as_of[1]),
                )
            ]
            if as_of
            else []
        )
        frame = _plan_vs_paid(conn, ["year"], plan, [*reported, *paid]).astype({"year": "int64"})
    if as_of is None:
        frame["upto_month"] = 12
    else:  # 12 before the as-of year, its month in it, 0 after it
        year = frame["year"]
        frame["upto_month"] = (year < as_of[0]) * 12 + (year == as_of[0]) * as_of[1]
    return _with_rate(frame)[["year", *SUMMARY_COLUMNS, "upto_month"]]
