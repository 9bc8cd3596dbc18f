"""The map explorer's state: everything a view depends on, read from the URL or the controls,
and how a click changes it. Plain values, tested without a browser."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from urllib.parse import urlencode

from callbacks import url_params
from dashboard import i18n
from dashboard.models import KINDS, LEGACY, REFORMED, REGIONS, SOURCES
from dashboard.queries import map as queries
from dashboard.queries.scope import Scope
from layouts import ids

METRICS = ("rate", "disbursed", "allocated", "remaining", "pace_gap", "region")
INDICATOR = "ind:"  # metric "ind:<CODE>": an indicator's values, per province only


def is_indicator(metric: str) -> bool:
    return metric.startswith(INDICATOR) and len(metric) > len(INDICATOR)


@dataclass(frozen=True)
class MapState:
    """Everything a view depends on; ``from_params`` reads it from the URL or the controls."""

    lang: str = "vi"
    year: int | None = None
    month: int | None = None
    vintage: int = REFORMED
    level: str = "province"
    metric: str = "rate"
    province: str | None = None  # drilled into
    unit: str | None = None  # commune shown in the detail panel
    provinces: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    def query(self) -> str:
        params = {k: v for k, v in asdict(self).items() if v not in (None, (), [])}
        params = {k: ",".join(v) if isinstance(v, tuple) else v for k, v in params.items()}
        return "?" + urlencode(params)


def _codes(value: object, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Sorted, so one view has one URL (and one cache key) whatever order it was chosen in."""
    return tuple(sorted(url_params.codes(value, allowed)))


def from_params(params: Mapping[str, object], default_lang: str) -> MapState:
    """A valid state from URL parameters or control values (anything unknown is dropped)."""
    vintage = url_params.as_int(params.get("vintage"))
    vintage = vintage if vintage in (LEGACY, REFORMED) else REFORMED
    level = url_params.last(params.get("level"))
    level = level if level in queries.LEVELS_OF[vintage] else "province"
    province = url_params.last(params.get("province"))
    if province and level == "province":
        level = "commune"
    metric = url_params.last(params.get("metric")) or ""
    metric = metric if metric in METRICS or is_indicator(metric) else "rate"
    if metric == "region" and level != "commune":
        metric = "rate"
    if is_indicator(metric):  # indicators are reported per province: shown on the province map
        level, province = "province", None
    return MapState(
        lang=i18n.normalize(params.get("lang"), default_lang),
        year=url_params.as_int(params.get("year")),
        month=url_params.as_int(params.get("month")),
        vintage=vintage,
        level=level,
        metric=metric,
        province=province,
        unit=url_params.last(params.get("unit")) if level == "commune" else None,
        provinces=_codes(params.get("provinces")),
        regions=_codes(params.get("regions"), REGIONS),
        projects=_codes(params.get("projects")),
        sources=_codes(params.get("sources"), SOURCES),
        kinds=_codes(params.get("kinds"), KINDS),
    )


def navigate(state: MapState, trigger: object, click: dict | None) -> MapState:
    """The state after a click on the map, a table row or a breadcrumb (``trigger``)."""
    code = None
    if isinstance(trigger, dict) and trigger.get("type") == ids.MAP_CRUMB:
        code = trigger["code"]
        if code == "VN":
            return replace(state, province=None, unit=None, level="province")
        return replace(state, province=code, unit=None)
    if isinstance(trigger, dict) and trigger.get("type") == ids.MAP_ROW:
        code = trigger["code"]
    elif trigger == ids.MAP_GRAPH and click and click.get("points"):
        code = click["points"][0].get("location")
    if not code:
        return state
    if state.level == "province":
        metric = "rate" if state.metric == "region" or is_indicator(state.metric) else state.metric
        return replace(state, province=code, level="commune", unit=None, metric=metric)
    if state.level == "commune":
        return replace(state, unit=None if state.unit == code else code)
    return state


def flat_params(state: MapState) -> dict:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(state).items()}


def scope_of(state: MapState, year: int, upto: int) -> Scope:
    return Scope(
        year=year,
        upto_month=upto,
        vintage=state.vintage,
        provinces=(state.province,) if state.province else state.provinces,
        regions=state.regions,
        projects=state.projects,
        sources=state.sources,
        kinds=state.kinds,
    )
