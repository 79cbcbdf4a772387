"""H1–H3: no overbooking, ever. Real gunicorn workers, real concurrent HTTP requests.

60 officials, each signed in with their own session, ask for one of 10 seats at the same
moment; then enrolled people cancel at the same moment and exactly as many move up.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from app.catalogue.models import Offering
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.enrolment.services import waitlist_positions
from tests.conftest import free_port
from tests.factories import DEFAULT_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.fixture
def gunicorn(database_url, smtp_server, db):
    """Started after (and stopped before) the test database fixture empties the tables."""
    port = free_port()
    controller, _ = smtp_server
    env = {
        **os.environ,
        "KCC_ENV": "testing",
        "DATABASE_URL": database_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(controller.port),
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--workers",
            "2",
            "--threads",
            "8",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            probe.request("GET", "/healthz")
            probe.getresponse().read()
            break
        except OSError:
            time.sleep(0.2)
        finally:
            probe.close()
    yield port
    process.terminate()
    _, errors = process.communicate(timeout=30)
    assert b"Traceback" not in errors, errors.decode()[-3000:]


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
