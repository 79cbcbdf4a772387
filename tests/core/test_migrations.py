"""The schema exists only through Alembic: upgrade from empty, no drift, every step reversible."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, text

from app import create_app
from tests.conftest import _create_pg_database, _drop_pg_database, make_config


@pytest.fixture(params=["sqlite", "postgresql"])
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


def _tables(db) -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_matches_models_and_downgrade_empties(empty_app):
    from app.extensions import db

    upgrade()
    assert _tables(db) == set(db.metadata.tables)
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
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
    from app.extensions import db

    upgrade()
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cities (country_code, name_en, name_zh_hant_tw, name_ko, name_ja, "
                "name_zh_hans_cn, is_member, is_active) VALUES ('TW', 'Kaohsiung', '高雄市', "
                "'가오슝시', '高雄市', '高雄市', true, true)"
            )
        )
    upgrade()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT name_ko FROM cities")).scalar() == "가오슝시"


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
