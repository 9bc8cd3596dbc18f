"""Province and project progress for the overview: who is behind the usual pace, and on what.

Provinces are shown on the map of the year's latest data: legacy provinces up to 2024, the 34
post-reform provinces from 2025 (a 2025 plan made on the legacy provinces is added to the new
province each old one went into, which is exact: old provinces merged whole).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import BigInteger, Connection, Engine, and_, cast, func, select

from dashboard.models import (
    LEGACY,
    REFORMED,
    AdminUnit,
    CapitalPlan,
    Disbursement,
    Project,
    Subproject,
)
from dashboard.queries import connect, within
from dashboard.queries.facts import read_table
from dashboard.queries.scope import Scope, province_map


def display_vintage(year: int) -> int:
    return LEGACY if year <= 2024 else REFORMED


def _sums(
    conn: Connection, year: int, upto: int, by: list[str], scope: Scope | None = None
) -> pd.DataFrame:
    """allocated and disbursed per ``by`` (+ the row's vintage and province), in the provinces
    of ``scope`` when given."""
    frames = []
    plan, paid = within(conn, scope)
    for facts, amount, extra in (
        (CapitalPlan.__table__, "allocated", plan),
        (Disbursement.__table__, "disbursed", paid),
    ):
        table = read_table(facts)  # the roll-up ``within`` filters: no unit needed
        if amount == "disbursed":
            extra = [table.c.month <= upto, *extra]
        line = Subproject.__table__
        project = Project.__table__
        columns = {"province_code": table.c.province_code, "vintage": table.c.vintage,
                   "project": project.c.code, "kind": table.c.kind}  # fmt: skip
        keys = [columns[k].label(k) for k in ["vintage", "province_code", *by]]
        query = (
            select(*keys, cast(func.sum(table.c.amount_vnd), BigInteger).label(amount))
            .select_from(table.join(line, line.c.id == table.c.subproject_id)
                         .join(project, project.c.id == line.c.project_id))
            .where(table.c.year == year, *extra)
            .group_by(*keys)
        )  # fmt: skip
        result = conn.execute(query)
        frames.append(pd.DataFrame(result.all(), columns=list(result.keys())))
    plans, paid = frames
    keys = ["vintage", "province_code", *by]
    merged = plans.merge(paid, on=keys, how="outer").fillna({"allocated": 0, "disbursed": 0})
    return merged.astype({"allocated": "int64", "disbursed": "int64"})


def _to_display(conn: Connection, frame: pd.DataFrame, year: int) -> pd.DataFrame:
    if display_vintage(year) == REFORMED:
        mapping = province_map(conn)
        legacy = frame.vintage == LEGACY
        frame.loc[legacy, "province_code"] = frame.loc[legacy, "province_code"].map(mapping)
    return frame.drop(columns="vintage")


def _names(conn: Connection, vintage: int) -> pd.Series:
    rows = conn.execute(
        select(AdminUnit.code, AdminUnit.short_name).where(
            and_(AdminUnit.vintage == vintage, AdminUnit.level == "province")
        )
    ).all()
    return pd.Series(dict(rows), name="name")


def province_progress(
    bind: Engine | Connection, year: int, upto: int, scope: Scope | None = None
) -> pd.DataFrame:
    """province_code, name, allocated, disbursed, rate: one row per province of the display map
    (of ``scope`` when given)."""
    with connect(bind) as conn:
        frame = _to_display(conn, _sums(conn, year, upto, [], scope), year)
        names = _names(conn, display_vintage(year))
    frame = frame.groupby("province_code", as_index=False)[["allocated", "disbursed"]].sum()
    frame["name"] = frame.province_code.map(names)
    frame["rate"] = frame.disbursed / frame.allocated.where(frame.allocated > 0)
    return frame[["province_code", "name", "allocated", "disbursed", "rate"]]


def project_progress(
    bind: Engine | Connection, year: int, upto: int, scope: Scope | None = None
) -> pd.DataFrame:
    """project, name_vi, name_en, allocated, disbursed, rate, in catalogue order (the sums of
    the provinces of ``scope`` when given)."""
    with connect(bind) as conn:
        frame = _sums(conn, year, upto, ["project"], scope)
        projects = conn.execute(
            select(Project.code, Project.name_vi, Project.name_en, Project.ordinal)
        ).all()
    names = pd.DataFrame(projects, columns=["project", "name_vi", "name_en", "ordinal"])
    names = names.drop_duplicates("project")  # the same code in several catalogues
    frame = frame.groupby("project", as_index=False)[["allocated", "disbursed"]].sum()
    frame = frame.merge(names, on="project", how="left").sort_values("ordinal")
    frame["rate"] = frame.disbursed / frame.allocated.where(frame.allocated > 0)
    return frame.drop(columns="ordinal").reset_index(drop=True)


def behind_pace(
    bind: Engine | Connection, year: int, upto: int, expected: float, count: int = 5,
    scope: Scope | None = None,
) -> pd.DataFrame:  # fmt: skip
    """The ``count`` provinces (of ``scope`` when given) furthest below the expected rate, each
    with the project and kind of capital that holds most of its shortfall (expected share of the
    plan minus disbursed)."""
    provinces = province_progress(bind, year, upto, scope)
    provinces["gap"] = provinces.rate - expected
    worst = provinces.dropna(subset=["gap"]).nsmallest(count, "gap")
    with connect(bind) as conn:
        detail = _to_display(conn, _sums(conn, year, upto, ["project", "kind"], scope), year)
    detail = detail[detail.province_code.isin(worst.province_code)]
    detail = detail.groupby(["province_code", "project", "kind"], as_index=False).sum()
    detail["shortfall"] = (detail.allocated * expected).round().astype("int64") - detail.disbursed
    top = detail.sort_values("shortfall", ascending=False).drop_duplicates("province_code")
    top = top[["province_code", "project", "kind", "shortfall"]]
    return worst.merge(top, on="province_code", how="left").reset_index(drop=True)
