"""Totals and subtotals of hierarchical reports: recognised, checked, never stored.

A report may total its rows: the file's total ("Tổng cộng"), a subtotal under its rows ("Cộng
huyện Đồng Văn"), a unit heading its rows ("Huyện Đồng Văn" where communes are named, with the
district's figures), or a row whose code is a district's or province's when the file lists
communes of it too. Such rows are taken out of the data (their money would count twice) and
each amount is compared with the sum of the rows it totals; a difference is a warning that names
both sums. The file's total is compared with the accepted rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.importing.context import Context
from dashboard.importing.facts import accepted, money
from dashboard.importing.gather import ROW_SPAN
from dashboard.models import LEGACY

HEADINGS = ("district", "province")


def split(ctx: Context, recs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(data records, total records) by the marks the table put on rows."""
    if "_sub" not in recs:
        return recs, recs.iloc[:0]
    subs = recs[recs._sub.ne("")]
    ctx.totals.update(int(r) for r in subs._row)
    return recs[recs._sub.eq("")], subs


def by_code(ctx: Context, recs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Take out the records of district and province rows when the file lists communes of
    theirs with the same period, line, source, kind and carry-over (``recs`` has ``level`` and
    ``unit_code``, set by the unit lookup)."""
    upper = recs.level.isin(HEADINGS)
    if not upper.any():  # communes only: nothing to take out (the usual, large file)
        return recs, recs.iloc[:0].assign(_sub="code", _label="")
    key = [c for c in SAME if c in recs]
    communes = recs[recs.level.eq("commune")]
    parents = _parents(ctx, communes)
    inside = set()
    for level in ("district", "province"):
        inside |= set(_keys(communes.assign(unit_code=parents[level]), key))
    upper &= _keys(recs, key).isin(inside)
    label = recs.level + " " + recs.unit_code
    subs = recs.assign(_sub="code", _label=label)[upper]
    ctx.totals.update(int(r) for r in subs._row)
    return recs[~upper], subs


SAME = ["year", "month", "subproject_id", "source", "kind", "carry_over"]


def _keys(recs: pd.DataFrame, key: list[str]) -> pd.Series:
    parts = [recs[c].tolist() for c in ["unit_code", *key]]
    keys = ["|".join(map(str, p)) for p in zip(*parts, strict=True)]
    return pd.Series(keys, index=recs.index, dtype=object)


def _parents(ctx: Context, communes: pd.DataFrame) -> pd.DataFrame:
    units = ctx.lookups.places.units
    legacy = units[units.vintage.eq(LEGACY)].set_index("code").district_code
    district = communes.unit_code.map(legacy).where(communes.vintage.eq(LEGACY))
    return pd.DataFrame({"district": district.fillna(""), "province": communes.province_code})


def check(ctx: Context, subs: pd.DataFrame, recs: pd.DataFrame) -> None:
    """Compare every total with the sum of its rows (the file's total with accepted rows)."""
    if subs.empty:
        return
    owners = _owners(subs[subs._sub.ne("code")], recs)
    kept = pd.Series(recs.index.isin(accepted(ctx, recs).index), index=recs.index)
    for sub in subs.to_dict("records"):
        if sub["_sub"] == "code":
            mine = _within(ctx, recs, sub)
        else:
            same_sheet = recs._row // ROW_SPAN == sub["_row"] // ROW_SPAN
            mine = (
                kept & same_sheet if sub["_sub"] == "all" else owners[sub["_sub"]].eq(sub["_row"])
            )
        part = recs[mine & recs.amount_col.eq(sub["amount_col"])]
        _compare(ctx, sub, int(part.amount.dropna().sum()))


def _owners(subs: pd.DataFrame, recs: pd.DataFrame) -> dict[str, pd.Series]:
    """By position, per kind of total, the row of the total each record belongs to (0 for
    none): the first "group" row below it, the nearest district heading above it, and the
    province heading above it (a province heading's rows run to the next province heading)."""
    marks = subs.drop_duplicates("_row").sort_values("_row")
    rows = recs._row.to_numpy()
    below, below_kind = _nearest(marks, rows, +1)
    above, above_kind = _nearest(marks, rows, -1)
    province, _ = _nearest(marks[marks._sub.eq("province")], rows, -1)
    owners = {
        "group": np.where(below_kind == "group", below, 0),
        "district": np.where(above_kind == "district", above, 0),
        "province": province,
    }
    sheet = rows // ROW_SPAN  # a total counts the rows of its own sheet only
    return {
        kind: pd.Series(np.where(found // ROW_SPAN == sheet, found, 0), index=recs.index)
        for kind, found in owners.items()
    }


def _nearest(marks: pd.DataFrame, rows: np.ndarray, side: int) -> tuple[np.ndarray, np.ndarray]:
    """The nearest mark below (``side`` +1) or above (-1) each row: its row and kind."""
    at = np.searchsorted(marks._row.to_numpy(), rows) + (0 if side > 0 else -1)
    there = (at >= 0) & (at < len(marks))
    index = np.clip(at, 0, max(len(marks) - 1, 0))
    if not len(marks):
        return np.zeros(len(rows), dtype=np.int64), np.full(len(rows), "", dtype=object)
    found = np.where(there, marks._row.to_numpy()[index], 0)
    return found, np.where(there, marks._sub.to_numpy()[index], "")


def _within(ctx: Context, recs: pd.DataFrame, sub: dict) -> pd.Series:
    """Communes of the district or province of ``sub`` with its period, line and funds."""
    communes = recs[recs.level.eq("commune")]
    parents = _parents(ctx, communes)
    inside = parents.district.eq(sub["unit_code"]) | parents.province.eq(sub["unit_code"])
    for column in (c for c in SAME if c in recs):
        inside &= communes[column].map(str).eq(str(sub[column]))
    return pd.Series(False, index=recs.index).where(~recs.level.eq("commune"), inside)


def _compare(ctx: Context, sub: dict, total: int) -> None:
    stated = sub["amount"]
    if stated is None or pd.isna(stated):
        return
    stated = int(stated)
    if sub["_sub"] == "all":
        ctx.file_totals.append((ctx.kind, str(sub["amount_col"]), stated, total))
    if stated == total and sub["_sub"] != "all":
        return  # a subtotal that agrees is not news; the file's total always is
    label = str(sub["_label"])
    if sub["_sub"] == "all":
        said = f"the file's total '{label}' is {money(stated)} đồng; the accepted rows sum to "
    else:
        said = f"'{label}' is {money(stated)} đồng but the rows it totals sum to "
    reason = said + f"{money(total)} đồng"
    if stated != total:
        reason += f" (difference {money(stated - total)} đồng)"
    severity = "warning" if stated != total else "info"
    rows = pd.Series([sub["_row"]])
    ctx.problems.add(rows, sub["amount_col"], reason, severity=severity)
