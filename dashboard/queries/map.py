"""Reads behind the map explorer: capital allocated and disbursed per unit of one map.

A map is a boundary vintage (2024 legacy, 2025 post-reform) and a level (province, district,
commune). Fact rows sit on the units of the vintage they were reported on (plans up to 2025 and
reports up to June 2025 on legacy units, later ones on post-reform units), so each vintage's rows
are summed in SQL (``GROUP BY`` unit) and those of the other vintage are carried across the
crosswalk before they are rolled up to the map's level:

- legacy -> post-reform, communes: an old commune's amount goes to the new communes it became,
  in proportion to ``unit_crosswalk.share`` (1 when it went wholly into one);
- legacy -> post-reform, provinces: an old province goes wholly into one new province;
- post-reform -> legacy (communes, and provinces through their communes): a new commune's amount
  is split back over the old communes it was formed from, in proportion to the share of each
  old commune that went into it (``share / sum of the shares into that new commune``).

Carried amounts are split in whole đồng by largest remainder (``dashboard.queries.carry``, the
rule of the tables page too, at the same grain: unit, project and kind), so every total is exact.
With a province filter, only the parts that land in the provinces asked for are kept (a new
province's rows reach every old province merged into it). Fact rows that are not on a commune
reach a commune map only on their own vintage's province map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import EllipsisType

import pandas as pd
from sqlalchemy import BigInteger, Connection, Engine, Table, and_, cast, func, select

from dashboard.models import (
    LEGACY,
    REFORMED,
    VINTAGES,
    AdminUnit,
    CapitalPlan,
    Disbursement,
    Project,
    Subproject,
    UnitCrosswalk,
)
from dashboard.queries import connect
from dashboard.queries.carry import apportion, directed
from dashboard.queries.facts import has_rows, read_to_month
from dashboard.queries.pace import expected_rate
from dashboard.queries.scope import Scope, fact_filter, province_map
from dashboard.text import natural_key

LEVELS = ("province", "district", "commune")
LEVELS_OF = {LEGACY: ("province", "district", "commune"), REFORMED: ("province", "commune")}
AMOUNTS = ["allocated", "disbursed"]
VALUE_COLUMNS = ["code", "allocated", "disbursed", "remaining", "rate", "pace_gap"]


@dataclass(frozen=True)
class Lookups:
    """The scope-independent frames a read of amounts needs: the communes of each vintage, the
    crosswalk weights from each source vintage and the legacy -> post-reform province map. A
    caller that caches them per data version (``lookups``) passes them in; they are left out of
    the ``repr`` (the cache key of a read), which they do not change within a data version."""

    communes: dict[int, pd.DataFrame] = field(repr=False)
    walks: dict[int, pd.DataFrame] = field(repr=False)
    provinces: dict[str, str] = field(repr=False)


def lookups(bind: Engine | Connection) -> Lookups:
    """Every frame of ``Lookups``, read once."""
    with connect(bind) as conn:
        return Lookups(
            communes={v: units(conn, v, "commune") for v in VINTAGES},
            walks={v: _crosswalk(conn, v) for v in VINTAGES},
            provinces=province_map(conn),
        )


def _frame(result) -> pd.DataFrame:  # noqa: ANN001 (a SQLAlchemy CursorResult)
    """A frame of the driver's own rows (plain tuples), for results of text and integer columns
    only, which SQLAlchemy would hand over unchanged: building a Row per row is a third of a
    large grouped read."""
    columns = list(result.keys())
    return pd.DataFrame.from_records(result.cursor.fetchall(), columns=columns)


def units(bind: Engine | Connection, vintage: int, level: str) -> pd.DataFrame:
    """Units of a map: code, name, short_name, province_code, district_code, region."""
    columns = [AdminUnit.code, AdminUnit.name, AdminUnit.short_name, AdminUnit.province_code,
               AdminUnit.district_code, AdminUnit.region]  # fmt: skip
    statement = select(*columns).where(AdminUnit.vintage == vintage, AdminUnit.level == level)
    with connect(bind) as conn:
        return _frame(conn.execute(statement.order_by(AdminUnit.code)))


def _grouped(
    conn: Connection, facts: Table, scope: Scope, vintage: int, by: tuple[str, ...], unit: bool
):  # fmt: skip
    """Rows of ``facts`` on ``vintage`` in scope, summed per (unit_code when ``unit``,
    province_code, *by), from the smallest table that holds them."""
    columns = (*(("unit_code",) if unit else ()), "province_code",
               *(("subproject_id",) if "project" in by else ()),
               *(k for k in ("kind", "month") if k in by))  # fmt: skip
    if not has_rows(conn, facts, scope.year, vintage):  # no scan of the facts for nothing
        return pd.DataFrame(columns=[*columns, "amount"])
    table, where = read_to_month(facts, scope, columns)
    keys = [table.c[name] for name in columns if name != "subproject_id"]
    if "project" in by:
        keys.append(Project.code.label("project"))
    where.append(fact_filter(conn, table, scope, vintage))
    statement = select(*keys, cast(func.sum(table.c.amount_vnd), BigInteger).label("amount"))
    if "project" in by:
        statement = statement.join(Subproject, Subproject.id == table.c.subproject_id).join(
            Project, Project.id == Subproject.project_id
        )
    frame = _frame(conn.execute(statement.where(and_(*where)).group_by(*keys)))
    frame["amount"] = frame["amount"].astype("int64")
    return frame


def _crosswalk(conn: Connection, source: int) -> pd.DataFrame:
    """The crosswalk seen from the units of ``source`` (``carry.directed``)."""
    result = conn.execute(
        select(UnitCrosswalk.old_code, UnitCrosswalk.new_code, UnitCrosswalk.share)
    )
    walk = pd.DataFrame.from_records(
        list(map(tuple, result.all())), columns=["old_code", "new_code", "share"]
    )
    return directed(walk, source)


def _carried(frame: pd.DataFrame, walk: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    """Commune amounts carried to the communes of the other vintage along ``walk``, in whole
    đồng (``carry.apportion``); amounts of units that are not communes are left out."""
    keyed = frame.drop(columns=["province_code"]).rename(columns={"unit_code": "key"})
    parts = apportion(keyed, walk)
    parts = parts[parts["key"] != ""]
    out = parts.groupby(["key", *by], as_index=False)["amount"].sum()
    return out.rename(columns={"key": "unit_code"})


def _at_level(refs: Lookups, frame: pd.DataFrame, source: int, target: int, level: str,
              by: tuple[str, ...], provinces: tuple[str, ...] = ()) -> pd.DataFrame:  # fmt: skip
    """Amounts of ``source`` rows (unit_code, province_code, *by, amount) per unit of the map,
    in the map's ``provinces`` when given (a new province's rows, carried back, land in every
    old province merged into it: only the parts in the provinces asked for are kept)."""
    if frame.empty:
        return pd.DataFrame(columns=["code", *by, "amount"])
    if level == "province" and source == target:
        return frame.rename(columns={"province_code": "code"}).groupby(
            ["code", *by], as_index=False)["amount"].sum()  # fmt: skip
    if level == "province" and source == LEGACY:
        frame = frame.assign(code=frame["province_code"].map(refs.provinces))
        return frame.dropna(subset=["code"]).groupby(["code", *by], as_index=False)["amount"].sum()
    if source != target:
        frame = _carried(frame, refs.walks[source], by)
    communes = refs.communes[target]
    if provinces:
        communes = communes[communes["province_code"].isin(provinces)]
    column = {"commune": "code", "district": "district_code", "province": "province_code"}[level]
    lookup = pd.DataFrame({"unit_code": communes["code"], "code": communes[column]})
    merged = frame.drop(columns=["province_code"], errors="ignore").merge(lookup, on="unit_code")
    return merged.groupby(["code", *by], as_index=False)["amount"].sum()


def _grain(keys: tuple[str, ...], source: int, target: int, level: str) -> tuple[str, ...]:
    """What rows carried across the crosswalk are split by: project and kind too, as on the
    tables page, so a commune's figures are the same đồng on both pages."""
    if source == target or (level == "province" and source == LEGACY):
        return keys
    return tuple(dict.fromkeys((*keys, "project", "kind")))


def unit_amounts(
    bind: Engine | Connection, scope: Scope, level: str, by: tuple[str, ...] = (),
    refs: Lookups | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Allocated and disbursed (integer VND) per unit of the map (``scope.vintage``, ``level``)
    for the scope, from the rows of both vintages: columns code, *by, allocated, disbursed.
    ``by`` may hold "project" (project code) and "month" (disbursed only, months up to
    ``scope.upto_month``). ``refs`` are the ``lookups`` when the caller already has them."""
    parts = []
    with connect(bind) as conn:
        refs = refs or lookups(conn)
        for name, table in (
            ("allocated", CapitalPlan.__table__),
            ("disbursed", Disbursement.__table__),
        ):
            keys = tuple(k for k in by if k != "month" or name == "disbursed")
            if "month" in by and name == "allocated":
                continue
            for source in VINTAGES:
                grain = _grain(keys, source, scope.vintage, level)
                # a province map needs units only to carry post-reform rows back to legacy
                unit = level != "province" or (source, scope.vintage) == (REFORMED, LEGACY)
                frame = _grouped(conn, table, scope, source, grain, unit)
                part = _at_level(refs, frame, source, scope.vintage, level, grain, scope.provinces)
                if grain != keys:
                    part = part.groupby(["code", *keys], as_index=False)["amount"].sum()
                parts.append(part.assign(measure=name))
    rows = pd.concat(parts, ignore_index=True)
    index = ["code", *by]
    wide = rows.pivot_table(index=index, columns="measure", values="amount", aggfunc="sum",
                            fill_value=0)  # fmt: skip
    wide = wide.reindex(columns=AMOUNTS, fill_value=0).astype("int64").reset_index()
    wide.columns.name = None
    return wide.sort_values(index, ignore_index=True)


def map_values(
    bind: Engine | Connection, scope: Scope, level: str, data_as_of: tuple[int, int] | None,
    expected: float | None | EllipsisType = ..., refs: Lookups | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Per unit with data: code, allocated, disbursed, remaining, rate (None without a plan) and
    pace_gap (rate minus the national expected rate at ``scope.upto_month``). ``expected`` is
    that rate when the caller already has it (it is the same for every scope: a cached read),
    ``refs`` the ``lookups``."""
    frame = unit_amounts(bind, scope, level, refs=refs)
    frame["remaining"] = frame["allocated"] - frame["disbursed"]
    allocated = frame["allocated"].where(frame["allocated"] > 0)
    frame["rate"] = frame["disbursed"] / allocated
    if expected is ...:
        expected = (
            expected_rate(bind, scope.year, scope.upto_month, data_as_of)
            if scope.upto_month
            else None
        )
    frame["pace_gap"] = frame["rate"] - expected if expected is not None else float("nan")
    return frame[VALUE_COLUMNS]


def unit_trend(
    bind: Engine | Connection, scope: Scope, code: str, refs: Lookups | None = None
) -> pd.DataFrame:
    """Disbursed per month (1..upto_month, zeros filled) of one commune of the map, and the
    running total: columns month, disbursed, cumulative."""
    frame = unit_amounts(bind, scope, "commune", by=("month",), refs=refs)
    frame = frame[frame["code"] == code]
    months = pd.DataFrame({"month": range(1, scope.upto_month + 1)})
    out = months.merge(frame[["month", "disbursed"]], on="month", how="left").fillna(0)
    out["disbursed"] = out["disbursed"].astype("int64")
    out["cumulative"] = out["disbursed"].cumsum()
    return out


def unit_by_project(
    bind: Engine | Connection, scope: Scope, code: str, refs: Lookups | None = None
) -> pd.DataFrame:
    """Allocated and disbursed of one commune of the map per project: project, allocated,
    disbursed."""
    frame = unit_amounts(bind, scope, "commune", by=("project",), refs=refs)
    frame = frame[frame["code"] == code].drop(columns=["code"])
    return frame.sort_values("project", key=lambda s: s.map(natural_key), ignore_index=True)


def filter_options(bind: Engine | Connection) -> dict[str, list[tuple[str, str, str]]]:
    """Choices of the filters: provinces per vintage (code, name, name) and projects
    (code, Vietnamese name, English name)."""
    with connect(bind) as conn:
        provinces = conn.execute(
            select(AdminUnit.vintage, AdminUnit.code, AdminUnit.short_name)
            .where(AdminUnit.level == "province")
            .order_by(AdminUnit.vintage, AdminUnit.short_name)
        ).all()
        projects = conn.execute(
            select(Project.code, Project.name_vi, Project.name_en).distinct().order_by(Project.code)
        ).all()
    options: dict[str, list[tuple[str, str, str]]] = {str(v): [] for v in VINTAGES}
    for vintage, code, name in provinces:
        options[str(vintage)].append((code, name, name))
    options["projects"] = sorted({tuple(p) for p in projects}, key=lambda p: natural_key(p[0]))
    return options
