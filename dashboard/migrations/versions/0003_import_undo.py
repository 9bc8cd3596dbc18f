"""the fact rows an import replaced, kept so that the import can be undone

Revision ID: 0003_import_undo
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_import_undo"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_superseded",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("old_batch_id", sa.Integer(), nullable=True),
        sa.Column("row", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("import_superseded", schema=None) as batch_op:
        batch_op.create_index("ix_import_superseded_batch_id", ["batch_id"], unique=False)
        batch_op.create_index("ix_import_superseded_old_batch_id", ["old_batch_id"], unique=False)


def downgrade() -> None:
    op.drop_table("import_superseded")
