"""Keep the centre's reach (the home page's four counts) in one row: site_reach

Revision ID: c4d8e2f1a7b3
Revises: 3f8a6c2d9b41
Create Date: 2026-11-30 19:00:00

The home page counted every enrolment on each visit (about 300 ms on the benchmark data set);
it now reads this row, which the periodic tick and an old row's first reader count afresh
(app/main/reach.py). Left empty here: the first reader counts.
"""

import sqlalchemy as sa
from alembic import op

revision = "c4d8e2f1a7b3"
down_revision = "3f8a6c2d9b41"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "site_reach",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cities", sa.Integer(), nullable=False),
        sa.Column("officials", sa.Integer(), nullable=False),
        sa.Column("offerings", sa.Integer(), nullable=False),
        sa.Column("certificates", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_reach")),
    )


def downgrade():
    op.drop_table("site_reach")
