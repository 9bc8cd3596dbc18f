"""The map explorer's state: everything a view depends on, read from the URL or the controls,
and how a click changes it. Plain values, tested without a browser."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from urllib.parse import urlencode

from callbacks import url_params
from dashboard import i18n
from dashboard.filters import Filters, from_query
from dashboard.models import REFORMED
from dashboard.queries import map as queries
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

    @property
    def filters(self) -> Filters:
        """The filters of the reads: the drilled province in place of the province filter."""
        return Filters(
            year=self.year,
            month=self.month,
            vintage=self.vintage,
            provinces=(self.province,) if self.province else self.provinces,
            regions=self.regions,
            projects=self.projects,
            sources=self.sources,
            kinds=self.kinds,
        )

    def query(self) -> str:
        params = {k: v for k, v in asdict(self).items() if v not in (None, (), [])}
        params = {k: ",".join(v) if isinstance(v, tuple) else v for k, v in params.items()}
        return "?" + urlencode(params)


def from_params(params: Mapping[str, object], default_lang: str) -> MapState:
    """A valid state from URL parameters or control values (anything unknown is dropped): the
    filters as ``dashboard.filters`` reads them (sorted, so one view has one URL and one cache
    key), the drill, metric and level of the map."""
    filters = from_query(params)
    vintage = filters.vintage or REFORMED
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
        year=filters.year,
        month=filters.month,
        vintage=vintage,
        level=level,
        metric=metric,
        province=province,
        unit=url_params.last(params.get("unit")) if level == "commune" else None,
        provinces=filters.provinces,
        regions=filters.regions,
        projects=filters.projects,
        sources=filters.sources,
        kinds=filters.kinds,
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
