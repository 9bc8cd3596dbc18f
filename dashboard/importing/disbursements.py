"""Disbursements: the amount paid out per month, unit, line, source and kind of capital.

A file may report each month's amount ("Giải ngân trong kỳ") or the year-to-date total ("Lũy kế
giải ngân"). Year-to-date totals become monthly amounts by differencing within the year and key,
together with the months the database already holds: an earlier month gives the starting total,
and a later month already stored is recomputed against the new total before it.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.importing import subtotals
from dashboard.importing.context import Context, Outcome, Progress, Writer
from dashboard.importing.facts import (
    KEY,
    accepted,
    amount_columns,
    check_years,
    dimensions,
    melt,
    reject_duplicates,
)
from dashboard.importing.headers import missing
from dashboard.importing.report import Problems
from dashboard.importing.table import text_column
from dashboard.importing.undo import remove_recorded
from dashboard.importing.values import (
    parse_month,
    parse_period,
    parse_year,
    per_value,
    per_values,
)
from dashboard.importing.writing import in_turn, set_data_as_of, upserter
from dashboard.models import CapitalPlan, Disbursement, DisbursementSpan
from dashboard.units import vintage_of_month

MONTH_KEY = [*KEY, "month"]
KEY_TEXT = "period, unit, line, source, kind and carry-over"
COLUMNS = ["_row", *MONTH_KEY, "province_code", "amount_vnd"]
SPAN = ["_row", *MONTH_KEY, "province_code", "from_month"]


def prepare(ctx: Context, plans: pd.DataFrame | None = None) -> Outcome:
    """``plans``: the plans the same file brings, checked against as if stored."""
    if "period" not in ctx.rows:
        raise missing(ctx.name, "period")
    columns = amount_columns(ctx)
    recs, subs = subtotals.split(ctx, melt(ctx, columns))
    set_periods(ctx, recs)
    dimensions(ctx, recs)
    recs, coded = subtotals.by_code(ctx, recs)
    reject_duplicates(ctx, recs, MONTH_KEY, KEY_TEXT)
    ctx.money.append(recs.assign(table=Disbursement.__tablename__))
    good = typed(accepted(ctx, recs).assign(amount_vnd=lambda f: f.amount.astype("int64")))
    history = stored(ctx.engine, Disbursement, good)
    restated = history.iloc[:0].assign(_row=0, from_month=0)
    cumulative = columns[0].measure.measure == "cumulative"
    if cumulative:
        good, restated = differences(ctx, good, history)
    else:
        good = _inside_spans(ctx, good)
    over_plan(ctx, good, history, restated, plans)
    subtotals.check(ctx, pd.concat([subs, coded]), recs)
    frame = pd.concat([good[COLUMNS], restated[COLUMNS]], ignore_index=True)
    if len(restated):
        ctx.problems.note(None, _restated(len(restated)))
    writer = upserter(Disbursement.__table__, frame, MONTH_KEY, ctx.problems)
    if cumulative:  # the months each amount covers, for the curves
        spans = pd.concat([good[SPAN], restated[SPAN]], ignore_index=True)
        writer = in_turn(
            writer, upserter(DisbursementSpan.__table__, spans, MONTH_KEY, ctx.problems)
        )
    else:  # a month's own amount: no longer "reported together" with the months before it
        writer = in_turn(writer, _unmarker(frame, ctx.problems))
    return Outcome(len(ctx.rows), writer, set_data_as_of)


def _inside_spans(ctx: Context, good: pd.DataFrame) -> pd.DataFrame:
    """Reject monthly amounts for a month whose money a stored year-to-date total already holds
    (January-September reported together, then a May): stored, it would count twice."""
    table = DisbursementSpan.__table__
    query = select(*(table.c[c] for c in [*MONTH_KEY, "from_month", "batch_id"])).where(
        table.c.year.in_(sorted(set(good.year.tolist()))),
        table.c.province_code.in_(sorted(set(good.province_code.tolist()))),
        table.c.from_month < table.c.month,
    )
    with ctx.engine.connect() as conn:
        spans = typed(pd.read_sql(query, conn))
    if spans.empty:
        return good
    spans = spans.rename(columns={"month": "last", "batch_id": "span_batch"})
    hits = good[[*MONTH_KEY, "_row", "amount_col"]].merge(spans, on=KEY)
    hits = hits[hits.month.ge(hits.from_month) & hits.month.lt(hits["last"])]
    if hits.empty:
        return good
    first, last = _when(hits.year, hits.from_month), _when(hits.year, hits["last"])
    batch = hits.span_batch.astype("Int64").astype(str)
    reason = (
        "the money of " + _when(hits.year, hits.month) + " is already in the year-to-date total "
        "reported for " + first + " to " + last + " (batch " + batch + "); report these months "
        "year-to-date (Lũy kế), or undo that batch first"
    )
    ctx.problems.add(hits._row, hits.amount_col, reason)
    return accepted(ctx, good)


def _unmarker(frame: pd.DataFrame, problems: Problems) -> Writer:
    """A writer removing the months-covered marks on the month keys written (kept for undo)."""

    def write(session: Session, batch_id: int, _progress: Progress | None) -> int:
        rows = frame[~frame._row.isin(problems.rejected())]
        remove_recorded(session.connection(), DisbursementSpan.__table__, rows, MONTH_KEY, batch_id)
        return 0

    return write


def _restated(count: int) -> str:
    months = "1 later month was" if count == 1 else f"{count} later months were"
    return f"{months} recomputed from the year-to-date totals already in the database"


def set_periods(ctx: Context, recs: pd.DataFrame) -> None:
    """Year, month, vintage and "YYYY-MM" of each record; a bare month takes the year column."""
    cells = text_column(recs, "period")
    periods = per_value(cells, parse_period)
    if "year" in ctx.rows:
        month = per_value(cells, parse_month)
        year = per_value(text_column(recs, "year"), parse_year)
        both = periods.isna() & month.notna() & year.notna()
        periods[both] = list(zip(year[both].astype(int), month[both].astype(int), strict=True))
    years = per_value(periods, lambda p: p[0] if p else None)
    months = per_value(periods, lambda p: p[1] if p else None)
    recs["year"], recs["month"] = years.fillna(0).astype(int), months.fillna(0).astype(int)
    recs["when"] = _when(recs.year, recs.month)
    check_years(ctx, recs, years, "period ", recs.when, "period")
    recs["vintage"] = per_values(vintage_of_month, recs.year, recs.month).astype(int)


def stored(engine: Engine, model: type, good: pd.DataFrame) -> pd.DataFrame:
    """The database's rows of ``model`` for the keys of ``good`` (one query)."""
    names = [*KEY, "month"] if model is Disbursement else KEY
    columns = [getattr(model, c) for c in [*names, "province_code", "amount_vnd"]]
    query = select(*columns).where(
        model.year.in_(sorted(set(good.year.tolist()))),
        model.province_code.in_(sorted(set(good.province_code.tolist()))),
    )
    with engine.connect() as conn:
        rows = typed(pd.read_sql(query, conn))
    return rows.merge(good[KEY].drop_duplicates(), on=KEY)


def differences(
    ctx: Context, good: pd.DataFrame, history: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Monthly amounts of year-to-date rows, and the stored later months they change."""
    history = history.sort_values("month")
    history["cum"] = history.groupby(KEY).amount_vnd.cumsum()
    history = _not_in(history, good)
    while True:
        series = _series(good.assign(cum=good.amount_vnd), history)
        if not _reject_decreases(ctx, series):
            break
        good = accepted(ctx, good)
    fresh = series[series.src.eq("file")]
    fresh = fresh[[*MONTH_KEY, "new", "from_month"]]
    good = good.drop(columns="amount_vnd").merge(fresh, on=MONTH_KEY)
    later = series[series.src.eq("db") & series.new.ne(series.amount_vnd)]
    return good.rename(columns={"new": "amount_vnd"}), later.assign(amount_vnd=later.new)


def _not_in(rows: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``rows`` whose month key is not in ``other``."""
    marked = rows.merge(other[MONTH_KEY], on=MONTH_KEY, how="left", indicator=True)
    return marked[marked._merge.eq("left_only")].drop(columns="_merge")


def _series(file: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """File and stored months in one year-to-date series per key, with each month's amount."""
    series = pd.concat(
        [file.assign(src="file"), history.assign(src="db", _row=-1, amount_col=None)],
        ignore_index=True,
    ).sort_values(MONTH_KEY, kind="stable")
    previous = series.groupby(KEY, sort=False)[["cum", "month", "_row", "src", "amount_col"]]
    previous = previous.shift(1)
    series["prev"] = previous.cum.fillna(0).astype("int64")
    series["prev_when"] = _when(series.year, previous.month.fillna(0))
    series["prev_row"], series["prev_src"] = previous._row, previous.src
    series["prev_col"] = previous.amount_col
    series["new"] = series.cum - series.prev
    series["from_month"] = previous.month.fillna(0).astype(int) + 1  # what the amount covers
    return series


def _reject_decreases(ctx: Context, series: pd.DataFrame) -> bool:
    """Reject rows whose year-to-date total falls; True when any was rejected."""
    falls = series.new.lt(0)
    own = falls & series.src.eq("file")
    low = series[own]
    reason = "cumulative " + _money(low.cum) + " is below the " + _money(low.prev)
    ctx.problems.add(low._row, low.amount_col, reason + " of " + low.prev_when)
    later = falls & series.src.eq("db") & series.prev_src.eq("file")
    culprits = series[later].assign(_row=series.prev_row[later].astype(int))
    reason = "cumulative " + _money(culprits.prev) + " is above the " + _money(culprits.cum)
    reason = reason + " already recorded for " + _when(culprits.year, culprits.month)
    ctx.problems.add(culprits._row, culprits.prev_col, reason)
    return bool(own.any() or later.any())


def over_plan(
    ctx: Context,
    good: pd.DataFrame,
    history: pd.DataFrame,
    restated: pd.DataFrame,
    file_plans: pd.DataFrame | None = None,
) -> None:
    """Warn where the year-to-date disbursement passes the plan for the year (the file's own
    plan where it brings one, else the one stored)."""
    plans = stored(ctx.engine, CapitalPlan, good)
    if file_plans is not None and len(file_plans):
        both = pd.concat([plans, typed(file_plans[plans.columns])], ignore_index=True)
        plans = both.drop_duplicates(KEY, keep="last")
    if plans.empty:
        return
    kept = _not_in(_not_in(history, good), restated)
    months = pd.concat([good, restated, kept], ignore_index=True).sort_values(MONTH_KEY)
    months["ytd"] = months.groupby(KEY).amount_vnd.cumsum()
    mine = months[months._row.notna() & months._row.ge(0)]
    mine = mine.merge(plans[[*KEY, "amount_vnd"]].rename(columns={"amount_vnd": "plan"}), on=KEY)
    over = mine[mine.ytd > mine.plan]
    reason = "disbursed " + _money(over.ytd) + " đồng by " + over.when + ", above the plan of "
    reason = reason + _money(over.plan) + " đồng for " + over.year.astype(str)
    ctx.problems.add(over._row, over.amount_col, reason, severity="warning")


def _when(years: pd.Series, months: pd.Series) -> pd.Series:
    """ "YYYY-MM" per row, one text per distinct month (rows of a month share it)."""
    return per_values(lambda y, m: f"{y}-{int(m or 0):02d}", years, months)


def _money(values: pd.Series) -> pd.Series:
    return pd.Series([f"{int(v):,}" for v in values], index=values.index, dtype=object)


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Key columns with one dtype on both sides of a merge."""
    types = {"year": "int64", "vintage": "int64", "subproject_id": "int64", "carry_over": bool}
    types |= dict.fromkeys(["unit_code", "province_code", "source", "kind"], object)
    if "month" in frame:
        types["month"] = "int64"
    if "amount_vnd" in frame:
        types["amount_vnd"] = "int64"
    return frame.astype({k: v for k, v in types.items() if k in frame})
