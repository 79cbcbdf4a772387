"""add offering_search: the catalogue's search tokens, indexed (GIN on PostgreSQL, FTS5 on SQLite)

Revision ID: 7a3c5e9b1d20
Revises: 5ec12c17e003
Create Date: 2026-11-30 08:00:00

The tokens are built here as app/catalogue/search.py builds them (copied: a migration does
not import application code): each CJK character and character pair, each other word,
lowercased after NFKC normalisation, from every offering's venue, titles, summaries,
descriptions (without their HTML tags) and session places.
"""

import html
import re
import unicodedata
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7a3c5e9b1d20"
down_revision = "a7c3e1f20b16"
branch_labels = None
depends_on = None

CJK = (
    "\u1100-\u11ff\u3005\u3007\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
RUNS = re.compile(f"([{CJK}]+)|([^\\W_{CJK}]+)")
TAGS = re.compile(r"<[^>]*>")
LONGEST = 64

FTS_TRIGGERS = (
    """CREATE TRIGGER offering_search_ai AFTER INSERT ON offering_search BEGIN
        INSERT INTO offering_search_fts(rowid, document)
        VALUES (new.offering_id, new.document);
    END""",
    """CREATE TRIGGER offering_search_ad AFTER DELETE ON offering_search BEGIN
        INSERT INTO offering_search_fts(offering_search_fts, rowid, document)
        VALUES ('delete', old.offering_id, old.document);
    END""",
    """CREATE TRIGGER offering_search_au AFTER UPDATE ON offering_search BEGIN
        INSERT INTO offering_search_fts(offering_search_fts, rowid, document)
        VALUES ('delete', old.offering_id, old.document);
        INSERT INTO offering_search_fts(rowid, document)
        VALUES (new.offering_id, new.document);
    END""",
)


def _document(texts):
    tokens = set()
    for text in texts:
        for match in RUNS.finditer(unicodedata.normalize("NFKC", text or "").lower()):
            cjk, word = match.group(1), match.group(2)
            if cjk:
                tokens.update(cjk)
                tokens.update(cjk[i : i + 2] for i in range(len(cjk) - 1))
            else:
                tokens.add(word[:LONGEST])
    return " ".join(sorted(tokens))


def _backfill(conn):
    texts = defaultdict(list)
    for offering_id, venue in conn.execute(sa.text("SELECT id, venue FROM offerings")):
        texts[offering_id].append(venue or "")
    for offering_id, title, summary, description in conn.execute(
        sa.text("SELECT offering_id, title, summary, description FROM offering_translations")
    ):
        plain = html.unescape(TAGS.sub(" ", description or ""))
        texts[offering_id] += [title or "", summary or "", plain]
    for offering_id, location in conn.execute(
        sa.text("SELECT offering_id, location FROM sessions WHERE location <> ''")
    ):
        texts[offering_id].append(location)
    rows = [{"o": key, "d": _document(parts)} for key, parts in texts.items()]
    insert = sa.text("INSERT INTO offering_search (offering_id, document) VALUES (:o, :d)")
    for start in range(0, len(rows), 2000):
        conn.execute(insert, rows[start : start + 2000])


def upgrade():
    op.create_table(
        "offering_search",
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["offerings.id"],
            name=op.f("fk_offering_search_offering_id_offerings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offering_id", name=op.f("pk_offering_search")),
    )
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_offering_search_document ON offering_search "
            "USING gin (array_to_tsvector(string_to_array(document, ' '))) "
            # Written through at once, not queued in a pending list that every search would
            # read and that makes the planner prefer a sequential scan after many writes.
            "WITH (fastupdate = off)"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE offering_search_fts USING fts5(document, "
            "content='offering_search', content_rowid='offering_id', "
            "tokenize='unicode61 remove_diacritics 0')"
        )
        for trigger in FTS_TRIGGERS:
            op.execute(trigger)
    _backfill(conn)


def downgrade():
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        op.execute("DROP INDEX ix_offering_search_document")
    else:
        for name in ("offering_search_ai", "offering_search_ad", "offering_search_au"):
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE offering_search_fts")
    op.drop_table("offering_search")
