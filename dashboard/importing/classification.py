"""Commune classification: region I/II/III and whether the commune is in the ethnic minority
area, on the legacy (2024) units unless the file says otherwise."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from dashboard.importing.context import Context, Outcome, Progress, Writer
from dashboard.importing.facts import accepted, reject_duplicates
from dashboard.importing.headers import missing
from dashboard.importing.reference import record_classes
from dashboard.importing.table import text_column
from dashboard.importing.values import parse_flag, parse_region, per_value
from dashboard.importing.vocab import VINTAGE_KEYS
from dashboard.models import LEGACY, AdminUnit
from dashboard.text import name_key

CHUNK = 5_000


def prepare(ctx: Context) -> Outcome:
    if "region" not in ctx.header.fields() and "em_area" not in ctx.header.fields():
        raise missing(ctx.name, "region")
    recs = ctx.rows.copy()
    _vintages(ctx, recs)
    when = "the " + recs.vintage.astype(str) + " map"
    found = ctx.lookups.places.resolve(recs, recs.vintage, when)
    recs["code"] = found.unit_code
    ctx.reject(recs, found.err.ne(""), per_value(found.err_field, ctx.shown), found.err)
    not_commune = found.err.eq("") & found.level.ne("commune")
    reason = "classification is per commune, this row names a " + found.level
    ctx.reject(recs, not_commune, per_value(found.err_field, ctx.shown), reason)
    _classes(ctx, recs)
    reject_duplicates(ctx, recs, ["vintage", "code"], "commune")
    good = accepted(ctx, recs)[["vintage", "code", "region", "em_area"]]
    return Outcome(len(ctx.rows), _writer(good))


def _vintages(ctx: Context, recs: pd.DataFrame) -> None:
    cells = text_column(recs, "vintage")
    vintages = per_value(cells, lambda t: VINTAGE_KEYS.get(name_key(t)) if t else LEGACY)
    shown = ctx.shown("vintage")
    ctx.reject(recs, vintages.isna(), shown, "unknown unit vintage '" + cells + "' (2024 or 2025)")
    recs["vintage"] = vintages.fillna(LEGACY).astype(int)


def _classes(ctx: Context, recs: pd.DataFrame) -> None:
    regions, flags = text_column(recs, "region"), text_column(recs, "em_area")
    recs["region"] = per_value(regions, parse_region)
    default = pd.Series(None, index=recs.index, dtype=object).where(regions.eq(""), True)
    parsed = per_value(flags, lambda t: parse_flag(t, None))
    recs["em_area"] = parsed.where(flags.ne(""), default)
    unknown_region = recs.region.isna() & regions.ne("")
    reason = "unknown region '" + regions + "' (use I, II or III)"
    ctx.reject(recs, unknown_region, ctx.shown("region"), reason)
    unknown_flag = parsed.isna() & flags.ne("")
    reason = "unknown ethnic-minority-area flag '" + flags + "' (use có or không)"
    ctx.reject(recs, unknown_flag, ctx.shown("em_area"), reason)
    neither = regions.eq("") & flags.eq("")
    ctx.reject(
        recs, neither, ctx.shown("region"), "region and ethnic-minority-area flag are missing"
    )


def _writer(good: pd.DataFrame) -> Writer:
    stmt = (
        update(AdminUnit.__table__)
        .where(AdminUnit.vintage == bindparam("b_vintage"), AdminUnit.code == bindparam("b_code"))
        .values(
            region=bindparam("b_region"), em_area=bindparam("b_em"), classification_source="import"
        )
    )
    rows = [
        {
            "b_vintage": int(r.vintage),
            "b_code": r.code,
            "b_region": r.region,
            "b_em": bool(r.em_area),
        }
        for r in good.itertuples()
    ]

    def write(session: Session, batch_id: int, progress: Progress | None) -> int:
        conn = session.connection()
        record_classes(conn, good, batch_id)  # for undo
        for start in range(0, len(rows), CHUNK):
            conn.execute(stmt, rows[start : start + CHUNK])
            if progress:
                progress(min(start + CHUNK, len(rows)), len(rows))
        return len(rows)

    return write
