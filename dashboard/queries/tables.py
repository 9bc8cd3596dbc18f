"""Reads behind the tables page: allocated and disbursed per unit of one level, by kind of capital
and by project, for a drill-down grid province -> district -> commune (legacy units) or
province -> commune (post-reform units).

Vintage rule: a year whose rows are all on legacy units can be shown on either vintage; a year with
any row on post-reform units (2025 from July, 2026 on) is shown on post-reform units only. Legacy
rows shown on post-reform units are re-aggregated: a legacy province goes wholly into one new
province (``province_map``); a legacy commune is split over its new communes by
``UnitCrosswalk.share``, in whole đồng by largest remainder, so the parts add up exactly to it.

Rows of a unit above the level shown (e.g. a plan entered for a whole province, seen among its
communes) are gathered in one row with the code ``UNASSIGNED``, so the rows always add up to the
parent's figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, select

from dashboard.models import (
    KINDS,
    LEGACY,
    REFORMED,
    AdminUnit,
    CapitalPlan,
    Disbursement,
    Project,
    Subproject,
    UnitCrosswalk,
)
from dashboard.queries import _frame, _sum, connect
from dashboard.queries.carry import apportion, directed
from dashboard.queries.facts import read_table, read_to_month
from dashboard.queries.scope import Scope, fact_filter, province_map, provinces_in_vintage
from dashboard.text import fold

UNASSIGNED = "-"  # the row of amounts entered for a unit above the level shown
MEASURES = ("allocated", "disbursed")
# former names users still search by: province 46 was "Tỉnh Thừa Thiên Huế" until 2025
FORMER_NAMES = {("province", "46"): "Thừa Thiên Huế"}


@dataclass(frozen=True)
class Place:
    """Where the grid is: the whole country, a province, or a legacy district."""

    vintage: int = REFORMED
    province: str | None = None
    district: str | None = None  # legacy vintage only

    @property
    def level(self) -> str:
        """The level of the rows shown."""
        if self.district:
            return "commune"
        if self.province:
            return "district" if self.vintage == LEGACY else "commune"
        return "province"


def fact_vintages(bind: Engine | Connection, year: int) -> tuple[int, ...]:
    """Vintages of the units the plans and disbursements of ``year`` are recorded on."""
    plan, paid = read_table(CapitalPlan.__table__), read_table(Disbursement.__table__)
    statement = (
        select(plan.c.vintage)
        .where(plan.c.year == year)
        .union(select(paid.c.vintage).where(paid.c.year == year))
    )
    with connect(bind) as conn:
        return tuple(sorted(int(v) for v in conn.scalars(statement)))


def vintage_choices(bind: Engine | Connection, year: int) -> tuple[int, ...]:
    """The vintages ``year`` can be shown on (see the module docstring), the native one first."""
    native = fact_vintages(bind, year)
    if native and REFORMED not in native:
        return (LEGACY, REFORMED)
    return (REFORMED,)


def project_codes(bind: Engine | Connection) -> tuple[str, ...]:
    """Project codes in catalogue order (DA1 .. DA10)."""
    statement = select(Project.code).order_by(Project.ordinal, Project.code)
    with connect(bind) as conn:
        return tuple(dict.fromkeys(conn.scalars(statement)))


def unit_names(bind: Engine | Connection, vintage: int, codes: tuple[str, ...]) -> dict[str, str]:
    """Names of units (for breadcrumbs)."""
    statement = select(AdminUnit.code, AdminUnit.name).where(
        AdminUnit.vintage == vintage, AdminUnit.code.in_(codes)
    )
    with connect(bind) as conn:
        return dict(conn.execute(statement).all())


def level_units(conn: Connection, place: Place, provinces: tuple[str, ...] = ()) -> pd.DataFrame:
    """The units listed at ``place``: code, name, region (region for communes only); in the
    country, only ``provinces`` (of ``place.vintage``) when given."""
    unit = AdminUnit
    where = [unit.vintage == place.vintage, unit.level == place.level]
    if provinces and place.level == "province":
        where.append(unit.code.in_(provinces))
    if place.district:
        where.append(unit.district_code == place.district)
    elif place.province:
        where.append(unit.province_code == place.province)
    statement = select(unit.code, unit.name, unit.region).where(*where).order_by(unit.code)
    frame = _frame(conn, statement)
    if place.level != "commune":
        frame["region"] = None
    return frame


def _sums(conn: Connection, table: type, scope: Scope, place: Place, vintage: int) -> pd.DataFrame:
    """One fact table's amounts on units of ``vintage``, grouped by key, project and kind; the key
    is the province code at province level, else the unit code."""
    # new units on the old provinces go through their communes (a new province took in several)
    by_province = place.level == "province" and not (vintage == REFORMED != place.vintage)
    key_name = "province_code" if by_province else "unit_code"
    t, where = read_to_month(table.__table__, scope, (key_name, "subproject_id", "kind"))
    where.append(fact_filter(conn, t, scope, vintage))
    if place.province:
        codes = provinces_in_vintage(conn, (place.province,), place.vintage, vintage)
        where.append(t.c.province_code.in_(codes))
    key = t.c[key_name]
    statement = (
        select(
            key.label("key"),
            Project.code.label("project"),
            t.c.kind,
            _sum(t.c.amount_vnd).label("amount"),
        )
        .join(Subproject, Subproject.id == t.c.subproject_id)
        .join(Project, Project.id == Subproject.project_id)
        .where(*where)
        .group_by(key, Project.code, t.c.kind)
    )
    frame = _frame(conn, statement)
    frame["amount"] = frame["amount"].astype("int64")
    frame["measure"] = "allocated" if table is CapitalPlan else "disbursed"
    return frame


def _crosswalk(conn: Connection, keys: list[str], source: int) -> pd.DataFrame:
    """The crosswalk rows of the units ``keys`` of ``source``, seen from ``source``."""
    column = UnitCrosswalk.old_code if source == LEGACY else UnitCrosswalk.new_code
    statement = select(UnitCrosswalk.old_code, UnitCrosswalk.new_code, UnitCrosswalk.share).where(
        column.in_(keys)
    )
    return directed(_frame(conn, statement), source)


def _carried(conn: Connection, frame: pd.DataFrame, place: Place, vintage: int) -> pd.DataFrame:
    """Amounts of units of ``vintage`` carried onto the communes of ``place.vintage``
    (``dashboard.queries.carry``, the map's rule). A new unit's amount that cannot be placed in
    an old commune (it is not a commune) stays in the country (key ""), not in an old province;
    neither does a part that lands in another old province than ``place.province``."""
    frame = apportion(frame, _crosswalk(conn, frame["key"].unique().tolist(), vintage))
    if vintage == LEGACY or not place.province:
        return frame
    units = _parents(conn, place.vintage, frame["key"].unique().tolist()).set_index("code")
    return frame[frame["key"].map(units["province_code"]) == place.province]


def _parents(conn: Connection, vintage: int, codes: list[str]) -> pd.DataFrame:
    """code, level, province_code, district_code of the units ``codes`` of ``vintage``."""
    unit = AdminUnit
    statement = select(unit.code, unit.level, unit.province_code, unit.district_code).where(
        unit.vintage == vintage, unit.code.in_(codes)
    )
    return _frame(conn, statement)


def _to_rows(conn: Connection, frame: pd.DataFrame, place: Place, vintage: int) -> pd.DataFrame:
    """Replace ``key`` (a unit of ``vintage``) by the code of the row it counts in at ``place``;
    amounts of units above the level shown go to ``UNASSIGNED``, rows outside ``place`` away.
    The SQL read kept only the rows of the province (or of the old provinces it took in)."""
    if frame.empty:
        return frame
    carried = vintage != place.vintage
    if place.level == "province" and not (carried and vintage == REFORMED):
        if carried:  # old provinces on the new map: exact, old provinces merged whole
            frame["key"] = frame["key"].map(province_map(conn))
        return frame.dropna(subset=["key"])
    if carried:
        frame = _carried(conn, frame, place, vintage)
    units = _parents(conn, place.vintage, frame["key"].unique().tolist()).set_index("code")
    key = frame["key"]
    level = key.map(units["level"])
    if place.level == "province":  # new units carried onto the old provinces' communes
        province = key.map(units["province_code"]).where(level == "commune")
        return frame.assign(key=province.fillna(UNASSIGNED))
    if place.level == "district":
        district = key.map(units["district_code"])
        target = np.where(level == "commune", district, np.where(level == "district", key, None))
        return frame.assign(key=pd.Series(target, index=frame.index).fillna(UNASSIGNED))
    if place.district:  # communes of a legacy district; its own district-level amounts apart
        mine = (level == "commune") & (key.map(units["district_code"]) == place.district)
        frame = frame.assign(key=key.where(mine, UNASSIGNED))
        return frame[mine | (key == place.district)]
    mine = (level == "commune") & (key.map(units["province_code"]) == place.province)
    return frame.assign(key=key.where(mine, UNASSIGNED))


def _pivot(frame: pd.DataFrame, projects: tuple[str, ...]) -> pd.DataFrame:
    """key x (measure | kind_measure | project_measure) integer amounts."""
    columns = [*MEASURES]
    columns += [f"{kind}_{m}" for kind in KINDS for m in MEASURES]
    columns += [f"{p}_{m}" for p in projects for m in MEASURES]
    if frame.empty:
        return pd.DataFrame(columns=columns, dtype="int64").rename_axis("key")
    parts = [
        frame.pivot_table("amount", "key", "measure", aggfunc="sum"),
        frame.pivot_table("amount", "key", ["kind", "measure"], aggfunc="sum"),
        frame.pivot_table("amount", "key", ["project", "measure"], aggfunc="sum"),
    ]
    parts[1].columns = [f"{k}_{m}" for k, m in parts[1].columns]
    parts[2].columns = [f"{p}_{m}" for p, m in parts[2].columns]
    wide = pd.concat(parts, axis=1)
    return wide.reindex(columns=columns).fillna(0).astype("int64")


def with_rates(frame: pd.DataFrame, prefixes: tuple[str, ...]) -> pd.DataFrame:
    """``rate`` and ``<prefix>_rate`` columns: disbursed / allocated, NaN where nothing is
    allocated."""
    for prefix in ("", *(f"{p}_" for p in prefixes)):
        allocated = frame[f"{prefix}allocated"]
        rate = frame[f"{prefix}disbursed"] / allocated.where(allocated != 0)
        frame[f"{prefix}rate"] = rate.astype("float64")
    return frame


def table_rows(bind: Engine | Connection, scope: Scope, place: Place) -> pd.DataFrame:
    """One row per unit at ``place`` (every unit, zero when nothing is recorded), plus an
    ``UNASSIGNED`` row when amounts were entered above the level: code, name, region, search
    (folded name and code, for the grid's quick filter), allocated, disbursed, rate, then the same
    per kind (``investment_allocated`` ...) and per project (``DA4_allocated`` ...)."""
    scope = Scope(**{**scope.__dict__, "vintage": place.vintage})
    with connect(bind) as conn:
        projects = project_codes(conn)
        parts = [
            _to_rows(conn, _sums(conn, table, scope, place, vintage), place, vintage)
            for vintage in fact_vintages(conn, scope.year)
            for table in (CapitalPlan, Disbursement)
        ]
        units = level_units(conn, place, scope.provinces)
    facts = pd.concat([p for p in parts if not p.empty] or [pd.DataFrame()], ignore_index=True)
    wide = _pivot(facts, projects)
    if UNASSIGNED in wide.index:
        extra = pd.DataFrame({"code": [UNASSIGNED], "name": [""], "region": [None]})
        units = pd.concat([units, extra], ignore_index=True)
    rows = units.merge(wide, left_on="code", right_index=True, how="left")
    amounts = list(wide.columns)
    rows[amounts] = rows[amounts].fillna(0).astype("int64")
    rows["search"] = search_text(rows, place.level)
    return with_rates(rows, (*KINDS, *projects)).reset_index(drop=True)


def search_text(rows: pd.DataFrame, level: str) -> pd.Series:
    """What the quick search matches: the folded name, a former name, the code."""
    former = rows["code"].map(lambda code: fold(FORMER_NAMES.get((level, code), "")))
    return (rows["name"].map(fold) + " " + former + " " + rows["code"]).str.split().str.join(" ")
