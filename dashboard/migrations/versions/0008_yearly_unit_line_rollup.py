"""disbursements per whole year, unit, line and kind, filled from the monthly roll-up

Revision ID: 0008_yearly_unit_line_rollup
Revises: 0007_scale_unit_line_rollups
Create Date: 2026-12-02 17:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_yearly_unit_line_rollup"
down_revision: str | None = "0007_scale_unit_line_rollups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "paid_by_unit_line_year"
KEYS = {
    "year": sa.SmallInteger(), "vintage": sa.SmallInteger(), "unit_code": sa.String(length=8),
    "province_code": sa.String(length=8), "subproject_id": sa.Integer(),
    "kind": sa.String(length=10),
}  # fmt: skip


def upgrade() -> None:
    op.create_table(
        NAME,
        *(sa.Column(key, kind, nullable=False) for key, kind in KEYS.items()),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*KEYS),
    )
    columns = ", ".join(KEYS)
    op.execute(
        f"INSERT INTO {NAME} ({columns}, amount_vnd) SELECT {columns}, "
        f"CAST(SUM(amount_vnd) AS BIGINT) FROM paid_by_unit_line GROUP BY {columns}"
    )


def downgrade() -> None:
    op.drop_table(NAME)
