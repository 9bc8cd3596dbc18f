"""roll-ups per unit, line and kind, filled from the facts already there

Revision ID: 0007_scale_unit_line_rollups
Revises: 0006_import_details
Create Date: 2026-12-02 10:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_scale_unit_line_rollups"
down_revision: str | None = "0006_import_details"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINE = ["unit_code", "province_code", "subproject_id", "kind"]
# table -> (fact table, key columns)
ROLLUPS = {
    "plan_by_unit_line": ("capital_plan", ["year", "vintage", *LINE]),
    "paid_by_unit_line": ("disbursement", ["year", "month", "vintage", *LINE]),
}
TYPES = {
    "year": sa.SmallInteger(), "month": sa.SmallInteger(), "vintage": sa.SmallInteger(),
    "province_code": sa.String(length=8), "unit_code": sa.String(length=8),
    "subproject_id": sa.Integer(), "kind": sa.String(length=10),
}  # fmt: skip


def upgrade() -> None:
    for name, (facts, keys) in ROLLUPS.items():
        op.create_table(
            name,
            *(sa.Column(key, TYPES[key], nullable=False) for key in keys),
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
