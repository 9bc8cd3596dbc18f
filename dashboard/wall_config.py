"""Playlists of the operating-centre wall display (``/wall``): parsing and validation, no Dash.

A panel is written as a token, in a URL (``panels=kpis,map,scurve:project=DA1|DA4;year=2025,
province:14``) or in a TOML playlist file, where a panel may also be a table
(``{ panel = "scurve", project = ["DA1"], year = 2025 }``). ``province:14`` is short for
``province:province=14``. List values are separated by ``|`` in a URL.

Named playlists come from ``dashboard/wall_playlists.toml`` (shipped) and then from the operator's
file (``WALL_CONFIG``, else ``wall.toml`` in the working directory when present), whose playlists
replace shipped ones of the same name. Every mistake raises ``WallConfigError`` saying where.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dashboard.models import KINDS, SOURCES

SHIPPED = Path(__file__).resolve().parent / "wall_playlists.toml"
LOCAL_NAME = "wall.toml"
DEFAULT_PLAYLIST = "default"
DEFAULT_SECONDS = 20
DEFAULT_REFRESH = 300
SECONDS_RANGE = (1, 3600)
URL_SECONDS_MIN = 0.1
REFRESH_RANGE = (1, 86_400)
MAP_METRICS = ("rate", "disbursed", "allocated", "remaining", "pace_gap")
MAX_PANELS = 24  # a wall rotates through a handful; a long list would only cost reads
PANEL_KINDS = ("kpis", "map", "lagging", "scurve", "indicators", "province")
LIST_SEPARATOR = "|"


class WallConfigError(ValueError):
    """A playlist, a panel or a wall URL parameter that cannot be used; the message says why."""


def _year(value: str) -> str:
    if not re.fullmatch(r"20\d\d", value):
        raise ValueError("a year such as 2025")
    return value


def _choice(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"one of {', '.join(allowed)}")
        return value

    return check


def _pattern(regex: str, example: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not re.fullmatch(regex, value):
            raise ValueError(f"a code such as {example}")
        return value

    return check


_PROVINCE = _pattern(r"\d{2}", "14")
# filter name -> (check of one value, whether a list is allowed)
FILTERS: dict[str, tuple[Callable[[str], str], bool]] = {
    "year": (_year, False),
    "metric": (_choice(MAP_METRICS), False),
    "province": (_PROVINCE, True),
    "project": (_pattern(r"DA\d{1,2}", "DA4"), True),
    "source": (_choice(SOURCES), True),
    "kind": (_choice(KINDS), True),
    "indicator": (_pattern(r"[A-Z][A-Z0-9_]*", "EM_POVERTY"), True),
}
# the filters each panel takes
ALLOWED: dict[str, tuple[str, ...]] = {
    "kpis": ("year",),
    "map": ("year", "metric"),
    "lagging": ("year",),
    "scurve": ("year", "province", "project", "source", "kind"),
    "indicators": ("indicator",),
    "province": ("province", "year", "metric"),
}


@dataclass(frozen=True)
class Panel:
    """One slide: a kind and its filters, as sorted (name, values) pairs (hashable, cacheable)."""

    kind: str
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def values(self, name: str) -> tuple[str, ...]:
        return dict(self.filters).get(name, ())

    def value(self, name: str) -> str | None:
        found = self.values(name)
        return found[0] if found else None

    @property
    def token(self) -> str:
        """The URL form: ``scurve:project=DA1|DA4;year=2025``."""
        if not self.filters:
            return self.kind
        pairs = ";".join(f"{k}={LIST_SEPARATOR.join(v)}" for k, v in self.filters)
        return f"{self.kind}:{pairs}"


@dataclass(frozen=True)
class Playlist:
    name: str
    panels: tuple[Panel, ...]
    seconds: float = DEFAULT_SECONDS
    refresh: int = DEFAULT_REFRESH


def _checked(check: Callable[[str], str], value: str, name: str, kind: str, where: str) -> str:
    try:
        return check(value)
    except ValueError as exc:
        raise WallConfigError(f"{where}: {name}={value!r} of {kind!r} must be {exc}") from None


def make_panel(kind: str, raw: Mapping[str, object], where: str) -> Panel:
    """A validated panel of ``kind`` with filters ``raw`` (str, int or list values)."""
    if kind not in PANEL_KINDS:
        raise WallConfigError(f"{where}: unknown panel {kind!r} (known: {', '.join(PANEL_KINDS)})")
    filters = []
    for name, value in raw.items():
        if name not in ALLOWED[kind]:
            allowed = ", ".join(ALLOWED[kind])
            raise WallConfigError(f"{where}: panel {kind!r} takes no filter {name!r} ({allowed})")
        check, many = FILTERS[name]
        items = [str(v).strip() for v in (value if isinstance(value, list) else [value])]
        if not items or (len(items) > 1 and not many):
            raise WallConfigError(f"{where}: filter {name!r} of {kind!r} takes one value")
        filters.append(
            (name, tuple(dict.fromkeys(_checked(check, v, name, kind, where) for v in items)))
        )
    if kind == "province" and not dict(filters).get("province"):
        raise WallConfigError(f"{where}: a province panel needs a province, e.g. 'province:14'")
    if kind == "province" and len(dict(filters)["province"]) > 1:
        raise WallConfigError(f"{where}: a province panel shows one province (one per slide)")
    return Panel(kind, tuple(sorted(filters)))


def parse_token(token: str, where: str = "panels") -> Panel:
    """``"kpis"``, ``"province:14"`` or ``"scurve:project=DA1|DA4;year=2025"``."""
    kind, _, rest = token.strip().partition(":")
    raw: dict[str, object] = {}
    if rest and "=" not in rest and kind.strip() == "province":
        raw["province"] = rest.split(LIST_SEPARATOR)  # the short form province:14
    elif rest:
        for pair in rest.split(";"):
            name, equals, value = pair.partition("=")
            if not equals or not value.strip() or not name.strip():
                raise WallConfigError(f"{where}: {pair!r} in {token!r} is not name=value")
            raw[name.strip()] = value.split(LIST_SEPARATOR)
    return make_panel(kind.strip(), raw, where)


def parse_panels(text: str, where: str = "panels") -> tuple[Panel, ...]:
    """The comma-separated tokens of a URL's ``panels=`` (at least one, at most ``MAX_PANELS``;
    a repeated token counts once: each panel is read once per refresh)."""
    tokens = dict.fromkeys(p.strip() for p in text.split(",") if p.strip())
    if len(tokens) > MAX_PANELS:
        raise WallConfigError(f"{where}: at most {MAX_PANELS} different panels")
    panels = tuple(dict.fromkeys(parse_token(p, where) for p in tokens))
    if not panels:
        raise WallConfigError(f"{where}: no panel given")
    return panels


def _bounded(value: object, name: str, bounds: tuple[int, int], where: str) -> int:
    low, high = bounds
    try:
        number = int(str(value))
    except ValueError:
        number = None
    if number is None or isinstance(value, bool | float) or not low <= number <= high:
        raise WallConfigError(f"{where}: {name} must be a whole number from {low} to {high}")
    return number


def _panel_entry(entry: object, where: str) -> Panel:
    if isinstance(entry, str):
        return parse_token(entry, where)
    if isinstance(entry, dict) and isinstance(entry.get("panel"), str):
        rest = {k: v for k, v in entry.items() if k != "panel"}
        return make_panel(entry["panel"], rest, where)
    raise WallConfigError(f"{where}: a panel is a string or a table with 'panel = \"...\"'")


def playlist_from_table(name: str, table: object, source: str) -> Playlist:
    """A playlist from its TOML table ``[playlists.<name>]``."""
    where = f"{source}: playlist {name!r}"
    if not isinstance(table, dict):
        raise WallConfigError(f"{where} must be a table")
    unknown = set(table) - {"panels", "seconds", "refresh"}
    if unknown:
        raise WallConfigError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    entries = table.get("panels")
    if not isinstance(entries, list) or not entries:
        raise WallConfigError(f"{where}: 'panels' must be a non-empty list")
    return Playlist(
        name=name,
        panels=tuple(_panel_entry(e, f"{where}, panel {i + 1}") for i, e in enumerate(entries)),
        seconds=_bounded(table.get("seconds", DEFAULT_SECONDS), "seconds", SECONDS_RANGE, where),
        refresh=_bounded(table.get("refresh", DEFAULT_REFRESH), "refresh", REFRESH_RANGE, where),
    )


def parse_playlists(text: str, source: str) -> dict[str, Playlist]:
    """Every ``[playlists.<name>]`` of a TOML document (``source`` names it in errors)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WallConfigError(f"{source}: not valid TOML: {exc}") from None
    unknown = set(document) - {"playlists"}
    if unknown:
        raise WallConfigError(f"{source}: unknown sections {', '.join(sorted(unknown))}")
    tables = document.get("playlists", {})
    if not isinstance(tables, dict):
        raise WallConfigError(f"{source}: 'playlists' must be a table of playlists")
    return {name: playlist_from_table(name, table, source) for name, table in tables.items()}


def config_path(setting: str, cwd: Path) -> Path | None:
    """The operator's playlist file: ``WALL_CONFIG`` (must exist), else ``cwd/wall.toml``."""
    if setting:
        path = Path(setting)
        if not path.is_file():
            raise WallConfigError(f"WALL_CONFIG: no such file {setting!r}")
        return path
    local = cwd / LOCAL_NAME
    return local if local.is_file() else None


def load_playlists(path: Path | None) -> dict[str, Playlist]:
    """The shipped playlists, replaced and completed by those of ``path``."""
    playlists = parse_playlists(SHIPPED.read_text(encoding="utf-8"), str(SHIPPED.name))
    if path is not None:
        playlists.update(parse_playlists(path.read_text(encoding="utf-8"), str(path)))
    return playlists


def _last(value: object) -> str | None:
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value in (None, "") else str(value)


def _url_seconds(value: str) -> float:
    """A URL may ask for fractions of a second (tests and benchmarks rotate fast)."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not URL_SECONDS_MIN <= seconds <= SECONDS_RANGE[1]:
        raise WallConfigError(f"URL: seconds must be a number from {URL_SECONDS_MIN} to 3600")
    return int(seconds) if seconds.is_integer() else seconds


def resolve(params: Mapping[str, object], playlists: Mapping[str, Playlist]) -> Playlist:
    """The playlist a wall URL asks for: ``panels=`` (ad hoc) or ``playlist=`` (by name, default
    ``default``), with ``seconds=`` and ``refresh=`` overriding the playlist's own."""
    panels, name = _last(params.get("panels")), _last(params.get("playlist"))
    if panels:
        chosen = Playlist("url", parse_panels(panels))
    else:
        name = name or DEFAULT_PLAYLIST
        if name not in playlists:
            known = ", ".join(sorted(playlists)) or "none"
            raise WallConfigError(f"playlist={name}: no such playlist (known: {known})")
        chosen = playlists[name]
    seconds, refresh = _last(params.get("seconds")), _last(params.get("refresh"))
    return Playlist(
        chosen.name,
        chosen.panels,
        _url_seconds(seconds) if seconds else chosen.seconds,
        _bounded(refresh, "refresh", REFRESH_RANGE, "URL") if refresh else chosen.refresh,
    )
