"""Index every column the catalogue's lists filter and sort by

Revision ID: b6d2e8f4a1c3
Revises: a3c5e7f9b2d4
Create Date: 2026-12-02 15:00:00

The catalogue's pages and the home page's "open for enrolment" found their keys by reading
every offering's row, texts included (333 pages of PostgreSQL's heap for the benchmark's
2,000 offerings), then sorting. One index holding the status, dates, kind, format,
publication time and enrolment window lets both databases find and sort the keys from it
alone (an index-only scan on PostgreSQL, a covering index on SQLite).
"""

from alembic import op

revision = "b6d2e8f4a1c3"
down_revision = "a3c5e7f9b2d4"
branch_labels = None
depends_on = None

COLUMNS = [
    "status",
    "ends_on",
    "starts_on",
    "id",
    "kind",
    "format",
    "published_at",
    "enrol_opens_at",
    "enrol_closes_at",
]


def upgrade():
    op.create_index("ix_offerings_listing", "offerings", COLUMNS)
    op.execute("ANALYZE offerings")


def downgrade():
    op.drop_index("ix_offerings_listing", table_name="offerings")
