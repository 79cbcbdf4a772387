"""keep records: cancel sessions and modules, enrolments never cascade with an offering

Revision ID: 5c1d2a7be310
Revises: c0a1e7e5d001
Create Date: 2026-11-30 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5c1d2a7be310"
down_revision = "c0a1e7e5d001"
branch_labels = None
depends_on = None

FK_NAME = "fk_enrolments_offering_id_offerings"


def _offering_fk(ondelete: str) -> None:
    with op.batch_alter_table("enrolments") as batch:
        batch.drop_constraint(FK_NAME, type_="foreignkey")
        batch.create_foreign_key(FK_NAME, "offerings", ["offering_id"], ["id"], ondelete=ondelete)


def upgrade():
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("modules") as batch:
        batch.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
    _offering_fk("RESTRICT")


def downgrade():
    _offering_fk("CASCADE")
    with op.batch_alter_table("modules") as batch:
        batch.drop_column("cancelled_at")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("cancelled_at")
