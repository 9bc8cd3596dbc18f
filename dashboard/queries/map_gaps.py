"""Why a unit of the map has no figure: it is not in the program, the filter leaves it out, or it
has not reported for the period.

- **outside the filter**: the unit has figures for the period once the filters on region,
  project, source, kind and plan are lifted (the provinces stay: they are the viewer's), or it is
  a program commune of a region the filter leaves out;
- **not in the program**: otherwise, a unit with no program commune (a commune not classified as
  in the ethnic-minority and mountainous area; a district or province without such a commune);
- **no report**: a program unit with no figure for the period at all.

Each unit without a figure is counted once, in the first of these that applies, so the three
counts add up to the units the map draws without a figure.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

import pandas as pd
from sqlalchemy import Connection, Engine, select

from dashboard.models import AdminUnit
from dashboard.queries import connect
from dashboard.queries.scope import Scope

OUTSIDE_FILTER, NOT_IN_PROGRAM, NO_REPORT = "outside_filter", "not_in_program", "no_report"
GAPS = (NOT_IN_PROGRAM, OUTSIDE_FILTER, NO_REPORT)  # the order the legend lists them


def unfiltered(scope: Scope) -> Scope:
    """``scope`` without its filters on region, project, line, source, kind and plan: the same
    year, months, map and provinces."""
    return replace(scope, regions=(), projects=(), subprojects=(), sources=(), kinds=(),
                   carry_over=None)  # fmt: skip


def is_filtered(scope: Scope) -> bool:
    return unfiltered(scope) != scope


def program_units(bind: Engine | Connection, vintage: int, level: str) -> tuple[str, ...]:
    """Codes of the units of ``level`` on map ``vintage`` that hold a program commune."""
    column = {"commune": AdminUnit.code, "district": AdminUnit.district_code,
              "province": AdminUnit.province_code}[level]  # fmt: skip
    statement = select(column).distinct().where(
        AdminUnit.vintage == vintage, AdminUnit.level == "commune", AdminUnit.em_area,
        column.is_not(None),
    )  # fmt: skip
    with connect(bind) as conn:
        return tuple(sorted(conn.scalars(statement)))


def gap_counts(
    without: pd.DataFrame,
    program: Collection[str],
    unfiltered_with_data: Collection[str],
    scope: Scope,
    level: str,
) -> dict[str, int]:
    """How many of the units ``without`` a figure (columns code, region) are outside the filter,
    not in the program and without a report (``GAPS``, in that order of precedence);
    ``unfiltered_with_data``: the codes with a figure once the filters are lifted."""
    codes = without["code"]
    in_program = codes.isin(set(program))
    outside = codes.isin(set(unfiltered_with_data))
    if scope.regions and level == "commune":
        outside |= in_program & ~without["region"].isin(scope.regions)
    counts = {
        OUTSIDE_FILTER: int(outside.sum()),
        NOT_IN_PROGRAM: int((~outside & ~in_program).sum()),
        NO_REPORT: int((~outside & in_program).sum()),
    }
    return {gap: counts[gap] for gap in GAPS}
