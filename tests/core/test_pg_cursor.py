"""psycopg's cursor with its columns described on first reading (core/pg_cursor.py): the same
description as psycopg's own, of the result it was taken from; the platform's engine uses it
on PostgreSQL (the whole suite's PostgreSQL runs go through it)."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from app.core.pg_cursor import Cursor, Description
from tests.conftest import DATABASES, PG_ADMIN_DSN


@pytest.fixture
def connection():
    if "postgresql" not in DATABASES:
        pytest.skip("PostgreSQL is not among KCC_TEST_DATABASES")
    with psycopg.connect(PG_ADMIN_DSN, cursor_factory=Cursor) as connection:
        yield connection


def _described(description) -> list[tuple]:
    return [(column.name, column.type_code, column.display_size) for column in description]


def test_the_description_is_psycopgs_own(connection):
    query = "SELECT 1 AS one, 'a'::varchar(5) AS letter, now() AS moment"
    ours, theirs = connection.cursor(), psycopg.Cursor(connection)
    ours.execute(query)
    theirs.execute(query)
    assert isinstance(ours.description, Description) and len(ours.description) == 3
    assert _described(ours.description) == _described(theirs.description)
    assert [tuple(c) for c in ours.description] == [tuple(c) for c in theirs.description]
    assert ours.description[1][0] == "letter" and ours.description[1].display_size == 5
    ours.execute("SELECT")  # rows of no columns: an empty description, not None
    assert ours.description is not None and len(ours.description) == 0
    ours.execute("SET statement_timeout = 5000")  # no rows: None, as psycopg says
    assert ours.description is None


def test_a_description_read_late_describes_its_own_result(connection):
    cursor = connection.cursor()
    cursor.execute("SELECT 1 AS first_column, 2 AS second_column")
    first = cursor.description
    cursor.execute("SELECT 'x' AS other")
    assert [column.name for column in first] == ["first_column", "second_column"]
    assert [column.name for column in cursor.description] == ["other"]


def test_the_platform_reads_through_it_on_postgresql(app, db):
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    cursor = db.session.connection().connection.dbapi_connection.cursor()
    assert isinstance(cursor, Cursor) is postgresql
    # Compiled statements (whose columns SQLAlchemy keeps) and text() (read by name).
    row = db.session.execute(text("SELECT 7 AS seven, 'seven' AS word")).one()
    assert (row.seven, row.word) == (7, "seven")
    assert db.session.execute(text("SELECT 1 WHERE 1 = 0")).all() == []
