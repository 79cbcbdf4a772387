"""Every committed mail is delivered without waiting for another request (no Redis).

Without Redis, mail is delivered in the serving process once the request is over. The work used
to hang on the closing of the response, which Werkzeug's development server (what ``make run``
serves with) does only when the browser's keep-alive connection lets go: a mail stayed queued
until some later request delivered it with its own. These tests serve the app with Werkzeug's
threaded server, keep the connection open as a browser does, and send nothing more.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from app.notifications.models import MailStatus, OutboxMail
from tests.conftest import free_port

# Other threads or processes read what the test writes: real commits (tests/conftest.py).
pytestmark = pytest.mark.real_commits


@pytest.fixture
def dev_server(app_factory):
    """The app served like ``flask run`` does (Werkzeug, one thread per request)."""
    port = free_port()
    app = app_factory(BASE_URL=f"http://127.0.0.1:{port}")
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield port
    server.shutdown()
    thread.join(timeout=5)


class KeepAliveBrowser:
    """One HTTP/1.1 connection kept open between requests, with the cookies a browser keeps."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"Connection": "keep-alive", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, ConnectionError):
            # The server closed the kept connection; a browser opens a new one.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.read().decode()


def _wait_for_status(db, address: str, seconds: float = 30.0) -> list[str]:
    deadline = time.monotonic() + seconds
    while True:
        db.session.expire_all()
        statuses = db.session.scalars(
            select(OutboxMail.status).where(OutboxMail.to_address == address)
        ).all()
        if (statuses and all(s == MailStatus.SENT for s in statuses)) or (
            time.monotonic() > deadline
        ):
            db.session.rollback()
            return statuses
        db.session.rollback()
        time.sleep(0.1)


def test_a_mail_is_sent_while_the_browser_keeps_its_connection_and_sends_nothing(
    dev_server, db, create_user, mailbox
):
    user = create_user()
    browser = KeepAliveBrowser(dev_server)
    status, html = browser.request("GET", "/forgot-password")
    assert status == 200
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    status, _ = browser.request(
        "POST", "/forgot-password", {"csrf_token": token, "email": user.email}
    )
    assert status == 200
    # No further request: the connection stays open, as a browser's does.
    assert _wait_for_status(db, user.email) == [MailStatus.SENT]
    assert mailbox.wait_for(user.email)
    browser.connection.close()


def test_every_mail_of_a_burst_of_requests_is_sent(dev_server, db, create_user, mailbox):
    """Several people asking at once (one thread each): none of the mails is left queued."""
    people = [create_user().email for _ in range(4)]
    browsers = [KeepAliveBrowser(dev_server) for _ in people]
    tokens = []
    for browser in browsers:
        _, html = browser.request("GET", "/forgot-password")
        tokens.append(re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1])

    def ask(browser, token, email):
        browser.request("POST", "/forgot-password", {"csrf_token": token, "email": email})

    threads = [
        threading.Thread(target=ask, args=args)
        for args in zip(browsers, tokens, people, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    for email in people:
        assert _wait_for_status(db, email) == [MailStatus.SENT], email
    for browser in browsers:
        browser.connection.close()


def test_a_committed_mail_nobody_handed_over_is_swept_out_without_a_request(
    app_factory, db, create_user, mailbox
):
    """A mail committed to the outbox whose hand-over was lost (a crash between the commit and
    the hand-over, a locked SQLite file) is still sent by the serving process's sweep, with no
    request after it."""
    port = free_port()
    app = app_factory(BASE_URL=f"http://127.0.0.1:{port}", MAIL_SWEEP_SECONDS=0.5)
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        browser = KeepAliveBrowser(port)
        assert browser.request("GET", "/")[0] == 200  # the process has served a page
        user = create_user()
        from app.notifications.services import queue_mail

        with app.app_context():
            from flask import g

            from app.extensions import db as app_db

            queue_mail(to=user.email, locale="en", kind="password_changed", name="A", reset_url="x")
            app_db.session.commit()
            g.pop("pending_jobs")  # the hand-over is lost
        assert _wait_for_status(db, user.email) == [MailStatus.SENT]
        assert mailbox.wait_for(user.email)
        browser.connection.close()
    finally:
        server.shutdown()
        thread.join(timeout=5)
        app.extensions["kcc_jobs"].stop()
