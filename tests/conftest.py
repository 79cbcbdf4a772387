"""Fixtures: an app per test on SQLite and on PostgreSQL, a real SMTP server, clients, factories.

Every test runs twice, once per database (``[sqlite]`` and ``[postgresql]`` in its id). The
schema is built by Alembic once per database per run; each test starts from empty tables.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import psycopg
import pytest
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from sqlalchemy import event, text

from app import create_app
from config import TestingConfig

PG_ADMIN_DSN = os.environ.get("KCC_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASES = [
    name.strip() for name in os.environ.get("KCC_TEST_DATABASES", "sqlite,postgresql").split(",")
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# SMTP -------------------------------------------------------------------------------------


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    def wait_for(self, address: str, predicate=lambda message: True, timeout: float = 10.0):
        """The first mail to ``address`` matching ``predicate``, waiting for delivery that
        happens after a live server's response."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.to(address) if predicate(m)]
            if found:
                return found[0]
            time.sleep(0.05)
        got = [
            (m["Subject"], [p.get_content_type() for p in m.iter_attachments()])
            for m in self.to(address)
        ]
        raise AssertionError(f"no matching mail to {address} within {timeout} s; got {got}")

    @staticmethod
    def text_of(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def link_in(self, message: EmailMessage, path_fragment: str) -> str:
        for url in re.findall(r"https?://\S+", self.text_of(message)):
            if path_fragment in url:
                return url
        raise AssertionError(f"no link containing {path_fragment!r} in the mail")


@pytest.fixture(scope="session")
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server) -> Mailbox:
    _, box = smtp_server
    box.clear()
    return box


class ClosingClient(FlaskClient):
    """Reads and closes every response, as a WSGI server does after sending it; that is when
    work handed over after the response (mail delivery without Redis) runs."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


# Databases ---------------------------------------------------------------------------------


def _create_pg_database() -> tuple[str, str]:
    name = f"kcc_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0]
    return name, f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://")


def _drop_pg_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=DATABASES)
def database_url(request, tmp_path_factory):
    """A migrated, empty database for this run: a temporary SQLite file or a new PG database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        created = None
    else:
        created, url = _create_pg_database()
    app = create_app(make_config(url))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        from app.extensions import db

        db.engine.dispose()
    yield url
    if created:
        _drop_pg_database(created)


def make_config(database_url: str, **overrides):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    for key, value in overrides.items():
        setattr(Config, key, value)
    return Config


def _empty_all_tables(db) -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def app_factory(database_url, smtp_server):
    """Build an app on the test database; extra config as keyword arguments."""
    controller, _ = smtp_server
    apps = []

    def build(**overrides):
        settings = {
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": controller.port,
            "MAIL_DEV_MAILBOX": False,
            **overrides,
        }
        # Each application gets its own cache key space: ids restart with every test, and a
        # shared Redis would otherwise hand one test's fragments to the next.
        settings.setdefault("CACHE_KEY_PREFIX", f"kcc-test-{uuid.uuid4().hex}:")
        application = create_app(make_config(database_url, **settings))
        application.test_client_class = ClosingClient
        apps.append(application)
        return application

    yield build
    from app.extensions import db

    for application in apps:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
    if apps:
        with apps[0].app_context():
            _empty_all_tables(db)
            db.engine.dispose()


@pytest.fixture
def app(app_factory):
    """The application under test. No context is pushed here: each request of a test client
    gets its own, as in production (a shared one would leak ``g`` between requests)."""
    return app_factory()


@pytest.fixture
def db(app_factory):
    """The database, seen from the test's side through a twin of the app (same config)."""
    from app.extensions import db as database

    twin = app_factory()
    with twin.app_context():
        yield database


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def count_queries(db):
    """Context manager counting SQL statements sent to the database by any application of the
    test (the app under test has its own engine, not the ``db`` fixture's twin)."""
    from contextlib import contextmanager

    from sqlalchemy.engine import Engine

    @contextmanager
    def counter():
        statements: list[str] = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(Engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(Engine, "before_cursor_execute", before)

    return counter


# Factories and helpers -----------------------------------------------------------------------

from tests.catalogue_factories import *  # noqa: E402,F403  (fixture: create_offering)
from tests.factories import *  # noqa: E402,F403  (fixtures: create_user, create_city, login, ...)
