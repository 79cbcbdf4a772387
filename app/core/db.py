"""Declarative base, naming convention and column types shared by every domain."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from sqlalchemy import DateTime, MetaData, Select, and_, bindparam, inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import MANYTOONE, DeclarativeBase, registry, with_parent
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def conflict_insert(session, model):
    """An INSERT for the ``session``'s database that takes ``on_conflict_do_nothing`` or
    ``on_conflict_do_update`` (PostgreSQL's and SQLite's spell the same clauses)."""
    dialect = session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(model)


def escape_like(text: str) -> str:
    """Make % and _ typed by a person match themselves in a LIKE pattern (with escape="\\")."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def load_parts(row, *names: str):
    """Load the relationships ``names`` of ``row`` that the query which fetched it left
    unloaded, one statement each (those already loaded, or of a row not yet in the database,
    cost nothing). For a service that works on one row it was handed: the relationships
    that would be an N+1 bug when read lazily raise instead (lazy="raise_on_sql")."""
    state = inspect(row)
    if not state.persistent:
        return row
    session = state.session
    for name in names:
        if name not in state.unloaded:
            continue
        prop = state.mapper.relationships[name]
        if prop.direction is MANYTOONE:
            # Like a lazy load: from the identity map when the row is there already.
            key = {
                remote.key: getattr(row, state.mapper.get_property_by_column(local).key)
                for local, remote in prop.local_remote_pairs
            }
            found = None if None in key.values() else session.get(prop.mapper.class_, key)
            set_committed_value(row, name, found)
            continue
        prebuilt = _part_statement(state.mapper, name)
        if prebuilt is None:
            statement = select(prop.mapper).where(with_parent(row, getattr(type(row), name)))
            if prop.order_by:
                statement = statement.order_by(*prop.order_by)
            found = session.scalars(statement).unique().all()
        else:
            statement, keys = prebuilt
            values = {param: getattr(row, attribute) for param, attribute in keys}
            found = session.scalars(statement, values).unique().all()
        set_committed_value(row, name, found if prop.uselist else next(iter(found), None))
    return row


@cache
def _part_statement(mapper, name: str) -> tuple[Select, list[tuple[str, str]]] | None:
    """The statement of one relationship's rows for any parent, the parent's key as bound
    parameters, with the names of the attributes that fill them; built once per relationship
    (building it with ``with_parent`` for each row cost about as much as running it). None
    when its join is more than equal keys: then it is built for each row."""
    prop = mapper.relationships[name]
    pairs = list(prop.synchronize_pairs)  # (parent's column, the column that refers to it)
    plain = and_(*(local == remote for local, remote in pairs))
    if not pairs or not plain.compare(prop.primaryjoin):
        return None
    statement = select(prop.mapper)
    if prop.secondary is not None:
        statement = statement.join(prop.secondary, prop.secondaryjoin)
    keys = []
    for n, (local, remote) in enumerate(pairs):
        param = f"part_{n}"
        keys.append((param, mapper.get_property_by_column(local).key))
        statement = statement.where(remote == bindparam(param, type_=remote.type))
    if prop.order_by:
        statement = statement.order_by(*prop.order_by)
    return statement, keys


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every backend (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC value")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime},
    )
