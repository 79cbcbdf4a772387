"""Index enrolments and action plans by city, for the city reports

Revision ID: a7c3e1f20b16
Revises: ec0218f803e2
Create Date: 2026-11-30 08:10:00

"""

from alembic import op

revision = "a7c3e1f20b16"
down_revision = "ec0218f803e2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.create_index("ix_enrolments_city_status", ["city_id", "status"], unique=False)
    with op.batch_alter_table("action_plans", schema=None) as batch_op:
        batch_op.create_index("ix_action_plans_city_status", ["city_id", "status"], unique=False)


def downgrade():
    with op.batch_alter_table("action_plans", schema=None) as batch_op:
        batch_op.drop_index("ix_action_plans_city_status")
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.drop_index("ix_enrolments_city_status")
