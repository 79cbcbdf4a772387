"""add completion to enrolments

Revision ID: c0a1e7e5d001
Revises: 9e01ba9a832f
Create Date: 2026-11-30 03:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c0a1e7e5d001"
down_revision = "9e01ba9a832f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("enrolments") as batch:
        batch.add_column(sa.Column("completion", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("attended_minutes", sa.Integer(), server_default="0", nullable=False)
        )
        batch.create_index("ix_enrolments_completion", ["completion"], unique=False)


def downgrade():
    with op.batch_alter_table("enrolments") as batch:
        batch.drop_index("ix_enrolments_completion")
        batch.drop_column("attended_minutes")
        batch.drop_column("completed_at")
        batch.drop_column("completion")
