"""Indicator values: one figure per indicator, unit (or the whole country) and year."""

from __future__ import annotations

import pandas as pd

from dashboard.importing.context import Context, Outcome
from dashboard.importing.facts import accepted, check_years, reject_duplicates
from dashboard.importing.grants import reject_outside
from dashboard.importing.headers import missing
from dashboard.importing.table import text_column
from dashboard.importing.values import lookup, parse_numbers, parse_year, per_value, to_float
from dashboard.importing.writing import upserter
from dashboard.models import IndicatorValue
from dashboard.text import name_key
from dashboard.units import vintage_of_year

KEY = ["indicator_code", "vintage", "unit_code", "year"]


def prepare(ctx: Context) -> Outcome:
    for name in ("indicator", "year", "value"):
        if name not in ctx.header.fields():
            raise missing(ctx.name, name)
    recs = ctx.rows.copy()
    cells = text_column(recs, "year")
    years = per_value(cells, parse_year)
    check_years(ctx, recs, years, "year ", cells, "year")
    recs["year"] = years.fillna(0).astype(int)
    recs["vintage"] = per_value(recs.year, vintage_of_year).astype(int)
    found = ctx.lookups.places.resolve(recs, recs.vintage, recs.year.astype(str), country=True)
    recs["unit_code"], recs["province_code"] = found.unit_code, found.province_code
    ctx.reject(recs, found.err.ne(""), per_value(found.err_field, ctx.shown), found.err)
    reject_outside(ctx, recs)
    _indicators(ctx, recs)
    _values(ctx, recs)
    reject_duplicates(ctx, recs, KEY, "indicator, unit and year")
    frame = accepted(ctx, recs)[[*KEY, "value"]]
    return Outcome(len(ctx.rows), upserter(IndicatorValue.__table__, frame, KEY))


def _indicators(ctx: Context, recs: pd.DataFrame) -> None:
    cells = text_column(recs, "indicator")
    recs["indicator_code"] = lookup(per_value(cells, name_key), ctx.lookups.indicators)
    unknown = recs.indicator_code.isna()
    shown = ctx.shown("indicator")
    ctx.reject(recs, unknown & cells.ne(""), shown, "unknown indicator '" + cells + "'")
    ctx.reject(recs, unknown & cells.eq(""), shown, "indicator is missing")


def _values(ctx: Context, recs: pd.DataFrame) -> None:
    raw = recs["value"]
    values, blank, bad = parse_numbers(raw)
    shown = ctx.shown("value")
    ctx.reject(recs, blank, shown, "value is missing")
    ctx.reject(recs, bad, shown, "not a number: '" + raw.astype(str) + "'")
    recs["value"] = to_float(values)
    huge = recs.value.isna() & ~blank & ~bad  # beyond any float: never stored as inf or NaN
    ctx.reject(recs, huge, shown, "number too large: '" + raw.astype(str).str[:40] + "'")
