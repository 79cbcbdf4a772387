"""The schema exists only through Alembic: upgrade from empty, no drift, every step reversible."""

from __future__ import annotations

import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select, text

from app import create_app
from tests.conftest import DATABASES, _create_pg_database, _drop_pg_database, make_config


@pytest.fixture(params=DATABASES)  # KCC_TEST_DATABASES, as for every other test
def empty_app(request, tmp_path):
    """An app on a brand-new, empty database of each kind."""
    created = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    else:
        created, url = _create_pg_database()
    app = create_app(make_config(url))
    with app.app_context():
        yield app
        from app.extensions import db

        db.session.remove()
        db.engine.dispose()
    if created:
        _drop_pg_database(created)


def _not_fts(name: str | None, kind: str = "", parents: dict | None = None) -> bool:
    """The catalogue's search index exists only in its migrations (7a3c5e9b1d20,
    e9a1c3b5d7f2): SQLite's FTS5 table with its shadow tables, PostgreSQL's generated
    tsvector column and the GIN index over it."""
    name = name or ""
    if kind == "column" and (parents or {}).get("table_name") == "offering_search":
        return name != "tokens"
    return not (
        name.startswith("offering_search_fts")
        # and the unique index over a city's English name in its JSON names (b29dc63c475f), an
        # expression SQLite does not reflect; tests/cities checks that it refuses a second one
        or name in ("ix_offering_search_tokens", "uq_cities_names_en")
    )


def _tables(db) -> set[str]:
    return set(filter(_not_fts, inspect(db.engine).get_table_names())) - {"alembic_version"}


def test_upgrade_matches_models_and_downgrade_empties(empty_app):
    from app.extensions import db

    upgrade()
    assert _tables(db) == set(db.metadata.tables)
    with db.engine.connect() as conn, warnings.catch_warnings():
        # SQLite's reflection skips (and says so) the index over the cities' English names
        warnings.filterwarnings("ignore", "Skipped unsupported reflection .* uq_cities_names_en")
        diff = compare_metadata(
            MigrationContext.configure(
                conn,
                opts={"compare_type": True, "include_name": _not_fts},
            ),
            db.metadata,
        )
    assert diff == [], f"models and migrations differ: {diff}"
    downgrade(revision="base")
    assert _tables(db) == set()


def test_every_step_is_reversible(empty_app):
    from app.extensions import db

    script = ScriptDirectory.from_config(empty_app.extensions["migrate"].migrate.get_config())
    revisions = list(reversed(list(script.walk_revisions())))
    assert len(script.get_heads()) == 1, "one head only"
    for revision in revisions:
        upgrade(revision=revision.revision)
        downgrade(revision=revision.down_revision or "base")
        upgrade(revision=revision.revision)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            script.get_current_head()
        )


def test_upgrade_keeps_existing_rows(empty_app):
    """Upgrading a populated database to head again loses nothing (the data-carrying check)."""
    from app.cities.models import City
    from app.extensions import db

    upgrade()
    db.session.add(City(country_code="TW", names={"en": "Kaohsiung", "ko": "가오슝시"}))
    db.session.commit()
    upgrade()
    assert db.session.scalar(select(City)).name("ko") == "가오슝시"


def test_changed_at_is_filled_from_the_last_edit_and_survives_a_round_trip(empty_app):
    """Offerings that exist before 9e01ba9a832f get changed_at = updated_at; a downgrade and a
    new upgrade keep every offering."""
    from datetime import UTC, date, datetime

    from sqlalchemy import MetaData, Table, insert, select

    from app.extensions import db

    upgrade(revision="f09692c5a7a6")
    sqlite = db.engine.dialect.name == "sqlite"
    edited = [datetime(2026, 3, day, 8, 30, tzinfo=UTC) for day in (1, 2, 3)]
    with db.engine.begin() as conn:
        offerings = Table("offerings", MetaData(), autoload_with=conn)
        conn.execute(
            insert(offerings),
            [
                {
                    "kind": "course",
                    "status": "published",
                    "format": "online",
                    "timezone": "Asia/Taipei",
                    "starts_on": date(2026, 5, 1),
                    "ends_on": date(2026, 5, 2),
                    "enrolment_mode": "open",
                    "fallback_locale": "en",
                    "venue": "",
                    "online_url": "",
                    "created_at": when.replace(tzinfo=None) if sqlite else when,
                    "updated_at": when.replace(tzinfo=None) if sqlite else when,
                    "seats_taken": 0,
                    "waitlist_counter": 0,
                }
                for when in edited
            ],
        )
    upgrade()
    from app.catalogue.models import Offering

    rows = db.session.execute(select(Offering.updated_at, Offering.changed_at)).all()
    assert sorted(changed for _, changed in rows) == edited
    assert all(updated == changed for updated, changed in rows)
    db.session.remove()
    downgrade(revision="f09692c5a7a6")
    upgrade()
    assert db.session.scalar(select(func.count()).select_from(Offering)) == 3


def test_the_search_index_is_built_from_existing_offerings_and_goes_away(empty_app):
    """7a3c5e9b1d20 fills offering_search from offerings already there (their titles, HTML
    descriptions, venues and session places) and indexes it; downgrading drops the table and
    its index (SQLite: the FTS5 table, its shadow tables and triggers) and nothing else."""
    from datetime import UTC, date, datetime

    from sqlalchemy import MetaData, Table, insert, select

    from app.extensions import db

    upgrade(revision="5ec12c17e003")
    sqlite = db.engine.dialect.name == "sqlite"
    when = datetime(2026, 3, 1, 8, 30) if sqlite else datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    with db.engine.begin() as conn:
        tables = MetaData()
        offerings = Table("offerings", tables, autoload_with=conn)
        texts = Table("offering_translations", tables, autoload_with=conn)
        sessions = Table("sessions", tables, autoload_with=conn)
        common = {
            "kind": "course",
            "status": "published",
            "format": "online",
            "timezone": "Asia/Taipei",
            "starts_on": date(2026, 5, 1),
            "ends_on": date(2026, 5, 2),
            "enrolment_mode": "open",
            "fallback_locale": "en",
            "online_url": "",
            "created_at": when,
            "updated_at": when,
            "changed_at": when,
            "seats_taken": 0,
            "waitlist_counter": 0,
        }
        conn.execute(
            insert(offerings),
            [{**common, "id": 1, "venue": "Kaohsiung Hall"}, {**common, "id": 2, "venue": ""}],
        )
        conn.execute(
            insert(texts),
            [
                {
                    "offering_id": 1,
                    "locale": "zh_Hant_TW",
                    "title": "城市韌性",
                    "summary": "",
                    "description": "<p>気候<b>변화</b></p>",
                },
                {
                    "offering_id": 2,
                    "locale": "en",
                    "title": "Water",
                    "summary": "",
                    "description": "",
                },
            ],
        )
        conn.execute(
            insert(sessions),
            [
                {
                    "offering_id": 2,
                    "titles": "{}" if sqlite else {},
                    "starts_at": when,
                    "ends_at": when.replace(hour=10),
                    "location": "Room 韌",
                    "online_url": "",
                    "counts_for_attendance": True,
                }
            ],
        )
    upgrade()
    from app.catalogue.models import OfferingSearch
    from app.catalogue.search import matching_select, query_tokens, search_value

    statement = select(OfferingSearch.offering_id, OfferingSearch.document)
    documents = {key: set(document.split()) for key, document in db.session.execute(statement)}
    cjk = {"城", "市", "韌", "性", "城市", "市韌", "韌性", "気", "候", "気候", "변", "화", "변화"}
    assert documents[1] == cjk | {"kaohsiung", "hall"}  # the tags (p, b) are not words
    assert documents[2] == {"water", "room", "韌"}

    def found(q):
        dialect = db.engine.dialect.name
        ids = matching_select(dialect, search_value([query_tokens(q)], dialect))
        return set(db.session.scalars(ids))

    assert found("韌性") == {1} and found("韌") == {1, 2} and found("변화") == {1}
    assert found("kaohsiung") == {1} and found("room") == {2}
    db.session.remove()
    downgrade(revision="5ec12c17e003")
    assert not any(
        name.startswith("offering_search")
        for name in _tables(db) | set(inspect(db.engine).get_table_names())
    )
    upgrade()
    assert db.session.scalar(select(func.count()).select_from(OfferingSearch)) == 2


def test_evaluations_keep_completion_rules_and_seed_the_default_questions(empty_app):
    """ec0218f803e2 adds ``require_evaluation`` (false) to existing completion rules and the
    six default questions in five languages; a downgrade keeps every rule."""
    from datetime import UTC, date, datetime

    from sqlalchemy import MetaData, Table, insert, select

    from app.extensions import db

    upgrade(revision="5ec12c17e003")
    sqlite = db.engine.dialect.name == "sqlite"
    now = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    stamp = now.replace(tzinfo=None) if sqlite else now
    with db.engine.begin() as conn:
        offerings = Table("offerings", MetaData(), autoload_with=conn)
        rules = Table("completion_rules", MetaData(), autoload_with=conn)
        offering_id = conn.execute(
            insert(offerings).returning(offerings.c.id),
            {
                "kind": "workshop",
                "status": "published",
                "format": "online",
                "timezone": "Asia/Taipei",
                "starts_on": date(2026, 5, 1),
                "ends_on": date(2026, 5, 2),
                "enrolment_mode": "open",
                "fallback_locale": "en",
                "venue": "",
                "online_url": "",
                "created_at": stamp,
                "updated_at": stamp,
                "changed_at": stamp,
                "seats_taken": 0,
                "waitlist_counter": 0,
            },
        ).scalar_one()
        conn.execute(
            insert(rules),
            {
                "offering_id": offering_id,
                "min_attendance_percent": 75,
                "require_materials": False,
                "require_action_plan": True,
                "updated_at": stamp,
            },
        )
    upgrade()
    from app.evaluation.models import EvaluationQuestion
    from app.records.completion.models import CompletionRule

    rule = db.session.get(CompletionRule, offering_id)
    assert (rule.min_attendance_percent, rule.require_evaluation) == (75, False)
    questions = db.session.scalars(
        select(EvaluationQuestion).order_by(EvaluationQuestion.position)
    ).all()
    assert [q.kind for q in questions] == ["rating"] * 4 + ["text"] * 2
    assert all(len(q.texts) == 5 and q.offering_id is None for q in questions)
    assert questions[0].text("ko") == "이번 교육에 전반적으로 얼마나 만족하십니까?"
    from app.evaluation.defaults import DEFAULT_QUESTIONS  # the same set as ensure_default_...

    assert [(q.kind, q.is_required, q.texts) for q in questions] == [
        (str(kind), required, texts) for kind, required, texts in DEFAULT_QUESTIONS
    ]
    db.session.remove()
    downgrade(revision="5ec12c17e003")
    with db.engine.connect() as conn:
        kept = conn.execute(text("SELECT min_attendance_percent FROM completion_rules")).all()
    assert [tuple(r) for r in kept] == [(75,)]
    upgrade()
    assert db.session.scalar(select(func.count()).select_from(EvaluationQuestion)) == 6


def test_closed_at_is_added_to_a_populated_users_table_and_removed_again(empty_app):
    """e7c1a5ed0001 adds users.closed_at (empty for every existing account) without losing
    one, and its downgrade keeps them too, with the rows that point at them (SQLite rebuilds
    the table to drop the column: with foreign keys on, that took every role row with it)."""
    from app.extensions import db

    upgrade(revision="5ec12c17e003")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (email, password_hash, name_native, name_latin, department, "
                "job_title, locale, timezone, is_enabled, created_at, password_changed_at, "
                "wants_reminders, wants_digests, must_change_password) VALUES ('a@example.org', "
                "'x', '陳美玲', 'Chen Mei-ling', '', '', 'en', 'Asia/Taipei', true, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, true, true, false)"
            )
        )
        conn.execute(text("INSERT INTO user_roles (user_id, role) SELECT id, 'staff' FROM users"))
    upgrade(revision="e7c1a5ed0001")
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT name_native, closed_at FROM users")).one()
    assert tuple(row) == ("陳美玲", None)
    downgrade(revision="5ec12c17e003")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 1
        assert conn.execute(text("SELECT role FROM user_roles")).scalars().all() == ["staff"]


NAMES = {
    "en": "Kaohsiung City Government",
    "zh_Hant_TW": "高雄市政府",
    "ko": "가오슝시 정부",
    "ja": "高雄市役所",
    "zh_Hans_CN": "高雄市政府",
}
OLD_COLUMNS = ("name_en", "name_zh_hant_tw", "name_ko", "name_ja", "name_zh_hans_cn")


def test_city_names_become_one_field_and_come_back(empty_app):
    """b29dc63c475f copies each city's five name columns into ``names`` (an empty one left
    out) keeping every city's id and the rows that point at it (people, action plans: SQLite
    rebuilds the table); its downgrade writes the five columns back ("" where missing)."""
    from sqlalchemy import MetaData, Table, insert

    from app.cities.models import City
    from app.extensions import db

    upgrade(revision="b5e0f6a1c2d3")
    with db.engine.begin() as conn:
        cities = Table("cities", MetaData(), autoload_with=conn)
        conn.execute(
            insert(cities),
            [
                {
                    "id": 7,
                    "country_code": "TW",
                    "is_member": True,
                    "is_active": True,
                    **dict(zip(OLD_COLUMNS, NAMES.values(), strict=True)),
                },
                {
                    "id": 9,
                    "country_code": "KR",
                    "is_member": False,
                    "is_active": False,
                    "name_en": "Ulsan",
                    "name_zh_hant_tw": "",
                    "name_ko": "울산광역시",
                    "name_ja": " ",
                    "name_zh_hans_cn": "",
                },
            ],
        )
        conn.execute(
            text(
                "INSERT INTO users (email, password_hash, name_native, name_latin, department, "
                "job_title, locale, timezone, is_enabled, created_at, password_changed_at, "
                "wants_reminders, wants_digests, must_change_password, city_id) VALUES "
                "('a@example.org', 'x', '陳美玲', 'Chen Mei-ling', '', '', 'en', 'Asia/Taipei', "
                "true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, true, true, false, 9)"
            )
        )
    upgrade(revision="b29dc63c475f")
    # The columns this revision has (later ones add more to the model).
    shown = select(City.id, City.names, City.is_member, City.is_active)
    by_id = {city.id: city for city in db.session.execute(shown)}
    assert by_id[7].names == NAMES and by_id[7].is_member
    assert by_id[9].names == {"en": "Ulsan", "ko": "울산광역시"} and not by_id[9].is_active
    assert City(names=by_id[9].names).name("ja") == "Ulsan"
    db.session.remove()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT city_id FROM users")).scalar() == 9
        if db.engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1

    downgrade(revision="b5e0f6a1c2d3")
    columns = ", ".join(OLD_COLUMNS)
    with db.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, {columns} FROM cities ORDER BY id")).all()
        assert conn.execute(text("SELECT city_id FROM users")).scalar() == 9
    assert [tuple(row) for row in rows] == [
        (7, *NAMES.values()),
        (9, "Ulsan", "", "울산광역시", "", ""),
    ]
    upgrade()
    assert db.session.get(City, 7).names == NAMES


def test_city_search_names_are_filled_from_the_names_and_dropped_again(empty_app):
    """e4a7c9d2b6f1 writes each existing city's names, lowercased, into search_names; its
    downgrade drops the column and keeps every city and the unique English name."""
    from sqlalchemy.exc import IntegrityError

    from app.cities.models import City
    from app.extensions import db

    upgrade(revision="d9e1f3a5b7c2")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cities (id, country_code, names, is_member, is_active) VALUES "
                """(7, 'TW', '{"en": "Kaohsiung City Government", "ja": "高雄市"}', true, true), """
                """(9, 'KR', '{"en": "Ulsan"}', false, true)"""
            )
        )
    upgrade(revision="e4a7c9d2b6f1")
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, search_names FROM cities ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [(7, "kaohsiung city government\n高雄市"), (9, "ulsan")]
    assert db.session.scalars(select(City.id).where(City.name_contains("KAOHSIUNG"))).all() == [7]
    db.session.remove()

    downgrade(revision="d9e1f3a5b7c2")
    with db.engine.connect() as conn:
        assert "search_names" not in {c["name"] for c in inspect(conn).get_columns("cities")}
        assert conn.execute(text("SELECT count(*) FROM cities")).scalar() == 2
    with pytest.raises(IntegrityError), db.engine.begin() as conn:  # the index is still there
        conn.execute(
            text(
                "INSERT INTO cities (id, country_code, names, is_member, is_active) VALUES "
                """(11, 'KR', '{"en": "Ulsan"}', false, true)"""
            )
        )
    upgrade()


def test_offering_texts_move_into_their_columns_and_back(empty_app):
    """3f8a6c2d9b41 turns each offering_translations row into a key of the offering's titles,
    summaries and descriptions (an empty summary or description is not stored; an offering
    without text gets empty dicts); the downgrade writes the same rows back into the table,
    with its unique constraint and index."""
    from datetime import UTC, date, datetime

    from sqlalchemy import MetaData, Table, insert, select

    from app.extensions import db

    upgrade(revision="b29dc63c475f")
    sqlite = db.engine.dialect.name == "sqlite"
    when = datetime(2026, 3, 1, 8, 30) if sqlite else datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    common = {
        "kind": "course",
        "status": "published",
        "format": "online",
        "timezone": "Asia/Taipei",
        "starts_on": date(2026, 5, 1),
        "ends_on": date(2026, 5, 2),
        "enrolment_mode": "open",
        "fallback_locale": "ko",
        "venue": "",
        "online_url": "",
        "created_at": when,
        "updated_at": when,
        "changed_at": when,
        "seats_taken": 0,
        "waitlist_counter": 0,
    }
    rows = [
        {
            "offering_id": 1,
            "locale": "ko",
            "title": "기후 적응 도시",
            "summary": "폭염과 홍수",
            "description": "<p>도시의 <strong>적응</strong></p>",
        },
        {
            "offering_id": 1,
            "locale": "en",
            "title": "Climate-adapted cities",
            "summary": "",
            "description": "<p>Heat &amp; floods</p>",
        },
        {
            "offering_id": 1,
            "locale": "ja",
            "title": "気候に適応する都市",
            "summary": "猛暑と洪水",
            "description": "",
        },
    ]
    with db.engine.begin() as conn:
        tables = MetaData()
        offerings = Table("offerings", tables, autoload_with=conn)
        texts = Table("offering_translations", tables, autoload_with=conn)
        conn.execute(insert(offerings), [{**common, "id": 1}, {**common, "id": 2}])
        conn.execute(insert(texts), rows)
    upgrade()
    from app.catalogue.models import Offering

    offering = db.session.get(Offering, 1)
    assert offering.titles == {r["locale"]: r["title"] for r in rows}
    assert list(offering.titles) == ["ko", "en", "ja"]  # the order they were written in
    assert offering.summaries == {"ko": "폭염과 홍수", "ja": "猛暑と洪水"}
    assert offering.descriptions == {
        "ko": "<p>도시의 <strong>적응</strong></p>",
        "en": "<p>Heat &amp; floods</p>",
    }
    assert offering.content_locales == ["ko", "en", "ja"]
    assert offering.title("zh_Hant_TW") == "기후 적응 도시"  # the fallback language
    assert offering.text("ja").summary == "猛暑と洪水" and offering.text("en").summary == ""
    empty = db.session.get(Offering, 2)
    assert (empty.titles, empty.summaries, empty.descriptions) == ({}, {}, {})
    assert "offering_translations" not in inspect(db.engine).get_table_names()
    db.session.remove()

    downgrade(revision="b29dc63c475f")
    with db.engine.connect() as conn:
        back = Table("offering_translations", MetaData(), autoload_with=conn)
        kept = conn.execute(
            select(back.c.offering_id, back.c.locale, back.c.title, back.c.summary)
            .add_columns(back.c.description)
            .order_by(back.c.id)
        ).all()
        assert [dict(row._mapping) for row in kept] == rows
        assert "titles" not in {c["name"] for c in inspect(conn).get_columns("offerings")}
        assert [u["column_names"] for u in inspect(conn).get_unique_constraints(back.name)] == [
            ["offering_id", "locale"]
        ]
        indexes = {i["name"]: i["column_names"] for i in inspect(conn).get_indexes(back.name)}
        assert indexes["ix_offering_translations_offering_id"] == ["offering_id"]
    upgrade()
    assert db.session.get(Offering, 1).titles == {r["locale"]: r["title"] for r in rows}
