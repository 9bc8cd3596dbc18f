"""Tables of the dashboard (SQLAlchemy 2 typed models).

Money is integer VND (BigInteger), so sums are exact to the đồng. Units are versioned: vintage
2024 holds the 63 provinces / 696 districts / 10,040 communes before the July 2025 reform, vintage
2025 the 34 provinces / 3,321 communes after it. Fact rows carry their unit's province code as
well, so the common national and provincial aggregations group on one indexed column, no join.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column

LEGACY, REFORMED = 2024, 2025
VINTAGES = (LEGACY, REFORMED)
LEVELS = ("country", "province", "district", "commune")
SOURCES = ("central", "local", "credit", "other")
KINDS = ("investment", "recurrent")
REGIONS = ("I", "II", "III")
COUNTRY_CODE = "VN"


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Small key/value facts about the data set: data version, demo flag, data as of."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AdminUnit(Base):
    __tablename__ = "admin_unit"
    vintage: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    level: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120))
    parent_code: Mapped[str | None] = mapped_column(String(8))
    province_code: Mapped[str | None] = mapped_column(String(8))
    district_code: Mapped[str | None] = mapped_column(String(8))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    area_km2: Mapped[float | None] = mapped_column(Float)
    region: Mapped[str | None] = mapped_column(String(3))
    em_area: Mapped[bool] = mapped_column(Boolean, default=False)
    classification_source: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (
        Index("ix_admin_unit_level", "vintage", "level"),
        Index("ix_admin_unit_parent", "vintage", "parent_code"),
        Index("ix_admin_unit_province", "vintage", "province_code"),
    )


class UnitCrosswalk(Base):
    """Legacy commune -> post-reform commune; ``share`` is the part of the old commune's area that
    went to the new one (1.0 unless the old commune was divided)."""

    __tablename__ = "unit_crosswalk"
    old_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    new_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    share: Mapped[float] = mapped_column(Float)
    is_default: Mapped[bool] = mapped_column(Boolean, default=True)


class Program(Base):
    __tablename__ = "program"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_vi: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    start_year: Mapped[int] = mapped_column(SmallInteger)
    end_year: Mapped[int] = mapped_column(SmallInteger)


class Project(Base):
    __tablename__ = "project"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_code: Mapped[str] = mapped_column(ForeignKey("program.code"))
    code: Mapped[str] = mapped_column(String(16))
    ordinal: Mapped[int] = mapped_column(SmallInteger)
    name_vi: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("program_code", "code"),)


class Subproject(Base):
    """A budget line: a sub-project, or the whole project where it has no sub-projects."""

    __tablename__ = "subproject"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    program_code: Mapped[str] = mapped_column(ForeignKey("program.code"))
    code: Mapped[str] = mapped_column(String(16))
    ordinal: Mapped[int] = mapped_column(SmallInteger)
    name_vi: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("program_code", "code"),)


class ImportBatch(Base):
    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_accepted: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    rows_warned: Mapped[int] = mapped_column(Integer, default=0)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    message: Mapped[str | None] = mapped_column(Text)
    # who and what: the signed-in account (None from the command line), the period the file
    # states, its kinds ("capital_plan,disbursement"), the sheets read (one per line), the money
    # accepted and the file's own total row, in đồng
    account: Mapped[str | None] = mapped_column(String(64))
    period_year: Mapped[int | None] = mapped_column(SmallInteger)
    period_month: Mapped[int | None] = mapped_column(SmallInteger)
    kinds: Mapped[str | None] = mapped_column(String(120))
    sheets: Mapped[str | None] = mapped_column(Text)
    accepted_vnd: Mapped[int | None] = mapped_column(BigInteger)
    file_total_vnd: Mapped[int | None] = mapped_column(BigInteger)


class ImportCoverage(Base):
    """What one batch reported for one province: the kind of facts, the period (``month`` None
    for a year's plan), how many of the province's communes have rows and the money accepted.
    The reporting view reads it: who reported which month, and when it was received."""

    __tablename__ = "import_coverage"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    province_code: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(SmallInteger)
    month: Mapped[int | None] = mapped_column(SmallInteger)
    communes: Mapped[int] = mapped_column(Integer)
    amount_vnd: Mapped[int | None] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (Index("ix_import_coverage_year_province", "year", "province_code"),)


class ImportIssue(Base):
    """One rejected row (severity ``error``) or a row accepted with a ``warning``."""

    __tablename__ = "import_issue"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    row_number: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(String(120))
    severity: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)


class CapitalPlan(Base):
    __tablename__ = "capital_plan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    vintage: Mapped[int] = mapped_column(SmallInteger)
    unit_code: Mapped[str] = mapped_column(String(8))
    province_code: Mapped[str] = mapped_column(String(8))
    subproject_id: Mapped[int] = mapped_column(ForeignKey("subproject.id"))
    source: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(10))
    carry_over: Mapped[bool] = mapped_column(Boolean, default=False)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    __table_args__ = (
        UniqueConstraint(
            "year",
            "vintage",
            "unit_code",
            "subproject_id",
            "source",
            "kind",
            "carry_over",
            name="uq_capital_plan_key",
        ),
        Index("ix_capital_plan_year_province", "year", "province_code"),
    )


class Disbursement(Base):
    __tablename__ = "disbursement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    month: Mapped[int] = mapped_column(SmallInteger)
    vintage: Mapped[int] = mapped_column(SmallInteger)
    unit_code: Mapped[str] = mapped_column(String(8))
    province_code: Mapped[str] = mapped_column(String(8))
    subproject_id: Mapped[int] = mapped_column(ForeignKey("subproject.id"))
    source: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(10))
    carry_over: Mapped[bool] = mapped_column(Boolean, default=False)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    __table_args__ = (
        UniqueConstraint(
            "year",
            "month",
            "vintage",
            "unit_code",
            "subproject_id",
            "source",
            "kind",
            "carry_over",
            name="uq_disbursement_key",
        ),
        Index("ix_disbursement_year_province", "year", "province_code", "month"),
    )


class Indicator(Base):
    __tablename__ = "indicator"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    program_code: Mapped[str | None] = mapped_column(ForeignKey("program.code"))
    ordinal: Mapped[int] = mapped_column(SmallInteger, default=0)
    name_vi: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    unit_vi: Mapped[str] = mapped_column(String(40))
    unit_en: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(4))  # "up" or "down": which way is better
    baseline: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None] = mapped_column(SmallInteger)
    target_2025: Mapped[float | None] = mapped_column(Float)
    target_2030: Mapped[float | None] = mapped_column(Float)


class IndicatorValue(Base):
    __tablename__ = "indicator_value"
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), primary_key=True)
    vintage: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


class Account(Base):
    """A person who signs in. ``session_version`` is part of every session's id: bumping it (a
    new password, a disabled account) ends the account's open sessions at their next request."""

    __tablename__ = "account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)


class AccountGrant(Base):
    """A post-reform province (vintage 2025 code) an analyst or officer may see."""

    __tablename__ = "account_grant"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), primary_key=True
    )
    province_code: Mapped[str] = mapped_column(String(8), primary_key=True)


class WallToken(Base):
    """A wall display's key: only its SHA-256 is kept (the token itself is shown once)."""

    __tablename__ = "wall_token"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    playlist: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEvent(Base):
    """Who did what: sign-ins, imports, exports, account changes. Never a password or token."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str | None] = mapped_column(String(255))
    detail: Mapped[str | None] = mapped_column(Text)  # JSON
    address: Mapped[str | None] = mapped_column(String(64))


class ImportSuperseded(Base):
    """A fact row as it was before an import replaced it (``row``: its columns as JSON, without
    the id), so that undoing the import restores it. ``old_batch_id`` is the batch that wrote it.
    """

    __tablename__ = "import_superseded"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(32))
    old_batch_id: Mapped[int | None] = mapped_column(Integer, index=True)
    row: Mapped[str] = mapped_column(Text)


class DisbursementSpan(Base):
    """The months a disbursement row covers: a year-to-date report gives the amount since the
    month before it (``from_month`` .. ``month``), not one month's. Curves draw no monthly point
    for the months it spans, rather than a spike in its last month."""

    __tablename__ = "disbursement_span"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    month: Mapped[int] = mapped_column(SmallInteger)
    from_month: Mapped[int] = mapped_column(SmallInteger)
    vintage: Mapped[int] = mapped_column(SmallInteger)
    unit_code: Mapped[str] = mapped_column(String(8))
    province_code: Mapped[str] = mapped_column(String(8))
    subproject_id: Mapped[int] = mapped_column(ForeignKey("subproject.id"))
    source: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(10))
    carry_over: Mapped[bool] = mapped_column(Boolean, default=False)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    __table_args__ = (
        UniqueConstraint(
            "year", "month", "vintage", "unit_code", "subproject_id", "source", "kind",
            "carry_over", name="uq_disbursement_span_key",
        ),
        Index("ix_disbursement_span_year_province", "year", "province_code"),
    )  # fmt: skip


# Roll-ups: the fact tables summed on fewer keys, read by the pages instead of the facts and kept
# equal to them in the transaction of every write (``dashboard.rollups.refresh_rollups``). Their
# columns bear the facts' names and types, so the same filters apply to either. Each names its key
# columns with ``rollup_key``; the primary key is the key in the order of ``ROLLUP_KEYS``.

ROLLUP_KEYS = ("year", "month", "vintage", "unit_code", "province_code", "subproject_id",
               "source", "kind", "carry_over")  # fmt: skip
_ROLLUP_TYPES = {
    "year": SmallInteger, "month": SmallInteger, "vintage": SmallInteger,
    "unit_code": lambda: String(8), "province_code": lambda: String(8),
    "subproject_id": Integer, "source": lambda: String(8), "kind": lambda: String(10),
    "carry_over": Boolean,
}  # fmt: skip


def rollup_key(name: str) -> MappedColumn:
    """A key column of a roll-up: the fact column ``name``'s type, in the primary key, placed in
    the order of ``ROLLUP_KEYS``."""
    order = ROLLUP_KEYS.index(name)
    return mapped_column(_ROLLUP_TYPES[name](), primary_key=True, sort_order=order)


class RollupColumns:
    """What every roll-up has: a year, a vintage, a province and the summed amount (last)."""

    year: Mapped[int] = rollup_key("year")
    vintage: Mapped[int] = rollup_key("vintage")
    province_code: Mapped[str] = rollup_key("province_code")
    amount_vnd: Mapped[int] = mapped_column(BigInteger, sort_order=len(ROLLUP_KEYS))


class PlanByProvince(RollupColumns, Base):
    """``capital_plan`` without the unit: per province, line, source, kind and plan."""

    __tablename__ = "plan_by_province"
    subproject_id: Mapped[int] = rollup_key("subproject_id")
    source: Mapped[str] = rollup_key("source")
    kind: Mapped[str] = rollup_key("kind")
    carry_over: Mapped[bool] = rollup_key("carry_over")


class PaidByProvince(RollupColumns, Base):
    """``disbursement`` without the unit: per month, province, line, source, kind and plan."""

    __tablename__ = "paid_by_province"
    month: Mapped[int] = rollup_key("month")
    subproject_id: Mapped[int] = rollup_key("subproject_id")
    source: Mapped[str] = rollup_key("source")
    kind: Mapped[str] = rollup_key("kind")
    carry_over: Mapped[bool] = rollup_key("carry_over")


class PlanByUnit(RollupColumns, Base):
    """``capital_plan`` per unit only (every line, source, kind and plan together)."""

    __tablename__ = "plan_by_unit"
    unit_code: Mapped[str] = rollup_key("unit_code")


class PaidByUnit(RollupColumns, Base):
    """``disbursement`` per month and unit only (every line, source, kind and plan together)."""

    __tablename__ = "paid_by_unit"
    month: Mapped[int] = rollup_key("month")
    unit_code: Mapped[str] = rollup_key("unit_code")


class PlanByUnitLine(RollupColumns, Base):
    """``capital_plan`` per unit, line and kind (sources and plans together): what a commune map
    carried across the reform, or filtered by project, line or kind, needs."""

    __tablename__ = "plan_by_unit_line"
    unit_code: Mapped[str] = rollup_key("unit_code")
    subproject_id: Mapped[int] = rollup_key("subproject_id")
    kind: Mapped[str] = rollup_key("kind")


class PaidByUnitLine(RollupColumns, Base):
    """``disbursement`` per month, unit, line and kind (sources and plans together)."""

    __tablename__ = "paid_by_unit_line"
    month: Mapped[int] = rollup_key("month")
    unit_code: Mapped[str] = rollup_key("unit_code")
    subproject_id: Mapped[int] = rollup_key("subproject_id")
    kind: Mapped[str] = rollup_key("kind")


class PaidByUnitLineYear(RollupColumns, Base):
    """``disbursement`` per whole year, unit, line and kind: what a map or table of a past year
    carried across the reform reads (a twelfth of ``paid_by_unit_line``'s rows for the year)."""

    __tablename__ = "paid_by_unit_line_year"
    unit_code: Mapped[str] = rollup_key("unit_code")
    subproject_id: Mapped[int] = rollup_key("subproject_id")
    kind: Mapped[str] = rollup_key("kind")
