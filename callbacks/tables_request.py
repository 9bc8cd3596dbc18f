"""The tables page's view as its URL asks for it (``?year=2026&month=10&vintage=2025&province=08
&project=DA4&source=central&kind=investment&q=...``), checked against the database: a year without
data, a boundary set the year has no data on, or a unit that does not exist falls back to what can
be shown, with a notice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from callbacks import url_params
from callbacks.deps import Deps
from callbacks.shell import href
from dashboard.i18n import t
from dashboard.models import KINDS, LEGACY, SOURCES
from dashboard.queries import available_years, default_year, upto_month_for
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

    @property
    def scope(self) -> Scope:
        return Scope(
            year=self.year,
            upto_month=self.month,
            vintage=self.place.vintage,
            projects=(self.project,) if self.project else (),
            sources=(self.source,) if self.source else (),
            kinds=(self.kind,) if self.kind else (),
        )

    def href(self, **changes: object) -> str:
        """This view's URL with ``changes`` (None drops a parameter)."""
        params = {
            "lang": self.lang,
            "year": self.year,
            "month": self.month if self.explicit_month else None,
            "vintage": self.place.vintage,
            "province": self.place.province,
            "district": self.place.district,
            "project": self.project,
            "source": self.source,
            "kind": self.kind,
            "q": self.q or None,
        }
        return href(PATH, **{**params, **changes})


def request_from(deps: Deps, params: Mapping[str, object], lang: str) -> Request | None:
    """The view the URL asks for; None when the database holds no plan or disbursement."""

    def last(name: str) -> str | None:
        return url_params.last(params.get(name))

    status, years = deps.status(), deps.read(available_years)
    if not years:
        return None
    asked = url_params.as_int(params.get("year"))
    year = asked if asked in years else default_year(years, status.data_as_of)
    notices = (
        [] if asked in (None, year) else [t("info.year_missing", lang, asked=asked, year=year)]
    )
    month = url_params.as_int(params.get("month"))
    explicit = month is not None and 1 <= month <= 12
    choices = deps.read(vintage_choices, year)
    vintage = url_params.as_int(params.get("vintage"))
    if vintage is not None and vintage not in choices:
        notices.append(t("tables.vintage_missing", lang, year=year))
    vintage = vintage if vintage in choices else choices[0]
    projects = deps.read(project_codes)
    project, source, kind = last("project"), last("source"), last("kind")
    return Request(
        lang=lang,
        year=year,
        month=month if explicit else upto_month_for(year, status.data_as_of),
        place=_place(deps, vintage, last("province"), last("district")),
        project=project if project in projects else None,
        source=source if source in SOURCES else None,
        kind=kind if kind in KINDS else None,
        q=(last("q") or "")[:100],
        explicit_month=explicit,
        notices=tuple(notices),
    )


def _place(deps: Deps, vintage: int, province: str | None, district: str | None) -> Place:
    """Only codes of units that exist in the vintage; a district only on legacy units."""
    codes = tuple(c for c in (province, district) if c)
    names = deps.read(unit_names, vintage, codes) if codes else {}
    if province not in names:
        return Place(vintage)
    if vintage != LEGACY or district not in names:
        return Place(vintage, province)
    return Place(vintage, province, district)
