"""Offering texts as {locale: text} columns: titles, summaries, descriptions

Revision ID: 3f8a6c2d9b41
Revises: b29dc63c475f
Create Date: 2026-11-30 15:00:00

The platform keeps text written by people in several languages one way (app/core/
localized.py): one JSON column per field. Each offering_translations row becomes a key of
the offering's three columns (a summary or description left empty is not stored); the table
goes. The downgrade writes the rows back, one per language with a title, and recreates the
table with its unique constraint and index.
"""

import sqlalchemy as sa
from alembic import op

revision = "3f8a6c2d9b41"
down_revision = "b29dc63c475f"
branch_labels = None
depends_on = None

COLUMNS = ("titles", "summaries", "descriptions")

offerings = sa.table(
    "offerings",
    sa.column("id", sa.Integer),
    *(sa.column(name, sa.JSON) for name in COLUMNS),
)
translations = sa.table(
    "offering_translations",
    sa.column("id", sa.Integer),
    sa.column("offering_id", sa.Integer),
    sa.column("locale", sa.String),
    sa.column("title", sa.String),
    sa.column("summary", sa.String),
    sa.column("description", sa.Text),
)


def upgrade():
    # SQLite cannot add a NOT NULL column without a constant default, and rebuilding the
    # table would cascade its deletion to every row referring to an offering (foreign keys
    # are on): there the columns get a constant default the application never relies on,
    # as changed_at did (9e01ba9a832f).
    sqlite = op.get_context().dialect.name == "sqlite"
    for name in COLUMNS:
        op.add_column(
            "offerings",
            sa.Column(
                name, sa.JSON(), nullable=not sqlite, server_default="{}" if sqlite else None
            ),
        )

    connection = op.get_bind()
    texts: dict[int, dict[str, dict]] = {}
    for offering_id in connection.scalars(sa.select(offerings.c.id)):
        texts[offering_id] = {name: {} for name in COLUMNS}
    rows = connection.execute(
        sa.select(
            translations.c.offering_id,
            translations.c.locale,
            translations.c.title,
            translations.c.summary,
            translations.c.description,
        ).order_by(translations.c.id)  # the order the languages were written in
    )
    for offering_id, locale, title, summary, description in rows:
        columns = texts[offering_id]
        columns["titles"][locale] = title
        if summary:
            columns["summaries"][locale] = summary
        if description:
            columns["descriptions"][locale] = description
    if texts:
        connection.execute(
            offerings.update()
            .where(offerings.c.id == sa.bindparam("key"))
            .values({name: sa.bindparam(f"new_{name}") for name in COLUMNS}),
            [
                {"key": key, **{f"new_{name}": columns[name] for name in COLUMNS}}
                for key, columns in texts.items()
            ],
        )

    if not sqlite:
        for name in COLUMNS:
            op.alter_column("offerings", name, existing_type=sa.JSON(), nullable=False)

    with op.batch_alter_table("offering_translations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offering_translations_offering_id"))
    op.drop_table("offering_translations")


def downgrade():
    op.create_table(
        "offering_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=600), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["offerings.id"],
            name=op.f("fk_offering_translations_offering_id_offerings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offering_translations")),
        sa.UniqueConstraint(
            "offering_id", "locale", name=op.f("uq_offering_translations_offering_id_locale")
        ),
    )
    with op.batch_alter_table("offering_translations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offering_translations_offering_id"), ["offering_id"], unique=False
        )

    connection = op.get_bind()
    rows = []
    for offering_id, titles, summaries, descriptions in connection.execute(
        sa.select(offerings.c.id, *(offerings.c[name] for name in COLUMNS)).order_by(offerings.c.id)
    ):
        summaries, descriptions = summaries or {}, descriptions or {}
        for locale, title in (titles or {}).items():
            if not title:
                continue
            rows.append(
                {
                    "offering_id": offering_id,
                    "locale": locale,
                    "title": title[:200],
                    "summary": (summaries.get(locale) or "")[:600],
                    "description": descriptions.get(locale) or "",
                }
            )
    if rows:
        connection.execute(sa.insert(translations), rows)

    for name in reversed(COLUMNS):
        op.drop_column("offerings", name)
