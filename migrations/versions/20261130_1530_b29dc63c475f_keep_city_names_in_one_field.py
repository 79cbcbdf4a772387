"""Keep a city's names in one field: cities.names = {locale: name}

Revision ID: b29dc63c475f
Revises: b5e0f6a1c2d3
Create Date: 2026-11-30 15:30:00

The five columns name_en, name_zh_hant_tw, name_ko, name_ja and name_zh_hans_cn become one
JSON column ``names`` (the platform's one way to keep text written in several languages, see
app/core/localized.py); a language left empty is left out. The English name stays unique,
through an index over the JSON key instead of the column's unique constraint. The downgrade
writes the columns back from the JSON ("" where a language is missing).

SQLite drops a column under a unique constraint only by rebuilding the table, and dropping the
old table with foreign keys on would act on the rows that point at it (users, enrolments:
RESTRICT; action plans: SET NULL). The rebuild therefore runs with foreign keys off, checks
them before turning them on again, and keeps every city's id.
"""


import sqlalchemy as sa
from alembic import op

revision = "b29dc63c475f"
down_revision = "b5e0f6a1c2d3"
branch_labels = None
depends_on = None

# (locale, column), in the order of the site's languages.
COLUMNS = (
    ("en", "name_en"),
    ("zh_Hant_TW", "name_zh_hant_tw"),
    ("ko", "name_ko"),
    ("ja", "name_ja"),
    ("zh_Hans_CN", "name_zh_hans_cn"),
)
INDEX = "uq_cities_names_en"
CONSTRAINT = "uq_cities_name_en"


def _cities(*columns):
    return sa.table("cities", sa.column("id", sa.Integer), *columns)


def _names_column():
    return sa.column("names", sa.JSON)


def _english_name(table):
    return table.c.names["en"].as_string()  # the model's expression (app/cities/models.py)


def upgrade():
    with op.batch_alter_table("cities") as batch:
        batch.add_column(sa.Column("names", sa.JSON(), nullable=True))

    bind = op.get_bind()
    old = _cities(*(sa.column(column, sa.String) for _, column in COLUMNS))
    new = _cities(_names_column())
    rows = bind.execute(sa.select(old)).mappings().all()
    for row in rows:
        names = {
            locale: row[column].strip()
            for locale, column in COLUMNS
            if row[column] and row[column].strip()
        }
        bind.execute(sa.update(new).where(new.c.id == row["id"]).values(names=names))

    # On SQLite the table is rebuilt; migrations/env.py runs every migration with foreign
    # keys off (checked at the end), so the rows pointing at cities keep their city.
    with op.batch_alter_table("cities") as batch:
        batch.drop_constraint(CONSTRAINT, type_="unique")
        batch.alter_column("names", existing_type=sa.JSON(), nullable=False)
        for _, column in COLUMNS:
            batch.drop_column(column)
    op.create_index(INDEX, "cities", [_english_name(_cities(_names_column()))], unique=True)


def downgrade():
    op.drop_index(INDEX, table_name="cities")
    with op.batch_alter_table("cities") as batch:
        for _, column in COLUMNS:
            batch.add_column(sa.Column(column, sa.String(length=160), nullable=True))

    bind = op.get_bind()
    table = _cities(_names_column(), *(sa.column(column, sa.String) for _, column in COLUMNS))
    for row in bind.execute(sa.select(table.c.id, table.c.names)).all():
        names = row.names or {}
        bind.execute(
            sa.update(table)
            .where(table.c.id == row.id)
            .values({column: names.get(locale) or "" for locale, column in COLUMNS})
        )

    with op.batch_alter_table("cities") as batch:
        for _, column in COLUMNS:
            batch.alter_column(column, existing_type=sa.String(length=160), nullable=False)
        batch.create_unique_constraint(CONSTRAINT, ["name_en"])
        batch.drop_column("names")
