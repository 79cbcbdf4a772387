"""Fixtures: an app per test on SQLite and on PostgreSQL, a real SMTP server, clients, factories.

Every test runs twice, once per database (``[sqlite]`` and ``[postgresql]`` in its id). The
schema is built by Alembic once per database per run; each test starts from empty tables.

Runs are isolated from one another and from the developer's settings, so several can share a
machine: every server a run starts (SMTP, Redis, gunicorn, the browser tests' WSGI server) binds
port 0 (or a socket file in the run's temporary directory) and reports where it listens; the run
has its own throw-away redis-server; settings such as ``REDIS_URL`` are removed from this
process's environment before the configuration is read, and child processes get an explicit
environment (``child_env``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
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
from sqlalchemy.exc import OperationalError

# Settings the application reads from the environment; a developer's own values (a shared
# REDIS_URL, a DATABASE_URL) must reach neither the tests nor the processes they start. Removed
# before ``config`` is imported, because its classes read the environment at import time.
APP_SETTINGS = (
    "KCC_ENV",
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "BASE_URL",
    "STORAGE_DIR",
    "FORCE_HTTPS",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USE_TLS",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_DEFAULT_SENDER",
)
for _name in APP_SETTINGS:
    os.environ.pop(_name, None)

from app import create_app  # noqa: E402
from app.extensions import db as _database  # noqa: E402
from config import TestingConfig, rate_limit_storage  # noqa: E402
from tests.speedups import TEMPLATES, share_url_builders  # noqa: E402

share_url_builders()

# A session bound to a connection already inside a transaction (a rolled-back test, see
# ``app_factory``) turns its commits into savepoints; sessions bound to an engine are unchanged.
_database.session.session_factory.configure(join_transaction_mode="create_savepoint")

PG_ADMIN_DSN = os.environ.get("KCC_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASES = [
    name.strip() for name in os.environ.get("KCC_TEST_DATABASES", "sqlite,postgresql").split(",")
]


def free_port() -> int:
    """A port that was free a moment ago. Racy (another process may take it before it is bound
    again): prefer ``bound_socket`` or a server that binds port 0 itself."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bound_socket(listen: bool = True) -> socket.socket:
    """A loopback TCP socket bound to a port the kernel chose (port 0), kept by the caller.
    Not listening, it is a port where connections are refused and that nobody else can take."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    if listen:
        sock.listen(128)
    return sock


def child_env(**settings) -> dict[str, str]:
    """The whole environment of a process a test starts: what it needs to run, the testing
    configuration, and the given settings; nothing else is inherited."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env["KCC_ENV"] = "testing"
    env.update({name: str(value) for name, value in settings.items()})
    return env


# SMTP -------------------------------------------------------------------------------------


class SMTPController(Controller):
    """aiosmtpd's threaded controller on a socket bound to port 0 before it starts (its own
    ``port=0`` fails: it connects to the port it was given to check that the server answers)."""

    def __init__(self, handler, **kwargs):
        self._socket = bound_socket(listen=False)
        super().__init__(
            handler, hostname="127.0.0.1", port=self._socket.getsockname()[1], **kwargs
        )

    def _create_server(self):
        return self.loop.create_server(
            self._factory_invoker, sock=self._socket, ssl=self.ssl_context
        )


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

    def wait_for(self, address: str, predicate=lambda message: True, timeout: float = 30.0):
        """The first mail to ``address`` matching ``predicate``, waiting for delivery that
        happens after a live server's response (up to 30 s: a loaded CI machine is slow; the
        outbox sweep is off in tests, so only the delivery under test can bring the mail)."""
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
    controller = SMTPController(mailbox)
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server) -> Mailbox:
    _, box = smtp_server
    box.clear()
    return box


# Redis ------------------------------------------------------------------------------------


@dataclass
class RedisServer:
    """This run's own redis-server, listening on a socket file only (no TCP port to race for)."""

    socket_path: str

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}?db=0"

    @property
    def settings(self) -> dict[str, str]:
        """Application settings for this Redis: queue, fragment cache and rate limits."""
        return {"REDIS_URL": self.url, "RATELIMIT_STORAGE_URI": rate_limit_storage(self.url)}

    def connection(self):
        from redis import Redis

        return Redis.from_url(self.url)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A throw-away redis-server for this test run, on a socket file in the run's temporary
    directory: no other run (another engineer's, at the same time) can see or wipe its data."""
    executable = shutil.which("redis-server")
    if not executable:
        pytest.fail("redis-server is required (apt-get install redis-server)")
    directory = tmp_path_factory.mktemp("redis")
    path = directory / "redis.sock"
    log = directory / "redis.log"
    process = subprocess.Popen(
        [
            executable,
            "--port", "0",
            "--unixsocket", str(path),
            "--unixsocketperm", "700",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(directory),
            "--logfile", str(log),
        ],
        env=child_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    server = RedisServer(str(path))
    deadline = time.monotonic() + 20
    while True:
        try:
            server.connection().ping()
            break
        except Exception as error:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"redis-server did not start ({error}): {log.read_text()[-2000:]}")
            time.sleep(0.05)
    yield server
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis(redis_server) -> RedisServer:
    """This run's Redis, emptied for the test (no other run shares it)."""
    redis_server.connection().flushall()
    return redis_server


class ClosingClient(FlaskClient):
    """Reads and closes every response, as a WSGI server does after sending it, then waits
    until the work handed over by the request (mail delivery without Redis, on the app's
    background thread) is done, so a test reads its outcome right after the request."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        response = super().open(*args, **kwargs)
        self.application.extensions["kcc_jobs"].wait_until_idle()
        return response


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


SAVEPOINT = re.compile(r"\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", re.I)


def make_config(database_url: str, **overrides):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    for key, value in overrides.items():
        setattr(Config, key, value)
    return Config


def _truncate_all(conn, db) -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    # A connection some earlier test left open would hold this for ever: fail in seconds, naming
    # the cause, instead of every following test waiting out its timeout.
    conn.execute(text("SET LOCAL lock_timeout = '30s'"))
    # A connection an earlier test's application left inside a transaction (idle, holding
    # its locks) would block the truncate; it belongs to no running test, so it is closed
    # (pools ping before reuse and replace it).
    conn.execute(
        text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND state LIKE 'idle in transaction%'"
        )
    )
    try:
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    except OperationalError:
        _report_lock_holders(conn.engine)
        raise


def _report_lock_holders(engine) -> None:
    """Print who holds locks on the test database when the truncate timed out, from a fresh
    connection (the failed one is aborted): the next step is to close that one at its source."""
    with engine.connect() as other:
        rows = other.execute(
            text(
                "SELECT a.pid, a.state, a.application_name, a.backend_start, a.xact_start, "
                "left(a.query, 200) AS query, string_agg(DISTINCT l.mode || ' ' || "
                "coalesce(l.relation::regclass::text, l.locktype), ', ') AS locks "
                "FROM pg_stat_activity a LEFT JOIN pg_locks l ON l.pid = a.pid "
                "WHERE a.datname = current_database() GROUP BY a.pid, a.state, "
                "a.application_name, a.backend_start, a.xact_start, a.query"
            )
        ).all()
    print("\nTRUNCATE timed out; connections to the test database:", file=sys.stderr)
    for row in rows:
        print("  ", dict(row._mapping), file=sys.stderr)


def _empty_all_tables(db) -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            _truncate_all(conn, db)
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))


def _rolls_back(request, database_url: str) -> bool:
    """Whether this test runs inside one transaction rolled back at its end (PostgreSQL,
    unless the test is marked ``real_commits``). On SQLite every test commits for real and
    the tables are emptied afterwards (cheap there)."""
    return database_url.startswith("postgresql") and not request.node.get_closest_marker(
        "real_commits"
    )


@pytest.fixture(scope="session")
def _shared_engines():
    """One engine per test database for the connections that tests roll back."""
    from sqlalchemy import create_engine

    engines = {}

    from app.core.pg_cursor import pg_connect_args

    def get(url: str):
        if url not in engines:
            # With the driver settings the platform's own engine has (create_app).
            postgresql = url.startswith("postgresql")
            engines[url] = create_engine(url, connect_args=pg_connect_args() if postgresql else {})
        return engines[url]

    yield get
    for engine in engines.values():
        engine.dispose()


@pytest.fixture
def app_factory(request, database_url, smtp_server, _shared_engines):
    """Build an app on the test database; extra config as keyword arguments.

    Isolation: on PostgreSQL every application of a test (and the ``db`` twin) works on one
    connection inside one transaction that is rolled back when the test ends; the
    applications' own commits become savepoints. Tests that need real commits (other
    processes or threads: gunicorn, RQ workers, concurrent writers, the browser's live server)
    carry the marker ``real_commits``; they, and every test on SQLite, commit for real and the
    tables are emptied afterwards.
    """
    controller, _ = smtp_server
    apps = []
    replaced_engines = []
    rollback = _rolls_back(request, database_url)
    shared = _shared_engines(database_url).connect() if rollback else None
    outer = shared.begin() if rollback else None
    if not rollback and database_url.startswith("postgresql"):
        # Rolled-back tests before this one moved the sequences on; a test that commits for
        # real starts, as on SQLite, from ids numbered from 1.
        from app.extensions import db

        with _shared_engines(database_url).begin() as conn:
            _truncate_all(conn, db)

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
        if rollback:
            # One connection serves the whole test: no background thread may use it at the
            # same time, so handed-over jobs run in the request's thread after its commit.
            settings.setdefault("JOBS_INLINE", True)
        application = create_app(make_config(database_url, **settings))
        application.test_client_class = ClosingClient
        application.jinja_env.bytecode_cache = TEMPLATES
        if rollback:
            from app.extensions import db

            engines = db._app_engines[application]
            replaced_engines.append(engines[None])
            engines[None] = shared
        apps.append(application)
        return application

    yield build
    from app.core.jobs import runner
    from app.extensions import db

    for application in apps:
        # The in-process job thread may still hold a pooled connection: end it first, or the
        # disposed pool's connection is collected open later, in another test.
        runner(application).stop()
        with application.app_context():
            db.session.remove()
            if not rollback:
                db.engine.dispose()
    if rollback:
        outer.rollback()
        shared.close()
        for engine in replaced_engines:
            engine.dispose()
    elif apps:
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
            # The savepoints that stand in for commits in a rolled-back test are not the
            # application's statements (its BEGIN and COMMIT are not counted either).
            if not SAVEPOINT.match(statement):
                statements.append(statement)

        event.listen(Engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(Engine, "before_cursor_execute", before)

    return counter


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """No database session may outlive its test's contexts: Flask-SQLAlchemy keys sessions by
    the id of an application context, so a session left behind would be handed to a later
    context that happens to reuse the id (a flaky failure far from its cause)."""
    result = yield
    from app.extensions import db

    left = db.session.registry.registry
    if left:
        count = len(left)
        left.clear()
        raise AssertionError(f"{count} database session(s) left registered after the test")
    return result


def pytest_collection_modifyitems(items):
    """Browser tests are served by a live server in other threads: real commits."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.real_commits)


# Factories and helpers -----------------------------------------------------------------------

from tests.catalogue_factories import *  # noqa: E402,F403  (fixture: create_offering)
from tests.enrolment_factories import *  # noqa: E402,F403  (fixture: create_enrolment)
from tests.factories import *  # noqa: E402,F403  (fixtures: create_user, create_city, login, ...)
from tests.reports_world import *  # noqa: E402,F403  (fixtures: world, ratings: reports' data)
