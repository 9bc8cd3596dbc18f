"""Budget lines (sub-projects) and programs, as written in reports.

"DA4.1", "TDA 4.1", "Tiểu dự án 1 Dự án 4", "Dự án 4 - Tiểu dự án 1" and "4.1" all mean line
DA4.1; "Dự án 1" is DA1. Separate project and sub-project columns ("Dự án 4" | "Tiểu dự án 1")
combine the same way. Codes that follow no such pattern are matched as written.
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard.importing.values import lookup, per_value, per_values
from dashboard.text import fold, name_key

_SUB = r"(?:tieu du an|tda)"
_PROJECT = r"(?:du an|da)"
_PATTERNS = (
    (re.compile(rf"{_SUB}\s*(\d+)\D*?{_PROJECT}\s*(\d+)\b.*"), (2, 1)),
    (re.compile(rf"{_PROJECT}\s*(\d+)\D*?{_SUB}\s*(\d+)\b.*"), (1, 2)),
    (re.compile(rf"(?:{_PROJECT}|{_SUB})?\s*(\d+)(?:\s*[.,]\s*(\d+))?(?:\s*[:.\-].*)?"), (1, 2)),
)
_SUB_ONLY = re.compile(rf"{_SUB}\s*(\d+)(?:\s*[:.\-].*)?|(\d+)")


def line_code(text: str) -> str:
    """The catalogue-style code of a line cell ("Tiểu dự án 1 Dự án 4" -> "DA4.1")."""
    folded = fold(text).strip()
    for pattern, (project, sub) in _PATTERNS:
        match = pattern.fullmatch(folded)
        if match:
            code = f"DA{int(match.group(project))}"
            return f"{code}.{int(match.group(sub))}" if match.group(sub) else code
    return text.strip().upper()


def combined_code(project: str, sub: str) -> str:
    """The line of separate project and sub-project cells ("DA4" | "TDA 1" or "1")."""
    if not sub:
        return line_code(project) if project else ""
    full = line_code(sub)
    match = _SUB_ONLY.fullmatch(fold(sub).strip())
    if match and project and "." not in full:
        return f"{line_code(project)}.{int(match.group(1) or match.group(2))}"
    return full


class Lines:
    def __init__(self, lines: pd.DataFrame, programs: pd.DataFrame) -> None:
        """``lines``: program_code, code, id; ``programs``: code, name_vi, name_en, start/end."""
        self.ids = {
            (p, name_key(c)): int(i)
            for p, c, i in zip(lines.program_code, lines.code, lines.id, strict=True)
        }
        self.programs = programs.sort_values("start_year")
        self.program_keys = {}
        for row in self.programs.itertuples():
            for text in (row.code, row.name_vi, row.name_en):
                self.program_keys[name_key(str(text))] = row.code

    def program_of_year(self, year: int) -> str | None:
        """The program whose period covers ``year`` (the latest starting one when several do)."""
        covering = self.programs[
            (self.programs.start_year <= year) & (self.programs.end_year >= year)
        ]
        return None if covering.empty else str(covering.code.iloc[-1])

    def programs_for(self, named: pd.Series, years: pd.Series) -> pd.Series:
        """Program code per row: as named in a program column, else by the row's year."""
        by_name = lookup(per_value(named, name_key), self.program_keys)
        by_year = per_value(years, lambda y: None if pd.isna(y) else self.program_of_year(int(y)))
        return by_name.where(named.ne(""), by_year)

    def ids_for(self, programs: pd.Series, codes: pd.Series) -> pd.Series:
        ids = self.ids
        return per_values(lambda p, c: ids.get((p, name_key(c or ""))), programs, codes)
