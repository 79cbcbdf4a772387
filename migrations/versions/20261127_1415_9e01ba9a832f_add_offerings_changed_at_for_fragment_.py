"""add offerings.changed_at for fragment caching

Revision ID: 9e01ba9a832f
Revises: f09692c5a7a6
Create Date: 2026-11-27 14:15:02.275169

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '9e01ba9a832f'
down_revision = 'f09692c5a7a6'
branch_labels = None
depends_on = None


def upgrade():
    # Every existing offering starts from its last edit. SQLite cannot add a NOT NULL column
    # without a constant default (and rebuilding the table would risk its CHECK constraints),
    # so there the column gets a constant default that the application never relies on.
    if op.get_context().dialect.name == "sqlite":
        op.add_column(
            "offerings",
            sa.Column(
                "changed_at",
                sa.DateTime(timezone=True),
                nullable=False,
                server_default="1970-01-01 00:00:00.000000",
            ),
        )
        op.execute("UPDATE offerings SET changed_at = updated_at")
    else:
        op.add_column(
            "offerings",
            sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        )
        op.execute("UPDATE offerings SET changed_at = updated_at")
        op.alter_column("offerings", "changed_at", nullable=False)
    op.create_index(op.f("ix_offerings_changed_at"), "offerings", ["changed_at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_offerings_changed_at"), table_name="offerings")
    op.drop_column("offerings", "changed_at")
