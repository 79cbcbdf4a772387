"""add certificate_zips: ZIPs of an offering's PDFs kept in the storage

Revision ID: d4c2a1b0e9f7
Revises: 5ec12c17e003
Create Date: 2026-11-30 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d4c2a1b0e9f7"
down_revision = "7a3c5e9b1d20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "certificate_zips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("certificates", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_certificate_zips_job_id_jobs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["offering_id"], ["offerings.id"],
            name=op.f("fk_certificate_zips_offering_id_offerings"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_zips")),
    )
    with op.batch_alter_table("certificate_zips") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certificate_zips_offering_id"), ["offering_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("certificate_zips") as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_zips_offering_id"))
    op.drop_table("certificate_zips")
