"""Find the header row of a messy sheet and tell what each column holds.

Provincial reports put title rows above the header, split headers over two rows with merged
cells ("Kế hoạch vốn (triệu đồng)" over "ĐTPT" | "Sự nghiệp"), and state units in the header or
in a "ĐVT: triệu đồng" line. Every candidate (one row, or two rows combined) is scored by how
many distinct columns it makes recognisable, and the best wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from dashboard.importing.reading import Sheet
from dashboard.importing.report import ImportFailed
from dashboard.importing.vocab import FIELDS, KIND_MEASURES, PHRASES, alias_map, words
from dashboard.text import fold, name_key

SCAN_ROWS = 20
_UNIT_LINE = re.compile(r"\b(?:dvt|don vi tinh|don vi)\b\s*:?(.*)")
MAX_PHRASE = max(len(phrase.split()) for phrase in PHRASES)


@dataclass(frozen=True)
class Measure:
    """An amount column: what it measures and what its header says about the amounts."""

    measure: str  # "plan", "disbursed" or "cumulative"
    scale: int | None = None
    source: str | None = None
    fund_kind: str | None = None
    carry_over: bool | None = None
    total: bool = False


def read_phrases(text: str) -> dict[str, list] | None:
    """Categories of the phrases a text is made of, or None if a word is not in the vocabulary."""
    tokens, found, i = words(text), {}, 0
    while i < len(tokens):
        for size in range(min(MAX_PHRASE, len(tokens) - i), 0, -1):
            hit = PHRASES.get(" ".join(tokens[i : i + size]))
            if hit:
                found.setdefault(hit[0], []).append(hit[1])
                i += size
                break
        else:
            if not (tokens[i].isdigit() and (len(tokens[i]) <= 2 or len(tokens[i]) == 4)):
                return None  # years and column numbers are filler, other words are not
            i += 1
    return found


def read_measure(text: str) -> Measure | None:
    found = read_phrases(text)
    if not found or "measure" not in found:
        return None
    measures = found["measure"]
    measure = next(m for m in ("cumulative", "disbursed", "plan") if m in measures)
    if measure == "disbursed" and "to_date" in found and "period" not in found:
        measure = "cumulative"

    def one(category: str) -> Any:  # the header's value of the category, if it names one
        return found.get(category, [None])[-1]

    return Measure(
        measure, one("scale"), one("source"), one("fund_kind"), one("carry_over"), "total" in found
    )


@dataclass
class Column:
    index: int
    display: str
    field: str | None = None
    measure: Measure | None = None


@dataclass
class Header:
    first_data: int  # index in sheet.rows of the first row under the header
    columns: list[Column]
    default_scale: int | None = None
    displays: dict[str, str] = field(default_factory=dict)  # field -> header as written
    titles: list[str] = field(default_factory=list)  # the lines above the header, and its cells

    def fields(self) -> dict[str, int]:
        """field -> index of the first column holding it."""
        found = [(c.field, c.index) for c in self.columns if c.field and c.field != "ignore"]
        return dict(reversed(found))

    def measures(self) -> list[Column]:
        return [c for c in self.columns if c.measure]


def classify(display: str, aliases: dict[str, str], fallback: str = "") -> Column:
    """A column from its (possibly two-row) header; ``fallback`` is the lower row alone."""
    for text in (display, fallback):
        if text and name_key(text) in aliases:
            return Column(-1, display, field=aliases[name_key(text)])
    return Column(-1, display, measure=read_measure(display))


def _score(columns: list[Column]) -> int:
    """Distinct things recognised: a merged header repeated over two columns counts once."""
    return len({c.field or c.measure for c in columns} - {None})


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _grid(sheet: Sheet) -> list[list[str]]:
    """The first rows as text, each merged range filled with its top-left value."""
    top = sheet.rows[: SCAN_ROWS + 1]
    width = max((len(row) for row in top), default=0)
    grid = [[cell_text(v) for v in row] + [""] * (width - len(row)) for row in top]
    for r0, c0, r1, c1 in sheet.merges:
        if r0 <= len(grid) and c0 <= width:
            value = grid[r0 - 1][c0 - 1]
            for r in range(r0 - 1, min(r1, len(grid))):
                grid[r][c0 - 1 : min(c1, width)] = [value] * (min(c1, width) - c0 + 1)
    return grid


def _pair(top: list[str], bottom: list[str]) -> list[tuple[str, str]]:
    """(combined header, lower row alone) per column of a two-row header."""
    out, left = [], ""
    for upper, lower in zip(top, bottom, strict=True):
        left = upper or (left if lower else "")  # a blank upper cell continues the one before
        combined = left if not lower or lower == left else (f"{left} / {lower}" if left else lower)
        out.append((combined, lower))
    return out


def _candidates(
    grid: list[list[str]], aliases: dict[str, str]
) -> Iterator[tuple[int, int, list[Column]]]:
    """(first row, number of rows, columns) of every one-, two- and three-row header candidate
    ("Kế hoạch năm 2023" over "Vốn NSTW" over "ĐTPT" | "SN")."""
    for i in range(min(SCAN_ROWS, len(grid))):
        yield i, 1, [classify(text, aliases) for text in grid[i]]
        if i + 1 < len(grid):
            pairs = _pair(grid[i], grid[i + 1])
            yield i, 2, [classify(text, aliases, lower) for text, lower in pairs]
        if i + 2 < len(grid):
            upper = [text for text, _ in _pair(grid[i], grid[i + 1])]
            pairs = _pair(upper, grid[i + 2])
            yield i, 3, [classify(text, aliases, lower) for text, lower in pairs]


def find_header(sheet: Sheet, aliases: dict[str, str]) -> Header | None:
    """The best header of the first rows, or None when no row has two recognisable columns."""
    grid = _grid(sheet)
    best = max(
        _candidates(grid, aliases),
        key=lambda c: (_score(c[2]), -c[1], -c[0]),
        default=None,
    )
    if best is None or _score(best[2]) < 2:
        return None
    row, height, columns = best
    for index, column in enumerate(columns):
        column.index = index
    header = Header(row + height, columns, _default_scale(grid[:row]))
    header.displays = {c.field: c.display for c in reversed(columns) if c.field}
    cells = [cell for line in grid[: row + height] for cell in line if cell]
    header.titles = list(dict.fromkeys(cells))  # a merged cell's text once
    return header


def _default_scale(title_rows: list[list[str]]) -> int | None:
    """The unit of a "ĐVT: triệu đồng" line above the header, if any."""
    for cell in (cell for row in title_rows for cell in row if cell):
        match = _UNIT_LINE.search(fold(cell))
        found = read_phrases(match.group(1)) if match else None
        if found and "scale" in found:
            return found["scale"][0]
    return None


def detect_kind(headers: list[str]) -> str:
    """The kind of data a header row holds (raises ImportFailed when it cannot tell)."""
    aliases = alias_map(None)
    return kind_of([classify(text, aliases) for text in headers], "the file")


def kind_of(columns: list[Column], name: str) -> str:
    fields = {c.field for c in columns}
    measures = {c.measure.measure for c in columns if c.measure}
    if fields & {"program_name_vi", "project_name_vi", "subproject_name_vi", "start_year"}:
        return "catalogue"
    if "indicator" in fields:
        return "indicator_value"
    if fields & {"region", "em_area"}:
        return "classification"
    paid = measures & set(KIND_MEASURES["disbursement"])
    if "plan" in measures and paid:  # the year's plan and what was paid of it, side by side
        return "plan_and_disbursement"
    if "period" in fields:
        return "disbursement"
    if "plan" in measures:
        return "capital_plan"
    if measures & set(KIND_MEASURES["disbursement"]):
        return "disbursement"
    shown = ", ".join(c.display for c in columns if c.display)[:120]
    raise ImportFailed(
        f"{name}: cannot tell what the file holds from its headers ({shown}); "
        "choose the kind: capital_plan, disbursement, plan_and_disbursement, indicator_value, "
        "classification or catalogue"
    )


def missing(name: str, field: str) -> ImportFailed:
    return ImportFailed(
        f"{name}: no column for the {FIELDS[field].label}; "
        f"expected a header such as {FIELDS[field].expected()}"
    )
