"""What every kind of import works with: the rows, the lookups, the problems found so far."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from dashboard.importing.headers import Header
from dashboard.importing.lines import Lines
from dashboard.importing.places import Places
from dashboard.importing.report import Problems
from dashboard.models import AdminUnit, Indicator, Program, Subproject
from dashboard.queries.scope import read_province_map
from dashboard.text import name_key

Progress = Callable[[int, int], None]
Writer = Callable[[Session, int, Progress | None], int]  # (session, batch id, progress) -> rows


@dataclass
class Lookups:
    """Units, lines, programs and indicators, each loaded with one query per import."""

    places: Places
    lines: Lines
    indicators: dict[str, str]
    province_map: dict[str, str] = field(default_factory=dict)  # legacy -> post-reform

    @classmethod
    def load(cls, engine: Engine) -> Lookups:
        with engine.connect() as conn:
            places = _places(conn)
            lines = pd.read_sql(
                select(Subproject.program_code, Subproject.code, Subproject.id), conn
            )
            programs = pd.read_sql(select(Program), conn)
            indicators = conn.execute(select(Indicator.code, Indicator.name_vi)).all()
            province_map = read_province_map(conn)
        keys = {name_key(name): code for code, name in indicators}
        keys.update({name_key(code): code for code, _ in indicators})
        return cls(places, Lines(lines, programs), keys, province_map)


_PLACES: dict[tuple, Places] = {}  # the units' name index takes a second to build: kept


def _places(conn: Connection) -> Places:
    """The units of the database, built once per database and set of units."""
    stamp = conn.execute(select(func.count(), func.sum(func.length(AdminUnit.name)))).one()
    key = (conn.engine.url.render_as_string(), *stamp)
    if key not in _PLACES:
        columns = ["vintage", "code", "level", "name", "province_code", "district_code"]
        units = pd.read_sql(select(*(getattr(AdminUnit, c) for c in columns)), conn)
        if len(_PLACES) >= 4:
            _PLACES.pop(next(iter(_PLACES)))
        _PLACES[key] = Places(units)
    return _PLACES[key]


MAX_AMOUNT_VND = 1_000 * 10**9  # 1,000 tỷ đồng: far above any real commune line


@dataclass(frozen=True)
class Options:
    """What the person importing says: the period when the file does not state it (or states
    it wrongly), the plausibility bound of one amount, and whether demo data may stay; and what
    they may import: ``provinces``, the post-reform provinces whose figures they may write (None:
    every province; a row of any other province, or of the whole country, is rejected), and
    ``reference_data``, whether catalogue and classification files are allowed (administrators
    and the command line only). ``options_for`` in ``dashboard.importing.grants`` builds the
    options of a signed-in account."""

    year: int | None = None
    month: int | None = None
    max_amount_vnd: int = MAX_AMOUNT_VND
    keep_demo: bool = False
    provinces: frozenset[str] | None = None
    reference_data: bool = True


@dataclass
class Context:
    name: str
    kind: str
    header: Header
    rows: pd.DataFrame
    lookups: Lookups
    engine: Engine
    problems: Problems = field(default_factory=Problems)
    options: Options = field(default_factory=Options)
    used: set[int] = field(default_factory=set)  # indexes of the amount columns read
    totals: set[int] = field(default_factory=set)  # rows that total others: not data
    # money records as the file states them (rows rejected later still in; filter them), and
    # the file's own total rows: (kind, amount column, stated total, sum of the accepted rows)
    money: list[pd.DataFrame] = field(default_factory=list)
    file_totals: list[tuple[str, str, int, int]] = field(default_factory=list)

    def shown(self, field_name: str) -> str:
        """The header of a field as the file writes it."""
        return self.header.displays.get(field_name, field_name)

    def reject(self, frame: pd.DataFrame, mask: pd.Series, column: Text, reason: Text) -> None:
        """An error on the rows of ``frame`` where ``mask`` holds (values or per-row Series)."""
        self.problems.add(frame.loc[mask, "_row"], _at(column, mask), _at(reason, mask))

    def warn(self, frame: pd.DataFrame, mask: pd.Series, column: Text, reason: Text) -> None:
        rows = frame.loc[mask, "_row"]
        self.problems.add(rows, _at(column, mask), _at(reason, mask), severity="warning")


Text = str | pd.Series | None


def _at(value: Text, mask: pd.Series) -> Text:
    """The values of the rows where ``mask`` holds: ``value`` may be a whole column or already
    only those rows (a reason built for the few rows it concerns, not for every row)."""
    if not isinstance(value, pd.Series):
        return value
    return value.reindex(mask.index[mask.to_numpy(dtype=bool)])


@dataclass
class Outcome:
    """A validated import, ready to write: ``write`` runs inside the import's transaction."""

    rows_read: int
    write: Writer
    after: Callable[[Session], None] | None = None
    frame: pd.DataFrame | None = None  # the records to write, where another kind needs them
