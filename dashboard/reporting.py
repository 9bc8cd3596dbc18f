"""Who has reported: for each province and month of a year, reported, late or not reported, when
the report was received and how much of the province's program communes it covered.

Read from ``import_coverage`` (what each import batch reported per province and period, written
with its rows; undone batches have none). A month's disbursement report is due by day
``deadline_day`` (setting ``REPORT_DEADLINE_DAY``, default 10) of the next month:

- ``reported``: received by the deadline;
- ``late``: first received after it;
- ``missing``: not received and the deadline has passed (shown as "not reported");
- ``due``: not received, the deadline still ahead.

A month's status is judged on the first report received for it; a later file for the same month
(a correction) changes neither the status nor the date shown. The share covered is that of the
fullest report of the month (its communes with rows over the province's program communes, the
communes classified as in the ethnic-minority and mountainous area).

Rows are the 34 post-reform provinces in every year (grants are post-reform provinces). Months up
to June 2025 and plans up to 2025 were reported by the old provinces: a post-reform province's
month is then the worst status of the old provinces merged into it that have program communes,
received when the last of them was, and its share the communes covered over the program
communes of them all. A region filter keeps the provinces with program communes of the regions
asked for (the share stays that of all their program communes).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, func, select

from dashboard.models import LEGACY, REFORMED, AdminUnit, ImportCoverage
from dashboard.queries import connect
from dashboard.queries.scope import Scope, province_map, provinces_in_vintage
from dashboard.units import vintage_of_month, vintage_of_year

REPORTED, LATE, MISSING, DUE = "reported", "late", "missing", "due"
STATUSES = (MISSING, LATE, DUE, REPORTED)  # worst first
GRID_COLUMNS = ["province_code", "name", "month", "status", "received_at", "communes",
                "program_communes", "share"]  # fmt: skip
SUMMARY_COLUMNS = ["province_code", "name", "missing", "late", "first_missing",
                   "last_received", "plan_received"]  # fmt: skip


def months_shown(year: int, today: date) -> int:
    """The months of ``year`` a report can be asked for by ``today``: every month of a past
    year, the months before the current one this year, none of a later year."""
    if year < today.year:
        return 12
    return today.month - 1 if year == today.year else 0


def deadline(year: int, month: int, day: int) -> date:
    """Day ``day`` of the month after ``year``-``month`` (the month's last day if shorter)."""
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(year, month, min(max(day, 1), calendar.monthrange(year, month)[1]))


def status_of(
    received: datetime | None, year: int, month: int, today: date, deadline_day: int
) -> str:
    """The status of one province's month from the time its first report was received."""
    due_by = deadline(year, month, deadline_day)
    if received is None or pd.isna(received):
        return MISSING if today > due_by else DUE
    return LATE if received.date() > due_by else REPORTED


@dataclass(frozen=True)
class Provinces:
    """The post-reform provinces listed and, per boundary set, the program communes of each
    province of that set and the post-reform province it belongs to."""

    names: dict[str, str]  # post-reform code -> short name
    program: dict[int, dict[str, int]]  # vintage -> province code -> program communes
    to_new: dict[int, dict[str, str]]  # vintage -> province code -> post-reform code


def _provinces(conn: Connection, scope: Scope) -> Provinces:
    mapping = province_map(conn)
    names = dict(
        conn.execute(
            select(AdminUnit.code, AdminUnit.short_name).where(
                AdminUnit.vintage == REFORMED, AdminUnit.level == "province"
            )
        ).all()
    )
    counted = conn.execute(
        select(AdminUnit.vintage, AdminUnit.province_code, AdminUnit.region, func.count())
        .where(AdminUnit.level == "commune", AdminUnit.em_area)
        .group_by(AdminUnit.vintage, AdminUnit.province_code, AdminUnit.region)
    ).all()
    to_new = {LEGACY: mapping, REFORMED: {code: code for code in names}}
    program: dict[int, dict[str, int]] = {LEGACY: {}, REFORMED: {}}
    in_regions: set[str] = set()
    for vintage, code, region, count in counted:
        program[vintage][code] = program[vintage].get(code, 0) + int(count)
        if not scope.regions or region in scope.regions:
            in_regions.add(to_new[vintage].get(code, code))
    listed = set(names)
    if program[LEGACY] or program[REFORMED]:  # unclassified units: every province is listed
        listed &= in_regions
    if scope.provinces:
        listed &= set(provinces_in_vintage(conn, scope.provinces, scope.vintage, REFORMED))
    return Provinces({c: names[c] for c in sorted(listed)}, program, to_new)


def _receipts(conn: Connection, year: int) -> pd.DataFrame:
    """Per reported province (of the period's own boundary set), kind and month of ``year``:
    the first and last receipt and the most communes one report covered."""
    table = ImportCoverage.__table__
    result = conn.execute(
        select(
            table.c.province_code, table.c.kind, table.c.month,
            func.min(table.c.received_at).label("first"),
            func.max(table.c.received_at).label("last"),
            func.max(table.c.communes).label("communes"),
        )
        .where(table.c.year == year, table.c.kind.in_(("capital_plan", "disbursement")))
        .group_by(table.c.province_code, table.c.kind, table.c.month)
    )  # fmt: skip
    columns = ["province_code", "kind", "month", "first", "last", "communes"]
    return pd.DataFrame.from_records(list(map(tuple, result.all())), columns=columns)


def _parts(provinces: Provinces, vintage: int, new_code: str) -> list[str]:
    """The provinces of ``vintage`` that report for post-reform ``new_code``: those with program
    communes, or all of them where none has any."""
    mine = [old for old, new in provinces.to_new[vintage].items() if new == new_code]
    with_program = [old for old in mine if provinces.program[vintage].get(old, 0)]
    return sorted(with_program or mine)


def _cell(
    provinces: Provinces, receipts: dict, code: str, year: int, month: int, today: date,
    deadline_day: int,
) -> dict:  # fmt: skip
    """One province's month: the worst status of its parts, received when the last part was."""
    vintage = vintage_of_month(year, month)
    parts = _parts(provinces, vintage, code)
    statuses, received, covered = [], [], 0
    for part in parts:
        first, communes = receipts.get((part, month), (None, 0))
        statuses.append(status_of(first, year, month, today, deadline_day))
        received.append(first)
        covered += communes
    program = sum(provinces.program[vintage].get(p, 0) for p in parts)
    status = min(statuses, key=STATUSES.index) if statuses else MISSING
    got = [r for r in received if r is not None]
    return {
        "province_code": code, "name": provinces.names[code], "month": month, "status": status,
        "received_at": max(got) if got and len(got) == len(received) else None,
        "communes": covered, "program_communes": program,
        "share": min(covered / program, 1.0) if program else None,
    }  # fmt: skip


@dataclass(frozen=True)
class Reporting:
    """The reporting of one year as of ``today``: ``grid`` (``GRID_COLUMNS``, by province code
    and month), ``summary`` (``SUMMARY_COLUMNS``, most overdue first) and ``latest``, the latest
    month whose deadline has passed (None: none yet)."""

    year: int
    months: int
    latest: int | None
    grid: pd.DataFrame
    summary: pd.DataFrame

    def overdue_latest(self) -> pd.DataFrame:
        """The provinces that did not report the latest month due, or reported it late: not
        reported first, then the latest received (``GRID_COLUMNS``)."""
        cells = self.grid[(self.grid["month"] == self.latest)
                          & self.grid["status"].isin((MISSING, LATE))]  # fmt: skip
        order = cells.assign(_rank=cells["status"].map(STATUSES.index))
        order = order.sort_values(["_rank", "received_at", "name"],
                                  ascending=[True, False, True], na_position="first")  # fmt: skip
        return order.drop(columns="_rank").reset_index(drop=True)


def reporting(
    bind: Engine | Connection, scope: Scope, today: date, deadline_day: int = 10
) -> Reporting:
    """Who reported each month of ``scope.year`` (the provinces of ``scope``, its regions)."""
    year = scope.year
    with connect(bind) as conn:
        provinces = _provinces(conn, scope)
        found = _receipts(conn, year)
    grid = _grid(provinces, found, year, today, deadline_day)
    summary = _summary(provinces, found, year, grid)
    return Reporting(year, months_shown(year, today), latest_month(year, today, deadline_day),
                     grid, summary)  # fmt: skip


def _grid(
    provinces: Provinces, found: pd.DataFrame, year: int, today: date, deadline_day: int
) -> pd.DataFrame:
    paid = found[found["kind"] == "disbursement"]
    receipts = {
        (p, int(m)): (_plain_time(f), int(c))
        for p, m, f, c in zip(paid.province_code, paid.month, paid["first"], paid.communes,
                              strict=True)
    }  # fmt: skip
    rows = [
        _cell(provinces, receipts, code, year, month, today, deadline_day)
        for code in provinces.names
        for month in range(1, months_shown(year, today) + 1)
    ]
    return pd.DataFrame(rows, columns=GRID_COLUMNS)


def _plain_time(value: object) -> datetime | None:
    if value is None or pd.isna(value):
        return None
    return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value


def _summary(provinces: Provinces, found: pd.DataFrame, year: int, grid: pd.DataFrame
             ) -> pd.DataFrame:  # fmt: skip
    """Per listed province: months not reported and late, the first month not reported, the
    last receipt of any report of the year and the plan's receipt; most overdue first."""
    found = found.assign(new=[_new_code(provinces, year, p, m) for p, m in
                              zip(found.province_code, found.month, strict=True)])  # fmt: skip
    last = found.groupby("new")["last"].max()
    plans = found[found["kind"] == "capital_plan"].groupby("new")["first"].max()
    flags = grid.assign(missing=grid["status"].eq(MISSING), late=grid["status"].eq(LATE))
    flags["first_missing"] = flags["month"].where(flags["missing"])
    counted = flags.groupby("province_code").agg(
        missing=("missing", "sum"), late=("late", "sum"), first_missing=("first_missing", "min")
    )
    rows = []
    for code, name in provinces.names.items():
        mine = counted.loc[code] if code in counted.index else None
        first = mine["first_missing"] if mine is not None else None
        rows.append({
            "province_code": code, "name": name,
            "missing": int(mine["missing"]) if mine is not None else 0,
            "late": int(mine["late"]) if mine is not None else 0,
            "first_missing": None if first is None or pd.isna(first) else int(first),
            "last_received": _plain_time(last.get(code)),
            "plan_received": _plain_time(plans.get(code)),
        })  # fmt: skip
    return sort_overdue(pd.DataFrame(rows, columns=SUMMARY_COLUMNS))


def _new_code(provinces: Provinces, year: int, code: str, month: object) -> str:
    has_month = month is not None and not pd.isna(month)
    vintage = vintage_of_month(year, int(month)) if has_month else vintage_of_year(year)
    return provinces.to_new[vintage].get(code, code)


def sort_overdue(summary: pd.DataFrame) -> pd.DataFrame:
    """Most overdue first: most months not reported, then the longest overdue (the earliest month
    not reported), then most months late, then by name."""
    keyed = summary.assign(_first=summary["first_missing"].fillna(13).astype(int))
    keyed = keyed.sort_values(
        ["missing", "_first", "late", "name"], ascending=[False, True, False, True]
    )
    return keyed.drop(columns="_first").reset_index(drop=True)


def latest_month(year: int, today: date, deadline_day: int) -> int | None:
    """The latest month of ``year`` whose report deadline has passed by ``today`` (None: none)."""
    for month in range(months_shown(year, today), 0, -1):
        if today > deadline(year, month, deadline_day):
            return month
    return None
