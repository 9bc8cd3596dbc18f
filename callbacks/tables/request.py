"""The tables page's view as its URL asks for it (``?year=2026&month=10&vintage=2025&province=08
&projects=DA4&sources=central&kinds=investment&q=...``), checked against the database: a year
without data, a boundary set the year has no data on, or a unit that does not exist falls back to
what can be shown, with a notice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from callbacks import scoping, url_params
from callbacks.deps import Deps
from callbacks.shell import href
from dashboard.filters import Filters, from_query
from dashboard.i18n import t
from dashboard.models import LEGACY
from dashboard.queries import map as map_queries
from dashboard.queries.scope import Scope
from dashboard.queries.tables import Place, project_codes, unit_names, vintage_choices

PATH = "/tables"


@dataclass(frozen=True)
class Request:
    """A validated view: what the URL asks for, corrected where it cannot be shown."""

    lang: str
    year: int
    month: int
    place: Place
    project: str | None = None
    source: str | None = None
    kind: str | None = None
    q: str = ""
    explicit_month: bool = False
    notices: tuple[str, ...] = ()
    scope: Scope = field(default=None, repr=False)  # type: ignore[assignment]  # set by request_from

    def href(self, **changes: object) -> str:
        """This view's URL with ``changes`` (None drops a parameter)."""
        params = {
            "lang": self.lang,
            "year": self.year,
            "month": self.month if self.explicit_month else None,
            "vintage": self.place.vintage,
            "province": self.place.province,
            "district": self.place.district,
            "projects": self.project,
            "sources": self.source,
            "kinds": self.kind,
            "q": self.q or None,
        }
        return href(PATH, **{**params, **changes})


def _asked(params: Mapping[str, object], projects: tuple[str, ...]) -> Filters:
    """The filters of the URL the tables take: one project, source and kind at most."""
    asked = from_query(params)
    known = tuple(p for p in asked.projects if p in projects)
    return replace(asked, provinces=(), regions=(), plan=None, projects=known[:1],
                   sources=asked.sources[:1], kinds=asked.kinds[:1])  # fmt: skip


def _notices(deps: Deps, asked: Filters, filters: Filters, lang: str) -> tuple[str, ...]:
    """What was asked for and cannot be shown, and whose figures these are."""
    notices = []
    if asked.year not in (None, filters.year):
        notices.append(t("info.year_missing", lang, asked=asked.year, year=filters.year))
    if asked.vintage not in (None, filters.vintage):
        notices.append(t("tables.vintage_missing", lang, year=filters.year))
    return (*notices, *(note for note in (scoping.granted_note(deps, lang),) if note))


def request_from(deps: Deps, params: Mapping[str, object], lang: str) -> Request | None:
    """The view the URL asks for (its filters read and resolved by ``dashboard.filters``, one
    project, source and kind at most); None when the database holds no plan or disbursement."""
    calendar = scoping.calendar(deps)
    if not calendar.years:
        return None
    asked = _asked(params, deps.read(project_codes))
    filters = asked.resolve(calendar, lambda year: deps.read(vintage_choices, year))
    last = url_params.last
    place = _place(
        deps, filters.vintage, last(params.get("province")), last(params.get("district"))
    )
    return Request(
        lang=lang,
        year=filters.year,
        month=filters.month,
        place=place,
        project=next(iter(filters.projects), None),
        source=next(iter(filters.sources), None),
        kind=next(iter(filters.kinds), None),
        q=(last(params.get("q")) or "")[:100],
        explicit_month=asked.month is not None and 1 <= asked.month <= 12,
        notices=_notices(deps, asked, filters, lang),
        scope=scoping.scope_of(deps, filters),
    )


def _place(deps: Deps, vintage: int, province: str | None, district: str | None) -> Place:
    """Only codes of units that exist in the vintage, in a province the viewer may see; a
    district only on legacy units."""
    codes = tuple(c for c in (province, district) if c)
    names = deps.read(unit_names, vintage, codes) if codes else {}
    if province not in names or not scoping.may_see(deps, vintage, province):
        return Place(vintage)
    if vintage != LEGACY or district not in names:
        return Place(vintage, province)
    districts = deps.read(map_queries.units, LEGACY, "district")
    if not (districts["code"].eq(district) & districts["province_code"].eq(province)).any():
        return Place(vintage, province)  # a district of another province
    return Place(vintage, province, district)
