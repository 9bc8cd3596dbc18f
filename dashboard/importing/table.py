"""The rows under the header as a frame, without the rows that hold no data.

Skipped, not rejected: blank rows, section rows with neither a unit nor an amount ("A. Dự án
4"), and the row of column numbers ("(1) (2) (3)") that Vietnamese reports put under the header.
Total and subtotal rows are marked in ``_sub`` (see `subtotals`): "all" for the file's total
("Tổng cộng", "Cộng", "Total"), "group" for a subtotal under its rows ("Cộng huyện Đồng Văn"),
"district" or "province" for a unit heading its rows ("Huyện Đồng Văn" in the unit name column).
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard.importing.gather import ROW_SPAN
from dashboard.importing.headers import Header, cell_text
from dashboard.importing.reading import Sheet
from dashboard.importing.values import per_value
from dashboard.importing.vocab import TOTAL_KEYS
from dashboard.text import fold, name_key

_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2})\)?")


def body(sheet: Sheet, header: Header, keys: list[str], raw: tuple[str, ...] = ()) -> pd.DataFrame:
    """``_row``, a text column per field (raw cells for the fields in ``raw``), raw ``m<index>``
    cells of amount columns. Rows where every one of ``keys`` (field names) and every amount
    cell is blank are dropped, and so are total rows."""
    start, width = header.first_data, len(header.columns)
    rows = sheet.rows[start:]
    if any(len(r) != width for r in rows):
        rows = [list(r[:width]) + [None] * (width - len(r)) for r in rows]
    cells = dict(enumerate(zip(*rows, strict=True))) if rows else {}
    cells = {i: pd.Series(cells.get(i, ()), dtype=object) for i in range(width)}
    frame = pd.DataFrame({"_row": sheet.numbers[start:]})
    fields = {index: name for name, index in header.fields().items()}
    for column in header.columns:
        name = fields.get(column.index, f"c{column.index}")
        if column.measure:
            frame[f"m{column.index}"] = cells[column.index]
        elif name in raw:
            frame[name] = cells[column.index]
        else:
            frame[name] = per_value(cells[column.index], cell_text)
    return _drop_empty(frame, [k for k in keys if k in frame], [k for k in raw if k in frame])


def text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """The cells of a field as text, or blanks when the file has no such column."""
    if name in frame:
        return frame[name].astype(str)
    return pd.Series("", index=frame.index, dtype=object)


def measure_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c.startswith("m") and c[1:].isdigit()]


def is_blank(raw: pd.Series) -> pd.Series:
    return raw.isna() | raw.astype(str).str.strip().eq("")


def _drop_empty(frame: pd.DataFrame, keys: list[str], raw: list[str]) -> pd.DataFrame:
    amounts = measure_columns(frame)
    texts = [c for c in frame.columns if c != "_row" and c not in amounts and c not in raw]
    texts = [c for c in texts if not c.startswith("_")]
    no_amount = _all_blank(frame, amounts)
    no_key = _all_blank(frame, keys)
    frame = frame.assign(_sub="", _label="")
    _subtotals(frame, texts)
    frame = _under_headings(frame)
    keep = ~((no_amount & no_key) | (frame._sub.ne("") & no_amount))
    frame = frame[keep]
    if len(frame) and _is_column_numbers(frame.iloc[0], [c for c in frame if c != "_row"]):
        frame = frame.iloc[1:]
    return frame.reset_index(drop=True)


def _all_blank(frame: pd.DataFrame, columns: list[str]) -> pd.Series | bool:
    if not columns:
        return True
    return pd.concat([is_blank(frame[c]) for c in columns], axis=1).all(axis=1)


def _subtotals(frame: pd.DataFrame, texts: list[str]) -> None:
    """Set ``_sub``, the kind of total each row is (or ""), and ``_label``, the cell saying so."""
    kinds = [(c, per_value(frame[c], _total_kind)) for c in texts]
    if "commune" in frame:  # a unit above communes, named where communes are
        coded = pd.Series(False, index=frame.index)
        for column in ("commune_code", "unit_code"):
            if column in frame:
                coded |= frame[column].astype(str).str.strip().ne("")
        kinds.append(("commune", per_value(frame.commune, _heading_level).where(~coded, "")))
    for column, kind in kinds:
        new = frame._sub.eq("") & kind.ne("")
        frame.loc[new, "_sub"] = kind[new]
        frame.loc[new, "_label"] = frame.loc[new, column]


def _under_headings(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows under "Huyện Đồng Văn" (or "Tỉnh Hà Giang") without a code take it as their district
    (province) where they name none, so that their commune names are looked up there."""
    sheet = frame._row // ROW_SPAN  # a heading reaches no other sheet
    coded = pd.Series(False, index=frame.index)  # a code needs no heading to be found
    for column in ("commune_code", "unit_code"):
        if column in frame:
            coded |= frame[column].astype(str).str.strip().ne("")
    for level, stops in (("district", ("all", "group", "district", "province")),
                         ("province", ("all", "province"))):  # fmt: skip
        heads = frame._sub.eq(level)
        if not heads.any():
            continue
        reach = frame._label.where(heads).where(~frame._sub.isin(stops) | heads, "")
        reach = reach.groupby(sheet).ffill().fillna("")
        cells = frame[level] if level in frame else pd.Series("", index=frame.index)
        fill = cells.astype(str).str.strip().eq("") & frame._sub.eq("") & reach.ne("") & ~coded
        frame = frame.assign(**{level: cells.where(~fill, reach)})
    return frame


def _total_kind(text: object) -> str:
    if not text:
        return ""
    if name_key(str(text)) in TOTAL_KEYS:
        return "all"
    folded = " ".join(fold(str(text)).split())
    if folded.startswith("cong ") and not folded.startswith("cong dong"):
        return "group"
    return ""


def _heading_level(text: object) -> str:
    folded = " ".join(fold(str(text or "")).split())
    if folded.startswith(("tinh ", "thanh pho truc thuoc trung uong")):
        return "province"
    return "district" if folded.startswith(DISTRICT_PREFIXES) else ""


DISTRICT_PREFIXES = ("huyen ", "quan ", "thi xa ", "thanh pho ")


def _is_column_numbers(row: pd.Series, columns: list[str]) -> bool:
    cells = [cell_text(row[c]) for c in columns]
    numbers = [_COLUMN_NUMBER.fullmatch(c) for c in cells if c]
    if len(numbers) < 3 or not all(numbers):
        return False
    values = [int(m.group(1)) for m in numbers]
    return values == sorted(set(values))
