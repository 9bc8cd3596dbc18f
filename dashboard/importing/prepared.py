"""A file read and checked, not yet written: what the review before commit shows and what the
import then writes, from the one preparation.

``Prepared`` holds the checked tables of one file; its methods say what the import amounts to
(rows read, accepted and rejected, the issues, the period, the money accepted and the file's own
total) without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

import pandas as pd

from dashboard.importing.context import Context, Options, Outcome
from dashboard.importing.gather import sheet_rows
from dashboard.importing.report import ImportReport
from dashboard.importing.writing import Planned, planned
from dashboard.models import CapitalPlan, Disbursement, IndicatorValue

# the kinds of facts a file of each kind brings (a progress report brings two)
KIND_PARTS = {"plan_and_disbursement": ("capital_plan", "disbursement")}
MONEY_TABLES = (CapitalPlan.__tablename__, Disbursement.__tablename__)
FACT_TABLES = (*MONEY_TABLES, IndicatorValue.__tablename__)


@dataclass
class Prepared:
    """One file read and checked. ``duplicate`` is set (and ``tables`` empty) when the same
    bytes were imported before as the same kind: nothing would change.

    Built whole by ``prepare_file`` and not changed afterwards: the row sets and the money
    frame are computed once (a million-row file asks for them a dozen times)."""

    name: str
    kind: str
    sha256: str
    started: datetime
    options: Options
    tables: list[tuple[Context, Outcome]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    duplicate: ImportReport | None = None

    @property
    def kinds(self) -> tuple[str, ...]:
        return KIND_PARTS.get(self.kind, (self.kind,))

    def data_rows(self) -> set[int]:
        """The rows read as data (totals and subtotals are not)."""
        return self._data_rows

    @cached_property
    def _data_rows(self) -> set[int]:
        return set().union(*(set(c.rows._row) - c.totals for c, _ in self.tables))

    def rejected(self) -> set[int]:
        return self._rejected

    @cached_property
    def _rejected(self) -> set[int]:
        if not self.tables:
            return set()
        return self.tables[0][0].problems.rejected() & self.data_rows()

    def issues(self) -> pd.DataFrame:
        """The issues as the history keeps them: the sheet named in front of the column of a
        several-sheet file, its own row numbers, the notes of how the file was read first."""
        if not self.tables:
            return pd.DataFrame(columns=["row", "column", "severity", "reason"])
        issues = sheet_rows(self.tables[0][0].problems.frame(), self.sheets)
        if not self.notes:
            return issues
        noted = pd.DataFrame([[None, None, "note", n] for n in self.notes], columns=issues.columns)
        return pd.concat([noted, issues], ignore_index=True)

    def warned(self) -> set[int]:
        if not self.tables:
            return set()
        frame = self.tables[0][0].problems.frame()
        warned = set(frame.loc[frame.severity.eq("warning"), "row"].dropna().astype(int))
        return (warned & self.data_rows()) - self.rejected()

    def counts(self) -> tuple[int, int, int, int]:
        """Rows read, accepted, rejected and accepted with warnings."""
        return self._counts

    @cached_property
    def _counts(self) -> tuple[int, int, int, int]:
        read, rejected = len(self.data_rows()), len(self.rejected())
        return read, read - rejected, rejected, len(self.warned())

    def status(self) -> str:
        if self.duplicate is not None:
            return "duplicate"
        read, _, rejected, _ = self.counts()
        return "ok" if not rejected else "rejected" if rejected == read else "partial"

    def planned(self) -> list[Planned]:
        """What the import would write, table by table (fact tables only)."""
        if self.status() in ("rejected", "duplicate"):
            return []
        return [p for _, outcome in self.tables for p in planned(outcome.write)]

    def money(self) -> pd.DataFrame:
        """The accepted money records as the file states them: ``table`` (capital_plan or
        disbursement), ``_row``, ``year``, ``month`` (disbursements), ``vintage``,
        ``province_code``, ``subproject_id``, ``amount_vnd``. A copy: callers may change it."""
        return self._money.copy()

    @cached_property
    def _money(self) -> pd.DataFrame:
        columns = ["table", "_row", "year", "month", "vintage", "province_code",
                   "subproject_id", "amount_vnd"]  # fmt: skip
        parts = [m for ctx, _ in self.tables for m in ctx.money]
        if not parts or self.status() in ("rejected", "duplicate"):
            return pd.DataFrame(columns=columns)
        frame = pd.concat(parts, ignore_index=True)
        frame = frame[~frame._row.isin(self.rejected())]
        if "month" not in frame:
            frame["month"] = None
        frame["amount_vnd"] = [int(a) for a in frame.amount]
        return frame[columns]

    def primary_table(self) -> str | None:
        """The money the batch's accepted total and file total speak of: the disbursement of a
        progress report, else the file's one kind of money."""
        if "disbursement" in self.kinds:
            return Disbursement.__tablename__
        if "capital_plan" in self.kinds:
            return CapitalPlan.__tablename__
        return None

    def accepted_vnd(self) -> int | None:
        table = self.primary_table()
        if table is None or self.status() == "duplicate":
            return None
        money = self._money
        return int(sum(money.amount_vnd[money.table.eq(table)]))

    def file_totals(self) -> list[tuple[str, str, int, int]]:
        """The file's own total rows: (kind, amount column, stated, accepted rows' sum)."""
        seen: dict[tuple[str, str, int, int], None] = {}
        for ctx, _ in self.tables:
            seen.update(dict.fromkeys(ctx.file_totals))
        return list(seen)

    def file_total_vnd(self) -> int | None:
        """The file's own total of its primary money (None when it states none)."""
        table = self.primary_table()
        stated = [s for kind, _, s, _ in self.file_totals() if kind == table]
        return sum(stated) if stated else None

    def periods(self) -> list[tuple[int, int | None]]:
        """The (year, month) of the accepted rows, sorted; month None for a year's plan or an
        indicator's year."""
        found: set[tuple[int, int | None]] = set()
        money = self._money[["year", "month"]].drop_duplicates()
        for year, month in zip(money.year, money.month, strict=True):
            found.add((int(year), None if month is None or pd.isna(month) else int(month)))
        for plan in self.planned():
            if plan.table.name == IndicatorValue.__tablename__ and len(plan.rows):
                found |= {(int(y), None) for y in plan.rows.year.unique()}
        return sorted(found, key=lambda p: (p[0], p[1] or 0))

    def period(self) -> tuple[int, int | None] | None:
        """The period the file reports: its latest year, and the latest month of that year
        when it has months."""
        periods = self.periods()
        if not periods:
            return None
        year = periods[-1][0]
        months = [m for y, m in periods if y == year and m is not None]
        return year, max(months) if months else None
