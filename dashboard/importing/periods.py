"""The period a report states once, in its title lines or its headers, instead of per row.

"(Số liệu tính đến ngày 30/9/2023)", "Báo cáo 9 tháng năm 2023", "Quý III/2023", "Tháng 9 năm
2023" give a year and a month; "Năm 2023" and "Kế hoạch năm 2025" a year; "Lũy kế từ đầu năm đến
hết tháng 9" a month. Dates count only after "đến" (to), so the date of a decision quoted in a
title ("Quyết định 1719/QĐ-TTg ngày 14/10/2021") is not read as the period, and spans of years
("giai đoạn 2021-2025") are not read as one year. Every place that states a year or a month must
agree with the others; the command line's ``--year``/``--month`` win over all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dashboard.importing.context import Context
from dashboard.importing.report import ImportFailed
from dashboard.importing.values import parse_period, per_value
from dashboard.text import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(?:nam\s*)?(\d{4})(?!\s*[-–]\s*\d{4})"
# (pattern, group of the year or 0, group of the month or 0, what the month group holds)
_PATTERNS: tuple[tuple[re.Pattern, int, int, str], ...] = (
    (
        re.compile(r"den\s*(?:het\s*)?(?:ngay\s*)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"),
        3,
        2,
        "d",
    ),
    (re.compile(rf"\b(\d{{1,2}})\s*thang\s*(?:dau\s*)?(?:cua\s*)?{_YEAR}"), 2, 1, "m"),
    (re.compile(rf"\bquy\s*(iv|iii|ii|i|[1-4])\s*(?:/|-|nam)?\s*{_YEAR}"), 2, 1, "q"),
    (re.compile(rf"\bthang\s*(\d{{1,2}})\s*(?:/|-|nam)?\s*{_YEAR}"), 2, 1, "m"),
    (re.compile(r"\b(?:het|den|toi)\s*thang\s*(\d{1,2})\b(?!\s*/)"), 0, 1, "m"),
    (re.compile(r"\bnam\s*(\d{4})\b(?!\s*[-–]\s*\d{4})"), 1, 0, ""),
)


@dataclass
class Stated:
    """Years and months found, each with the text that states it."""

    years: dict[int, str] = field(default_factory=dict)
    months: dict[int, str] = field(default_factory=dict)

    def read(self, text: str) -> None:
        folded = " ".join(fold(text).split())
        taken: list[tuple[int, int]] = []
        for pattern, y, m, what in _PATTERNS:
            for match in pattern.finditer(folded):
                if any(a <= match.start() < b for a, b in taken):
                    continue  # "tháng 9 năm 2023" is not read again as "năm 2023"
                taken.append(match.span())
                self._add(match, y, m, what, text)

    def _add(self, match: re.Match, y: int, m: int, what: str, text: str) -> None:
        month = _month(match, m, what) if m else None
        if what == "d" and not _exists(int(match.group(y)), month or 0, int(match.group(1))):
            return
        if y:
            self.years.setdefault(int(match.group(y)), text)
        if month and 1 <= month <= 12:
            self.months.setdefault(month, text)

    def one(self, name: str, what: str, found: dict[int, str]) -> int | None:
        """The one value stated, or ImportFailed naming two places that disagree."""
        if len(found) > 1:
            (a, where_a), (b, where_b) = sorted(found.items())[:2]
            raise ImportFailed(
                f"{name}: the report states two {what}s, {a} ('{where_a}') and {b} "
                f"('{where_b}'); correct the file, or give --{what} on the command line"
            )
        return next(iter(found), None)


def _month(match: re.Match, group: int, what: str) -> int:
    text = match.group(group)
    if what == "q":
        return 3 * (_ROMAN.get(text) or int(text))
    return int(text)


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def stated_period(
    name: str, texts: list[str], year: int | None = None, month: int | None = None,
    wanted: tuple[str, ...] = ("year", "month"),
) -> tuple[int | None, int | None]:  # fmt: skip
    """(year, month) stated by ``texts`` (title lines and headers); ``year``/``month`` given on
    the command line replace what the texts say. Only the ``wanted`` ones must agree."""
    stated = Stated()
    for text in texts:
        if text:
            stated.read(text)
    if year is None and "year" in wanted:
        year = stated.one(name, "year", stated.years)
    if month is None and "month" in wanted:
        month = stated.one(name, "month", stated.months)
    return year, month


def fill_period(ctx: Context) -> None:
    """Give a file without year or period columns the period its report states, as columns."""
    rows, plan, paid = ctx.rows, ctx.kind in PLAN_KINDS, ctx.kind in PAID_KINDS
    if "period" in rows and "year" not in rows and plan:  # a plan's year is its period's
        rows["year"] = per_value(rows.period, lambda t: str((parse_period(t) or ("",))[0]))
        ctx.header.displays["year"] = ctx.shown("period")
    need_year = plan and "year" not in rows or paid and "period" not in rows and "year" not in rows
    need_month = paid and "period" not in rows
    if not (need_year or need_month):
        return
    o = ctx.options
    wanted = ("year",) * need_year + ("month",) * need_month
    year, month = stated_period(ctx.name, ctx.header.titles, o.year, o.month, wanted)
    if need_month and month is None:
        raise ImportFailed(f"{ctx.name}: {NO_MONTH}")
    if need_year and year is None:
        raise ImportFailed(f"{ctx.name}: {NO_YEAR}")
    if "year" not in rows:
        rows["year"] = str(year)
        ctx.header.displays["year"] = STATED
    if need_month:
        rows["period"] = str(month) if year is None else f"{month}/{year}"
        ctx.header.displays["period"] = STATED


PLAN_KINDS = ("capital_plan", "plan_and_disbursement")
PAID_KINDS = ("disbursement", "plan_and_disbursement")
STATED = "period of the report"
NO_YEAR = (
    "no column for the year, and the report does not state it; expected a Năm column, a "
    "title such as 'Báo cáo 9 tháng năm 2023' or a header such as 'Kế hoạch năm 2023', or "
    "--year on the command line"
)
NO_MONTH = (
    "no column for the reporting period, and the report does not state to which month its "
    "disbursement runs; expected a Kỳ báo cáo column, a title such as '(Số liệu tính đến ngày "
    "30/9/2023)' or a header such as 'Lũy kế đến hết tháng 9', or --month on the command line"
)
