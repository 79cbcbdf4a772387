"""Keep each city's names searchable in one column: cities.search_names

Revision ID: e4a7c9d2b6f1
Revises: d9e1f3a5b7c2
Create Date: 2026-12-01 05:00:00

A catalogue search also looks for cities named like its words, in any language. It lowercased
five JSON fields of each of the ~600 cities on every search (1.8 ms on SQLite, 3.2 ms on
PostgreSQL); the names, lowercased, one a line, are now a plain column written with them
(app/cities/models.py). Filled here from each city's names; the downgrade drops it.
"""

import sqlalchemy as sa
from alembic import op

revision = "e4a7c9d2b6f1"
down_revision = "d9e1f3a5b7c2"
branch_labels = None
depends_on = None


def _search_names(names: dict | None) -> str:
    """What app/cities/models.py's search_names_of writes (a migration imports no app code)."""
    return "\n".join(name.lower() for name in (names or {}).values() if name)


def upgrade():
    op.add_column("cities", sa.Column("search_names", sa.Text(), server_default="", nullable=False))
    cities = sa.table(
        "cities",
        sa.column("id", sa.Integer),
        sa.column("names", sa.JSON),
        sa.column("search_names"),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(cities.c.id, cities.c.names)).all()
    if rows:  # one executemany for every city
        connection.execute(
            sa.update(cities)
            .where(cities.c.id == sa.bindparam("city_id"))
            .values(search_names=sa.bindparam("value")),
            [{"city_id": city_id, "value": _search_names(names)} for city_id, names in rows],
        )


def downgrade():
    # A plain ALTER TABLE ... DROP COLUMN on SQLite too (3.35 and later): a batch copy of
    # the table would lose the unique index over the English name (b29dc63c475f).
    op.drop_column("cities", "search_names")
