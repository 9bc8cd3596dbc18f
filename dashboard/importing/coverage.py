"""What each import batch reported for each province: written with its rows, read by the
reporting view (``dashboard.reporting``) to tell who reported which month and when.

One ``import_coverage`` row per batch, kind of facts (``capital_plan``, ``disbursement``,
``indicator_value``), province and period (``month`` None for a year's plan or indicator
values): the distinct communes with rows, the money accepted (None for indicator values) and the
time the batch was received. The province is that of the rows' own boundary set, as on the fact
rows: a legacy code for periods before July 2025, a post-reform code after; readers carry legacy
codes to post-reform provinces with the province map. Rows on the whole country are not a
province's report and are left out.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, delete, insert, select

from dashboard.models import AdminUnit, ImportCoverage

COVERED = ("capital_plan", "disbursement", "indicator_value")
COLUMNS = ["kind", "province_code", "year", "month", "communes", "amount_vnd"]


def coverage_of(kind: str, rows: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Per province and period of ``rows`` (fact rows with year, vintage, unit_code and, for
    money, amount_vnd and month): communes with rows and the amount. ``units``: vintage, code,
    level, province_code of the units the rows may be on."""
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    keyed = rows.merge(units, on=["vintage", "unit_code"], how="inner", suffixes=("_row", ""))
    keyed = keyed[keyed["province_code"].notna()]
    keyed = keyed.assign(
        commune=keyed["unit_code"].where(keyed["level"] == "commune"),
        month=keyed["month"] if "month" in keyed else None,
        amount=keyed["amount_vnd"] if "amount_vnd" in keyed else 0,
    )
    by = ["province_code", "year", "month"]
    grouped = keyed.groupby(by, dropna=False).agg(
        communes=("commune", "nunique"), amount_vnd=("amount", "sum")
    )
    out = grouped.reset_index().assign(kind=kind)
    out["amount_vnd"] = out["amount_vnd"].astype("int64").astype(object)
    if "amount_vnd" not in rows:
        out["amount_vnd"] = None
    out["month"] = out["month"].astype(object).where(out["month"].notna(), None)
    return out[COLUMNS]


def units_of(conn: Connection, vintages: list[int]) -> pd.DataFrame:
    """vintage, unit_code, level, province_code of the units of ``vintages`` (not the country)."""
    result = conn.execute(
        select(AdminUnit.vintage, AdminUnit.code, AdminUnit.level, AdminUnit.province_code).where(
            AdminUnit.vintage.in_(vintages), AdminUnit.level != "country"
        )
    )
    return pd.DataFrame.from_records(
        list(map(tuple, result.all())), columns=["vintage", "unit_code", "level", "province_code"]
    )


def record_coverage(
    conn: Connection, kind: str, rows: pd.DataFrame, batch_id: int, received_at: datetime
) -> int:
    """Write the coverage of the fact rows a batch wrote (in the batch's transaction)."""
    if kind not in COVERED or rows.empty:
        return 0
    vintages = sorted(int(v) for v in rows["vintage"].unique())
    columns = [c for c in ("year", "month", "vintage", "unit_code", "amount_vnd") if c in rows]
    found = coverage_of(kind, rows[columns], units_of(conn, vintages))
    return write_coverage(conn, found, batch_id, received_at)


def write_coverage(
    conn: Connection, coverage: pd.DataFrame, batch_id: int, received_at: datetime | pd.Series
) -> int:
    """Insert coverage rows (``COLUMNS``) of one batch, received at one time or at each row's."""
    if coverage.empty:
        return 0
    frame = coverage.assign(batch_id=batch_id, received_at=received_at)
    records = [
        {key: _plain(value) for key, value in record.items()} for record in frame.to_dict("records")
    ]
    conn.execute(insert(ImportCoverage.__table__), records)
    return len(records)


def _plain(value: object) -> object:
    """numpy scalars and pandas timestamps as the plain values database drivers take."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def remove_coverage(conn: Connection, batch_id: int) -> int:
    """Forget what a batch reported (it is being undone)."""
    table = ImportCoverage.__table__
    return conn.execute(delete(table).where(table.c.batch_id == batch_id)).rowcount
