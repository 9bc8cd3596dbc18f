"""One filter vocabulary for every page: ``Filters`` read from URL parameters, resolved against
the data once, and turned into the ``Scope`` every read takes, where the viewer's grants apply.

URL parameters (every page reads the same names; lists are comma-separated or repeated):

``year``, ``month`` (months 1-12, "up to"), ``vintage`` (2024 legacy, 2025 post-reform: the map
looked at, and the boundary set of the province codes given), ``provinces``, ``regions`` (I, II,
III), ``projects`` (DA1..DA10), ``sources``, ``kinds`` and ``plan`` (``current`` or
``carry_over``; both when absent). ``project``, ``source``, ``kind`` and ``region`` are read as
their plural. ``province`` is not a filter: on the map and the tables it is the place drilled into.

Every list a request carries is bounded (``MAX_CODES`` values of at most ``MAX_CODE_LENGTH``
characters): any callback can be called over HTTP with any values.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from dashboard.access import Viewer
from dashboard.models import KINDS, LEGACY, REFORMED, REGIONS, SOURCES
from dashboard.queries import default_year, upto_month_for
from dashboard.queries.scope import NOWHERE, Scope

MAX_CODES = 100  # more than the 63 legacy provinces; far fewer than a hostile request sends
MAX_CODE_LENGTH = 16
PLANS = ("current", "carry_over")
VINTAGES = (LEGACY, REFORMED)
ALIASES = {"project": "projects", "source": "sources", "kind": "kinds", "region": "regions"}
LIST_NAMES = ("provinces", "regions", "projects", "sources", "kinds")


# ---- reading parameters ------------------------------------------------------------------------


def last(value: object) -> str | None:
    """The parameter's text (the last of a repeat); None when missing or blank."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    text = str(value).strip() if value is not None else ""
    return text or None


def as_int(value: object) -> int | None:
    """``"2025"`` -> 2025; None when missing or not a whole number (of at most 9 digits)."""
    text = last(value)
    if text is None or len(text) > 9:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def codes(value: object, allowed: Collection[str] | None = None) -> tuple[str, ...]:
    """``"04,08"``, ``["04", "08"]`` or ``["04,08"]`` -> ``("04", "08")``: in order, blanks,
    repeats and overlong codes dropped, only codes in ``allowed`` when given, at most
    ``MAX_CODES`` of them."""
    items = value[: MAX_CODES * 4] if isinstance(value, list | tuple) else [value]
    limit = MAX_CODES * (MAX_CODE_LENGTH + 1) * 4
    parts = [p for item in items if item is not None for p in str(item)[:limit].split(",")]
    found = dict.fromkeys(p.strip() for p in parts)
    kept = (c for c in found if c and len(c) <= MAX_CODE_LENGTH)
    return tuple(c for c in kept if allowed is None or c in allowed)[:MAX_CODES]


# ---- the filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What a view is filtered on. From the URL some fields may be None (not asked); after
    ``resolve`` year, month and vintage are set and the province codes are of ``vintage``."""

    year: int | None = None
    month: int | None = None
    vintage: int | None = None
    provinces: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    plan: str | None = None

    def params(self) -> dict[str, str | int | None]:
        """The URL parameters of these filters (None: left out)."""
        lists = {name: ",".join(getattr(self, name)) or None for name in LIST_NAMES}
        return {"year": self.year, "month": self.month, "vintage": self.vintage, **lists,
                "plan": self.plan}  # fmt: skip

    def resolve(
        self,
        calendar: Calendar,
        vintages: Sequence[int] | Callable[[int], Sequence[int]] = VINTAGES,
    ) -> Filters:
        """Defaults filled once: the year (the data-as-of year, else the latest with data), the
        months reported in it, the vintage (the first of ``vintages`` the page allows, or of
        ``vintages(year)``, unless one of them was asked for), the province codes carried to
        that vintage."""
        if not calendar.years:
            raise LookupError("no plan or disbursement in the database")
        year = self.year if self.year in calendar.years else default_year(
            list(calendar.years), calendar.as_of)  # fmt: skip
        upto = upto_month_for(year, calendar.as_of)
        month = self.month if self.month is not None and 1 <= self.month <= upto else upto
        allowed = vintages(year) if callable(vintages) else vintages
        vintage = self.vintage if self.vintage in allowed else allowed[0]
        asked_in = self.vintage if self.vintage in VINTAGES else vintage
        provinces = translate(self.provinces, asked_in, vintage, calendar.province_map)
        return replace(self, year=year, month=month, vintage=vintage, provinces=provinces)

    def to_scope(self, viewer: Viewer, province_map: Mapping[str, str]) -> Scope:
        """The scope of a read: these (resolved) filters, the provinces narrowed to those the
        viewer may see. A scoped viewer asking for no province gets all of theirs; asking only
        for others gets a scope that matches no row."""
        if self.year is None or self.month is None or self.vintage is None:
            raise ValueError("resolve the filters before building a scope")
        provinces = self.provinces
        granted = granted_provinces(viewer, self.vintage, province_map)
        if granted is not None:
            provinces = tuple(c for c in provinces if c in granted) if provinces else granted
            provinces = provinces or (NOWHERE,)
        return Scope(
            year=self.year,
            upto_month=self.month,
            vintage=self.vintage,
            provinces=provinces,
            regions=self.regions,
            projects=self.projects,
            sources=self.sources,
            kinds=self.kinds,
            carry_over=None if self.plan is None else self.plan == "carry_over",
        )


def from_query(params: Mapping[str, object]) -> Filters:
    """The filters a URL's parameters (or a page's control values) ask for; anything unknown is
    dropped, so a hand-edited link shows the default view instead of an error."""

    def listed(name: str, allowed: Collection[str] | None = None) -> tuple[str, ...]:
        singular = next((k for k, v in ALIASES.items() if v == name), None)
        values = [*codes(params.get(name), allowed), *codes(params.get(singular), allowed)]
        return tuple(sorted(dict.fromkeys(values)))[:MAX_CODES]

    vintage = as_int(params.get("vintage"))
    plan = last(params.get("plan"))
    return Filters(
        year=as_int(params.get("year")),
        month=as_int(params.get("month")),
        vintage=vintage if vintage in VINTAGES else None,
        provinces=listed("provinces"),
        regions=listed("regions", REGIONS),
        projects=listed("projects"),
        sources=listed("sources", SOURCES),
        kinds=listed("kinds", KINDS),
        plan=plan if plan in PLANS else None,
    )


# ---- the calendar of the data and the boundary sets -----------------------------------------


@dataclass(frozen=True)
class Calendar:
    """What resolving filters needs of the data: the years with data, the data-as-of month and
    the legacy -> post-reform province map."""

    years: tuple[int, ...]
    as_of: tuple[int, int] | None
    province_map: Mapping[str, str]


def translate(
    provinces: tuple[str, ...], source: int, target: int, province_map: Mapping[str, str]
) -> tuple[str, ...]:
    """Province codes of vintage ``source`` as codes of ``target``: an old province becomes the
    new province it went into, a new province the old provinces that merged into it."""
    if source == target or not provinces:
        return provinces
    if source == LEGACY:
        found = {province_map[c] for c in provinces if c in province_map}
    else:
        found = {old for old, new in province_map.items() if new in provinces}
    return tuple(sorted(found))


def granted_provinces(
    viewer: Viewer, vintage: int, province_map: Mapping[str, str]
) -> tuple[str, ...] | None:
    """The provinces of ``vintage`` the viewer may see (None: every province). Grants are
    post-reform provinces; on the legacy map they cover the old provinces merged into them."""
    if viewer.provinces is None:
        return None
    return translate(tuple(sorted(viewer.provinces)), REFORMED, vintage, province_map)
