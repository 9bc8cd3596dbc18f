"""The filters every read takes, and how they apply to the money tables.

A ``Scope`` is plain data built from the URL by a callback. Province codes in a scope are of the
vintage the user looks at (``scope.vintage``); the fact rows of a year may be on the other
vintage (plans up to 2025 and reports up to June 2025 are on the legacy units), so province
filters are translated through the crosswalk: an old province maps wholly into one new province.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Connection, Engine, Table, and_, func, or_, select, true

from dashboard.models import (
    LEGACY,
    REFORMED,
    AdminUnit,
    Project,
    Subproject,
    UnitCrosswalk,
)

NOWHERE = "none"  # a province code no unit has: a scope of ``(NOWHERE,)`` matches no row


@dataclass(frozen=True)
class Scope:
    year: int
    upto_month: int = 12
    vintage: int = REFORMED  # the map the user looks at
    provinces: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # "I", "II", "III" (of each row's own unit)
    projects: tuple[str, ...] = ()  # project codes, e.g. "DA4"
    subprojects: tuple[str, ...] = ()  # line codes, e.g. "DA4.1"
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    carry_over: bool | None = None  # None: both the year's plan and carried-over capital
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


_PROVINCE_MAPS: dict[tuple[str, int], dict[str, str]] = {}


def province_map(conn: Connection) -> dict[str, str]:
    """Legacy province code -> post-reform province code (each old province went wholly into
    one new province). Kept per database and crosswalk size: it changes only when the units are
    reloaded, and many reads of a request ask for it."""
    size = conn.scalar(select(func.count()).select_from(UnitCrosswalk)) or 0
    key = (conn.engine.url.render_as_string(hide_password=False), int(size))
    if key not in _PROVINCE_MAPS:
        _PROVINCE_MAPS[key] = _read_province_map(conn)
    return dict(_PROVINCE_MAPS[key])


def read_province_map(bind: Engine | Connection) -> dict[str, str]:
    """``province_map`` from an Engine or a Connection (a cacheable read)."""
    if isinstance(bind, Connection):
        return province_map(bind)
    with bind.connect() as conn:
        return province_map(conn)


def province_clause(conn: Connection, table: Table, scope: Scope) -> ColumnElement[bool] | None:
    """WHERE clause keeping the rows of either vintage in the scope's provinces (None when the
    scope has no province filter), for reads that sum rows of both vintages."""
    if not scope.provinces:
        return None
    return or_(
        *(
            and_(
                table.c.vintage == vintage,
                table.c.province_code.in_(
                    provinces_in_vintage(conn, scope.provinces, scope.vintage, vintage)
                ),
            )
            for vintage in (LEGACY, REFORMED)
        )
    )


def _read_province_map(conn: Connection) -> dict[str, str]:
    old, new = AdminUnit.__table__.alias("old"), AdminUnit.__table__.alias("new")
    rows = conn.execute(
        select(old.c.province_code, new.c.province_code)
        .select_from(UnitCrosswalk)
        .join(old, and_(old.c.vintage == LEGACY, old.c.code == UnitCrosswalk.old_code))
        .join(new, and_(new.c.vintage == REFORMED, new.c.code == UnitCrosswalk.new_code))
        .distinct()
    ).all()
    counts: dict[str, dict[str, int]] = {}
    for old_code, new_code in rows:
        counts.setdefault(old_code, {}).setdefault(new_code, 0)
        counts[old_code][new_code] += 1
    return {old_code: max(targets, key=targets.get) for old_code, targets in counts.items()}


def provinces_in_vintage(
    conn: Connection, codes: tuple[str, ...], source: int, target: int
) -> tuple[str, ...]:
    """Translate province codes of vintage ``source`` into those of vintage ``target``."""
    if source == target or not codes:
        return codes
    mapping = province_map(conn)
    if source == LEGACY:
        return tuple(sorted({mapping[c] for c in codes if c in mapping}))
    return tuple(sorted(old for old, new in mapping.items() if new in codes))


def fact_filter(conn: Connection, table: Table, scope: Scope, vintage: int) -> ColumnElement[bool]:
    """WHERE clause for rows of ``table`` (capital_plan or disbursement) on units of ``vintage``,
    for everything in ``scope`` but the year and month."""
    clauses: list[ColumnElement[bool]] = [table.c.vintage == vintage]
    if scope.provinces:
        codes = provinces_in_vintage(conn, scope.provinces, scope.vintage, vintage)
        clauses.append(table.c.province_code.in_(codes))
    if scope.sources:
        clauses.append(table.c.source.in_(scope.sources))
    if scope.kinds:
        clauses.append(table.c.kind.in_(scope.kinds))
    if scope.carry_over is not None:
        clauses.append(table.c.carry_over == scope.carry_over)
    if scope.subprojects or scope.projects:
        clauses.append(table.c.subproject_id.in_(_line_ids(scope)))
    if scope.regions:
        units = select(AdminUnit.code).where(
            AdminUnit.vintage == vintage, AdminUnit.region.in_(scope.regions)
        )
        clauses.append(table.c.unit_code.in_(units))
    return and_(true(), *clauses)


def _line_ids(scope: Scope):  # noqa: ANN202 (a SQL subquery)
    query = select(Subproject.id).join(Project, Project.id == Subproject.project_id)
    if scope.projects:
        query = query.where(Project.code.in_(scope.projects))
    if scope.subprojects:
        query = query.where(Subproject.code.in_(scope.subprojects))
    return query
