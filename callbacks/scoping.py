"""Filters of a request made into the scope of its reads: the one place where pages meet the
viewer's grants (``dashboard.filters``). Every page resolves its ``Filters`` with ``calendar`` and
builds the scope of its reads with ``scope_of``; lists of provinces it shows (options, rankings,
unit lists) are cut to ``visible``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from callbacks.access import current_viewer
from callbacks.deps import Deps
from dashboard.filters import VINTAGES, Calendar, Filters, granted_provinces
from dashboard.i18n import t
from dashboard.models import REFORMED
from dashboard.queries import available_years
from dashboard.queries import map as map_queries
from dashboard.queries.scope import NOWHERE, Scope, read_province_map


def province_map(deps: Deps) -> dict[str, str]:
    return deps.read(read_province_map)


def calendar(deps: Deps) -> Calendar:
    years = tuple(deps.read(available_years))
    return Calendar(years, deps.status().data_as_of, province_map(deps))


def resolve(
    deps: Deps,
    filters: Filters,
    vintages: Sequence[int] | Callable[[int], Sequence[int]] = VINTAGES,
) -> Filters:
    return filters.resolve(calendar(deps), vintages)


def scope_of(deps: Deps, filters: Filters) -> Scope:
    """The scope of the reads of resolved ``filters``, narrowed to the viewer's grants."""
    return filters.to_scope(current_viewer(), province_map(deps))


def visible(deps: Deps, vintage: int) -> tuple[str, ...] | None:
    """The provinces of ``vintage`` the viewer may see; None: every province."""
    return granted_provinces(current_viewer(), vintage, province_map(deps))


def may_see(deps: Deps, vintage: int, province: str | None) -> bool:
    shown = visible(deps, vintage)
    return shown is None or province in shown


def only_visible(deps: Deps, frame: pd.DataFrame, vintage: int, column: str) -> pd.DataFrame:
    """The rows of ``frame`` whose ``column`` holds a province the viewer may see."""
    shown = visible(deps, vintage)
    return frame if shown is None else frame[frame[column].isin(shown)]


def grant_scope(deps: Deps, year: int = 0, month: int = 12) -> Scope | None:
    """For reads of national figures: the viewer's provinces as a post-reform scope (None for a
    viewer who sees every province; the national sums are then the plain ones)."""
    shown = visible(deps, REFORMED)
    if shown is None:
        return None
    return Scope(year=year, upto_month=month, vintage=REFORMED, provinces=shown or (NOWHERE,))


def granted_note(deps: Deps, lang: str) -> str | None:
    """ "Total of your provinces (2): A, B", said beside national figures of a scoped viewer
    (None for a viewer who sees every province)."""
    shown = visible(deps, REFORMED)
    if shown is None:
        return None
    units = deps.read(map_queries.units, REFORMED, "province")
    names = dict(zip(units["code"], units["short_name"], strict=True))
    listed = ", ".join(names.get(code, code) for code in shown) or "–"
    return t("scope.granted", lang, count=len(shown), names=listed)
