"""Catalogue search by index, in every script: the words of an offering as search tokens.

Chinese, Japanese and Korean are written without spaces between words, and their words are
mostly two characters long (韌性, 気候, 기후), too short for a trigram index. Every run of
CJK characters (Han, kana, Hangul) is therefore indexed as its single characters and its
character pairs (bigrams): a query of one character looks for that character, a longer one
for all its pairs. Other scripts are indexed by their words, lowercased, and a query word
finds the words it begins ("resil" finds "resilience"). Text is NFKC-normalised first, so
full-width letters and half-width kana match their ordinary forms. Punctuation, LIKE
wildcards (% _) and HTML tags only separate words: a query of punctuation finds nothing.

A query matches an offering when every one of its tokens is in the offering's document
(``offering_search``). PostgreSQL answers from a GIN index over the tokens as a tsvector,
SQLite from an FTS5 table (unicode61 tokenizer over the space-separated tokens); neither
reads the texts themselves, so the time of a search follows the number of offerings found,
not the number in the catalogue.

The documents are rewritten in the flush that changes what they are built from (the same
flush and transaction that moves ``changed_at``, see fragments.py), from what the database
holds after the flush's statements.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import (
    Select,
    String,
    bindparam,
    column,
    delete,
    event,
    insert,
    inspect,
    literal_column,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from app.catalogue.models import (
    Offering,
    OfferingSearch,
    OfferingSession,
)

# Han (with its extensions and compatibility forms), kana, Hangul, 々 and 〇.
CJK = (
    "\u1100-\u11ff\u3005\u3007\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
RUNS = re.compile(f"([{CJK}]+)|([^\\W_{CJK}]+)")
TAGS = re.compile(r"<[^>]*>")
LONGEST = 64  # characters of a word that count (a longer one is cut, in text and query)

# Which columns of which rows the documents are built from.
SEARCHED = {
    Offering: ("venue", "titles", "summaries", "descriptions"),
    OfferingSession: ("location", "offering_id"),
}

search_table = OfferingSearch.__table__
# PostgreSQL's stored tsvector of each document (a generated column, migration e9a1c3b5d7f2,
# with the GIN index over it), not mapped: SQLite has no such column (its FTS5 table instead).
TOKENS = table("offering_search", column("offering_id"), column("tokens"))
FTS = table("offering_search_fts", column("rowid"))


def _runs(text: str):
    """(cjk run, None) or (None, word) for each run of the normalised, lowercased text."""
    for match in RUNS.finditer(unicodedata.normalize("NFKC", text).lower()):
        yield match.group(1), match.group(2)


def document_tokens(texts: Iterable[str]) -> set[str]:
    """The tokens of a document: each CJK character and pair, each other word."""
    tokens: set[str] = set()
    for text in texts:
        for cjk, word in _runs(text):
            if cjk:
                tokens.update(cjk)
                tokens.update(cjk[i : i + 2] for i in range(len(cjk) - 1))
            else:
                tokens.add(word[:LONGEST])
    return tokens


def query_tokens(q: str) -> list[tuple[str, bool]]:
    """The tokens a query asks for, each with whether it is a word prefix (non-CJK words)."""
    wanted: dict[str, bool] = {}
    for cjk, word in _runs(q):
        if cjk and len(cjk) == 1:
            wanted[cjk] = False
        elif cjk:
            for i in range(len(cjk) - 1):
                wanted[cjk[i : i + 2]] = False
        else:
            wanted[word[:LONGEST]] = True
    return list(wanted.items())


def plain_text(fragment: str) -> str:
    """Sanitised HTML as the words a reader sees."""
    return html.unescape(TAGS.sub(" ", fragment or ""))


def document(texts: Iterable[str]) -> str:
    return " ".join(sorted(document_tokens(texts)))


# Queries ---------------------------------------------------------------------------------


def _tsquery(groups: list[list[tuple[str, bool]]]) -> str:
    def term(token: str, prefix: bool) -> str:
        quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
        return quoted + (":*" if prefix else "")

    return " | ".join("(" + " & ".join(term(*t) for t in group) + ")" for group in groups)


def _fts_query(groups: list[list[tuple[str, bool]]]) -> str:
    def term(token: str, prefix: bool) -> str:
        return '"' + token.replace('"', '""') + '"' + ("*" if prefix else "")

    return " OR ".join("(" + " AND ".join(term(*t) for t in group) + ")" for group in groups)


def search_value(groups: list[list[tuple[str, bool]]], dialect: str) -> str | None:
    """The index's query for documents holding every token of at least one group (bound as
    ``search_tokens`` in ``matching_select``); None when no group asks for anything."""
    groups = [group for group in groups if group]
    if not groups:
        return None
    return _tsquery(groups) if dialect == "postgresql" else _fts_query(groups)


def matching_select(dialect: str, *value: str) -> Select:
    """A select of the ids of offerings whose document matches ``search_tokens`` (the
    ``value`` when given, else bound when it runs), answered from the index."""
    if dialect == "postgresql":
        wanted = bindparam("search_tokens", *value, type_=TSQUERY)
        return select(TOKENS.c.offering_id).where(TOKENS.c.tokens.op("@@")(wanted))
    wanted = bindparam("search_tokens", *value, type_=String)
    return select(FTS.c.rowid).where(literal_column("offering_search_fts").op("MATCH")(wanted))


# Keeping the documents in step -------------------------------------------------------------


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def refresh(session: Session, offering_ids: Iterable[int]) -> None:
    """Rewrite the documents of these offerings from what the database holds now (a few
    statements per 500 offerings); an offering that no longer exists loses its document."""
    offerings = Offering.__table__.c
    places = OfferingSession.__table__.c
    for chunk in _chunks(sorted(set(offering_ids))):
        texts: dict[int, list[str]] = defaultdict(list)
        for offering_id, venue, titles, summaries, descriptions in session.execute(
            select(
                offerings.id,
                offerings.venue,
                offerings.titles,
                offerings.summaries,
                offerings.descriptions,
            ).where(offerings.id.in_(chunk))
        ):
            texts[offering_id] += [
                venue or "",
                *(titles or {}).values(),
                *(summaries or {}).values(),
                *(plain_text(html) for html in (descriptions or {}).values()),
            ]
        for offering_id, location in session.execute(
            select(places.offering_id, places.location).where(
                places.offering_id.in_(chunk), places.location != ""
            )
        ):
            texts[offering_id].append(location)
        session.execute(delete(search_table).where(search_table.c.offering_id.in_(chunk)))
        rows = [
            {"offering_id": offering_id, "document": document(parts)}
            for offering_id, parts in texts.items()
        ]
        if rows:
            session.execute(insert(search_table), rows)


def rebuild_all(session: Session) -> int:
    """Every offering's document afresh (after bulk inserts that bypass the ORM)."""
    ids = list(session.scalars(select(Offering.__table__.c.id)))
    refresh(session, ids)
    return len(ids)


def _changed_offerings(obj) -> set[int]:
    """The ids of the offerings whose documents this changed (flushed) object alters: its
    own, and the one it left if it moved to another offering."""
    columns = SEARCHED.get(type(obj))
    if columns is None:
        return set()
    state = inspect(obj)
    if not any(state.attrs[name].history.has_changes() for name in columns):
        return set()
    if isinstance(obj, Offering):
        return {obj.id}
    return {obj.offering_id, *state.attrs.offering_id.history.deleted}


@event.listens_for(Session, "after_flush")
def _refresh_changed_documents(session: Session, flush_context) -> None:
    """In the flush that changes a searched text, after its statements, in its transaction:
    the documents of the offerings concerned. (New rows have their ids only now; the
    objects' histories still tell what this flush changed.)"""
    ids = set()
    for obj in (*session.new, *session.deleted):
        if type(obj) in SEARCHED:
            ids.add(obj.id if isinstance(obj, Offering) else obj.offering_id)
    for obj in session.dirty:
        ids.update(_changed_offerings(obj))
    ids.discard(None)
    if ids:
        refresh(session, ids)
