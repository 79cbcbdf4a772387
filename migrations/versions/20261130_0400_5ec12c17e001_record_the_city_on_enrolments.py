"""record the city on enrolments

Revision ID: 5ec12c17e001
Revises: 5c1d2a7be310
Create Date: 2026-11-30 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5ec12c17e001"
down_revision = "5c1d2a7be310"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("enrolments") as batch:
        batch.add_column(sa.Column("city_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_enrolments_city_id_cities", "cities", ["city_id"], ["id"], ondelete="RESTRICT"
        )
        batch.create_index("ix_enrolments_offering_city", ["offering_id", "city_id"], unique=False)
    # Existing enrolments take the person's city of today, the best record there is.
    op.execute(
        "UPDATE enrolments SET city_id = "
        "(SELECT users.city_id FROM users WHERE users.id = enrolments.user_id)"
    )


def downgrade():
    with op.batch_alter_table("enrolments") as batch:
        batch.drop_index("ix_enrolments_offering_city")
        batch.drop_constraint("fk_enrolments_city_id_cities", type_="foreignkey")
        batch.drop_column("city_id")
