"""Indexes for the action-plan library: its places and its topic filter

Revision ID: f2b8d4a6c1e9
Revises: e4a7c9d2b6f1
Create Date: 2026-12-02 08:00:00

The library lists the cities and countries that have a published plan, and its most used
filter is a topic. With 5,954 published plans (the benchmark data set), the places read every
published plan's row (8.5 ms on SQLite) and a topic's page and count filtered the newest-first
index row by row (7.7 ms for the count); both are now read from an index alone. The table is
analysed afterwards: SQLite, with statistics for the older indexes and none for the new ones,
chose the places index for the unfiltered page and sorted every published plan (33 ms).
"""

from alembic import op

revision = "f2b8d4a6c1e9"
down_revision = "e4a7c9d2b6f1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_action_plans_published_places",
        "action_plans",
        ["is_published", "country_code", "city_id"],
    )
    op.create_index(
        "ix_action_plans_published_topic",
        "action_plans",
        ["is_published", "topic", "approved_at", "id"],
    )
    op.execute("ANALYZE action_plans")


def downgrade():
    op.drop_index("ix_action_plans_published_topic", table_name="action_plans")
    op.drop_index("ix_action_plans_published_places", table_name="action_plans")
