"""count wrong second-factor codes per sign-in

Revision ID: 5ec12c17e002
Revises: 5ec12c17e001
Create Date: 2026-11-30 04:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5ec12c17e002"
down_revision = "5ec12c17e001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("login_sessions") as batch:
        batch.add_column(
            sa.Column("second_factor_failures", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("login_sessions") as batch:
        batch.drop_column("second_factor_failures")
