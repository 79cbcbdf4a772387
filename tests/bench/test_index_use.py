"""Each benchmark page reads the large tables by an index, never by a sequential scan
(PostgreSQL's EXPLAIN of every statement the page sends, every fragment rendered afresh).

The small scale data set is multiplied with one INSERT … SELECT generate_series per table
into the benchmark's shape (many officials, hundreds of enrolments per offering, hundreds of
offerings with their texts), then ANALYZEd, so that the planner weighs the tables as it
would in production: a sequential scan of ``users`` or ``enrolments`` here is one on the full
data set too. (The offerings' texts in every language are columns of their rows, read with
them: there is no table of texts to scan any more.) The search's plan is checked in
tests/catalogue/test_search.py (the index, never the texts).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from app.demo.scale_data import SIZES, load
from tests.factories import sign_in

pytestmark = pytest.mark.real_commits  # the scale data set numbers its rows from 1

WATCHED = ("users", "enrolments")
# Pages whose offerings are found from ix_offerings_listing (every column their filters and
# orders read), never from the table's wide rows with their texts.
LISTS_OF_OFFERINGS = ("home page", "catalogue", "catalogue, filters", "catalogue, open")
SEQUENTIAL = re.compile(r"Seq Scan on (\w+)")

# Copies of existing rows: 100,000 officials (as many as in the full data set), 600 offerings
# with their texts (as long as the full data set's: its rows average 1.3 KB), topics and
# languages, and 100 enrolments for each new offering.
MULTIPLY = (
    """INSERT INTO users (email, password_hash, name_native, name_latin, city_id, department,
        job_title, locale, timezone, is_enabled, created_at, password_changed_at,
        email_verified_at, wants_reminders, wants_digests)
    SELECT 'copy' || g || '@scale.kcc.test', u.password_hash, u.name_native, u.name_latin,
        u.city_id, u.department, u.job_title, u.locale, u.timezone, u.is_enabled, u.created_at,
        u.password_changed_at, u.email_verified_at, u.wants_reminders, u.wants_digests
    FROM generate_series(1, 100000) AS g
    JOIN users AS u ON u.id = 1 + g % 600""",
    # Each an official, as in the full data set (a city's officials are found among them).
    """INSERT INTO user_roles (user_id, role)
    SELECT u.id, 'official' FROM users AS u WHERE u.id >= :first_user""",
    """INSERT INTO offerings (kind, status, format, timezone, starts_on, ends_on, capacity,
        enrolment_mode, fallback_locale, venue, online_url, created_at, updated_at, changed_at,
        published_at, seats_taken, waitlist_counter, titles, summaries, descriptions)
    SELECT o.kind, o.status, o.format, o.timezone, o.starts_on + g, o.ends_on + g, o.capacity,
        o.enrolment_mode, o.fallback_locale, o.venue, o.online_url, o.created_at, o.updated_at,
        o.changed_at, o.published_at, o.seats_taken, o.waitlist_counter,
        json_build_object('en', 'Copy ' || g || ' ' || o.id, 'ja', 'Copy ja', 'ko', 'Copy ko'),
        json_build_object('en', repeat('Summary ', 25)),
        json_build_object('en', repeat('<p>The offering described.</p>', 40))
    FROM generate_series(1, 20) AS g CROSS JOIN offerings AS o""",
    """INSERT INTO offering_languages (offering_id, locale)
    SELECT o.id, 'en' FROM offerings AS o WHERE o.id > :first_copy""",
    """INSERT INTO offering_topics (offering_id, topic)
    SELECT o.id, 'energy' FROM offerings AS o WHERE o.id > :first_copy""",
    """INSERT INTO enrolments (user_id, offering_id, city_id, status, waiting_reason, reason,
        created_at, updated_at)
    SELECT u.id, o.id, u.city_id, 'enrolled', '', '', o.created_at, o.created_at
    FROM offerings AS o
    CROSS JOIN generate_series(1, 100) AS g
    JOIN users AS u ON u.id = :first_user + (o.id * 100 + g) % 100000
    WHERE o.id > :first_copy""",
)


def plans_of_page(client, path: str, connection) -> list[str]:
    """The EXPLAIN of every SELECT the page sends (after one warming request)."""
    client.get(path)
    sent: list[tuple[str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            sent.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", before)
    try:
        response = client.get(path)
    finally:
        event.remove(Engine, "before_cursor_execute", before)
    assert response.status_code == 200, (path, response.status_code)
    assert sent, path
    plans = []
    for statement, parameters in sent:
        rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()
        plans.append("\n".join(row[0] for row in rows))
    return plans


def test_benchmark_pages_read_the_large_tables_by_index(app_factory, db, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the plans checked are PostgreSQL's")
    fixtures = load(SIZES["small"], seed=1)["fixtures"]
    first_user = db.session.scalar(text("SELECT max(id) + 1 FROM users"))
    first_copy = db.session.scalar(text("SELECT max(id) FROM offerings"))
    for statement in MULTIPLY:
        db.session.execute(text(statement), {"first_copy": first_copy, "first_user": first_user})
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    with db.engine.connect() as autocommit:  # VACUUM: the visibility map that index-only
        autocommit.execution_options(isolation_level="AUTOCOMMIT")  # scans rely on
        autocommit.exec_driver_sql("VACUUM offerings")
    assert db.session.scalar(text("SELECT count(*) FROM enrolments")) > 50_000

    app = app_factory(CACHE_TYPE="NullCache")
    anonymous, official, instructor = app.test_client(), app.test_client(), app.test_client()

    class Person:  # sign_in only needs these two attributes
        def __init__(self, email):
            self.email = email
            self.totp_secret = None

    sign_in(official, Person(fixtures["official_email"]), fixtures["password"])
    sign_in(instructor, Person(fixtures["instructor_email"]), fixtures["password"])
    focal_point = app.test_client()
    sign_in(focal_point, Person(fixtures["focal_point_email"]), fixtures["password"])
    o, s, r = fixtures["offering_id"], fixtures["symposium_id"], fixtures["roster_offering_id"]
    pages = {
        "home page": (anonymous, "/"),
        "catalogue": (anonymous, "/offerings?page=3"),
        "catalogue, open": (anonymous, "/offerings?when=open&sort=newest"),
        "catalogue, filters": (anonymous, "/offerings?kind=course&topic=energy&format=online"),
        "offering detail": (anonymous, f"/offerings/{o}"),
        "symposium programme": (anonymous, f"/offerings/{s}/programme"),
        "My learning": (official, "/my"),
        "roster": (instructor, f"/manage/offerings/{r}/roster?page=2"),
        "records view": (instructor, f"/manage/offerings/{r}/records"),
        "offering .ics": (anonymous, f"/offerings/{o}/calendar.ics"),
        "a focal point's officials": (focal_point, "/my-city/officials"),
        "a focal point's action plans": (focal_point, "/city/action-plans"),
        "action-plan library": (anonymous, "/action-plans?topic=energy"),
    }
    scans = {}
    with app.app_context():  # not around the requests: each needs a session of its own
        from app.extensions import db as database

        engine = database.engine
    with engine.connect() as connection:
        for name, (client, path) in pages.items():
            for plan in plans_of_page(client, path, connection):
                watched = {*WATCHED, "offerings"} if name in LISTS_OF_OFFERINGS else WATCHED
                found = set(SEQUENTIAL.findall(plan)) & set(watched)
                if found:
                    scans.setdefault(name, []).append(plan)
    assert scans == {}, "\n\n".join(f"{name}:\n" + "\n--\n".join(p) for name, p in scans.items())
