"""When the demo's provinces sent their reports: most within the deadline (the 10th of the next
month), some habitually late, and a few that have not yet sent the latest month.

The demo writes what each report covered (``import_coverage``) as an import would, with dates
drawn per province and month: a province has its own punctuality, so the same provinces tend to
be late. A year's plan arrives in its first weeks. No report is dated after the time the demo is
loaded: a latest month's report that would fall later is taken as received at that time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from dashboard.importing.coverage import COLUMNS

WITHHELD = 3  # provinces that have not reported the latest month
LATE_SHARE = (0.02, 0.35)  # the range of provinces' chances of sending a month late


def withheld_provinces(paid: pd.DataFrame, as_of: tuple[int, int], seed: int) -> list[str]:
    """The provinces whose report of the as-of month has not arrived (their rows are left out)."""
    year, month = as_of
    latest = paid[(paid["year"] == year) & (paid["month"] == month)]
    provinces = sorted(set(latest["province_code"]))
    if len(provinces) <= WITHHELD:
        return []
    rng = np.random.default_rng(seed + 11)
    return sorted(rng.choice(provinces, WITHHELD, replace=False).tolist())


def without_withheld(
    paid: pd.DataFrame, as_of: tuple[int, int], withheld: list[str]
) -> pd.DataFrame:
    """The disbursement rows without those of reports that have not arrived."""
    year, month = as_of
    gone = (paid["year"] == year) & (paid["month"] == month) & paid["province_code"].isin(withheld)
    return paid[~gone]


def coverage_of_rows(kind: str, rows: pd.DataFrame) -> pd.DataFrame:
    """Per province and period: distinct communes with rows (every demo row is on a commune)
    and the amount."""
    by = ["province_code", "year", "month"] if "month" in rows else ["province_code", "year"]
    out = rows.groupby(by, as_index=False).agg(
        communes=("unit_code", "nunique"), amount_vnd=("amount_vnd", "sum")
    )
    if "month" not in out:
        out["month"] = None
    return out.assign(kind=kind)[COLUMNS]


def received_dates(coverage: pd.DataFrame, seed: int, loaded_at: datetime) -> pd.Series:
    """A receipt time for each coverage row: a month's report within the first days of the next
    month, or later for a province's late months; a plan in January or February of its year."""
    rng = np.random.default_rng(seed + 13)
    provinces = sorted(set(coverage["province_code"]))
    lateness = dict(zip(provinces, rng.uniform(*LATE_SHARE, len(provinces)), strict=True))
    chance = coverage["province_code"].map(lateness).to_numpy(dtype=float)
    late = rng.random(len(coverage)) < chance
    on_time = rng.integers(2, 10, len(coverage))  # day 2..9 of the next month
    late_day = rng.integers(11, 29, len(coverage))  # day 11..28
    day = np.where(late, late_day, on_time)
    hour = rng.integers(7, 18, len(coverage))
    dates = []
    for (year, month), d, h in zip(
        coverage[["year", "month"]].itertuples(index=False), day, hour, strict=True
    ):
        if month is None or pd.isna(month):
            start = datetime(int(year), 1, 1) + timedelta(days=int(d) * 3)  # a plan: Jan-Feb
        else:
            start = _next_month(int(year), int(month)) + timedelta(days=int(d) - 1)
        dates.append(min(start + timedelta(hours=int(h)), loaded_at))
    return pd.Series(dates, index=coverage.index)


def _next_month(year: int, month: int) -> datetime:
    return datetime(year + month // 12, month % 12 + 1, 1)
