"""H1–H3: no overbooking, ever. Real gunicorn workers, real concurrent HTTP requests.

60 officials, each signed in with their own session, ask for one of 10 seats at the same
moment; then enrolled people cancel at the same moment and exactly as many move up.
"""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from app.catalogue.models import Offering
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.enrolment.services import waitlist_positions
from tests.conftest import bound_socket, child_env
from tests.factories import DEFAULT_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.real_commits  # gunicorn reads what the test wrote


class Browser:
    """A minimal HTTP client keeping one person's session cookie (sent over plain HTTP here,
    as a TLS proxy would in production)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, text

    def token(self, path: str) -> str:
        _, html = self.request("GET", path)
        return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)

    def sign_in(self, email: str) -> None:
        token = self.token("/login")
        status, _ = self.request(
            "POST", "/login", {"csrf_token": token, "email": email, "password": DEFAULT_PASSWORD}
        )
        assert status == 302


@contextmanager
def served_by_gunicorn(database_url, smtp_server, **settings):
    """gunicorn (2 workers × 8 threads) on the test database; yields its port.

    It serves a socket this process bound to port 0 and hands over (``fd://``), so no other
    program can take the port between choosing and binding it; extra ``settings`` go into its
    explicit environment. It fails loudly when it does not come up."""
    controller, _ = smtp_server
    listener = bound_socket()
    port = listener.getsockname()[1]
    env = child_env(
        DATABASE_URL=database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, **settings
    )
    # Its log goes to a file: a pipe nobody reads until the end fills up (64 KB) and then every
    # thread that logs waits on it for ever, holding the log handler's lock.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                *("--workers", "2", "--threads", "8", "--timeout", "120"),
                *("--bind", f"fd://{listener.fileno()}", "wsgi:app"),
            ],
            cwd=ROOT,
            env=env,
            pass_fds=(listener.fileno(),),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        listener.close()  # gunicorn holds its own copy
        deadline = time.monotonic() + 60
        while True:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            try:
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                pass
            finally:
                probe.close()
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait(timeout=30)
                pytest.fail(f"gunicorn did not answer /healthz: {_tail(log)}")
            time.sleep(0.2)
        try:
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:  # never leave a server holding connections behind
                process.kill()
                process.wait(timeout=30)
        errors = _tail(log, limit=None)
        assert "Traceback" not in errors, errors[-3000:]


def _tail(log, limit: int | None = 3000) -> str:
    log.seek(0)
    text = log.read().decode(errors="replace")
    return text if limit is None else text[-limit:]


@pytest.fixture
def gunicorn(database_url, smtp_server, db):
    """Started after (and stopped before) the test database fixture empties the tables."""
    with served_by_gunicorn(database_url, smtp_server) as port:
        yield port


def run_together(actions):
    """Start every action at the same moment; collect their HTTP statuses."""
    barrier = threading.Barrier(len(actions))
    statuses = [None] * len(actions)

    def run(index, action):
        barrier.wait()
        statuses[index] = action()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return statuses


def test_sixty_at_once_for_ten_seats(gunicorn, db, create_user, create_city, create_offering):
    city = create_city()
    offering = create_offering(capacity=10)
    people = [create_user(city=city) for _ in range(60)]
    browsers = []
    for person in people:
        browser = Browser(gunicorn)
        browser.sign_in(person.email)
        browser.enrol_token = browser.token(f"/offerings/{offering.id}")
        browsers.append(browser)

    statuses = run_together(
        [
            (
                lambda b=b: b.request(
                    "POST", f"/offerings/{offering.id}/enrol", {"csrf_token": b.enrol_token}
                )[0]
            )
            for b in browsers
        ]
    )
    assert statuses == [302] * 60, statuses  # no 5xx, no refusal

    db.session.expire_all()
    rows = db.session.scalars(select(Enrolment).where(Enrolment.offering_id == offering.id)).all()
    by_status = {s: [r for r in rows if r.status == s] for s in EnrolmentStatus}
    assert len(rows) == 60 and len({r.user_id for r in rows}) == 60
    assert len(by_status[EnrolmentStatus.ENROLLED]) == 10
    assert len(by_status[EnrolmentStatus.WAITLISTED]) == 50
    positions = waitlist_positions(by_status[EnrolmentStatus.WAITLISTED])
    assert sorted(positions.values()) == list(range(1, 51))
    assert db.session.get(Offering, offering.id).seats_taken == 10

    # Five enrolled people cancel at the same moment: exactly five move up, in order.
    leaving = by_status[EnrolmentStatus.ENROLLED][:5]
    first_in_line = sorted(by_status[EnrolmentStatus.WAITLISTED], key=lambda r: r.waitlist_seq)[:5]
    leaving_browsers = [
        browsers[people.index(next(p for p in people if p.id == r.user_id))] for r in leaving
    ]
    tokens = [b.token("/my") for b in leaving_browsers]
    statuses = run_together(
        [
            (
                lambda b=b, r=r, t=t: b.request(
                    "POST", f"/enrolments/{r.id}/cancel", {"csrf_token": t}
                )[0]
            )
            for b, r, t in zip(leaving_browsers, leaving, tokens, strict=True)
        ]
    )
    assert statuses == [302] * 5

    db.session.expire_all()
    rows = db.session.scalars(select(Enrolment).where(Enrolment.offering_id == offering.id)).all()
    enrolled = [r for r in rows if r.status == EnrolmentStatus.ENROLLED]
    waiting = [r for r in rows if r.status == EnrolmentStatus.WAITLISTED]
    assert len(enrolled) == 10 and len(waiting) == 45
    assert {r.id for r in first_in_line} <= {r.id for r in enrolled}
    assert sorted(waitlist_positions(waiting).values()) == list(range(1, 46))
    assert db.session.get(Offering, offering.id).seats_taken == 10


def test_same_person_five_times_at_once(gunicorn, db, create_user, create_offering):
    """H2: a double click (five here) gives one enrolment and one seat."""
    offering = create_offering(capacity=3)
    person = create_user()
    browser = Browser(gunicorn)
    browser.sign_in(person.email)
    token = browser.token(f"/offerings/{offering.id}")
    statuses = run_together(
        [
            (
                lambda: browser.request(
                    "POST", f"/offerings/{offering.id}/enrol", {"csrf_token": token}
                )[0]
            )
            for _ in range(5)
        ]
    )
    assert all(s == 302 for s in statuses), statuses
    db.session.expire_all()
    assert len(db.session.scalars(select(Enrolment)).all()) == 1
    assert db.session.get(Offering, offering.id).seats_taken == 1
