"""the months a year-to-date disbursement row covers

Revision ID: 0004_disbursement_span
Revises: 0003_import_undo
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_disbursement_span"
down_revision: str | None = "0003_import_undo"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "disbursement_span",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("month", sa.SmallInteger(), nullable=False),
        sa.Column("from_month", sa.SmallInteger(), nullable=False),
        sa.Column("vintage", sa.SmallInteger(), nullable=False),
        sa.Column("unit_code", sa.String(length=8), nullable=False),
        sa.Column("province_code", sa.String(length=8), nullable=False),
        sa.Column("subproject_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("carry_over", sa.Boolean(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"]),
        sa.ForeignKeyConstraint(["subproject_id"], ["subproject.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "year", "month", "vintage", "unit_code", "subproject_id", "source", "kind",
            "carry_over", name="uq_disbursement_span_key",
        ),
    )  # fmt: skip
    with op.batch_alter_table("disbursement_span", schema=None) as batch_op:
        batch_op.create_index(
            "ix_disbursement_span_year_province", ["year", "province_code"], unique=False
        )


def downgrade() -> None:
    op.drop_table("disbursement_span")
