"""Cell values to typed values, a whole column at a time.

Numbers come as Excel numbers or as text in Vietnamese (``1.234.567,5``) or English
(``1,234,567.5``) style; each column's style is told from its unambiguous cells. Money is
converted with Decimal and rounded half up to whole đồng. Functions of few distinct values
(periods, codes, flags) are computed once per distinct value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from dashboard.importing.vocab import FALSE_KEYS, TRUE_KEYS
from dashboard.text import fold, name_key

_VN = r"-?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|-?[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})"
_EN = r"-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|-?[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})"
_AMBIGUOUS = (
    r"-?[0-9]{1,3}[.,][0-9]{3}"  # 1.234 or 1,234: a thousands separator unless told otherwise
)
_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DASHES = {"-", "–", "—", "--"}
EXCEL_EPOCH = datetime(1899, 12, 30)


def per_value(series: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """``func`` of each cell, computed once per distinct value (missing cells get func(None))."""
    codes, uniques = pd.factorize(series)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:-1] = [func(u) for u in uniques]
    if (codes < 0).any():
        results[-1] = func(None)  # code -1 (a missing cell) picks the last slot
    return pd.Series(results[codes], index=series.index, dtype=object)


def per_values(func: Callable[..., object], *columns: pd.Series) -> pd.Series:
    """``func`` of the cells of several columns side by side, computed once per distinct
    combination (missing cells are passed as None). Rows sharing a combination share the result
    object: no tuple or text per row."""
    index = columns[0].index
    combined = np.zeros(len(index), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column)
        combined, _ = pd.factorize(combined * (len(uniques) + 1) + codes + 1)  # stays small
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    parts = [[None if _missing(v) else v for v in c.iloc[first].tolist()] for c in columns]
    results = np.empty(len(first), dtype=object)
    for i, values in enumerate(zip(*parts, strict=True)):
        results[i] = func(*values)
    return pd.Series(results[inverse.ravel()], index=index, dtype=object)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def lookup(series: pd.Series, mapping: dict, default: object = None) -> pd.Series:
    """``mapping[value]`` per cell: a plain dict lookup, much faster than ``Series.map(dict)``
    on large dicts, which converts the dict to a Series on every call."""
    get = mapping.get
    values = [get(v, default) for v in series.to_numpy(dtype=object)]
    return pd.Series(values, index=series.index, dtype=object)


def member(series: pd.Series, collection: set | dict) -> pd.Series:
    values = [v in collection for v in series.to_numpy(dtype=object)]
    return pd.Series(values, index=series.index, dtype=bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(plain decimal text such as "-1234.5" or None per cell, blank mask, not-a-number mask).

    Excel numbers are taken as they are; text is read in the column's style; "-" means zero and
    "(5)" minus five, as accountants write.
    """
    numeric = raw.map(_is_number).astype(bool) if raw.dtype == object else raw.isna() & False
    out = pd.Series(None, index=raw.index, dtype=object)
    out[numeric] = [format(Decimal(repr(v)), "f") for v in raw[numeric]]
    text = raw[~numeric].fillna("").astype(str).str.replace(r"[\s\u00a0%]", "", regex=True)
    text = text.str.replace(r"^\((.+)\)$", r"-\1", regex=True)
    dash = text.isin(_DASHES)
    plain = _normalise(text[~dash])
    good = plain.str.fullmatch(_PLAIN.pattern).fillna(False).astype(bool)
    out[good[good].index] = plain[good].astype(object)
    out[dash[dash].index] = "0"
    blank = pd.Series(False, index=raw.index)
    blank[text.index] = text.eq("")
    bad = pd.Series(False, index=raw.index)
    bad[good.index] = ~good & ~blank[good.index]
    return out, blank, bad


def is_negative(plain: pd.Series) -> pd.Series:
    text = plain.fillna("").astype(str)
    return text.str.startswith("-") & ~text.str.fullmatch(r"-0*\.?0*").astype(bool)


def _normalise(text: pd.Series) -> pd.Series:
    vn = text.str.fullmatch(_VN).fillna(False).astype(bool)
    en = text.str.fullmatch(_EN).fillna(False).astype(bool)
    ambiguous = text.str.fullmatch(_AMBIGUOUS).fillna(False).astype(bool)
    if vn.sum() > en.sum():
        vn_like = vn | ambiguous
    elif en.sum() > vn.sum():
        vn_like = vn
    else:  # no evidence: "1.234" is read like "1,234", as thousands
        vn_like = vn | (ambiguous & text.str.contains(".", regex=False))
    out = text.str.replace(",", "", regex=False)  # English style, plain, or 1,234
    swapped = text[vn_like].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    out[vn_like] = swapped
    return out


def to_money(plain: pd.Series, scale: int) -> pd.Series:
    """Amounts times the unit of their column, rounded half up to whole đồng (Python ints, of
    any size: the caller checks the range). Whole numbers whose product surely fits 64 bits are
    multiplied as int64; others exactly, through Decimal. Not-finite values give None."""
    out = pd.Series(None, index=plain.index, dtype=object)
    text = plain.dropna().astype(str)
    digits = 18 - len(str(scale))  # |n| < 10**digits and scale < 10**len: the product < 2**63
    whole = text.str.fullmatch(rf"-?\d{{1,{max(digits, 1)}}}").astype(bool)
    ints = pd.to_numeric(text[whole]).astype("int64") * scale
    out[ints.index] = ints.astype(object)
    rest = text[~whole]
    out[rest.index] = [_scaled(v, scale) for v in rest]
    return out


def _scaled(text: str, scale: int) -> int | None:
    number = Decimal(text)
    if not number.is_finite():
        return None
    if number.adjusted() > 20:  # far out of range; quantize would overflow Decimal's precision
        return int(number) * scale
    return int((number * scale).quantize(Decimal(1), ROUND_HALF_UP))


def to_float(plain: pd.Series) -> pd.Series:
    """Floats, None for a blank; a number too large for a float (1e400) is None too."""
    values = pd.to_numeric(plain, errors="coerce").astype("float64")
    return values.astype(object).where(plain.notna() & np.isfinite(values), None)


def parse_year(value: object) -> int | None:
    if _is_number(value) and float(value).is_integer():
        return int(value)
    match = re.fullmatch(r"(?:nam\s*)?(\d{4})(?:\.0+)?", fold(str(value or "")))
    return int(match.group(1)) if match else None


_PERIODS = (
    (re.compile(r"(?:thang|t)?\s*(\d{1,2})\s*(?:[/.-]|nam)\s*(\d{4})"), (2, 1, 0)),
    (re.compile(r"(\d{4})\s*[/.-]\s*(\d{1,2})(?:[/.-](\d{1,2}))?(?:[ t]\d.*)?"), (1, 2, 3)),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), (3, 2, 1)),
)


def parse_period(value: object) -> tuple[int, int] | None:
    """(year, month) of "03/2025", "2025-03", "Tháng 3/2025", "T3/2025", or an Excel date.

    A full date must exist: "2023-02-30" is None, not February."""
    if isinstance(value, datetime | date):
        return value.year, value.month
    text = fold(str(value or "")).strip()
    serial = float(text) if re.fullmatch(r"\d{5}(?:\.\d+)?", text) else 0
    if 44_000 <= serial <= 80_000:  # an Excel date stored as a plain number: days since 1899
        day = EXCEL_EPOCH + timedelta(days=serial)
        return day.year, day.month
    for pattern, (y, m, d) in _PERIODS:
        match = pattern.fullmatch(text)
        if match and _exists(match, y, m, d):
            return int(match.group(y)), int(match.group(m))
    return None


def _exists(match: re.Match, y: int, m: int, d: int) -> bool:
    day = int(match.group(d)) if d and match.group(d) else 1
    try:
        date(int(match.group(y)), int(match.group(m)), day)
    except ValueError:
        return False
    return True


def parse_month(value: object) -> int | None:
    """A bare month ("3", "Tháng 3", "T3") for files with separate year and month columns."""
    match = re.fullmatch(r"(?:thang|t)?\s*(\d{1,2})(?:\.0+)?", fold(str(value or "")))
    return int(match.group(1)) if match and 1 <= int(match.group(1)) <= 12 else None


def parse_flag(value: object, default: bool | None) -> bool | None:
    """True for có/x/1/yes, False for không/0/no, ``default`` when blank, None when unknown."""
    key = name_key(str(value or ""))
    if not key:
        return default
    return True if key in TRUE_KEYS else False if key in FALSE_KEYS else None


def parse_region(value: object) -> str | None:
    """Region I, II or III from "KV3", "Khu vực III", 3 ...; None when it is none of them."""
    integral = _is_number(value) and float(value).is_integer()
    key = name_key(str(int(value)) if integral else str(value or ""))
    match = re.fullmatch(r"(?:xa)?(?:khuvuc|kv|region|vung)?(i{1,3}|[123])", key)
    if not match:
        return None
    return {"1": "I", "2": "II", "3": "III"}.get(match.group(1), match.group(1).upper())


def pad_code(text: pd.Series, width: int) -> pd.Series:
    """Codes that lost their leading zeros in Excel ("715", 715.0) padded back ("00715")."""
    text = text.str.lstrip("'").str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    digits = text.str.fullmatch(r"\d+").fillna(False).astype(bool)
    return text.where(~digits, text.str.zfill(width)).str.upper()
