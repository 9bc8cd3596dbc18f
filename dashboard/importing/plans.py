"""Capital plans: the amount allocated per year, unit, line, source and kind of capital."""

from __future__ import annotations

import pandas as pd

from dashboard.importing import subtotals
from dashboard.importing.context import Context, Outcome
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
from dashboard.importing.table import text_column
from dashboard.importing.values import parse_period, parse_year, per_value
from dashboard.importing.writing import upserter
from dashboard.models import CapitalPlan
from dashboard.units import vintage_of_month, vintage_of_year

KEY_TEXT = "year, unit, line, source, kind and carry-over"


def prepare(ctx: Context) -> Outcome:
    if "year" not in ctx.rows:
        raise missing(ctx.name, "year")
    recs, subs = subtotals.split(ctx, melt(ctx, amount_columns(ctx)))
    set_years(ctx, recs)
    dimensions(ctx, recs)
    recs, coded = subtotals.by_code(ctx, recs)
    reject_duplicates(ctx, recs, KEY, KEY_TEXT)
    subtotals.check(ctx, pd.concat([subs, coded]), recs)
    ctx.money.append(recs.assign(table=CapitalPlan.__tablename__))
    good = accepted(ctx, recs)
    frame = good[["_row", *KEY, "province_code"]].assign(amount_vnd=good.amount.astype("int64"))
    writer = upserter(CapitalPlan.__table__, frame, KEY, ctx.problems)
    return Outcome(len(ctx.rows), writer, frame=frame)


def set_years(ctx: Context, recs: pd.DataFrame) -> None:
    cells = text_column(recs, "year")
    years = per_value(cells, parse_year)
    check_years(ctx, recs, years, "year ", cells, "year")
    recs["year"] = years.fillna(0).astype(int)
    recs["vintage"] = per_value(recs.year, vintage_of_year).astype(int)
    if "period" in recs:  # a progress report: the plan is on the units its period reports on
        periods = per_value(text_column(recs, "period"), parse_period)
        stated = periods.notna() & periods.map(lambda p: bool(p) and p[0]).eq(recs.year)
        vintages = per_value(periods[stated], lambda p: vintage_of_month(*p))
        recs.loc[stated, "vintage"] = vintages.astype(int)
    recs["when"] = recs.year.astype(str)
