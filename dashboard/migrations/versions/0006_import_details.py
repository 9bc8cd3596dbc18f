"""who imported a batch, its period, kinds, sheets and totals; what each batch covered

Revision ID: 0006_import_details
Revises: 0005_rollups
Create Date: 2026-12-02 10:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_import_details"
down_revision: str | None = "0005_rollups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH_COLUMNS = (
    ("account", sa.String(length=64)),
    ("period_year", sa.SmallInteger()),
    ("period_month", sa.SmallInteger()),
    ("kinds", sa.String(length=120)),
    ("sheets", sa.Text()),
    ("accepted_vnd", sa.BigInteger()),
    ("file_total_vnd", sa.BigInteger()),
)


def upgrade() -> None:
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        for name, kind in BATCH_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
    op.create_table(
        "import_coverage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("province_code", sa.String(length=8), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("month", sa.SmallInteger(), nullable=True),
        sa.Column("communes", sa.Integer(), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("import_coverage", schema=None) as batch_op:
        batch_op.create_index("ix_import_coverage_batch_id", ["batch_id"], unique=False)
        batch_op.create_index("ix_import_coverage_year_province", ["year", "province_code"])


def downgrade() -> None:
    op.drop_table("import_coverage")
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        for name, _ in reversed(BATCH_COLUMNS):
            batch_op.drop_column(name)
