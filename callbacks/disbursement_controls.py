"""The disbursement page's URL and the controls that change it.

URL: ``?year=2025&month=8&province=04,08&project=DA4&source=central&kind=investment
&plan=current|carry_over&lang=en``. Provinces are codes of the map of the year's latest data
(``queries.disbursement.year_vintages``); ``filters_href`` turns the dropdowns' values back into a
URL, so back, reload and links all work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from callbacks import url_params
from callbacks.deps import Deps
from callbacks.disbursement_curve import tick
from callbacks.shell import href
from dashboard.i18n import t
from dashboard.models import KINDS, LEGACY, SOURCES
from dashboard.queries import DataStatus, available_years
from dashboard.queries import disbursement as queries
from layouts import ids
from layouts.disbursement import Filter
from layouts.shell import Link

PATH = "/disbursement"
PLANS = ("current", "carry_over")


@dataclass(frozen=True)
class Params:
    year: int | None = None
    month: int | None = None
    provinces: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    plan: str | None = None  # "current", "carry_over" or None (both)

    def filters(self) -> dict[str, str | None]:
        """The dropdown filters as URL parameters (None: left out)."""
        return {
            "province": ",".join(self.provinces) or None,
            "project": ",".join(self.projects) or None,
            "source": ",".join(self.sources) or None,
            "kind": ",".join(self.kinds) or None,
            "plan": self.plan,
        }


def parse_params(raw: Mapping[str, object]) -> Params:
    plan = url_params.last(raw.get("plan"))
    return Params(
        year=url_params.as_int(raw.get("year")),
        month=url_params.as_int(raw.get("month")),
        provinces=url_params.codes(raw.get("province")),
        projects=url_params.codes(raw.get("project")),
        sources=url_params.codes(raw.get("source"), SOURCES),
        kinds=url_params.codes(raw.get("kind"), KINDS),
        plan=plan if plan in PLANS else None,
    )


def filters_href(
    base: Mapping[str, object] | None,
    provinces: Sequence[str] | None,
    projects: Sequence[str] | None,
    sources: Sequence[str] | None,
    kinds: Sequence[str] | None,
    plan: str | None,
) -> str:
    """The page's URL for the dropdowns' values, keeping ``base`` (lang, year, month)."""
    chosen = parse_params(
        {
            "province": provinces or (),
            "project": projects or (),
            "source": sources or (),
            "kind": kinds or (),
            "plan": plan,
        }
    )
    keep = {key: (base or {}).get(key) for key in ("lang", "year", "month")}
    return href(PATH, **keep, **chosen.filters())


@dataclass(frozen=True)
class Basics:
    status: DataStatus
    years: list[int]
    vintages: dict[int, int]


def read_basics(deps: Deps) -> Basics:
    return Basics(deps.status(), deps.read(available_years), deps.read(queries.year_vintages))


def checked_filters(deps: Deps, params: Params, vintage: int, lang: str) -> tuple[Params, tuple]:
    """Valid parameters (unknown provinces and projects dropped) and the dropdowns."""
    provinces = deps.read(queries.province_options, vintage)
    lines = deps.read(queries.catalogue)
    projects = lines.drop_duplicates("project")
    names = dict(zip(projects["project"], projects[f"project_{lang}"], strict=True))
    params = replace(
        params,
        provinces=tuple(c for c in params.provinces if c in set(provinces["code"])),
        projects=tuple(c for c in params.projects if c in names),
    )
    any_label = t("disb.all", lang)
    controls = (
        Filter(
            ids.DISB_PROVINCES,
            t("disb.province", lang),
            tuple(zip(provinces["code"], provinces["name"], strict=True)),
            params.provinces,
            placeholder=any_label,
        ),
        Filter(
            ids.DISB_PROJECTS,
            t("disb.project", lang),
            tuple((code, f"{code} – {name}") for code, name in names.items()),
            params.projects,
            placeholder=any_label,
        ),
        Filter(
            ids.DISB_SOURCES,
            t("disb.group.source", lang),
            tuple((s, t(f"disb.source.{s}", lang)) for s in SOURCES),
            params.sources,
            placeholder=any_label,
        ),
        Filter(
            ids.DISB_KINDS,
            t("disb.group.kind", lang),
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


def links(basics: Basics, params: Params, year: int, month: int, upto: int, lang: str) -> dict:
    filters = params.filters()
    vintage = basics.vintages.get(year, LEGACY)

    def year_link(y: int) -> Link:
        kept = dict(filters)
        if basics.vintages.get(y, LEGACY) != vintage:
            kept["province"] = None  # another map: its province codes differ
        return Link(str(y), href(PATH, lang=lang, year=y, **kept), y == year)

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
