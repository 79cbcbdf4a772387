"""record when an account was closed (personal data anonymised at the person's request)

Revision ID: e7c1a5ed0001
Revises: 5ec12c17e003
Create Date: 2026-11-30 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e7c1a5ed0001"
down_revision = "d4c2a1b0e9f7"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("closed_at")
