"""force a password change (the create-admin one-time password)

Revision ID: 5ec12c17e003
Revises: ce7f1a2b3c4d
Create Date: 2026-11-30 04:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5ec12c17e003"
down_revision = "ce7f1a2b3c4d"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
