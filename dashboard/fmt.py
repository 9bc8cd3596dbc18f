"""Money, number, percent and month formatting in Vietnamese (default) and English.

Vietnamese groups thousands with "." and writes decimals after ",": ``1.234,5 tỷ đồng``, ``12,3%``.
English: ``1,234.5 billion VND``, ``12.3%``. Money comes in as integer VND and is scaled with
``Decimal`` (exact), then rounded half up (away from zero on a tie, for negative amounts too).
"""

from __future__ import annotations

import html
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

Lang = Literal["vi", "en"]
MoneyUnit = Literal["ty", "trieu", "dong", "auto"]

BILLION = 1_000_000_000
MILLION = 1_000_000
_SCALE = {"ty": 9, "trieu": 6, "dong": 0}
_UNIT_NAMES = {
    "vi": {"ty": "tỷ đồng", "trieu": "triệu đồng", "dong": "đồng"},
    "en": {"ty": "billion VND", "trieu": "million VND", "dong": "VND"},
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DASH = "–"  # shown where there is no value (e.g. a rate with nothing allocated)


def _decimal(x: int | float | Decimal | Fraction) -> Decimal:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int):
        return Decimal(x)
    if isinstance(x, Fraction):
        return Decimal(x.numerator) / Decimal(x.denominator)
    # repr gives the shortest decimal that round-trips, so 0.125 rounds like the 0.125 it means
    return Decimal(repr(float(x)))


def _group(value: Decimal, lang: str, decimals: int) -> str:
    """``value`` rounded half up to ``decimals`` places, with the language's separators."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)  # never "-0,0"
    text = f"{rounded:,.{decimals}f}"
    if lang == "vi":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def unit_for(vnd: int) -> Literal["ty", "trieu", "dong"]:
    """The unit ``money(..., unit="auto")`` picks: tỷ from a billion, triệu from a million."""
    size = abs(vnd)
    if size >= BILLION:
        return "ty"
    return "trieu" if size >= MILLION else "dong"


def unit_name(unit: Literal["ty", "trieu", "dong"], lang: str) -> str:
    """ "tỷ đồng" / "billion VND" and so on, as written after an amount or as an axis title."""
    return _UNIT_NAMES[_lang(lang)][unit]


def amount(vnd: int, lang: str = "vi", unit: MoneyUnit = "ty", decimals: int | None = None) -> str:
    """The number part of ``money``: ``amount(1_234_500_000_000, "vi")`` -> ``"1.234,5"``."""
    if not isinstance(vnd, int):
        raise TypeError(f"money takes integer VND, got {type(vnd).__name__}")
    chosen = unit_for(vnd) if unit == "auto" else unit
    places = (0 if chosen == "dong" else 1) if decimals is None else decimals
    return _group(Decimal(vnd).scaleb(-_SCALE[chosen]), _lang(lang), places)


def money(vnd: int, lang: str = "vi", unit: MoneyUnit = "ty", decimals: int | None = None) -> str:
    """``money(1_234_500_000_000, "vi")`` -> ``"1.234,5 tỷ đồng"``, exact before rounding.

    ``unit="auto"`` picks tỷ, triệu or đồng by size; ``decimals`` defaults to 1 for tỷ and triệu
    and 0 for đồng.
    """
    chosen = unit_for(vnd) if unit == "auto" and isinstance(vnd, int) else unit
    return f"{amount(vnd, lang, chosen, decimals)} {_UNIT_NAMES[_lang(lang)][chosen]}"


def scaled(vnd: int, unit: Literal["ty", "trieu", "dong"] = "ty") -> float:
    """An amount in the unit as a float, for chart axes (labels use ``money``, which is exact)."""
    return float(Decimal(vnd).scaleb(-_SCALE[unit]))


def number(x: int | float | Decimal | Fraction | None, lang: str = "vi", decimals: int = 0) -> str:
    """``number(1234.56, "vi", 1)`` -> ``"1.234,6"``; ``None`` -> ``"–"``."""
    if x is None:
        return DASH
    return _group(_decimal(x), _lang(lang), decimals)


def percent(
    ratio: int | float | Decimal | Fraction | None, lang: str = "vi", decimals: int = 1
) -> str:
    """``percent(0.123, "vi")`` -> ``"12,3%"``; ``None`` (no denominator) -> ``"–"``."""
    if ratio is None:
        return DASH
    return f"{_group(_decimal(ratio) * 100, _lang(lang), decimals)}%"


def month_label(year: int, month: int, lang: str = "vi") -> str:
    """``"tháng 10/2026"`` or ``"Oct 2026"``."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    if _lang(lang) == "en":
        return f"{_MONTHS_EN[month - 1]} {year}"
    return f"tháng {month}/{year}"


def month_name(month: int, lang: str = "vi") -> str:
    """``"tháng 10"`` or ``"Oct"``: a month when the year is clear from elsewhere."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    return _MONTHS_EN[month - 1] if _lang(lang) == "en" else f"tháng {month}"


def month_short(month: int, lang: str = "vi") -> str:
    """``"T10"`` or ``"Oct"``: a month as a narrow column's header."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    return _MONTHS_EN[month - 1] if _lang(lang) == "en" else f"T{month}"


def day_month(day: date, lang: str = "vi") -> str:
    """``"05/09"`` or ``"5 Sep"``: a day when the year is clear from elsewhere."""
    if _lang(lang) == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]}"
    return f"{day.day:02d}/{day.month:02d}"


def date_label(day: date, lang: str = "vi") -> str:
    """``"20/11/2026"`` or ``"20 Nov 2026"``."""
    if _lang(lang) == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _lang(lang: str) -> Lang:
    return "en" if lang == "en" else "vi"


def plot_text(value: object) -> str:
    """A name as plotly shows it literally: plotly reads ``<a>``, ``<b>``, ``<br>`` and entities
    in labels, hover text and annotations, and ``%{...}`` in hover templates, so a name holding
    them would become a link or markup. Escaped, plotly turns the entities back into the text."""
    return html.escape(str(value), quote=False).replace("%", "&#37;")
