"""Never drop a column silently: money columns an import does not read are named in its report.

An amount column the kind does not read (a disbursement column in a plan import, a "Tổng số"
column next to its parts), and a column whose header is not understood but which holds numbers
or money words, each get a file-level warning saying why it was not read.
"""

from __future__ import annotations

from dashboard.importing.context import Context
from dashboard.importing.headers import Column
from dashboard.importing.vocab import KIND_MEASURES, words

MONEY_WORDS = {"giai", "ngan", "hoach", "von", "luy", "dong", "ty", "trieu", "tien", "vnd"}
MONEY_WORDS |= {"amount", "disbursed", "plan", "budget", "cumulative"}
NUMBER = r"\(?-?[\d.,\s]*\d\)?"


def note_unread(ctx: Context) -> None:
    if ctx.kind not in KIND_MEASURES:
        return
    for column in ctx.header.columns:
        if column.field or column.index in ctx.used:
            continue
        why = _why(ctx, column)
        if why:
            ctx.problems.note(column.display or None, f"{_name(column)} was not read: {why}")


def _why(ctx: Context, column: Column) -> str | None:
    m = column.measure
    if m is None:
        if set(words(column.display)) & MONEY_WORDS or _numbers(ctx, column):
            return "it looks like amounts but its header is not understood"
        return None
    if m.measure not in KIND_MEASURES[ctx.kind]:
        return f"a {ctx.kind} import does not read {m.measure} amounts"
    if m.total:
        return "it is the total of the amount columns beside it"
    return "the amounts of the month are read from the other column"


def _numbers(ctx: Context, column: Column) -> bool:
    """Most of the column's filled cells, on rows not rejected, are numbers."""
    name = f"c{column.index}"
    if name not in ctx.rows:
        return False
    rows = ctx.rows[~ctx.rows._row.isin(ctx.problems.rejected())]
    cells = rows[name].astype(str).str.strip()
    filled = cells[cells.ne("")]
    return len(filled) > 0 and filled.str.fullmatch(NUMBER).mean() >= 0.5


def _name(column: Column) -> str:
    return f"column '{column.display}'" if column.display else f"column {column.index + 1}"
