"""roll-up tables of the facts, filled from the facts already there

Revision ID: 0005_rollups
Revises: 0004_disbursement_span
Create Date: 2026-12-02 06:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_rollups"
down_revision: str | None = "0004_disbursement_span"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINE = ["subproject_id", "source", "kind", "carry_over"]
# table -> (fact table, key columns)
ROLLUPS = {
    "plan_by_province": ("capital_plan", ["year", "vintage", "province_code", *LINE]),
    "paid_by_province": ("disbursement", ["year", "month", "vintage", "province_code", *LINE]),
    "plan_by_unit": ("capital_plan", ["year", "vintage", "unit_code", "province_code"]),
    "paid_by_unit": ("disbursement", ["year", "month", "vintage", "unit_code", "province_code"]),
}


def _column(name: str) -> sa.Column:
    kinds = {
        "year": sa.SmallInteger(), "month": sa.SmallInteger(), "vintage": sa.SmallInteger(),
        "province_code": sa.String(length=8), "unit_code": sa.String(length=8),
        "subproject_id": sa.Integer(), "source": sa.String(length=8),
        "kind": sa.String(length=10), "carry_over": sa.Boolean(),
    }  # fmt: skip
    return sa.Column(name, kinds[name], nullable=False)


def upgrade() -> None:
    for name, (facts, keys) in ROLLUPS.items():
        op.create_table(
            name,
            *(_column(key) for key in keys),
            sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint(*keys),
        )
        columns = ", ".join(keys)
        op.execute(
            f"INSERT INTO {name} ({columns}, amount_vnd) "
            f"SELECT {columns}, CAST(SUM(amount_vnd) AS BIGINT) FROM {facts} GROUP BY {columns}"
        )


def downgrade() -> None:
    for name in ROLLUPS:
        op.drop_table(name)
