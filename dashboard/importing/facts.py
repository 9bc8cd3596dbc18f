"""Rows of money by unit and budget line, shared by capital plans and disbursements.

A wide sheet with one amount column per kind or source ("Kế hoạch vốn" over "ĐTPT" |
"Sự nghiệp") is melted into one record per amount cell; a column that is the total of the others
("Tổng số") is left out. A spreadsheet row is rejected as a whole when any of its records is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

from dashboard.importing.context import Context
from dashboard.importing.grants import reject_outside
from dashboard.importing.headers import Column, missing, read_phrases
from dashboard.importing.lines import combined_code, line_code
from dashboard.importing.report import ImportFailed
from dashboard.importing.table import text_column
from dashboard.importing.values import (
    is_negative,
    parse_flag,
    parse_numbers,
    per_value,
    per_values,
    to_money,
)
from dashboard.importing.vocab import KIND_MEASURES

AMOUNT_EXAMPLES = {
    "capital_plan": "Kế hoạch vốn / Số vốn (English: Amount / Plan)",
    "disbursement": "Giải ngân trong kỳ / Lũy kế giải ngân (English: Disbursed / Cumulative)",
}
KEY = ["year", "vintage", "unit_code", "subproject_id", "source", "kind", "carry_over"]
FIRST_YEAR = 2021
MAX_INT64 = 2**63 - 1
SCALE_NAMES = {1_000: "nghìn đồng", 1_000_000: "triệu đồng", 1_000_000_000: "tỷ đồng"}


def dimensions(ctx: Context, recs: pd.DataFrame) -> pd.DataFrame:
    """Source, kind of capital, carry-over, unit and line of every record (``year``,
    ``vintage`` and ``when`` are set before, by the kind's own reading of time)."""
    _funds(ctx, recs)
    _units(ctx, recs)
    reject_outside(ctx, recs)  # before anything is computed from rows of other provinces
    _lines(ctx, recs)
    return recs


def amount_columns(ctx: Context) -> list[Column]:
    """The amount columns this kind reads, totals dropped when their parts are there."""
    wanted = KIND_MEASURES[ctx.kind]
    columns = [c for c in ctx.header.measures() if c.measure.measure in wanted]
    if ctx.kind == "disbursement" and any(c.measure.measure == "disbursed" for c in columns):
        columns = [c for c in columns if c.measure.measure == "disbursed"]  # per period wins
    if not columns:
        raise ImportFailed(
            f"{ctx.name}: no column for the amount; expected {AMOUNT_EXAMPLES[ctx.kind]}"
        )
    columns = [c for c in columns if not c.measure.total] or columns
    ctx.used.update(c.index for c in columns)
    seen: dict[tuple, str] = {}
    for column in columns:
        m = column.measure
        key = (m.measure, m.source, m.fund_kind, m.carry_over)
        if key in seen:
            raise ImportFailed(
                f"{ctx.name}: columns '{seen[key]}' and '{column.display}' hold the same amounts; "
                "keep one, or name the source or kind of capital in each header"
            )
        seen[key] = column.display
    for name in ("source", "fund_kind"):
        if name not in ctx.header.fields() and not all(getattr(c.measure, name) for c in columns):
            raise missing(ctx.name, name)
    return columns


def melt(ctx: Context, columns: list[Column]) -> pd.DataFrame:
    """One record per amount cell: the row's text cells, ``amount``, ``amount_col`` and what
    the column header says of source, kind and carry-over (``t_source`` ...)."""
    wide = len(columns) > 1
    text = ctx.rows[[c for c in ctx.rows if not (c.startswith("m") and c[1:].isdigit())]]
    recs = pd.concat([_amounts(ctx, text, c, wide) for c in columns], ignore_index=True)
    total = recs._sub.ne("") if "_sub" in recs else pd.Series(False, index=recs.index)
    ctx.reject(recs, recs.err.ne("") & ~total, recs.amount_col, recs.err)
    ctx.warn(recs, recs.err.ne("") & total, recs.amount_col, recs.err)  # not data: not rejected
    if wide:
        data = ctx.rows._sub.eq("") if "_sub" in ctx.rows else True
        empty = ~ctx.rows._row.isin(recs._row) & data
        ctx.reject(ctx.rows, empty, columns[0].display, "no amount in any amount column")
    # the amounts are read: their cells (a text per row) are not needed any more
    ctx.rows = ctx.rows.drop(columns=[f"m{c.index}" for c in columns])
    return recs.drop(columns=["err"])


def _amounts(ctx: Context, text: pd.DataFrame, column: Column, wide: bool) -> pd.DataFrame:
    raw = ctx.rows[f"m{column.index}"]
    scale = column.measure.scale or ctx.header.default_scale or 1
    values, blank, bad = parse_numbers(raw)
    shown = raw.astype(str).str.strip()
    err = pd.Series("", index=raw.index, dtype=object)
    err[bad] = "not a number: '" + shown[bad] + "'"
    negative = is_negative(values)
    err[negative] = "negative amount " + shown[negative]
    if not wide:
        err[blank] = "amount is missing"
    m = column.measure
    part = text.assign(
        amount_col=pd.Series(column.display, index=text.index, dtype=object),  # one text
        err=err, t_source=m.source, t_fund_kind=m.fund_kind,
        t_carry_over=m.carry_over,
    )  # fmt: skip
    read = err.eq("") & ~blank
    part["amount"] = to_money(values.where(read, None), scale)
    _check_range(ctx, part, read, shown, scale)
    return part[~(blank & wide)]


def _check_range(
    ctx: Context, part: pd.DataFrame, read: pd.Series, shown: pd.Series, scale: int
) -> None:
    """Set ``err`` of amounts that are not finite, do not fit 64 bits or are implausibly large:
    all checked in đồng, after scaling."""
    amount = part.amount
    lost = read & amount.isna()
    known = read & amount.notna()
    size = amount.where(known, 0)
    big = known & (size > MAX_INT64)
    bound = ctx.options.max_amount_vnd
    implausible = known & ~big & (size > bound)
    slip = f"; did you enter đồng in a {SCALE_NAMES.get(scale, '')} column?" if scale > 1 else ""
    part.loc[lost, "err"] = "not a finite number: '" + shown[lost] + "'"
    part.loc[big, "err"] = "amount " + shown[big] + " is too large to store" + slip
    reason = f" đồng is above the plausible {money(bound)} đồng for one unit and line" + slip
    part.loc[implausible, "err"] = "amount " + per_value(amount[implausible], money) + reason
    part.loc[big | lost | implausible, "amount"] = None


def money(value: object) -> str:
    return f"{int(value):,}"


def _phrase_value(category: str) -> Callable[[str], object]:
    def parse(text: str) -> object:
        found = read_phrases(text) if text else None
        if not found or category not in found or set(found) - {category, "filler"}:
            return None
        return found[category][0]

    return parse


def _funds(ctx: Context, recs: pd.DataFrame) -> None:
    for name, column in (("source", "source"), ("fund_kind", "kind")):
        token = recs[f"t_{name}"]
        cells = text_column(recs, name)
        parsed = per_value(cells, _phrase_value(name))
        recs[column] = token.where(token.notna(), parsed)
        unread = recs[column].isna()
        label = "source of funds" if name == "source" else "kind of capital"
        ctx.reject(recs, unread & cells.eq(""), ctx.shown(name), f"{label} is missing")
        bad = unread & cells.ne("")
        ctx.reject(recs, bad, ctx.shown(name), f"unknown {label} '" + cells[bad] + "'")
    token = recs.t_carry_over
    cells = text_column(recs, "carry_over")
    recs["carry_over"] = token.where(token.notna(), per_value(cells, _carry))
    unread = recs.carry_over.isna()
    shown = ctx.shown("carry_over")
    reason = "unknown carry-over flag '" + cells[unread] + "' (use có or không)"
    ctx.reject(recs, unread, shown, reason)
    for name in ("t_source", "t_fund_kind", "t_carry_over"):  # read: not needed any more
        del recs[name]


def _carry(text: str) -> bool | None:
    flag = parse_flag(text, False)
    return flag if flag is not None else _phrase_value("carry_over")(text)


def _units(ctx: Context, recs: pd.DataFrame) -> None:
    found = ctx.lookups.places.resolve(recs, recs.vintage, recs.when)
    recs["unit_code"], recs["province_code"] = found.unit_code, found.province_code
    recs["level"] = found.level
    shown = per_value(found.err_field, ctx.shown)
    ctx.reject(recs, found.err.ne(""), shown, found.err)


def _lines(ctx: Context, recs: pd.DataFrame) -> None:
    lines = ctx.lookups.lines
    named = text_column(recs, "program")
    programs = lines.programs_for(named, recs.year)
    line, project, sub = (text_column(recs, f) for f in ("line", "project", "subproject"))
    codes = per_values(_line_of, line, project, sub)
    recs["line"] = codes
    recs["subproject_id"] = lines.ids_for(programs, codes)
    shown = per_values(lambda line, sub: ctx.shown(_line_field(line, sub)), line, sub)
    unknown_program = programs.isna() & named.ne("")
    no_program = programs.isna() & named.eq("") & recs.year.between(FIRST_YEAR, last_year())
    # reasons are built for the rows they concern only (a file has a million rows)
    named = named[unknown_program]
    ctx.reject(recs, unknown_program, ctx.shown("program"), "unknown program '" + named + "'")
    years = recs.year[no_program].astype(str)
    ctx.reject(recs, no_program, shown, "no program of the catalogue covers " + years)
    unknown = recs.subproject_id.isna() & programs.notna()
    ctx.reject(recs, unknown & codes.eq(""), shown, "project/sub-project is missing")
    bad = unknown & codes.ne("")
    reason = "unknown sub-project/line code " + codes[bad] + " in program " + programs[bad]
    ctx.reject(recs, bad, shown, reason)


def _line_of(line: str, project: str, sub: str) -> str:
    return line_code(line) if line else combined_code(project, sub)


def _line_field(line: str, sub: str) -> str:
    return "line" if line else "subproject" if sub else "project"


def reject_duplicates(ctx: Context, recs: pd.DataFrame, key: list[str], what: str) -> None:
    """Records with the same key: every row of the group is rejected. A later row names the
    first; the first names the second (and how many more), so the text stays short however
    many copies there are."""
    valid = recs[~recs._row.isin(ctx.problems.rejected())]
    dups = valid[valid.duplicated(key, keep=False)]
    if dups.empty:
        return
    rows = dups[[*key, "_row"]].drop_duplicates().sort_values("_row", kind="stable")
    groups = rows.groupby(key, sort=False, dropna=False)._row
    first, order, size = groups.transform("min"), groups.cumcount(), groups.transform("size")
    group = rows.groupby(key, sort=False, dropna=False).ngroup()
    seconds = dict(zip(group[order.eq(1)], rows._row[order.eq(1)], strict=True))
    second = pd.Series(
        [seconds.get(g, r) for g, r in zip(group, first, strict=True)], index=rows.index
    )
    named = second.where(order.eq(0), first).astype(int).astype(str)
    more = (size - 2).where(order.eq(0) & size.gt(2), 0)
    suffix = pd.Series(
        [f" and {n:,} more rows" if n else "" for n in more], index=rows.index, dtype=object
    )
    twice = size.eq(1)  # one spreadsheet row making two records with the same key
    reason = ("duplicate: same " + what + " as row " + named + suffix).where(~twice)
    reason = reason.fillna("duplicate: same " + what + " as row " + named + " (twice)")
    ctx.problems.add(rows._row, None, reason)


def accepted(ctx: Context, recs: pd.DataFrame) -> pd.DataFrame:
    """The records of rows without errors."""
    return recs[~recs._row.isin(ctx.problems.rejected())]


def check_years(
    ctx: Context, recs: pd.DataFrame, years: pd.Series, what: str, shown_as: pd.Series, field: str
) -> None:
    """Unreadable, missing, too early or too late years (``what`` + ``shown_as`` is the text
    shown: "period " and the row's period, say). Reasons are built for the rows they name."""
    unread = years.isna()
    shown = ctx.shown(field)
    cells = text_column(recs, field)
    bad = unread & cells.ne("")
    ctx.reject(recs, bad, shown, f"cannot read the {field} '" + cells[bad] + "'")
    ctx.reject(recs, unread & cells.eq(""), shown, f"{field} is missing")
    early = years.fillna(FIRST_YEAR).astype(int) < FIRST_YEAR
    late = years.fillna(FIRST_YEAR).astype(int) > last_year()
    ctx.reject(recs, early, shown, what + shown_as[early] + f" is before {FIRST_YEAR}")
    ctx.reject(recs, late, shown, what + shown_as[late] + f" is after {last_year()}")


def last_year() -> int:
    """The latest year a file may report on: next year's plans are made this year."""
    return date.today().year + 1
