"""The disbursement page's URL and the controls that change it.

URL: ``?year=2025&month=8&provinces=04,08&projects=DA4&sources=central&kinds=investment
&plan=current|carry_over&lang=en`` (``dashboard.filters``; the singular ``province=`` of older
links is read too). Provinces are codes of the map of the year's latest data
(``queries.disbursement.year_vintages``); a year link carries the ``vintage`` its province codes
are of, so the filter follows the year across the 2025 reform. ``filters_href`` turns the
dropdowns' values back into a URL, so back, reload and links all work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from callbacks import scoping
from callbacks.deps import Deps
from callbacks.disbursement.curve import tick
from callbacks.shell import href
from dashboard.filters import PLANS, Filters, from_query
from dashboard.i18n import t
from dashboard.models import KINDS, LEGACY, SOURCES
from dashboard.queries import DataStatus, available_years
from dashboard.queries import disbursement as queries
from layouts import ids
from layouts.disbursement import Filter
from layouts.shell import Link

PATH = "/disbursement"


FILTER_NAMES = ("provinces", "projects", "sources", "kinds", "plan")


def parse_params(raw: Mapping[str, object]) -> Filters:
    """The page's filters (``dashboard.filters``), ``province`` of older links read as
    ``provinces``."""
    if "provinces" not in raw and "province" in raw:
        raw = {**raw, "provinces": raw["province"]}
    return from_query(raw)


def filter_params(filters: Filters) -> dict[str, str | int | None]:
    """The dropdown filters as URL parameters (None: left out)."""
    params = filters.params()
    return {name: params[name] for name in FILTER_NAMES}


def filters_href(
    base: Mapping[str, object] | None,
    provinces: Sequence[str] | None,
    projects: Sequence[str] | None,
    sources: Sequence[str] | None,
    kinds: Sequence[str] | None,
    plan: str | None,
) -> str:
    """The page's URL for the dropdowns' values, keeping ``base`` (lang, year, month)."""
    chosen = from_query(
        {
            "provinces": provinces or (),
            "projects": projects or (),
            "sources": sources or (),
            "kinds": kinds or (),
            "plan": plan,
        }
    )
    keep = {key: (base or {}).get(key) for key in ("lang", "year", "month")}
    return href(PATH, **keep, **filter_params(chosen))


@dataclass(frozen=True)
class Basics:
    status: DataStatus
    years: list[int]
    vintages: dict[int, int]


def read_basics(deps: Deps) -> Basics:
    return Basics(deps.status(), deps.read(available_years), deps.read(queries.year_vintages))


def checked_filters(deps: Deps, params: Filters, vintage: int, lang: str) -> tuple[Filters, tuple]:
    """Valid filters (unknown provinces and projects dropped) and the dropdowns, which offer and
    show only the provinces the viewer may see."""
    every = deps.read(queries.province_options, vintage)
    provinces = scoping.only_visible(deps, every, vintage, "code")
    lines = deps.read(queries.catalogue)
    projects = lines.drop_duplicates("project")
    names = dict(zip(projects["project"], projects[f"project_{lang}"], strict=True))
    params = replace(
        params,
        provinces=tuple(c for c in params.provinces if c in set(every["code"])),
        projects=tuple(c for c in params.projects if c in names),
    )
    shown = tuple(c for c in params.provinces if c in set(provinces["code"]))
    any_label = t("label.all", lang)
    controls = (
        Filter(
            ids.DISB_PROVINCES,
            t("label.province", lang),
            tuple(zip(provinces["code"], provinces["name"], strict=True)),
            shown,
            placeholder=any_label,
        ),
        Filter(
            ids.DISB_PROJECTS,
            t("label.project", lang),
            tuple((code, f"{code} – {name}") for code, name in names.items()),
            params.projects,
            placeholder=any_label,
        ),
        Filter(
            ids.DISB_SOURCES,
            t("label.source", lang),
            tuple((s, t(f"capital.{s}", lang)) for s in SOURCES),
            params.sources,
            placeholder=any_label,
        ),
        Filter(
            ids.DISB_KINDS,
            t("label.kind", lang),
            tuple((k, t(f"kind.{k}", lang)) for k in KINDS),
            params.kinds,
            placeholder=any_label,
        ),
        Filter(
            ids.DISB_PLAN,
            t("disb.group.carry_over", lang),
            tuple((p, t(f"plan.{p}", lang)) for p in PLANS),
            params.plan,
            multi=False,
            placeholder=any_label,
        ),
    )
    return params, controls


def links(basics: Basics, params: Filters, year: int, month: int, upto: int, lang: str) -> dict:
    filters = filter_params(params)
    vintage = basics.vintages.get(year, LEGACY)

    def year_link(y: int) -> Link:
        # another year may be on the other map: say which map the province codes are of
        other = basics.vintages.get(y, LEGACY) != vintage
        codes_of = vintage if filters["provinces"] and other else None
        return Link(str(y), href(PATH, lang=lang, year=y, vintage=codes_of, **filters), y == year)

    return {
        "years": tuple(year_link(y) for y in basics.years),
        "months": tuple(
            Link(tick(m, lang), href(PATH, lang=lang, year=year, month=m, **filters), m == month)
            for m in range(1, upto + 1)
        ),
        "clear": Link(t("disb.clear", lang), href(PATH, lang=lang, year=year, month=month))
        if any(filters.values())
        else None,
    }
