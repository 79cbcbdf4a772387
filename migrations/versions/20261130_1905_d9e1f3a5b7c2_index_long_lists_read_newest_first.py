"""Indexes for long lists read newest first: people by creation, published action plans

Revision ID: d9e1f3a5b7c2
Revises: c4d8e2f1a7b3
Create Date: 2026-11-30 19:05:00

Without them, the first page of 100,000 people sorted every one of them (50 ms on PostgreSQL),
and the action-plan library joined every published plan with its author before its page.
"""

from alembic import op

revision = "d9e1f3a5b7c2"
down_revision = "c4d8e2f1a7b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_users_created_at_id", "users", ["created_at", "id"])
    op.create_index(
        "ix_action_plans_published_order", "action_plans", ["is_published", "approved_at", "id"]
    )


def downgrade():
    op.drop_index("ix_action_plans_published_order", table_name="action_plans")
    op.drop_index("ix_users_created_at_id", table_name="users")
