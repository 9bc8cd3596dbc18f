"""Reads behind the disbursement page: monthly cumulative curves of the chosen year and of past
years, and the year's plan and disbursement split by project, sub-project, source, kind and
province, all within the page's filters (a ``Scope``).

Fact rows of one year may sit on both vintages (2025: plans and January-June reports on legacy
units, July-December on post-reform units). Each read applies ``fact_filter`` once per vintage
and ORs the two, so national and filtered totals are plain sums. Provinces are shown on ONE map:
that of the year's latest data (``display_vintage``); legacy rows of such a year are added to the
post-reform province each old province went into (``province_map``; old provinces merged whole,
so this is exact).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import BigInteger, Connection, Engine, cast, func, or_, select

from dashboard.models import (
    LEGACY,
    REFORMED,
    VINTAGES,
    AdminUnit,
    CapitalPlan,
    Disbursement,
    DisbursementSpan,
    Project,
    Subproject,
)
from dashboard.queries import connect
from dashboard.queries.facts import read_table, read_to_month
from dashboard.queries.scope import Scope, fact_filter, province_map

MONTHS = tuple(range(1, 13))
AMOUNTS = ["allocated", "disbursed"]
BREAKDOWNS = ("project", "subproject", "source", "kind", "carry_over")


def _sum(column) -> object:  # noqa: ANN001 (a SQLAlchemy column)
    return cast(func.sum(column), BigInteger)


def _frame(conn: Connection, statement, columns: list[str]) -> pd.DataFrame:  # noqa: ANN001
    return pd.DataFrame(conn.execute(statement).all(), columns=columns)


def _in_scope(conn: Connection, table, scope: Scope) -> object:  # noqa: ANN001 (a Table)
    """The scope's filters (not its year or month) on rows of either vintage."""
    return or_(*(fact_filter(conn, table, scope, vintage) for vintage in VINTAGES))


def year_vintages(bind: Engine | Connection) -> dict[int, int]:
    """year -> vintage of the year's latest data: post-reform when any plan or report row of the
    year is on post-reform units, else legacy."""
    plan, paid = read_table(CapitalPlan.__table__), read_table(Disbursement.__table__)
    plans = select(plan.c.year, func.max(plan.c.vintage).label("v")).group_by(plan.c.year)
    paid = select(paid.c.year, func.max(paid.c.vintage).label("v")).group_by(paid.c.year)
    with connect(bind) as conn:
        rows = conn.execute(plans).all() + conn.execute(paid).all()
    result: dict[int, int] = {}
    for year, vintage in rows:
        result[int(year)] = max(result.get(int(year), LEGACY), int(vintage))
    return result


def province_options(bind: Engine | Connection, vintage: int) -> pd.DataFrame:
    """Provinces of ``vintage``: code, name (ordered by name)."""
    statement = (
        select(AdminUnit.code, AdminUnit.name)
        .where(AdminUnit.vintage == vintage, AdminUnit.level == "province")
        .order_by(AdminUnit.name_key)
    )
    with connect(bind) as conn:
        return _frame(conn, statement, ["code", "name"])


def catalogue(bind: Engine | Connection) -> pd.DataFrame:
    """One row per budget line: subproject id and code, its project's code, names in vi and en."""
    statement = (
        select(
            Subproject.id,
            Subproject.code,
            Subproject.name_vi,
            Subproject.name_en,
            Project.code,
            Project.name_vi,
            Project.name_en,
            Project.ordinal,
            Subproject.ordinal,
        )
        .join(Project, Project.id == Subproject.project_id)
        .order_by(Project.ordinal, Subproject.ordinal)
    )
    columns = [
        "subproject_id",
        "subproject",
        "subproject_vi",
        "subproject_en",
        "project",
        "project_vi",
        "project_en",
        "project_order",
        "subproject_order",
    ]
    with connect(bind) as conn:
        return _frame(conn, statement, columns)


def curves(bind: Engine | Connection, scope: Scope, years: tuple[int, ...]) -> pd.DataFrame:
    """Per year of ``years`` (index): ``allocated`` and the cumulative amount disbursed by the end
    of each month (columns 1..12), within the scope's filters (its year and month are ignored)."""
    plan = read_table(CapitalPlan.__table__, scope)
    paid = read_table(Disbursement.__table__, scope)
    with connect(bind) as conn:
        plans = _frame(
            conn,
            select(plan.c.year, _sum(plan.c.amount_vnd))
            .where(plan.c.year.in_(years), _in_scope(conn, plan, scope))
            .group_by(plan.c.year),
            ["year", "allocated"],
        )
        monthly = _frame(
            conn,
            select(paid.c.year, paid.c.month, _sum(paid.c.amount_vnd))
            .where(paid.c.year.in_(years), _in_scope(conn, paid, scope))
            .group_by(paid.c.year, paid.c.month),
            ["year", "month", "amount"],
        )
    table = monthly.pivot_table(index="year", columns="month", values="amount", aggfunc="sum")
    table = table.reindex(index=list(years), columns=list(MONTHS)).fillna(0).astype("int64")
    table = table.cumsum(axis=1)
    allocated = plans.set_index("year")["allocated"].reindex(list(years)).fillna(0)
    table.insert(0, "allocated", allocated.astype("int64"))
    table.index.name = "year"
    table.columns.name = None
    return table


def lumped_months(
    bind: Engine | Connection, scope: Scope, years: tuple[int, ...]
) -> dict[int, tuple[int, ...]]:
    """Per year, the months whose money some row in the scope reports only within a later
    month's year-to-date total (a first report of January-September): no monthly figure."""
    span = DisbursementSpan.__table__
    with connect(bind) as conn:
        rows = conn.execute(
            select(span.c.year, span.c.from_month, span.c.month)
            .where(span.c.year.in_(years), span.c.from_month < span.c.month)
            .where(_in_scope(conn, span, scope))
            .distinct()
        ).all()
    lumped: dict[int, set[int]] = {}
    for year, first, last in rows:
        lumped.setdefault(int(year), set()).update(range(int(first), int(last)))
    return {year: tuple(sorted(months)) for year, months in lumped.items()}


def _plan_vs_paid(conn: Connection, scope: Scope, keys: list[str]) -> pd.DataFrame:
    """Allocated (the year's plan) and disbursed (to ``scope.upto_month``) per ``keys``."""
    frames = []
    for table, amount in (
        (CapitalPlan.__table__, "allocated"),
        (Disbursement.__table__, "disbursed"),
    ):
        table, where = read_to_month(table, scope, tuple(keys))
        columns = [table.c[key] for key in keys]
        where.append(_in_scope(conn, table, scope))
        statement = select(*columns, _sum(table.c.amount_vnd)).where(*where).group_by(*columns)
        frames.append(_frame(conn, statement, [*keys, amount]).set_index(keys))
    merged = pd.concat(frames, axis=1).fillna(0).astype("int64").reset_index()
    return merged.groupby(keys, as_index=False)[AMOUNTS].sum()


def with_rate(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds ``rate`` = disbursed / allocated (NaN where nothing is allocated)."""
    allocated = frame["allocated"].where(frame["allocated"] != 0)
    frame["rate"] = (frame["disbursed"] / allocated).astype("float64")
    return frame


def breakdown(bind: Engine | Connection, scope: Scope, by: str) -> pd.DataFrame:
    """Allocated, disbursed and rate of the scope's year per ``by`` (one of ``BREAKDOWNS``):
    columns key, allocated, disbursed, rate; projects and sub-projects also have name_vi, name_en
    and come in catalogue order, every project listed (zeros included)."""
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}")
    with connect(bind) as conn:
        if by in ("source", "kind", "carry_over"):
            frame = _plan_vs_paid(conn, scope, [by]).rename(columns={by: "key"})
            return with_rate(frame.sort_values("key", ignore_index=True))
        sums = _plan_vs_paid(conn, scope, ["subproject_id"])
        lines = catalogue(conn)
    merged = lines.merge(sums, on="subproject_id", how="left").fillna(
        {"allocated": 0, "disbursed": 0}
    )
    merged = merged.astype({"allocated": "int64", "disbursed": "int64"})
    if by == "project":
        names = {"project": "key", "project_vi": "name_vi", "project_en": "name_en"}
        merged = merged.rename(columns=names)
        frame = merged.groupby(["project_order", "key", "name_vi", "name_en"], as_index=False)[
            AMOUNTS
        ].sum()
        if scope.projects:
            frame = frame[frame["key"].isin(scope.projects)]
    else:
        names = {"subproject": "key", "subproject_vi": "name_vi", "subproject_en": "name_en"}
        frame = merged.rename(columns=names)
        frame = frame[(frame["allocated"] != 0) | (frame["disbursed"] != 0)]
    frame = frame[["key", "name_vi", "name_en", *AMOUNTS]].reset_index(drop=True)
    return with_rate(frame)


def provinces(bind: Engine | Connection, scope: Scope) -> pd.DataFrame:
    """Allocated, disbursed and rate per province of ``scope.vintage`` (legacy rows of a year shown
    on the post-reform map are added to the province their old province went into): columns
    code, name, allocated, disbursed, rate; provinces without any amount are left out."""
    with connect(bind) as conn:
        frame = _plan_vs_paid(conn, scope, ["vintage", "province_code"])
        mapping = province_map(conn) if scope.vintage == REFORMED else {}
        names = province_options(conn, scope.vintage)
    legacy = frame["vintage"] == LEGACY
    if scope.vintage == REFORMED:
        frame.loc[legacy, "province_code"] = frame.loc[legacy, "province_code"].map(mapping)
    else:
        frame = frame[legacy]
    totals = frame.groupby("province_code", as_index=False)[AMOUNTS].sum()
    totals = totals.rename(columns={"province_code": "code"})
    named = names.merge(totals, on="code", how="inner")
    return with_rate(named[["code", "name", *AMOUNTS]].reset_index(drop=True))
