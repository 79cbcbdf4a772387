"""The catalogue query: search in every language, filters and sort, in a bounded number of
statements whatever the number of offerings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import Select, bindparam, case, exists, false, func, inspect, or_, select
from sqlalchemy.orm import (
    joinedload,
    lazyload,
    load_only,
    raiseload,
    selectinload,
    with_expression,
)
from sqlalchemy.orm.attributes import set_committed_value

from app.accounts.models import User
from app.catalogue import search
from app.catalogue.models import (
    Offering,
    OfferingLanguage,
    OfferingStatus,
    OfferingTopic,
    offering_instructors,
)
from app.cities.models import City
from app.core.guard import load_or_404
from app.core.reads import read
from app.extensions import db

SORTS = {
    "start": (Offering.starts_on.asc(), Offering.id.asc()),
    "start_desc": (Offering.starts_on.desc(), Offering.id.desc()),
    "newest": (Offering.published_at.desc(), Offering.id.desc()),
}


@dataclass
class CatalogueFilter:
    q: str = ""
    kind: str = ""
    topic: str = ""
    format: str = ""
    language: str = ""
    when: str = ""  # upcoming | open | past
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "start"


# What a card of the list shows besides the offering's row (whose titles and summaries are
# columns of it; the descriptions stay deferred): its languages, as one string of codes read
# by a subquery in the same statement. Loading them as rows took a second statement and an
# object per language, 40 % of the list's SQLAlchemy time (cProfile, full data set).
# Anything else a card would load row by row is a bug, so it raises.
def _codes(column, offering_id):
    """The codes of one offering's rows as one string ("en ja"), "" when there are none."""
    codes = select(func.aggregate_strings(column, " ")).where(offering_id == Offering.id)
    return func.coalesce(codes.scalar_subquery(), "")


LANGUAGE_CODES = _codes(OfferingLanguage.locale, OfferingLanguage.offering_id)
TOPIC_CODES = _codes(OfferingTopic.topic, OfferingTopic.offering_id)
CARD_LOADING = (with_expression(Offering.listed_language_codes, LANGUAGE_CODES), raiseload("*"))
# The offering's page: both, and the descriptions (a deferred column), in one statement, when
# its fragment is rendered (not on a hit).
SHOWN_COLUMNS = select(LANGUAGE_CODES, TOPIC_CODES, Offering.descriptions).where(
    Offering.id == bindparam("offering_id")
)


# The seats of the offerings on a cached list page, read for each request (see cards.py).
SEAT_COUNTS = select(Offering.id, Offering.capacity, Offering.seats_taken).where(
    Offering.id.in_(bindparam("offering_ids", expanding=True))
)


def seat_counts(offering_ids: list[int]) -> dict[int, tuple[int | None, int]]:
    """Each offering's capacity and seats taken, now (one statement)."""
    if not offering_ids:
        return {}
    rows = read(SEAT_COUNTS, {"offering_ids": offering_ids}).all()
    return {row.id: (row.capacity, row.seats_taken) for row in rows}


INSTRUCTOR_NAMES = (
    select(User.name_native, User.name_latin)
    .join(offering_instructors, offering_instructors.c.user_id == User.id)
    .where(offering_instructors.c.offering_id == bindparam("offering_id"))
    .order_by(User.name_latin, User.id)
)


def instructor_names(offering: Offering) -> list:
    """Who teaches the offering, as its page names them: two columns, not their accounts
    (whose roles and city loading them would read in two more statements)."""
    return read(INSTRUCTOR_NAMES, {"offering_id": offering.id}).all()


def load_shown_columns(offering: Offering) -> Offering:
    """Read what the offering's page shows beyond its row: the languages and topics as codes
    (``listed_languages``, ``listed_topics``) and the descriptions, in one statement instead
    of one per collection and one for the deferred column."""
    languages, topics, descriptions = read(SHOWN_COLUMNS, {"offering_id": offering.id}).one()
    set_committed_value(offering, "listed_language_codes", languages)
    set_committed_value(offering, "listed_topic_codes", topics)
    if "descriptions" in inspect(offering).unloaded:
        set_committed_value(offering, "descriptions", descriptions)
    return offering


# What a page about one offering reads before its own work: the titles in every language (its
# heading, a column of the row) and who the instructors are (the access rules), in one
# statement.
HEADING_LOADING = (
    joinedload(Offering.instructors).options(
        load_only(User.id), lazyload(User.role_rows), lazyload(User.city)
    ),
)

# The parts of an offering a query loads when asked for them by name (the relationships
# raise when read unloaded, see Offering): one statement each.
PARTS = {
    "topic_rows": selectinload(Offering.topic_rows),
    "language_rows": selectinload(Offering.language_rows),
    "sessions": selectinload(Offering.sessions),
    "modules": selectinload(Offering.modules),
    "instructors": selectinload(Offering.instructors),
}


def load_offering(offering_id: int, *parts: str) -> Offering | None:
    """The offering ``offering_id`` with the ``parts`` named (keys of PARTS) loaded."""
    return db.session.get(Offering, offering_id, options=[PARTS[p] for p in parts])


def offering_or_404(offering_id: int, rule: Callable | None = None) -> Offering:
    """The offering a page of the layers above works on (evaluation, completion, materials,
    action plans), with its heading loaded: 404 when there is none, 403 when
    ``rule(current_user, offering)`` refuses."""
    return load_or_404(Offering, offering_id, rule, options=HEADING_LOADING)


# What city and organisation names add to a place name, longest first.
NAME_SUFFIXES = (
    " metropolitan city government",
    " metropolitan government",
    " city government",
    " county government",
    " prefectural government",
    " government",
    " city",
    " county",
    "市政府",
    "縣政府",
    "县政府",
    "市役所",
    "政府",
    "광역시청",
    "시 정부",
    "시청",
    " 정부",
)


def place_name(name: str) -> str:
    """A city's name reduced to the place ("Kaohsiung City Government" → "kaohsiung")."""
    key = name.lower()
    for suffix in NAME_SUFFIXES:
        key = key.replace(suffix, "")
    return key.strip()


def _cities_named(q: str) -> set[str]:
    """The places (see ``place_name``) of the cities whose name, in any language, mentions
    ``q`` (one statement over the cities, a table of hundreds of rows)."""
    rows = db.session.scalars(select(City.names).where(City.name_contains(q)))
    return {key for names in rows for name in names.values() if len(key := place_name(name)) >= 2}


def _search_value(q: str, dialect: str) -> str | None:
    """What the search index is asked for ``q``: offerings whose text (title, summary or
    description, in any language it is written in, the fallback included), venue or session
    places hold every word of ``q`` (see catalogue/search.py), or that name a city whose
    name in any language mentions it ("高雄" finds a venue in Kaohsiung); None when ``q``
    asks for nothing a document can hold (nothing is then found)."""
    q = q.strip()
    groups = [search.query_tokens(q)]
    if len(q) >= 2 and groups[0]:
        # A city named like the search whose place name (its name without "City
        # Government", "市政府", "시 정부"...) the offering mentions, in any of its languages.
        groups += [search.query_tokens(key) for key in sorted(_cities_named(q))]
    return search.search_value(groups, dialect)


@dataclass(frozen=True)
class _Shape:
    """What a catalogue statement's text depends on: which filters are set (their values are
    bound when it runs), the period asked for and the order."""

    search: str  # "" | "found" | "nothing"
    kind: bool
    topic: bool
    format: bool
    language: bool
    when: str
    date_from: bool
    date_to: bool
    sort: str
    dialect: str


def catalogue_query(f: CatalogueFilter, today: date, now: datetime) -> tuple[Select, dict]:
    """The offerings ``f`` lets through, in its order (``today`` is the reader's): the
    statement, built once per shape of filter (building it, with its loader options, and
    working out its cache key cost about as much as running it), and its values."""
    shape, values = _shape_and_values(f, today, now)
    return _shaped_statement(shape), values


def catalogue_statement(f: CatalogueFilter, today: date, now: datetime) -> Select:
    """``catalogue_query``'s statement with its values in it (for what runs it once)."""
    shape, values = _shape_and_values(f, today, now)
    return _build(shape, values)


def _shape_and_values(f: CatalogueFilter, today: date, now: datetime) -> tuple[_Shape, dict]:
    dialect = db.session.get_bind().dialect.name
    values: dict = {"today": today, "now": now}
    searching = ""
    if f.q:
        tokens = _search_value(f.q, dialect)
        searching = "nothing" if tokens is None else "found"
        if tokens is not None:
            values["search_tokens"] = tokens
    for name in ("kind", "topic", "format", "language", "date_from", "date_to"):
        if getattr(f, name):
            values[name] = getattr(f, name)
    shape = _Shape(
        search=searching,
        kind=bool(f.kind),
        topic=bool(f.topic),
        format=bool(f.format),
        language=bool(f.language),
        when=f.when if f.when in ("upcoming", "past", "open") else "",
        date_from=bool(f.date_from),
        date_to=bool(f.date_to),
        sort=f.sort if f.sort in SORTS else "start",
        dialect=dialect,
    )
    return shape, values


def _build(shape: _Shape, values: dict | None = None) -> Select:
    """The statement of ``shape``, its values bound when it runs, or ``values`` in it."""

    def bind(name: str):
        return bindparam(name) if values is None else bindparam(name, values[name])

    today, now = bind("today"), bind("now")
    statement = (
        select(Offering).where(Offering.status == OfferingStatus.PUBLISHED).options(*CARD_LOADING)
    )
    if shape.search == "nothing":
        statement = statement.where(false())
    elif shape.search == "found":
        tokens = () if values is None else (values["search_tokens"],)
        statement = statement.where(Offering.id.in_(search.matching_select(shape.dialect, *tokens)))
    if shape.kind:
        statement = statement.where(Offering.kind == bind("kind"))
    if shape.format:
        statement = statement.where(Offering.format == bind("format"))
    if shape.topic:
        statement = statement.where(
            exists().where(
                OfferingTopic.offering_id == Offering.id, OfferingTopic.topic == bind("topic")
            )
        )
    if shape.language:
        statement = statement.where(
            exists().where(
                OfferingLanguage.offering_id == Offering.id,
                OfferingLanguage.locale == bind("language"),
            )
        )
    if shape.when == "upcoming":
        statement = statement.where(Offering.ends_on >= today)
    elif shape.when == "past":
        statement = statement.where(Offering.ends_on < today)
    elif shape.when == "open":
        statement = statement.where(
            Offering.ends_on >= today,
            or_(Offering.enrol_opens_at.is_(None), Offering.enrol_opens_at <= now),
            or_(Offering.enrol_closes_at.is_(None), Offering.enrol_closes_at >= now),
        )
    if shape.date_from:
        statement = statement.where(Offering.ends_on >= bind("date_from"))
    if shape.date_to:
        statement = statement.where(Offering.starts_on <= bind("date_to"))
    sort = SORTS[shape.sort]
    if shape.sort not in ("start_desc", "newest"):
        # Soonest first, and offerings that have ended after every one still to come.
        sort = (case((Offering.ends_on < today, 1), else_=0), *sort)
    return statement.order_by(*sort)


_shaped_statement = lru_cache(maxsize=512)(_build)
